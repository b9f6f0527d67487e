// The self-service kiosk of a port, for members: no sign-in, rate-limited, answers "proceed" or "see an officer".
import type { FastifyReply, FastifyRequest } from 'fastify';
import { notFound } from '../../../kernel/errors.ts';
import { type App, sendPage } from '../../../kernel/http.ts';
import { translator } from '../../../kernel/i18n.ts';
import { csrfField } from '../../../kernel/ui.ts';
import type { FieldError } from '../../../kernel/validation.ts';
import type { LanesService } from '../service/lanes.ts';
import { kioskView } from '../views/kiosk.ts';
import { fields, hidden, PAGE } from './form.ts';

export function kioskRoutes(app: App, svc: LanesService) {
  async function kioskPage(
    req: FastifyRequest,
    reply: FastifyReply,
    portId: string,
    result?: 'admit' | 'refer',
    errors: FieldError[] = [],
  ) {
    await svc.ready;
    const tt = translator(req.locale);
    const port = svc.port(portId);
    if (!port || !svc.kioskLaneOf(port.id)) throw notFound();
    const body = kioskView(tt, { locale: req.locale, csrf: csrfField(req), port, result, errors });
    return sendPage(reply, req, { title: tt('lanes.kiosk.title'), body, errors });
  }
  app.get(`${PAGE}/kiosk/:port`, hidden, async (req, reply) => kioskPage(req, reply, fields(req.params).port ?? ''));
  app.post(
    `${PAGE}/kiosk/:port`,
    { ...hidden, config: { rateLimit: { max: 60, timeWindow: '1 minute' } } },
    async (req, reply) => {
      const portId = fields(req.params).port ?? '';
      await svc.ready;
      if (!svc.kioskLaneOf(portId)) throw notFound();
      const card = (fields(req.body).card ?? '').trim();
      if (!card)
        return kioskPage(req, reply, portId, undefined, [
          { path: 'card', message: translator(req.locale)('lanes.err.no_document') },
        ]);
      const d = await svc.decideAtKiosk(portId, card);
      return kioskPage(req, reply, portId, d.outcome);
    },
  );
}
