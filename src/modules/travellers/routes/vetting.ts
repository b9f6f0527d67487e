// Joint vetting (officers): the agency's queue, a case with its risk summary (the view is audited), and the decision
// (approve, deny with reason and explanation, or ask for information) — API and officer pages.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { pageUser, requireUser, sendPage, type App } from '../../../kernel/http.ts';
import { translator } from '../../../kernel/i18n.ts';
import { localePath } from '../../../kernel/ui.ts';
import { zodFieldErrors, type FieldError } from '../../../kernel/validation.ts';
import { canWorkVettingDesk } from '../access.ts';
import type { TravellersService } from '../service.ts';
import { vettingCaseBody, vettingQueueBody, type DecisionValues } from '../views/vetting.ts';
import { hide, idOf, idParams, L } from './common.ts';
import { formBody, text } from './forms.ts';
import { decisionOut, decisionSchema, vettingCaseOut, vettingQueueOut, viewOut } from './schemas.ts';

const tags = ['vetting'];

export function vettingRoutes(app: App, svc: TravellersService) {
  // ---------- API ----------
  app.get(
    '/api/v1/vetting/queue',
    {
      schema: {
        tags,
        summary: "My agency's open work items, by risk then age",
        response: { 200: vettingQueueOut },
      },
    },
    async (req) => {
      const u = requireUser(req);
      return {
        items: (await svc.queue(u)).map((w) => ({
          id: w.id,
          kind: w.kind,
          applicationId: w.application_id,
          membershipId: w.membership_id,
          reference: w.reference,
          programmes: w.programmes,
          riskScore: Number(w.risk_score),
          openedAt: new Date(w.opened_at).toISOString(),
        })),
      };
    },
  );
  app.get(
    '/api/v1/vetting/:id',
    {
      schema: {
        tags,
        summary: 'Risk summary and application (audited view)',
        params: idParams,
        response: { 200: vettingCaseOut },
      },
    },
    async (req) => {
      // read once (and audited once): the answer is rendered from that one read
      const v = await svc.getForViewer(requireUser(req), req.params.id, 'vetting', canWorkVettingDesk);
      return { application: viewOut(svc, v), risk: v.app.risk, personal: v.draft };
    },
  );
  app.post(
    '/api/v1/vetting/:id/decision',
    {
      schema: {
        tags,
        summary: 'Approve, deny (reason and explanation) or ask for information',
        params: idParams,
        body: decisionSchema,
        response: { 200: decisionOut },
      },
    },
    async (req) => {
      const u = requireUser(req);
      const st = await svc.decide(u, req.params.id, req.body);
      return { stage: st.stage, holders: st.holders, approvedBy: st.approvedBy };
    },
  );

  // ---------- pages ----------
  app.get(`${L}/vetting`, hide, async (req, reply) => {
    if (!pageUser(req, reply)) return reply;
    const u = requireUser(req);
    const tt = translator(req.locale);
    const agency = u.agency ?? '';
    return sendPage(reply, req, {
      title: tt('travellers.vetting.title', { agency }),
      body: vettingQueueBody(req, tt, agency, await svc.queue(u)),
      wide: true,
    });
  });

  async function casePage(
    req: FastifyRequest,
    reply: FastifyReply,
    errors: FieldError[] = [],
    values: DecisionValues = {},
  ) {
    const u = requireUser(req);
    const tt = translator(req.locale);
    const v = await svc.getForViewer(u, idOf(req.params), 'vetting', canWorkVettingDesk);
    const agency = u.agency ?? '';
    const canDecide = v.status.stage === 'under_review' && v.status.holders.includes(agency);
    return sendPage(reply, req, {
      title: tt('travellers.vetting.case', { reference: v.app.reference }),
      body: vettingCaseBody(req, tt, agency, v, canDecide, errors, values),
      errors,
      wide: true,
    });
  }
  app.get(`${L}/vetting/:id`, hide, async (req, reply) => {
    if (!pageUser(req, reply)) return reply;
    return casePage(req, reply);
  });
  app.post(`${L}/vetting/:id/decision`, hide, async (req, reply) => {
    if (!pageUser(req, reply)) return reply;
    const u = requireUser(req);
    const tt = translator(req.locale);
    const b = formBody.parse(req.body ?? {});
    const values: DecisionValues = {
      decision: text(b.decision),
      reasonCode: text(b.reasonCode),
      explanation: text(b.explanation),
      question: text(b.question),
    };
    const parsed = decisionSchema.safeParse({
      kind: values.decision,
      reasonCode: values.reasonCode || undefined,
      explanation: values.explanation?.trim() || undefined,
      question: values.question?.trim() || undefined,
    });
    if (!parsed.success)
      return casePage(
        req,
        reply,
        zodFieldErrors(tt, parsed.error).map((e) => ({
          ...e,
          path: e.path === 'kind' || e.path === '' ? 'decision' : e.path,
        })),
        values,
      );
    await svc.decide(u, idOf(req.params), parsed.data);
    return reply.redirect(localePath(req.locale, '/vetting'), 303);
  });
}
