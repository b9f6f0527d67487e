// The self-service kiosk of a port, for members: no person signs in, but the screen must be a registered kiosk device
// of that port (`smartborder kiosk register`): enrolled once with its credential (kept in an HttpOnly cookie), or, for
// the API, the credential as a bearer token. It answers only "proceed" or "see an officer".
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { AppError, notFound } from '../../../kernel/errors.ts';
import { type App, cookieOptions, DEVICE_COOKIE, sendPage } from '../../../kernel/http.ts';
import { translator } from '../../../kernel/i18n.ts';
import { csrfField } from '../../../kernel/ui.ts';
import type { FieldError } from '../../../kernel/validation.ts';
import type { KioskDevice, LanesService } from '../service/lanes.ts';
import { kioskEnrolView, kioskView } from '../views/kiosk.ts';
import { fields, hidden, PAGE } from './form.ts';
import { portId, tags } from './schemas.ts';

/** An enrolled screen keeps its credential for a year (revoking the device ends it at once). */
const DEVICE_COOKIE_SECONDS = 365 * 24 * 3600;

export function kioskRoutes(app: App, svc: LanesService) {
  /** The enrolled kiosk device of this browser, if its credential is active and for this port. */
  async function deviceOf(req: FastifyRequest, port: string): Promise<KioskDevice | null> {
    const device = await svc.kioskByCredential(req.cookies[DEVICE_COOKIE]);
    return device && device.portId === port ? device : null;
  }
  async function kioskPort(portParam: unknown) {
    await svc.ready;
    const port = svc.port(fields(portParam).port ?? '');
    if (!port || !svc.kioskLaneOf(port.id)) throw notFound();
    return port;
  }
  async function kioskPage(
    req: FastifyRequest,
    reply: FastifyReply,
    portId: string,
    result?: 'admit' | 'refer',
    errors: FieldError[] = [],
  ) {
    const tt = translator(req.locale);
    const port = await kioskPort({ port: portId });
    const body = kioskView(tt, { locale: req.locale, csrf: csrfField(req), port, result, errors });
    return sendPage(reply, req, { title: tt('lanes.kiosk.title'), body, errors });
  }
  async function enrolPage(req: FastifyRequest, reply: FastifyReply, portId: string, errors: FieldError[] = []) {
    const tt = translator(req.locale);
    const port = await kioskPort({ port: portId });
    const body = kioskEnrolView(tt, { locale: req.locale, csrf: csrfField(req), port, errors });
    return sendPage(reply, req, {
      status: errors.length ? 401 : 200,
      title: tt('lanes.kiosk.enrol_title'),
      body,
      errors,
    });
  }

  app.get(`${PAGE}/kiosk/:port`, hidden, async (req, reply) => {
    const port = await kioskPort(req.params);
    if (!(await deviceOf(req, port.id))) return reply.redirect(`/${req.locale}/kiosk/${port.id}/enrol`);
    return kioskPage(req, reply, port.id);
  });
  app.post(
    `${PAGE}/kiosk/:port`,
    { ...hidden, config: { rateLimit: { max: 60, timeWindow: '1 minute' } } },
    async (req, reply) => {
      const port = await kioskPort(req.params);
      // no device: an anonymous screen (401, like anyone not signed in); another port's device is refused, and
      // audited, by the service (kioskMayDecide)
      const device = await svc.kioskByCredential(req.cookies[DEVICE_COOKIE]);
      if (!device) throw new AppError(401, 'lanes.kiosk.not_enrolled');
      const card = (fields(req.body).card ?? '').trim();
      if (!card)
        return kioskPage(req, reply, port.id, undefined, [
          { path: 'card', message: translator(req.locale)('lanes.err.no_document') },
        ]);
      const d = await svc.decideAtKiosk(device, port.id, card);
      return kioskPage(req, reply, port.id, d.outcome);
    },
  );

  app.get(`${PAGE}/kiosk/:port/enrol`, hidden, async (req, reply) =>
    enrolPage(req, reply, (await kioskPort(req.params)).id),
  );
  app.post(
    `${PAGE}/kiosk/:port/enrol`,
    { ...hidden, config: { rateLimit: { max: 10, timeWindow: '1 minute' } } },
    async (req, reply) => {
      const port = await kioskPort(req.params);
      const credential = (fields(req.body).credential ?? '').trim();
      const device = await svc.kioskByCredential(credential);
      if (!device || device.portId !== port.id)
        return enrolPage(req, reply, port.id, [
          { path: 'credential', message: translator(req.locale)('lanes.kiosk.bad_credential') },
        ]);
      reply.setCookie(DEVICE_COOKIE, credential, { ...cookieOptions(req), maxAge: DEVICE_COOKIE_SECONDS });
      return reply.redirect(`/${req.locale}/kiosk/${port.id}`, 303);
    },
  );

  app.post(
    '/api/v1/lanes/kiosk/decisions',
    {
      config: { rateLimit: { max: 60, timeWindow: '1 minute' } },
      schema: {
        tags,
        summary:
          "A member's kiosk decision: proceed (admit) or see an officer (refer), nothing more. The bearer token is " +
          "the kiosk device's credential (smartborder kiosk register), valid for its own port only; the crossing " +
          'records the device.',
        body: z.object({
          port: portId,
          document: z
            .string()
            .trim()
            .min(1)
            .max(200)
            .meta({ example: 'NX1234567', description: 'A membership card number, or a passport MRZ' }),
        }),
        response: {
          200: z.object({
            crossingId: z.uuid().meta({ example: '0b9c3c9e-4c1e-4f55-9d55-2f2a4d1f0c11' }),
            outcome: z.enum(['admit', 'refer']).meta({ example: 'refer' }),
          }),
        },
      },
    },
    async (req) => {
      const device = req.viaBearer ? await svc.kioskByCredential(req.sessionToken) : null;
      if (!device) throw new AppError(401, 'lanes.kiosk.not_enrolled');
      const port = await kioskPort({ port: req.body.port });
      const d = await svc.decideAtKiosk(device, port.id, req.body.document);
      return { crossingId: d.crossingId, outcome: d.outcome };
    },
  );
}
