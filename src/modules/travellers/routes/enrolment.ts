// Enrolment (officers): the applications ready for their interview, and issuing the membership after verifying the
// documents and recording the photo and biometric references — API and officer pages.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { pageUser, requireUser, sendPage, type App } from '../../../kernel/http.ts';
import { translator } from '../../../kernel/i18n.ts';
import { localePath } from '../../../kernel/ui.ts';
import { zodFieldErrors, type FieldError } from '../../../kernel/validation.ts';
import { canWorkEnrolmentDesk } from '../access.ts';
import type { TravellersService } from '../service.ts';
import { enrolmentCaseBody, enrolmentQueueBody, type IssueValues } from '../views/enrolment.ts';
import { hide, idOf, idParams, L } from './common.ts';
import { checked, formBody, text } from './forms.ts';
import { enrolmentQueueOut, issuedOut, issueSchema } from './schemas.ts';

const tags = ['enrolment'];

export function enrolmentRoutes(app: App, svc: TravellersService) {
  // ---------- API ----------
  app.get(
    '/api/v1/enrolment/queue',
    {
      schema: {
        tags,
        summary: 'Applications ready for the enrolment interview',
        response: { 200: enrolmentQueueOut },
      },
    },
    async (req) => {
      const u = requireUser(req);
      return {
        items: (await svc.enrolmentQueue(u)).map((r) => ({
          applicationId: r.id,
          reference: r.reference,
          stage: r.stage,
          startsAt: r.starts_at ? new Date(r.starts_at).toISOString() : null,
        })),
      };
    },
  );
  app.post(
    '/api/v1/enrolment/:id/membership',
    {
      schema: {
        tags,
        summary: 'Verify documents, record photo and biometric references, issue the membership',
        params: idParams,
        body: issueSchema,
        response: { 201: issuedOut },
      },
    },
    async (req, reply) => {
      const u = requireUser(req);
      const m = await svc.issueMembership(u, req.params.id, req.body);
      return reply.status(201).send({
        membershipId: m.id,
        membershipNumber: m.membership_number,
        expiresAt: new Date(m.expires_at).toISOString(),
        programmes: m.programmes,
      });
    },
  );

  // ---------- pages ----------
  app.get(`${L}/enrolment`, hide, async (req, reply) => {
    if (!pageUser(req, reply)) return reply;
    const u = requireUser(req);
    const tt = translator(req.locale);
    const agency = u.agency ?? '';
    return sendPage(reply, req, {
      title: tt('travellers.enrolment.title', { agency }),
      body: enrolmentQueueBody(req, tt, agency, await svc.enrolmentQueue(u)),
      wide: true,
    });
  });
  async function casePage(
    req: FastifyRequest,
    reply: FastifyReply,
    errors: FieldError[] = [],
    values: IssueValues = {},
  ) {
    const u = requireUser(req);
    const tt = translator(req.locale);
    const v = await svc.getForViewer(u, idOf(req.params), 'enrolment interview', canWorkEnrolmentDesk);
    return sendPage(reply, req, {
      title: tt('travellers.enrolment.case', { reference: v.app.reference }),
      body: enrolmentCaseBody(req, tt, v, errors, values),
      errors,
    });
  }
  app.get(`${L}/enrolment/:id`, hide, async (req, reply) => {
    if (!pageUser(req, reply)) return reply;
    return casePage(req, reply);
  });
  app.post(`${L}/enrolment/:id`, hide, async (req, reply) => {
    if (!pageUser(req, reply)) return reply;
    const u = requireUser(req);
    const tt = translator(req.locale);
    const b = formBody.parse(req.body ?? {});
    const values: IssueValues = {
      documentsVerified: text(b.documentsVerified),
      photoRef: text(b.photoRef),
      biometricRef: text(b.biometricRef),
    };
    const parsed = issueSchema.safeParse({
      documentsVerified: checked(b.documentsVerified),
      photoRef: values.photoRef ?? '',
      biometricRef: values.biometricRef ?? '',
    });
    if (!parsed.success) return casePage(req, reply, zodFieldErrors(tt, parsed.error), values);
    const id = idOf(req.params);
    await svc.issueMembership(u, id, parsed.data);
    return reply.redirect(localePath(req.locale, `/enrolment/${id}`), 303);
  });
}
