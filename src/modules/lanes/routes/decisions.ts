// Primary-inspection and preclearance decisions: the API and the booth console.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { hasRole } from '../../../kernel/auth.ts';
import { AppError } from '../../../kernel/errors.ts';
import { type App, pageUser, requireUser, sendPage } from '../../../kernel/http.ts';
import { canWorkConsole } from '../access.ts';
import { translator } from '../../../kernel/i18n.ts';
import { addHomeLink } from '../../../kernel/ui.ts';
import { addNav, csrfField } from '../../../kernel/ui.ts';
import type { FieldError } from '../../../kernel/validation.ts';
import type { Decision, LanesService } from '../service/lanes.ts';
import { consoleView } from '../views/console.ts';
import { reasonText } from '../views/reasons.ts';
import { fields, hidden, PAGE } from './form.ts';
import { decisionBody, decisionOut, tags } from './schemas.ts';

export function decisionRoutes(app: App, svc: LanesService) {
  app.post(
    '/api/v1/lanes/decisions',
    {
      schema: {
        tags,
        summary:
          'Primary inspection (or preclearance) decision: admit, or refer to secondary with reasons. The crossing ' +
          "is durably recorded (and audited with the officer) before the answer. include=photo adds members' photo " +
          'references.',
        querystring: z.object({ include: z.enum(['photo']).optional().meta({ example: 'photo' }) }),
        body: decisionBody,
        response: { 200: decisionOut },
      },
    },
    async (req) => {
      const d = await svc.decidePrimary(req.body, requireUser(req));
      if (req.query.include === 'photo') await svc.withPhotos(d);
      const tt = translator(req.locale);
      return { ...d, reasons: d.reasons.map((r) => ({ ...r, message: reasonText(tt, r) })) };
    },
  );

  addNav({ href: '/lanes/console', key: 'lanes.nav.console', show: (u) => hasRole(u, 'border_officer') });
  addHomeLink({
    href: '/lanes/console',
    key: 'lanes.nav.console',
    descKey: 'lanes.home_desc',
    show: (u) => hasRole(u, 'border_officer'),
  });

  async function consolePage(
    req: FastifyRequest,
    reply: FastifyReply,
    v: Record<string, string>,
    decision?: Decision,
    errors: FieldError[] = [],
  ) {
    const u = await svc.ctx.guard.admit(req.user, canWorkConsole, 'lanes:console');
    await svc.ready;
    const tt = translator(req.locale);
    const ports = svc
      .consolePorts(u)
      .filter((p) => p.major)
      .sort((a, b) => a.name.localeCompare(b.name));
    const portId = v.port && svc.port(v.port) ? v.port : ports[0]?.id;
    const lanes = portId ? svc.consoleLanes(u, portId) : [];
    const laneId = lanes.some((l) => l.id === v.lane) ? v.lane : lanes[0]?.id;
    const body = consoleView(tt, {
      locale: req.locale,
      csrf: csrfField(req),
      ports,
      portId,
      lanes,
      laneId,
      openBooths: (l) => svc.openBooths(l),
      decision,
      errors,
    });
    return sendPage(reply, req, { title: tt('lanes.console.title'), body, errors, status: errors.length ? 422 : 200 });
  }
  app.get(`${PAGE}/lanes/console`, hidden, async (req, reply) => {
    if (!pageUser(req, reply)) return reply;
    return consolePage(req, reply, fields(req.query));
  });
  app.post(`${PAGE}/lanes/console`, hidden, async (req, reply) => {
    if (!pageUser(req, reply)) return reply;
    const u = await svc.ctx.guard.admit(req.user, canWorkConsole, 'lanes:console');
    const tt = translator(req.locale);
    const b = fields(req.body);
    // Several documents: MRZ blocks separated by a blank line; card numbers separated by spaces or commas.
    const mrzs = (b.mrz ?? '')
      .replace(/\r/g, '')
      .split(/\n\s*\n/)
      .map((s) => s.trim())
      .filter(Boolean);
    const cards = (b.cards ?? '').split(/[\s,;]+/).filter(Boolean);
    const occupants = [...mrzs.map((mrz) => ({ mrz })), ...cards.map((cardNumber) => ({ cardNumber }))];
    if (!occupants.length)
      return consolePage(req, reply, b, undefined, [{ path: 'mrz', message: tt('lanes.err.no_document') }]);
    try {
      const d = await svc.decidePrimary(
        {
          portId: b.port ?? '',
          laneId: b.lane ?? '',
          occupants: occupants.slice(0, 15),
          plate: b.plate ? { number: b.plate, jurisdiction: b.jurisdiction || undefined } : undefined,
        },
        u,
      );
      return consolePage(req, reply, b, await svc.withPhotos(d));
    } catch (e) {
      if (e instanceof AppError && e.status === 422)
        return consolePage(req, reply, b, undefined, [{ path: 'lane', message: tt(e.key) }]);
      throw e;
    }
  });
}
