// Waits: the public board (page and API), its CBP-format feed, forecasts, and the waits measured from crossings.
import { z } from 'zod';
import { translator } from '../../../kernel/i18n.ts';
import { publicCache, requireUser, sendPage, type App } from '../../../kernel/http.ts';
import { addHomeLink, addNav } from '../../../kernel/ui.ts';
import type { FieldError } from '../../../kernel/validation.ts';
import { localClock } from '../domain/time-zones.ts';
import type { FlowService, Forecast } from '../service.ts';
import { profileSection, waitsPage } from '../views/waits.ts';
import { boardOut, boardType, country, feedOut, forecastOut, measuredOut, portCode, portId, tags } from './schemas.ts';

export function waitRoutes(app: App, svc: FlowService) {
  addNav({ href: '/waits', key: 'flow.nav.waits', show: () => true });
  addHomeLink({ href: '/waits', key: 'flow.nav.waits', descKey: 'flow.home.waits_desc', show: () => true });

  app.get(
    '/api/v1/flow/bwt',
    {
      schema: {
        tags,
        summary: 'Wait times of the major US land ports in the field names of the CBP Border Wait Times feed',
        security: [],
        response: { 200: z.array(feedOut) },
      },
    },
    async (_req, reply) => {
      publicCache(reply, 60); // public figures, no personal data: caches may keep them a minute
      return svc.cbpFeed(await svc.feedPorts());
    },
  );
  app.get(
    '/api/v1/flow/ports/:portId/bwt',
    {
      schema: {
        tags,
        summary: 'One port in the CBP Border Wait Times format',
        security: [],
        params: z.object({ portId }),
        response: { 200: feedOut },
      },
    },
    async (req, reply) => {
      await svc.ready;
      const [record] = await svc.cbpFeed([svc.port(req.params.portId).id]);
      publicCache(reply, 60);
      return record;
    },
  );
  app.get(
    '/api/v1/flow/ports/:portId/board',
    {
      schema: {
        tags,
        summary: 'Wait board: by lane type, lanes open, wait, and how it was obtained (measured, estimated, predicted)',
        security: [],
        params: z.object({ portId }),
        response: { 200: boardOut },
      },
    },
    async (req) => {
      await svc.ready;
      return svc.board(svc.port(req.params.portId).id);
    },
  );
  app.get(
    '/api/v1/flow/ports/:portId/measured',
    {
      schema: {
        tags,
        summary: "Waits measured from crossing timestamps, every 15 minutes (the port's country's officers)",
        params: z.object({ portId }),
        querystring: z.object({
          hours: z.coerce
            .number()
            .int()
            .min(1)
            .max(24 * 31)
            .default(24)
            .meta({ example: 24, description: 'how many hours back' }),
        }),
        response: { 200: measuredOut },
      },
    },
    async (req) => {
      const u = requireUser(req);
      await svc.ready;
      return { portId: req.params.portId, buckets: await svc.measuredWaits(u, req.params.portId, req.query.hours) };
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
          port: portCode,
          country: country.default('US'),
          lane: boardType.default('general'),
          at: z.iso.datetime({ offset: true }).meta({ example: '2026-07-15T20:00:00Z' }),
        }),
        response: { 200: forecastOut },
      },
    },
    async (req) => {
      const { port, country, lane, at } = req.query;
      return { port, country, lane, at, ...(await svc.forecast(country, port, lane, new Date(at))) };
    },
  );

  app.get('/:locale(en|fr|es)/waits', { schema: { hide: true } }, async (req, reply) => {
    await svc.ready;
    const tt = translator(req.locale);
    const q = z
      .object({
        port: z.string().max(20).optional(),
        lane: boardType.default('general'),
        at: z.string().max(20).optional(),
      })
      .parse(req.query);
    const ports = svc.majorLandPorts();
    const chosen =
      ports.find((p) => p.id === q.port) ?? ports.find((p) => p.code === '2504' && p.country === 'US') ?? ports[0];
    const port = svc.port(chosen?.id ?? '');
    const board = await svc.board(port.id);
    const errors: FieldError[] = [];
    let forecast: { at: Date; result: Forecast } | null = null;
    if (q.at) {
      const at = new Date(q.at.length === 16 ? `${q.at}:00Z` : q.at);
      if (Number.isNaN(at.getTime())) errors.push({ path: 'at', message: tt('flow.err.datetime') });
      else forecast = { at, result: await svc.forecast(port.country, port.code, q.lane, at) };
    }
    const today = localClock(new Date(), board.timeZone);
    const profile = await profileSection(
      req.locale,
      tt,
      await svc.typicalWaits(port.country, port.code, today),
      today.weekday,
    );
    const body = waitsPage(req.locale, tt, {
      ports,
      port,
      board,
      lane: q.lane,
      at: q.at ?? new Date(Date.now() + 3 * 3600000).toISOString().slice(0, 16),
      forecast,
      profile,
      errors,
    });
    return sendPage(reply, req, { title: tt('flow.board.title', { port: port.name }), body, errors, status: 200 });
  });
}
