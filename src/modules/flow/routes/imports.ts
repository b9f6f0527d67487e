// Imports of flow data files: all or nothing, line-numbered errors, for the owning agency's planners.
import { z } from 'zod';
import { importProblem } from '../../../kernel/errors.ts';
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
          skipInvalid: z
            .boolean()
            .optional()
            .meta({ description: 'import the valid rows and report the invalid lines, instead of refusing the file' }),
        }),
        response: {
          201: z.object({
            ok: z.literal(true),
            rows: z.number().int().meta({ example: 43824 }),
            importId: z.uuid().meta({ example: '0b9f8a52-6f1e-4c57-9a8e-2f3c1d4e5a6b' }),
            skipped: z.number().int().meta({ example: 0, description: 'invalid lines left out (with skipInvalid)' }),
          }),
        },
      },
    },
    async (req, reply) => {
      const u = requireUser(req);
      const { kind, fileName, text, ...opts } = req.body;
      const r = await svc.importFile(u, kind, fileName, text, opts);
      if (!r.ok) throw importProblem('flow.err.import', r.errors, 'line N');
      return reply.status(201).send({ ok: true, rows: r.rows, importId: r.importId, skipped: r.skipped.length });
    },
  );
}
