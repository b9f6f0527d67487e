// Imports of flow data files: all or nothing, line-numbered errors, for the owning agency's planners.
import { z } from 'zod';
import { AppError } from '../../../kernel/errors.ts';
import { requireUser, type App } from '../../../kernel/http.ts';
import type { FlowService } from '../service.ts';
import { boardType, country, portCode, tags } from './schemas.ts';

export function importRoutes(app: App, svc: FlowService) {
  app.post(
    '/api/v1/flow/imports',
    {
      schema: {
        tags,
        summary: 'Import a data file (BTS monthly crossings, CBP historical waits, hourly delays); all or nothing',
        body: z.object({
          kind: z.enum(['bts', 'cbp-bwt', 'hourly']).meta({ example: 'cbp-bwt' }),
          fileName: z.string().max(200).meta({ example: 'cbp-bwt-historical-san-ysidro.csv' }),
          text: z
            .string()
            .max(30_000_000)
            .meta({ example: 'hour_start,avg_delay_minutes\n2017-01-01 00:00,4.5\n', description: 'the CSV file' }),
          portCode: portCode.optional(),
          laneType: boardType.optional(),
          country: country.optional(),
        }),
        response: {
          201: z.object({
            ok: z.literal(true),
            rows: z.number().int().meta({ example: 43824 }),
            importId: z.uuid().meta({ example: '0b9f8a52-6f1e-4c57-9a8e-2f3c1d4e5a6b' }),
          }),
        },
      },
    },
    async (req, reply) => {
      const u = requireUser(req);
      const { kind, fileName, text, ...opts } = req.body;
      const r = await svc.importFile(u, kind, fileName, text, opts);
      if (!r.ok)
        throw new AppError(
          422,
          'flow.err.import',
          { count: r.errors.length },
          Object.fromEntries(
            r.errors
              .slice(0, 50)
              .map((e) => [`line ${e.line}`, { key: 'lookouts.err.line', args: { line: e.line, message: e.message } }]),
          ),
        );
      return reply.status(201).send(r);
    },
  );
}
