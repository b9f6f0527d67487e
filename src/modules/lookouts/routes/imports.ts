// Reference lists: a public list (OFAC CSV files, UN XML, JSON Lines) imported as reference lookouts, all or nothing.
import { requireUser, type App } from '../../../kernel/http.ts';
import { AppError } from '../../../kernel/errors.ts';
import type { LookoutsService } from '../service.ts';
import { importBody, importOut, tags } from './schemas.ts';

export function importRoutes(app: App, svc: LookoutsService) {
  app.post(
    '/api/v1/lookouts/import',
    {
      schema: {
        tags,
        summary: 'Import a reference list (OFAC CSV files, UN XML, or JSON Lines); all or nothing',
        body: importBody,
        response: { 201: importOut },
      },
    },
    async (req, reply) => {
      const r = await svc.importList(requireUser(req), req.body.format, req.body.files, {
        sourceName: req.body.sourceName,
      });
      if (!r.ok)
        throw new AppError(
          422,
          'lookouts.err.import',
          { count: r.errors.length },
          Object.fromEntries(
            r.errors
              .slice(0, 50)
              .map((e) => [
                `${e.file ?? 'file'}:${e.line}`,
                { key: 'lookouts.err.line', args: { line: e.line, message: e.message } },
              ]),
          ),
        );
      return reply.status(201).send({ imported: r.imported, importId: r.importId });
    },
  );
}
