// Lookouts API: posting and lifecycle, screening (one subject or a batch), hit review, list import.
import { z } from 'zod';
import { requireRole, type App } from '../../kernel/http.ts';
import { AppError } from '../../kernel/errors.ts';
import { actorOf } from '../../kernel/auth.ts';
import { lookoutInput, LOOKOUT_SUBJECTS, type LookoutsService } from './service.ts';

const tags = ['lookouts'];
const id = z.object({ id: z.string().uuid() });
export const screenSubject = z
  .object({
    type: z.enum(LOOKOUT_SUBJECTS).optional(),
    name: z.string().trim().min(1).max(300).optional(),
    birthDate: z
      .string()
      .regex(/^\d{4}(-\d{2}(-\d{2})?)?$/)
      .optional(),
    nationality: z
      .string()
      .trim()
      .toUpperCase()
      .regex(/^[A-Z]{2}$/)
      .optional(),
    documents: z
      .array(
        z.object({
          type: z.string().max(40),
          number: z.string().trim().min(3).max(40),
          country: z.string().length(2).optional(),
        }),
      )
      .max(5)
      .optional(),
    plate: z
      .object({ number: z.string().trim().min(2).max(15), jurisdiction: z.string().max(10).optional() })
      .optional(),
    container: z.string().trim().max(15).optional(),
  })
  .refine((s) => s.name || s.documents?.length || s.plate || s.container, {
    params: { key: 'lookouts.err.empty_query' },
  } as any);
const hitOut = z.object({
  lookoutId: z.string(),
  score: z.number(),
  name: z.string(),
  category: z.string(),
  recommendedAction: z.string(),
  originAgency: z.string(),
  kind: z.string(),
  reasons: z.array(
    z.object({
      field: z.string(),
      method: z.string(),
      score: z.number(),
      query: z.string().optional(),
      listed: z.string().optional(),
    }),
  ),
  hitId: z.string().optional(),
});
const screenOut = z.object({ status: z.enum(['clear', 'hits']), hits: z.array(hitOut), micros: z.number() });

export function registerApi(app: App, svc: LookoutsService) {
  app.post(
    '/api/v1/lookouts',
    {
      schema: {
        tags,
        summary: 'Post a lookout (draft, or active with activate=true)',
        body: z.object({ lookout: lookoutInput, activate: z.boolean().default(false) }),
        response: { 201: z.object({ id: z.string() }) },
      },
    },
    async (req, reply) => {
      const u = requireRole(req, 'targeting_analyst');
      return reply.status(201).send({ id: await svc.create(u, req.body.lookout, { activate: req.body.activate }) });
    },
  );
  app.get(
    '/api/v1/lookouts',
    {
      schema: {
        tags,
        summary: 'Lookouts my agency may see (sharing scope)',
        querystring: z.object({
          state: z.enum(['draft', 'active', 'expired', 'withdrawn', 'scheduled']).optional(),
          kind: z.enum(['lookout', 'reference']).optional(),
          text: z.string().max(100).optional(),
          limit: z.coerce.number().int().min(1).max(1000).default(200),
        }),
      },
    },
    async (req) => {
      const u = requireRole(req, 'targeting_analyst', 'border_officer');
      return { lookouts: await svc.list(u, req.query) };
    },
  );
  app.get(
    '/api/v1/lookouts/:id',
    { schema: { tags, summary: 'One lookout with identifiers and history (audited)', params: id } },
    async (req) => svc.get(requireRole(req, 'targeting_analyst'), req.params.id),
  );
  app.put(
    '/api/v1/lookouts/:id',
    { schema: { tags, summary: 'Change a lookout (originating agency only)', params: id, body: lookoutInput } },
    async (req) => {
      await svc.update(requireRole(req, 'targeting_analyst'), req.params.id, req.body);
      return { ok: true };
    },
  );
  app.post(
    '/api/v1/lookouts/:id/activate',
    { schema: { tags, summary: 'Activate a draft lookout', params: id } },
    async (req) => {
      await svc.transition(requireRole(req, 'targeting_analyst'), req.params.id, 'activated');
      return { ok: true };
    },
  );
  app.post(
    '/api/v1/lookouts/:id/withdraw',
    {
      schema: {
        tags,
        summary: 'Withdraw a lookout',
        params: id,
        body: z.object({ note: z.string().max(500).default('') }).optional(),
      },
    },
    async (req) => {
      await svc.transition(requireRole(req, 'targeting_analyst'), req.params.id, 'withdrawn', req.body?.note ?? '');
      return { ok: true };
    },
  );

  app.post(
    '/api/v1/screen',
    {
      schema: {
        tags,
        summary: 'Screen one subject against the lookouts my agency may see',
        body: screenSubject,
        response: { 200: screenOut },
      },
    },
    async (req) => {
      const u = requireRole(req, 'targeting_analyst', 'border_officer', 'vetting_officer');
      return svc.screen(req.body, {
        actor: actorOf(u),
        agency: u.agency,
        purpose: 'api screening',
        subjectRef: 'api:' + u.id,
      });
    },
  );
  app.post(
    '/api/v1/screen/batch',
    {
      schema: {
        tags,
        summary: 'Screen up to 1,000 subjects',
        body: z.object({
          subjects: z
            .array(z.object({ ref: z.string().max(100) }).and(screenSubject))
            .min(1)
            .max(1000),
        }),
        response: { 200: z.object({ results: z.array(screenOut.extend({ ref: z.string() })) }) },
      },
    },
    async (req) => {
      const u = requireRole(req, 'targeting_analyst', 'border_officer');
      const results = [];
      for (const s of req.body.subjects)
        results.push({
          ref: s.ref,
          ...(await svc.screen(s, {
            actor: actorOf(u),
            agency: u.agency,
            purpose: 'api batch screening',
            subjectRef: 'batch:' + s.ref,
          })),
        });
      return { results };
    },
  );
  app.get(
    '/api/v1/hits',
    {
      schema: {
        tags,
        summary: 'Screening hits to review',
        querystring: z.object({ status: z.enum(['open', 'confirmed', 'false_positive']).default('open') }),
      },
    },
    async (req) => {
      const u = requireRole(req, 'targeting_analyst');
      return {
        hits: (await svc.hits(u, req.query.status)).map((h) => ({
          id: h.id,
          lookoutId: h.lookout_id,
          subjectRef: h.subject_ref,
          context: h.context,
          score: Number(h.score),
          reasons: h.reasons,
          status: h.status,
          createdAt: new Date(h.created_at).toISOString(),
        })),
      };
    },
  );
  app.post(
    '/api/v1/hits/:id/review',
    {
      schema: {
        tags,
        summary: 'Confirm a match, or mark it a false positive (suppressed until either side changes)',
        params: id,
        body: z.object({ decision: z.enum(['confirmed', 'false_positive']), note: z.string().max(1000).default('') }),
      },
    },
    async (req) => {
      await svc.review(requireRole(req, 'targeting_analyst'), req.params.id, req.body.decision, req.body.note);
      return { ok: true };
    },
  );
  app.post(
    '/api/v1/lookouts/import',
    {
      schema: {
        tags,
        summary: 'Import a reference list (OFAC CSV files, UN XML, or JSON Lines); all or nothing',
        body: z.object({
          format: z.enum(['ofac', 'un', 'jsonl']),
          files: z.record(z.string(), z.string().max(30_000_000)),
          sourceName: z.string().max(120).optional(),
        }),
      },
    },
    async (req, reply) => {
      const u = requireRole(req, 'targeting_analyst', 'administrator');
      const r = await svc.importList(u, req.body.format, req.body.files, { sourceName: req.body.sourceName });
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
