// The booth console (one screen, keyboard first, MRZ pasted or scanned, the decision large), secondary inspection,
// and the self-service kiosk for members.
import { z } from 'zod';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { html, raw } from '../../kernel/html.ts';
import { translator, type T } from '../../kernel/i18n.ts';
import { sendPage, pageUser, requireRole, type App } from '../../kernel/http.ts';
import {
  textField,
  textArea,
  selectField,
  checkboxes,
  csrfField,
  formatDateTime,
  localePath,
  addNav,
} from '../../kernel/ui.ts';
import { AppError } from '../../kernel/errors.ts';
import { hasRole } from '../../kernel/auth.ts';
import { addHomeLink } from '../../kernel/routes.ts';
import { hitExplanation } from '../lookouts/pages.ts';
import type { LanesService, Decision } from './service.ts';

const L = '/:locale(en|fr|es)';
const hide = { schema: { hide: true } };
const OUTCOMES = ['admitted', 'refused', 'goods_seized', 'arrested', 'returned', 'admitted_with_conditions'] as const;

export const reasonText = (tt: T, r: { key: string; args?: Record<string, string | number> }) => {
  const args: Record<string, unknown> = { ...r.args };
  if (typeof args.category === 'string') args.category = tt('lookouts.category.' + args.category);
  if (typeof args.action === 'string') args.action = tt('lookouts.action.' + args.action);
  return tt(r.key, args);
};

