// The audit log for auditors: browse (page and API, within the reader's scope) and verify the hash chain.
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { AUDIT_ACTIONS } from '../audit-catalogue.ts';
import { actorOf, type User } from '../auth.ts';
import type { Ctx } from '../context.ts';
import { html } from '../html.ts';
import { pageUser, requireUser, sendPage, type App } from '../http.ts';
import { translator } from '../i18n.ts';
import { auditScope, canReadAuditLog } from '../policies.ts';
import { auditPage } from '../store.ts';
import { alert, formatDateTime, localePath, textField } from '../ui.ts';
import { LOCALE } from './shared.ts';

const PAGE = 100;
/** Breaks listed on the page (the API and the CLI list them all). */
const SHOWN_BREAKS = 50;
const auditBreak = z.object({
  reason: z.enum(['changed', 'missing', 'broken_link', 'head', 'truncated', 'checkpoint']),
  from: z.number().int().meta({ example: 912 }),
  to: z.number().int().meta({ example: 915 }),
});
const pageQuery = z.object({
  subject: z.string().max(200).optional(),
  action: z.string().max(80).optional(),
  verify: z.string().optional(),
  before: z.coerce.number().int().positive().optional(),
});

/** The reader, if the policy lets them read the log; a refusal is audited. */
async function auditReader(ctx: Ctx, req: FastifyRequest): Promise<User> {
  const u = requireUser(req);
  await ctx.guard.require(u, canReadAuditLog, 'audit_log', 'audit_log', { hide: false, operation: 'read' });
  return u;
}

async function recordView(ctx: Ctx, u: User, subject: string | undefined) {
  await ctx.db.transaction().execute((trx) =>
    ctx.audit.append(trx, {
      actor: actorOf(u),
      purpose: 'audit review',
      subject: subject || 'audit_log',
      action: 'audit.viewed',
    }),
  );
}

