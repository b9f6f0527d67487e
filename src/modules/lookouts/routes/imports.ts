// Reference lists: a public list (OFAC CSV files, UN XML, JSON Lines) imported as reference lookouts, all or nothing.
import { requireUser, type App } from '../../../kernel/http.ts';
import { importProblem } from '../../../kernel/errors.ts';
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
      const { format, files, sourceName, skipInvalid, allowMassWithdrawal } = req.body;
      const r = await svc.importList(requireUser(req), format, files, { sourceName, skipInvalid, allowMassWithdrawal });
      if (!r.ok) throw importProblem('lookouts.err.import', r.errors, 'file:line');
      return reply.status(201).send({ imported: r.imported, importId: r.importId, skipped: r.skipped.length });
    },
  );
}
