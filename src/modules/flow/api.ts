// Border-flow API: the wait board, the CBP-compatible feed, measured waits, forecasts, volumes, imports, simulation.
import { z } from 'zod';
import { requireRole, type App } from '../../kernel/http.ts';
import { AppError, notFound } from '../../kernel/errors.ts';
import { BOARD_TYPES, type FlowService } from './service.ts';
import { runScenarioText } from './simulation.ts';

const tags = ['flow'];
const portParam = z.object({ portId: z.string().max(20) });

export function registerApi(app: App, svc: FlowService) {
  const known = (id: string) => {
    if (!svc.lanes.ports.has(id)) throw notFound();
    return id;
  };
  app.get(
    '/api/v1/flow/bwt',
    {
      schema: {
        tags,
        summary: 'Wait times of the major US land ports in the field names of the CBP Border Wait Times feed',
        security: [],
      },
    },
    async () => {
      await svc.lanes.ready;
      return svc.cbpFeed([...svc.lanes.ports.values()].filter((p) => p.major && p.country === 'US').map((p) => p.id));
    },
  );
  app.get(
    '/api/v1/flow/ports/:portId/bwt',
    { schema: { tags, summary: 'One port in the CBP Border Wait Times format', security: [], params: portParam } },
    async (req) => (await svc.cbpFeed([known(req.params.portId)]))[0],
  );
  app.get(
    '/api/v1/flow/ports/:portId/board',
    {
      schema: {
        tags,
        summary: 'Wait board: by lane type, lanes open, wait, and how it was obtained (measured, estimated, predicted)',
        security: [],
        params: portParam,
      },
    },
    async (req) => svc.board(known(req.params.portId)),
  );
  app.get(
    '/api/v1/flow/ports/:portId/measured',
    {
      schema: {
        tags,
        summary: 'Waits measured from crossing timestamps, every 15 minutes',
        params: portParam,
        querystring: z.object({
          hours: z.coerce
            .number()
            .int()
            .min(1)
            .max(24 * 31)
            .default(24),
        }),
      },
    },
    async (req) => {
      requireRole(req, 'planner', 'border_officer');
      const now = new Date();
      return {
        portId: req.params.portId,
        buckets: await svc.measured(known(req.params.portId), new Date(now.getTime() - req.query.hours * 3600000), now),
      };
    },
  );
  app.get(
    '/api/v1/flow/forecast',
    {
      schema: {
        tags,
        summary: 'Forecast wait at an arrival time, with an error band where history allows',
        security: [],
        querystring: z.object({
          port: z.string().regex(/^\d{4}$/),
          lane: z.enum(BOARD_TYPES).default('general'),
          at: z.string().datetime({ offset: true }),
        }),
      },
    },
    async (req) => ({
      port: req.query.port,
      lane: req.query.lane,
      at: req.query.at,
      ...(await svc.forecast(req.query.port, req.query.lane, new Date(req.query.at))),
    }),
  );
  app.get(
    '/api/v1/flow/ports/:portCode/volumes',
    {
      schema: {
        tags,
        summary: 'Monthly inbound crossings (BTS) by measure',
        security: [],
        params: z.object({ portCode: z.string().regex(/^\d{4}$/) }),
      },
    },
    async (req) => ({ port: req.params.portCode, months: await svc.monthlyVolumes(req.params.portCode) }),
  );
  app.post(
    '/api/v1/flow/imports',
    {
      schema: {
        tags,
        summary: 'Import a data file (BTS monthly crossings, CBP historical waits, hourly delays); all or nothing',
        body: z.object({
          kind: z.enum(['bts', 'cbp-bwt', 'hourly']),
          fileName: z.string().max(200),
          text: z.string().max(30_000_000),
          portCode: z
            .string()
            .regex(/^\d{4}$/)
            .optional(),
          laneType: z.enum(BOARD_TYPES).optional(),
        }),
      },
    },
    async (req, reply) => {
      const u = requireRole(req, 'planner', 'administrator');
      const r = await svc.importFile(u, req.body.kind, req.body.fileName, req.body.text, {
        portCode: req.body.portCode,
        laneType: req.body.laneType,
      });
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
  app.post(
    '/api/v1/flow/simulate',
    {
      schema: {
        tags,
        summary: 'Simulate a scenario (baseline, variants, targets); replications capped at 10',
        body: z.object({ scenario: z.string().max(500_000) }),
      },
    },
    async (req) => {
      requireRole(req, 'planner');
      const r = runScenarioText(req.body.scenario);
      if (!r.ok)
        throw new AppError(
          422,
          'flow.err.scenario',
          { count: r.errors.length },
          Object.fromEntries(r.errors.map((e) => [e.path, { key: e.key, args: e.values }])),
        );
      const c = r.comparison;
      const brief = (x: { result: any }) => ({
        meanWait: x.result.overall.meanWait,
        p90: x.result.overall.p90,
        meanTransit: x.result.overall.meanTransit,
        perDay: x.result.overall.perDay,
        types: x.result.types.map((t: any) => ({ type: t.type, meanWait: t.meanWait, utilisation: t.utilisation })),
      });
      return {
        scenario: c.scenario,
        replications: c.replications,
        baseline: brief({ result: c.baseline }),
        variants: c.variants.map((v) => ({ name: v.name, relativeWaitChange: v.relativeWaitChange, ...brief(v) })),
        targets: c.targets,
      };
    },
  );
}
