// Planning: simulation of scenarios (API) and the planners' dashboard (pages), each behind its named policy.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { hasRole } from '../../../kernel/auth.ts';
import { AppError } from '../../../kernel/errors.ts';
import { html, type SafeHtml } from '../../../kernel/html.ts';
import { translator } from '../../../kernel/i18n.ts';
import { pageUser, requireUser, sendPage, type App } from '../../../kernel/http.ts';
import { addHomeLink, addNav } from '../../../kernel/ui.ts';
import type { FieldError } from '../../../kernel/validation.ts';
import { leverSchema } from '../sim/scenario.ts';
import type { SimResult } from '../sim/results.ts';
import { localClock } from '../domain/time-zones.ts';
import type { FlowService } from '../service.ts';
import { comparisonView, observedView, planningPage } from '../views/planning.ts';
import { profileSection } from '../views/waits.ts';
import { tags } from './schemas.ts';

/** Figures of a simulated result; NaN (no vehicle, no open booth) is published as null, as JSON would. */
const figure = z.number().nullable();
const resultOut = z.object({
  meanWait: figure.meta({ example: 1825.4, description: 'seconds' }),
  p90: figure.meta({ example: 3610, description: 'seconds' }),
  meanTransit: figure.meta({ example: 1872.9, description: 'seconds' }),
  perDay: figure.meta({ example: 48210 }),
  types: z.array(
    z.object({
      type: z.string().meta({ example: 'general' }),
      meanWait: figure.meta({ example: 2410.2 }),
      utilisation: figure.meta({ example: 0.93 }),
    }),
  ),
});
const simulateOut = z.object({
  scenario: z.string().meta({ example: 'San Ysidro northbound, July weekday (calibrated baseline)' }),
  replications: z.number().int().meta({ example: 10 }),
  baseline: resultOut,
  variants: z.array(resultOut.extend({ name: z.string(), relativeWaitChange: figure.meta({ example: -0.18 }) })),
  targets: z.array(
    z.object({
      name: z.string().meta({ example: 'a quarter less waiting' }),
      metric: z.enum(['wait', 'transit']),
      reduction: z.number().meta({ example: 0.25 }),
      scope: z
        .object({ stream: z.string().optional(), class: z.string().optional(), laneType: z.string().optional() })
        .optional(),
      lever: leverSchema,
      baseline: figure,
      goal: figure,
      value: z.number().optional(),
      achieved: figure,
      reached: z.boolean(),
      evaluations: z.number().int(),
      events: z.number().int(),
    }),
  ),
});

const finite = (x: number) => (Number.isFinite(x) ? x : null);
const brief = (r: SimResult) => ({
  meanWait: finite(r.overall.meanWait),
  p90: finite(r.overall.p90),
  meanTransit: finite(r.overall.meanTransit),
  perDay: finite(r.overall.perDay),
  types: r.types.map((t) => ({ type: t.type, meanWait: finite(t.meanWait), utilisation: finite(t.utilisation) })),
});

export function planningRoutes(app: App, svc: FlowService) {
  const planner = (u: Parameters<typeof hasRole>[0]) => hasRole(u, 'planner');
  addNav({ href: '/flow', key: 'flow.nav.planning', show: planner });
  addHomeLink({ href: '/flow', key: 'flow.nav.planning', descKey: 'flow.home.planning_desc', show: planner });

  app.post(
    '/api/v1/flow/simulate',
    {
      schema: {
        tags,
        summary: 'Simulate a scenario (baseline, variants, targets); replications capped at 10',
        body: z.object({
          scenario: z.string().max(500_000).meta({ description: 'the scenario, as JSON text (docs/scenarios.md)' }),
        }),
        response: { 200: simulateOut },
      },
    },
    async (req) => {
      const r = await svc.simulate(requireUser(req), req.body.scenario);
      if (!r.ok)
        throw new AppError(
          422,
          'flow.err.scenario',
          { count: r.errors.length },
          Object.fromEntries(r.errors.map((e) => [e.path, { key: e.key, args: e.values }])),
        );
      const c = r.comparison;
      return {
        scenario: c.scenario,
        replications: c.replications,
        baseline: brief(c.baseline),
        variants: c.variants.map((v) => ({
          name: v.name,
          relativeWaitChange: finite(v.relativeWaitChange),
          ...brief(v.result),
        })),
        targets: c.targets.map((t) => ({
          ...t,
          baseline: finite(t.baseline),
          goal: finite(t.goal),
          achieved: finite(t.achieved),
        })),
      };
    },
  );

  async function planning(req: FastifyRequest, reply: FastifyReply, scenarioText?: string, observedMonth?: number) {
    const scope = await svc.planningScope(requireUser(req));
    await svc.ready;
    const tt = translator(req.locale);
    const ports = svc.majorLandPorts(scope.country);
    const q = z
      .object({
        port: z
          .string()
          .regex(/^\d{4}$/)
          .optional(),
      })
      .parse(req.query);
    const code = q.port ?? (ports.find((p) => p.code === '2504') ?? ports[0])?.code ?? '';
    const port = svc.portByCode(scope.country, code);
    const today = localClock(new Date(), svc.timeZone(port));
    const profile = await profileSection(
      req.locale,
      tt,
      await svc.typicalWaits(scope.country, code, today),
      today.weekday,
    );
    let results: SafeHtml = html``;
    const errors: FieldError[] = [];
    if (scenarioText) {
      const r = await svc.simulate(requireUser(req), scenarioText, { maxReplications: 5 });
      if (!r.ok) errors.push(...r.errors.slice(0, 20).map((e) => ({ path: 'scenario', message: tt(e.key, e.values) })));
      else {
        results = await comparisonView(req.locale, tt, r.comparison);
        const simulated = scenarioPortCode(scenarioText);
        if (observedMonth && simulated) {
          const observed = await svc.observedWaits(scope.country, simulated, observedMonth);
          results = html`${results}${await observedView(req.locale, tt, observed, r.comparison)}`;
        }
      }
    }
    const body = await planningPage(req, tt, {
      ports,
      portCode: code,
      volumes: await svc.monthlyVolumes(scope.country, code),
      profile,
      results,
      examples: svc.exampleScenarios(),
      scenarioText,
      observedMonth,
      errors,
    });
    return sendPage(reply, req, { title: tt('flow.planning.title'), body, errors, wide: true });
  }

  const hide = { schema: { hide: true } };
  app.get('/:locale(en|fr|es)/flow', hide, async (req, reply) => {
    if (!pageUser(req, reply)) return reply;
    return planning(req, reply);
  });
  app.post('/:locale(en|fr|es)/flow/simulate', hide, async (req, reply) => {
    if (!pageUser(req, reply)) return reply;
    const b = z
      .object({
        example: z.string().max(200).optional(),
        scenario: z.string().max(500_000).optional(),
        observedMonth: z.string().max(2).optional(),
      })
      .parse(req.body ?? {});
    const text = b.example ? svc.exampleScenarios().find((e) => e.file === b.example)?.text : b.scenario;
    const month = /^(1[0-2]|[1-9])$/.test(b.observedMonth ?? '') ? Number(b.observedMonth) : undefined;
    if (!text || !text.trim()) return planning(req, reply, '{}');
    return planning(req, reply, text, month);
  });
}

/** The CBP port code a scenario names (`port.code`), if any. */
function scenarioPortCode(text: string): string | undefined {
  const parsed = z
    .object({ port: z.object({ code: z.string().regex(/^\d{4}$/) }).optional() })
    .safeParse(JSON.parse(text));
  return parsed.success ? parsed.data.port?.code : undefined;
}