export function registerPages(app: App, svc: LanesService) {
  addNav({ href: '/lanes/console', key: 'lanes.nav.console', show: (u) => hasRole(u, 'border_officer') });
  addNav({ href: '/lanes/secondary', key: 'lanes.nav.secondary', show: (u) => hasRole(u, 'border_officer') });
  addHomeLink({
    href: '/lanes/console',
    key: 'lanes.nav.console',
    descKey: 'lanes.home_desc',
    show: (u) => hasRole(u, 'border_officer'),
  });

  function portOptions(tt: T, country: string | null) {
    return [...svc.ports.values()]
      .filter((p) => p.major && (p.country === country || (p.kind === 'preclearance' && country === 'US')))
      .sort((a, b) => a.name.localeCompare(b.name))
      .map((p) => ({
        value: p.id,
        label: `${p.name} (${p.kind === 'preclearance' ? tt('lanes.preclearance') : p.code})`,
      }));
  }

  function decisionBlock(req: FastifyRequest, tt: T, d: Decision) {
    return html`<section aria-labelledby="decision-h" aria-live="polite">
      <h2 id="decision-h" class="sb-decision sb-decision--${d.outcome}" tabindex="-1">${d.outcome === 'admit' ? tt('lanes.admit') : tt('lanes.refer')}</h2>
      ${d.reasons.length ? html`<ul class="usa-list">${d.reasons.map((r) => html`<li>${reasonText(tt, r)}</li>`)}</ul>` : ''}
      <table class="usa-table usa-table--compact"><caption>${tt('lanes.occupants')}</caption><thead><tr><th scope="col">#</th><th scope="col">${tt('lanes.col.name')}</th><th scope="col">${tt('lanes.col.document')}</th><th scope="col">${tt('lanes.col.membership')}</th><th scope="col">${tt('lanes.col.lookouts')}</th></tr></thead>
      <tbody>${d.occupants.map(
        (
          o,
        ) => html`<tr><th scope="row">${o.n}</th><td>${o.name ?? '—'}</td><td>${tt('lanes.doc.' + o.document.split(' ')[0])} ${o.document.split(' ').slice(1).join(' ')} ${o.documentOk ? '✓' : '✗'}</td>
        <td>${o.membership ? html`${o.membership.programmes.join(', ')} · ${o.membership.number}<br>${tt('lanes.valid_until', { date: o.membership.expiresAt })} · ${tt('travellers.membership.status.' + o.membership.status)}${o.membership.renewalPending ? ' · ' + tt('travellers.membership.renewal_pending') : ''}${o.membership.photoRef ? html`<br>${tt('lanes.photo_ref')}: <span class="sb-mono">${o.membership.photoRef}</span>` : ''}` : tt('lanes.no_membership')}</td>
        <td>${o.hits.length ? o.hits.map((h) => html`<strong>${h.name}</strong> (${h.score.toFixed(2)}, ${tt('lookouts.category.' + h.category)})${hitExplanation(tt, h)}`) : tt('lanes.no_hits')}</td></tr>`,
      )}</tbody></table>
      <p class="font-body-3xs">${tt('lanes.decided_in', { ms: (d.micros / 1000).toFixed(1) })} · ${d.crossingId}</p></section>`;
  }

  async function consolePage(
    req: FastifyRequest,
    reply: FastifyReply,
    v: Record<string, string>,
    decision?: Decision,
    errors: { path: string; message: string }[] = [],
  ) {
    const u = requireRole(req, 'border_officer');
    await svc.ready;
    const tt = translator(req.locale);
    const ports = portOptions(tt, u.country);
    const portId = v.port && svc.ports.has(v.port) ? v.port : ports[0]?.value;
    const lanes = portId
      ? svc.lanesOf(portId).filter((l) => l.direction === u.country || svc.ports.get(portId)!.kind === 'preclearance')
      : [];
    const laneId = lanes.some((l) => l.id === v.lane) ? v.lane : lanes[0]?.id;
    const body = html`<h1>${tt('lanes.console.title')}</h1>
      ${decision ? decisionBlock(req, tt, decision) : ''}
      <form class="usa-form usa-form--large" method="post" action="${localePath(req.locale, '/lanes/console')}" novalidate>${csrfField(req)}
        <input type="hidden" name="port" value="${portId ?? ''}">
        ${selectField({ name: 'lane', label: tt('lanes.lane'), value: laneId, options: lanes.map((l) => ({ value: l.id, label: `${tt('lanes.type.' + l.laneType)} → ${l.direction} (${tt('lanes.booths_open', { open: svc.openBooths(l), total: l.booths })})` })), errors })}
        ${textArea({ name: 'mrz', label: tt('lanes.console.mrz'), hint: tt('lanes.console.mrz_hint'), value: '', errors, rows: 6, attrs: raw(' class="sb-mono" spellcheck="false" autofocus autocapitalize="characters"') })}
        ${textField({ name: 'cards', label: tt('lanes.console.cards'), hint: tt('lanes.console.cards_hint'), value: '', errors, attrs: raw(' spellcheck="false"') })}
        ${textField({ name: 'plate', label: tt('lanes.console.plate'), value: '', errors })}
        ${textField({ name: 'jurisdiction', label: tt('lanes.console.jurisdiction'), value: '', errors, width: 'small' })}
        <button class="usa-button usa-button--big" type="submit">${tt('lanes.console.decide')}</button></form>
      <form class="usa-form usa-form--large" method="get" action="${localePath(req.locale, '/lanes/console')}">
        ${selectField({ name: 'port', label: tt('lanes.port'), value: portId, options: ports })}
        <button class="usa-button usa-button--outline" type="submit">${tt('lanes.change_port')}</button></form>`;
    return sendPage(reply, req, { title: tt('lanes.console.title'), body, errors, status: errors.length ? 422 : 200 });
  }
  app.get(`${L}/lanes/console`, hide, async (req, reply) => {
    if (!pageUser(req, reply)) return reply;
    return consolePage(req, reply, req.query as Record<string, string>);
  });
  app.post(`${L}/lanes/console`, hide, async (req, reply) => {
    if (!pageUser(req, reply)) return reply;
    const u = requireRole(req, 'border_officer');
    const tt = translator(req.locale);
    const b = req.body as Record<string, string>;
    // Several documents: MRZ blocks separated by a blank line; card numbers separated by spaces or commas.
    const mrzs = String(b.mrz ?? '')
      .replace(/\r/g, '')
      .split(/\n\s*\n/)
      .map((s) => s.trim())
      .filter(Boolean);
    const cards = String(b.cards ?? '')
      .split(/[\s,;]+/)
      .filter(Boolean);
    const occupants = [...mrzs.map((mrz) => ({ mrz })), ...cards.map((cardNumber) => ({ cardNumber }))];
    if (!occupants.length)
      return consolePage(req, reply, b, undefined, [{ path: 'mrz', message: tt('lanes.err.no_document') }]);
    try {
      const d = await svc.decidePrimary(
        {
          portId: b.port,
          laneId: b.lane,
          occupants: occupants.slice(0, 15),
          plate: b.plate ? { number: b.plate, jurisdiction: b.jurisdiction || undefined } : undefined,
        },
        u,
      );
      for (const o of d.occupants)
        if (o.membership?.active)
          o.membership.photoRef = (await svc.travellers.memberPersonal(o.membership.membershipId)).photoRef;
      return consolePage(req, reply, b, d);
    } catch (e) {
      if (e instanceof AppError && e.status === 422)
        return consolePage(req, reply, b, undefined, [{ path: 'lane', message: tt(e.key) }]);
      throw e;
    }
  });

  app.get(`${L}/lanes/secondary`, hide, async (req, reply) => {
    if (!pageUser(req, reply)) return reply;
    const u = requireRole(req, 'border_officer');
    const tt = translator(req.locale);
    const rows = await svc.referrals(u);
    const body = html`<h1>${tt('lanes.secondary.title')}</h1><p>${tt('lanes.secondary.lead')}</p>
      ${
        rows.length
          ? rows.map(
              (
                r: any,
              ) => html`<div class="usa-summary-box margin-y-2"><div class="usa-summary-box__body"><h2 class="usa-summary-box__heading">${svc.ports.get(r.port_id)?.name ?? r.port_id} · ${tt('lanes.type.' + r.lane_type)} · ${formatDateTime(req.locale, r.opened_at)}</h2>
        <ul class="usa-list">${(r.reasons as any[]).map((x) => html`<li>${reasonText(tt, x)}</li>`)}</ul>
        <form class="usa-form" method="post" action="${localePath(req.locale, `/lanes/secondary/${r.id}`)}">${csrfField(req)}
          ${selectField({ name: 'outcome', label: tt('lanes.secondary.outcome'), options: OUTCOMES.map((o) => ({ value: o, label: tt('lanes.outcome.' + o) })) })}
          ${textField({ name: 'note', label: tt('lanes.secondary.note'), value: '' })}
          ${r.hit_ids.length ? checkboxes({ name: 'falsePositive', legend: tt('lanes.secondary.feedback'), values: [], options: [{ value: 'on', label: tt('lanes.secondary.false_positive') }] }) : ''}
          <button class="usa-button" type="submit">${tt('lanes.secondary.close')}</button></form></div></div>`,
            )
          : html`<p>${tt('lanes.secondary.empty')}</p>`
      }`;
    return sendPage(reply, req, { title: tt('lanes.secondary.title'), body, wide: true });
  });
  app.post(`${L}/lanes/secondary/:id`, hide, async (req, reply) => {
    if (!pageUser(req, reply)) return reply;
    const b = z
      .object({
        outcome: z.enum(OUTCOMES),
        note: z.string().max(2000).default(''),
        falsePositive: z.string().optional(),
      })
      .parse(req.body);
    await svc.closeReferral(
      requireRole(req, 'border_officer'),
      z
        .string()
        .uuid()
        .parse((req.params as any).id),
      b.outcome,
      b.note,
      b.falsePositive === 'on',
    );
    return reply.redirect(localePath(req.locale, '/lanes/secondary'), 303);
  });

  // Self-service kiosk: a member scans a card or passport; the answer is only "proceed" or "see an officer".
  async function kioskPage(
    req: FastifyRequest,
    reply: FastifyReply,
    portId: string,
    result?: 'admit' | 'refer',
    errors: { path: string; message: string }[] = [],
  ) {
    await svc.ready;
    const tt = translator(req.locale);
    const port = svc.ports.get(portId);
    const kioskLane =
      port && svc.lanesOf(port.id).find((l) => l.laneType === 'preclearance_trusted' || l.laneType === 'trusted');
    if (!port || !kioskLane) throw new AppError(404, 'errors.not_found');
    const body = html`<h1>${tt('lanes.kiosk.title')}</h1><p>${port.name}</p>
      ${result ? html`<p class="sb-decision sb-decision--${result}" role="status">${result === 'admit' ? tt('lanes.kiosk.proceed') : tt('lanes.kiosk.see_officer')}</p>` : ''}
      <form class="usa-form usa-form--large" method="post" action="${localePath(req.locale, `/kiosk/${port.id}`)}" novalidate>${csrfField(req)}
        ${textField({ name: 'card', label: tt('lanes.kiosk.card'), hint: tt('lanes.kiosk.card_hint'), value: '', errors, attrs: raw(' autofocus spellcheck="false"') })}
        <button class="usa-button usa-button--big" type="submit">${tt('lanes.kiosk.submit')}</button></form>`;
    return sendPage(reply, req, { title: tt('lanes.kiosk.title'), body, errors });
  }
  app.get(`${L}/kiosk/:port`, hide, async (req, reply) => kioskPage(req, reply, (req.params as any).port));
  app.post(
    `${L}/kiosk/:port`,
    { schema: { hide: true }, config: { rateLimit: { max: 60, timeWindow: '1 minute' } } },
    async (req, reply) => {
      const tt = translator(req.locale);
      const portId = (req.params as any).port as string;
      await svc.ready;
      const port = svc.ports.get(portId);
      const lane =
        port && svc.lanesOf(port.id).find((l) => l.laneType === 'preclearance_trusted' || l.laneType === 'trusted');
      if (!port || !lane) throw new AppError(404, 'errors.not_found');
      const card = String((req.body as any).card ?? '').trim();
      if (!card)
        return kioskPage(req, reply, portId, undefined, [{ path: 'card', message: tt('lanes.err.no_document') }]);
      const d = await svc.decidePrimary(
        {
          portId,
          laneId: lane.id,
          occupants: [card.length > 20 ? { mrz: card } : { cardNumber: card }],
          mode: 'kiosk',
        },
        null,
      );
      return kioskPage(req, reply, portId, d.outcome);
    },
  );
}