export function auditRoutes(app: App, ctx: Ctx) {
  app.get(`${LOCALE}/audit`, { schema: { hide: true } }, async (req, reply) => {
    if (!pageUser(req, reply)) return reply;
    const u = await auditReader(ctx, req);
    const tt = translator(req.locale);
    const q = pageQuery.parse(req.query);
    const rows = await auditPage(
      ctx.db,
      auditScope(u),
      { subject: q.subject, action: q.action, before: q.before },
      PAGE,
    );
    let verifyResult = html``;
    if (q.verify) {
      const v = await ctx.audit.verify(ctx.db);
      verifyResult = v.ok
        ? alert('success', tt('audit.verified', { count: v.entries }))
        : html`${alert('error', tt('audit.broken_count', { count: v.breaks.length }))}<ul class="usa-list">${v.breaks
            .slice(0, SHOWN_BREAKS)
            .map(
              (b) =>
                html`<li>${tt(b.from === b.to ? 'audit.break_one' : 'audit.break_range', {
                  from: b.from,
                  to: b.to,
                  reason: tt('audit.reason.' + b.reason),
                })}</li>`,
            )}</ul>`;
    }
    await recordView(ctx, u, q.subject);
    const last = rows.at(-1);
    const next = new URLSearchParams({
      ...(last ? { before: String(last.seq) } : {}),
      ...(q.subject ? { subject: q.subject } : {}),
      ...(q.action ? { action: q.action } : {}),
    });
    const th = (key: string) => html`<th scope="col">${tt(key)}</th>`;
    const table = html`<div class="usa-table-container--scrollable" tabindex="0">
      <table class="usa-table usa-table--compact"><caption>${tt('audit.title')}</caption>
      <thead>
        <tr>${['seq', 'at', 'actor', 'agency', 'purpose', 'subject', 'action'].map((c) => th(`audit.col.${c}`))}</tr>
        </thead>
      <tbody>${rows.map(
        (r) => html`<tr><td>${r.seq}</td><td>${formatDateTime(req.locale, r.at)}</td>
          <td class="sb-mono">${r.actor_id ? r.actor_id.slice(0, 8) : 'system'}</td><td>${r.actor_agency ?? ''}</td>
          <td>${r.purpose}</td><td class="sb-mono">${r.subject}</td><td>${r.action}</td></tr>`,
      )}</tbody></table></div>
      ${
        rows.length === PAGE
          ? html`<p><a class="usa-link" href="${localePath(req.locale, `/audit?${next}`)}">${tt('common.next')}</a></p>`
          : ''
      }`;
    const options = AUDIT_ACTIONS.map(
      (a) => html`<option value="${a}" ${q.action === a ? 'selected' : ''}>${a}</option>`,
    );
    const body = html`<h1>${tt('audit.title')}</h1><p>${tt('audit.lead')}</p>${verifyResult}
      <form class="usa-form usa-form--large" method="get" action="${localePath(req.locale, '/audit')}">
        ${textField({ name: 'subject', label: tt('audit.filter.subject'), value: q.subject })}
        <div class="usa-form-group"><label class="usa-label" for="f-action">${tt('audit.filter.action')}</label>
        <select class="usa-select" id="f-action" name="action"><option value="">—</option>${options}</select></div>
        <button class="usa-button" type="submit">${tt('audit.filter.submit')}</button>
        <button class="usa-button usa-button--outline" type="submit" name="verify"
          value="1">${tt('audit.verify')}</button>
      </form>
      ${rows.length === 0 ? html`<p>${tt('audit.empty')}</p>` : table}`;
    return sendPage(reply, req, { title: tt('audit.title'), body, wide: true });
  });

  app.get(
    '/api/v1/audit/verify',
    {
      schema: {
        tags: ['audit'],
        summary: 'Verify the audit hash chain',
        response: {
          200: z.object({
            ok: z.boolean(),
            entries: z.number().int().meta({ example: 1834 }),
            breaks: z.array(auditBreak).meta({ description: 'every break found, in sequence order' }),
            checkpoint: z
              .object({
                seq: z.number().int().meta({ example: 1830 }),
                hash: z.string().meta({ example: '9f2c…' }),
                at: z.string().meta({ example: '2026-12-04T17:53:38.000Z' }),
              })
              .nullable()
              .meta({ description: 'the latest signed checkpoint the chain was compared with' }),
          }),
        },
      },
    },
    async (req) => {
      await auditReader(ctx, req);
      return ctx.audit.verify(ctx.db);
    },
  );

  app.get(
    '/api/v1/audit',
    {
      schema: {
        tags: ['audit'],
        summary: 'Browse the audit log (newest first, within the reader’s scope)',
        querystring: z.object({
          subject: z.string().max(200).optional().meta({ example: 'membership:7d9f1c2e-0b4a-4f5e-8a51-2f1d0c9b8e77' }),
          action: z.enum(AUDIT_ACTIONS as [string, ...string[]]).optional(),
          before: z.coerce.number().int().positive().optional().meta({ example: 5000 }),
          limit: z.coerce.number().int().min(1).max(500).default(100),
        }),
        response: {
          200: z.object({
            entries: z.array(
              z.object({
                seq: z.number().int().meta({ example: 4211 }),
                at: z.string().meta({ example: '2026-12-04T17:53:38.000Z' }),
                actorId: z.string().nullable().meta({ example: '5b0c6f0e-2f7a-4f7e-9d55-1c1f3f9a2b10' }),
                agency: z.string().nullable().meta({ example: 'CBSA' }),
                purpose: z.string().meta({ example: 'primary inspection' }),
                subject: z.string().meta({ example: 'crossing:0f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0' }),
                action: z.string().meta({ example: 'crossing.decided' }),
                detail: z.record(z.string(), z.unknown()).meta({ example: { outcome: 'admit', reasons: [] } }),
              }),
            ),
          }),
        },
      },
    },
    async (req) => {
      const u = await auditReader(ctx, req);
      const { subject, action, before, limit } = req.query;
      const rows = await auditPage(ctx.db, auditScope(u), { subject, action, before }, limit);
      await recordView(ctx, u, subject);
      return {
        entries: rows.map((r) => ({
          seq: Number(r.seq),
          at: new Date(r.at).toISOString(),
          actorId: r.actor_id,
          agency: r.actor_agency,
          purpose: r.purpose,
          subject: r.subject,
          action: r.action,
          detail: r.detail,
        })),
      };
    },
  );
}
