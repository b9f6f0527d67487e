// Analyst pages: lookouts visible under the sharing scope, posting form, lifecycle, manual screening with the
// explanation of each hit, and hit review.
import { z } from 'zod';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { html } from '../../kernel/html.ts';
import { translator, type T } from '../../kernel/i18n.ts';
import { sendPage, pageUser, requireRole, type App } from '../../kernel/http.ts';
import {
  textField,
  textArea,
  selectField,
  checkboxes,
  csrfField,
  alert,
  formatDateTime,
  localePath,
  addNav,
} from '../../kernel/ui.ts';
import { countryOptions } from '../../kernel/countries.ts';
import { zodFieldErrors, type FieldError } from '../../kernel/validation.ts';
import { actorOf, hasRole } from '../../kernel/auth.ts';
import { addHomeLink } from '../../kernel/routes.ts';
import {
  CATEGORIES,
  ACTIONS,
  LOOKOUT_SUBJECTS,
  lookoutInput,
  type LookoutsService,
  type ScreeningHit,
} from './service.ts';
import { screenSubject } from './api.ts';

const L = '/:locale(en|fr|es)';
const hide = { schema: { hide: true } };
const lines = (s: unknown) =>
  String(s ?? '')
    .split(/\r?\n|,/)
    .map((x) => x.trim())
    .filter(Boolean);
const on = (v: unknown) => v === 'on';
const asArr = (v: unknown) => (v === undefined ? [] : Array.isArray(v) ? v.map(String) : [String(v)]);

export function hitExplanation(tt: T, h: Pick<ScreeningHit, 'reasons'>) {
  return html`<ul class="usa-list">${h.reasons.map((r) => html`<li>${tt('lookouts.field.' + r.field)}: ${tt('lookouts.method.' + r.method)} (${r.score.toFixed(2)})${r.query || r.listed ? html` — <span class="sb-mono">${r.query ?? ''}</span> ↔ <span class="sb-mono">${r.listed ?? ''}</span>` : ''}</li>`)}</ul>`;
}

export function registerPages(app: App, svc: LookoutsService) {
  addNav({ href: '/lookouts', key: 'lookouts.nav', show: (u) => hasRole(u, 'targeting_analyst') });
  addNav({ href: '/lookouts/screen', key: 'lookouts.nav_screen', show: (u) => hasRole(u, 'targeting_analyst') });
  addNav({ href: '/lookouts/hits', key: 'lookouts.nav_hits', show: (u) => hasRole(u, 'targeting_analyst') });
  addHomeLink({
    href: '/lookouts',
    key: 'lookouts.nav',
    descKey: 'lookouts.home_desc',
    show: (u) => hasRole(u, 'targeting_analyst'),
  });

  const stateTag = (tt: T, s: string) =>
    html`<span class="usa-tag ${s === 'active' ? 'bg-secondary-dark' : ''}">${tt('lookouts.state.' + s)}</span>`;

  app.get(`${L}/lookouts`, hide, async (req, reply) => {
    if (!pageUser(req, reply)) return reply;
    const u = requireRole(req, 'targeting_analyst');
    const tt = translator(req.locale);
    const q = z
      .object({
        state: z.enum(['', 'draft', 'active', 'expired', 'withdrawn', 'scheduled']).default(''),
        kind: z.enum(['', 'lookout', 'reference']).default('lookout'),
        text: z.string().max(100).default(''),
      })
      .parse(req.query);
    const rows = await svc.list(u, {
      state: q.state || undefined,
      kind: q.kind || undefined,
      text: q.text || undefined,
      limit: 100,
    });
    const body = html`<h1>${tt('lookouts.title')}</h1><p>${tt('lookouts.lead', { agency: u.agency! })}</p>
      <p><a class="usa-button" href="${localePath(req.locale, '/lookouts/new')}">${tt('lookouts.new')}</a></p>
      <form class="usa-form usa-form--large" method="get" action="${localePath(req.locale, '/lookouts')}">
        ${selectField({
          name: 'kind',
          label: tt('lookouts.f.kind'),
          value: q.kind,
          options: [
            { value: '', label: tt('lookouts.kind.all') },
            { value: 'lookout', label: tt('lookouts.kind.lookout') },
            { value: 'reference', label: tt('lookouts.kind.reference') },
          ],
        })}
        ${selectField({ name: 'state', label: tt('common.status'), value: q.state, options: [{ value: '', label: tt('lookouts.kind.all') }, ...['draft', 'active', 'expired', 'withdrawn'].map((s) => ({ value: s, label: tt('lookouts.state.' + s) }))] })}
        ${textField({ name: 'text', label: tt('lookouts.f.search'), value: q.text })}
        <button class="usa-button" type="submit">${tt('audit.filter.submit')}</button></form>
      ${
        rows.length
          ? html`<table class="usa-table"><caption>${tt('lookouts.caption', { count: rows.length })}</caption><thead><tr><th scope="col">${tt('lookouts.f.label')}</th><th scope="col">${tt('lookouts.f.subject_type')}</th><th scope="col">${tt('lookouts.f.category')}</th><th scope="col">${tt('lookouts.f.origin')}</th><th scope="col">${tt('common.status')}</th></tr></thead>
      <tbody>${rows.map((m) => html`<tr><th scope="row"><a class="usa-link" href="${localePath(req.locale, `/lookouts/${m.id}`)}">${m.label || m.id.slice(0, 8)}</a></th><td>${tt('lookouts.subject.' + m.subjectType)}</td><td>${tt('lookouts.category.' + m.category)}</td><td>${m.originAgency}</td><td>${stateTag(tt, m.state)}</td></tr>`)}</tbody></table>`
          : html`<p>${tt('lookouts.empty')}</p>`
      }`;
    return sendPage(reply, req, { title: tt('lookouts.title'), body, wide: true });
  });

  function form(req: FastifyRequest, reply: FastifyReply, v: Record<string, any>, errors: FieldError[]) {
    const tt = translator(req.locale);
    const countries = countryOptions(req.locale);
    const body = html`<h1>${tt('lookouts.new')}</h1>
      <form class="usa-form usa-form--large" method="post" action="${localePath(req.locale, '/lookouts/new')}" novalidate>${csrfField(req)}
      ${selectField({ name: 'subjectType', label: tt('lookouts.f.subject_type'), value: v.subjectType, options: LOOKOUT_SUBJECTS.map((s) => ({ value: s, label: tt('lookouts.subject.' + s) })), errors })}
      ${textArea({ name: 'names', label: tt('lookouts.f.names'), hint: tt('lookouts.f.names_hint'), value: v.names, errors, rows: 3 })}
      ${textField({ name: 'birthDates', label: tt('lookouts.f.birth_dates'), hint: tt('lookouts.f.birth_dates_hint'), value: v.birthDates, errors })}
      ${selectField({ name: 'nationality', label: tt('lookouts.f.nationality'), value: v.nationality, empty: tt('common.none'), options: countries, errors })}
      ${textField({ name: 'documentNumber', label: tt('lookouts.f.document'), value: v.documentNumber, errors })}
      ${selectField({ name: 'documentCountry', label: tt('lookouts.f.document_country'), value: v.documentCountry, empty: tt('common.none'), options: countries, errors })}
      ${textField({ name: 'plate', label: tt('lookouts.f.plate'), value: v.plate, errors })}
      ${textField({ name: 'plateJurisdiction', label: tt('lookouts.f.plate_jurisdiction'), value: v.plateJurisdiction, errors })}
      ${textField({ name: 'container', label: tt('lookouts.f.container'), hint: tt('lookouts.f.container_hint'), value: v.container, errors })}
      ${selectField({ name: 'category', label: tt('lookouts.f.category'), value: v.category, empty: '—', options: CATEGORIES.filter((c) => c !== 'sanctions').map((c) => ({ value: c, label: tt('lookouts.category.' + c) })), errors })}
      ${textArea({ name: 'reason', label: tt('lookouts.f.reason'), value: v.reason, errors })}
      ${selectField({ name: 'recommendedAction', label: tt('lookouts.f.action'), value: v.recommendedAction, empty: '—', options: ACTIONS.map((a) => ({ value: a, label: tt('lookouts.action.' + a) })), errors })}
      ${checkboxes({ name: 'sharingAgencies', legend: tt('lookouts.f.sharing_agencies'), values: asArr(v.sharingAgencies), options: ['CBSA', 'CBP', 'INM'].map((a) => ({ value: a, label: tt('agency.' + a) })), errors })}
      ${textField({ name: 'validFrom', label: tt('lookouts.f.valid_from'), hint: tt('travellers.f.date_hint'), value: v.validFrom, errors, width: 'medium' })}
      ${textField({ name: 'validUntil', label: tt('lookouts.f.valid_until'), hint: tt('travellers.f.date_hint'), value: v.validUntil, errors, width: 'medium' })}
      ${textField({ name: 'legalReference', label: tt('lookouts.f.legal_reference'), value: v.legalReference, errors })}
      ${checkboxes({ name: 'activate', legend: tt('lookouts.f.activate_legend'), values: on(v.activate) ? ['on'] : [], options: [{ value: 'on', label: tt('lookouts.f.activate') }] })}
      <button class="usa-button" type="submit">${tt('common.save')}</button></form>`;
    return sendPage(reply, req, { title: tt('lookouts.new'), body, errors });
  }
  app.get(`${L}/lookouts/new`, hide, async (req, reply) => {
    if (!pageUser(req, reply)) return reply;
    requireRole(req, 'targeting_analyst');
    return form(req, reply, { subjectType: 'person' }, []);
  });
  app.post(`${L}/lookouts/new`, hide, async (req, reply) => {
    if (!pageUser(req, reply)) return reply;
    const u = requireRole(req, 'targeting_analyst');
    const tt = translator(req.locale);
    const b = req.body as Record<string, any>;
    const input = {
      subjectType: b.subjectType,
      category: b.category || undefined,
      reason: b.reason ?? '',
      recommendedAction: b.recommendedAction || undefined,
      sharingAgencies: asArr(b.sharingAgencies),
      sharingCountries: [],
      validFrom: b.validFrom || undefined,
      validUntil: b.validUntil || undefined,
      legalReference: b.legalReference ?? '',
      identifiers: {
        names: lines(b.names).length
          ? String(b.names)
              .split(/\r?\n/)
              .map((x: string) => x.trim())
              .filter(Boolean)
          : [],
        birthDates: lines(b.birthDates),
        nationalities: b.nationality ? [b.nationality] : [],
        documents: b.documentNumber
          ? [{ type: 'passport', number: b.documentNumber, country: b.documentCountry || undefined }]
          : [],
        plates: b.plate ? [{ number: b.plate, jurisdiction: b.plateJurisdiction || undefined }] : [],
        containers: b.container ? [b.container] : [],
      },
    };
    const parsed = lookoutInput.safeParse(input);
    if (!parsed.success) {
      const map: Record<string, string> = {
        'identifiers.names': 'names',
        'identifiers.birthDates.0': 'birthDates',
        'identifiers.documents.0.number': 'documentNumber',
        'identifiers.plates.0.number': 'plate',
        'identifiers.containers.0': 'container',
      };
      return form(
        req,
        reply,
        b,
        zodFieldErrors(tt, parsed.error).map((e) => ({ ...e, path: map[e.path] ?? e.path })),
      );
    }
    const id = await svc.create(u, parsed.data, { activate: on(b.activate) });
    return reply.redirect(localePath(req.locale, `/lookouts/${id}`), 303);
  });

  app.get(`${L}/lookouts/:id`, hide, async (req, reply) => {
    if (!pageUser(req, reply)) return reply;
    const u = requireRole(req, 'targeting_analyst');
    const tt = translator(req.locale);
    const l = await svc.get(
      u,
      z
        .string()
        .uuid()
        .parse((req.params as any).id),
    );
    const own = l.originAgency === u.agency && l.kind === 'lookout';
    const i = l.identifiers;
    const body = html`<h1>${l.label || tt('lookouts.title')}</h1><p>${stateTag(tt, l.state)} ${tt('lookouts.category.' + l.category)} · ${tt('lookouts.subject.' + l.subjectType)}</p>
      <dl>
        ${i.names.length ? html`<dt>${tt('lookouts.f.names')}</dt><dd>${i.names.join(' · ')}</dd>` : ''}
        ${i.birthDates.length ? html`<dt>${tt('lookouts.f.birth_dates')}</dt><dd>${i.birthDates.join(', ')}</dd>` : ''}
        ${i.nationalities.length ? html`<dt>${tt('lookouts.f.nationality')}</dt><dd>${i.nationalities.join(', ')}</dd>` : ''}
        ${i.documents.length ? html`<dt>${tt('lookouts.f.document')}</dt><dd class="sb-mono">${i.documents.map((d) => `${d.number} ${d.country ?? ''}`).join(', ')}</dd>` : ''}
        ${i.plates.length ? html`<dt>${tt('lookouts.f.plate')}</dt><dd class="sb-mono">${i.plates.map((p) => `${p.number} ${p.jurisdiction ?? ''}`).join(', ')}</dd>` : ''}
        ${i.containers.length ? html`<dt>${tt('lookouts.f.container')}</dt><dd class="sb-mono">${i.containers.join(', ')}</dd>` : ''}
        <dt>${tt('lookouts.f.reason')}</dt><dd>${l.reason}</dd>
        <dt>${tt('lookouts.f.action')}</dt><dd>${tt('lookouts.action.' + l.recommendedAction)}</dd>
        <dt>${tt('lookouts.f.origin')}</dt><dd>${l.originAgency} (${l.originCountry})</dd>
        <dt>${tt('lookouts.f.sharing_agencies')}</dt><dd>${l.kind === 'reference' ? tt('lookouts.public') : l.sharingAgencies.join(', ') || tt('common.none')}</dd>
        <dt>${tt('lookouts.f.validity')}</dt><dd>${l.validFrom ?? '…'} – ${l.validUntil ?? '…'}</dd>
        ${l.legalReference ? html`<dt>${tt('lookouts.f.legal_reference')}</dt><dd>${l.legalReference}</dd>` : ''}
      </dl>
      ${own && l.state === 'draft' ? html`<form class="sb-inline-form" method="post" action="${localePath(req.locale, `/lookouts/${l.id}/activate`)}">${csrfField(req)}<button class="usa-button" type="submit">${tt('lookouts.activate')}</button></form>` : ''}
      ${own && l.state !== 'withdrawn' ? html`<form class="sb-inline-form" method="post" action="${localePath(req.locale, `/lookouts/${l.id}/withdraw`)}">${csrfField(req)}<button class="usa-button usa-button--secondary" type="submit">${tt('lookouts.withdraw')}</button></form>` : ''}
      <h2>${tt('travellers.status.history')}</h2>
      <ol class="sb-timeline">${l.events.map((e: any) => html`<li><strong>${tt('lookouts.event.' + e.kind)}</strong> ${e.actor_agency ?? ''}<br><span class="font-body-3xs">${formatDateTime(req.locale, e.at)}</span></li>`)}</ol>`;
    return sendPage(reply, req, { title: l.label || tt('lookouts.title'), body });
  });
  for (const [path, to] of [
    ['activate', 'activated'],
    ['withdraw', 'withdrawn'],
  ] as const) {
    app.post(`${L}/lookouts/:id/${path}`, hide, async (req, reply) => {
      if (!pageUser(req, reply)) return reply;
      const id = z
        .string()
        .uuid()
        .parse((req.params as any).id);
      await svc.transition(requireRole(req, 'targeting_analyst'), id, to);
      return reply.redirect(localePath(req.locale, `/lookouts/${id}`), 303);
    });
  }

  async function screenPage(
    req: FastifyRequest,
    reply: FastifyReply,
    v: Record<string, string>,
    errors: FieldError[],
    result?: Awaited<ReturnType<LookoutsService['screen']>>,
  ) {
    const tt = translator(req.locale);
    const body = html`<h1>${tt('lookouts.screen.title')}</h1><p>${tt('lookouts.screen.lead')}</p>
      <form class="usa-form usa-form--large" method="post" action="${localePath(req.locale, '/lookouts/screen')}" novalidate>${csrfField(req)}
        ${selectField({ name: 'type', label: tt('lookouts.f.subject_type'), value: v.type, options: LOOKOUT_SUBJECTS.map((s) => ({ value: s, label: tt('lookouts.subject.' + s) })), errors })}
        ${textField({ name: 'name', label: tt('lookouts.screen.name'), value: v.name, errors })}
        ${textField({ name: 'birthDate', label: tt('travellers.f.birth_date'), hint: tt('lookouts.f.birth_dates_hint'), value: v.birthDate, errors, width: 'medium' })}
        ${selectField({ name: 'nationality', label: tt('lookouts.f.nationality'), value: v.nationality, empty: tt('common.none'), options: countryOptions(req.locale), errors })}
        ${textField({ name: 'documentNumber', label: tt('lookouts.f.document'), value: v.documentNumber, errors })}
        <button class="usa-button" type="submit">${tt('lookouts.screen.submit')}</button></form>
      ${
        result
          ? html`<h2>${tt('lookouts.screen.result')}</h2>${
              result.hits.length === 0
                ? alert('success', tt('lookouts.screen.clear'))
                : html`<table class="usa-table"><caption>${tt('lookouts.screen.hits', { count: result.hits.length })}</caption><thead><tr><th scope="col">${tt('lookouts.f.label')}</th><th scope="col">${tt('lookouts.screen.score')}</th><th scope="col">${tt('lookouts.screen.why')}</th><th scope="col">${tt('lookouts.f.action')}</th></tr></thead>
        <tbody>${result.hits.map((h) => html`<tr><th scope="row">${h.kind === 'lookout' ? html`<a class="usa-link" href="${localePath(req.locale, `/lookouts/${h.lookoutId}`)}">${h.name}</a>` : h.name}<br><span class="font-body-3xs">${h.originAgency} · ${tt('lookouts.category.' + h.category)}</span></th><td>${h.score.toFixed(2)}</td><td>${hitExplanation(tt, h)}</td><td>${tt('lookouts.action.' + h.recommendedAction)}</td></tr>`)}</tbody></table>`
            }`
          : ''
      }`;
    return sendPage(reply, req, { title: tt('lookouts.screen.title'), body, errors, wide: true });
  }
  app.get(`${L}/lookouts/screen`, hide, async (req, reply) => {
    if (!pageUser(req, reply)) return reply;
    requireRole(req, 'targeting_analyst');
    return screenPage(req, reply, { type: 'person' }, []);
  });
  app.post(`${L}/lookouts/screen`, hide, async (req, reply) => {
    if (!pageUser(req, reply)) return reply;
    const u = requireRole(req, 'targeting_analyst');
    const tt = translator(req.locale);
    const b = req.body as Record<string, string>;
    const parsed = screenSubject.safeParse({
      type: b.type,
      name: b.name || undefined,
      birthDate: b.birthDate || undefined,
      nationality: b.nationality || undefined,
      documents: b.documentNumber ? [{ type: 'passport', number: b.documentNumber }] : undefined,
    });
    if (!parsed.success)
      return screenPage(
        req,
        reply,
        b,
        zodFieldErrors(tt, parsed.error).map((e) => ({ ...e, path: e.path === '' ? 'name' : e.path })),
      );
    const r = await svc.screen(parsed.data, {
      actor: actorOf(u),
      agency: u.agency,
      purpose: 'manual screening',
      subjectRef: 'manual:' + u.id,
    });
    return screenPage(req, reply, b, [], r);
  });

  app.get(`${L}/lookouts/hits`, hide, async (req, reply) => {
    if (!pageUser(req, reply)) return reply;
    const u = requireRole(req, 'targeting_analyst');
    const tt = translator(req.locale);
    const hits = await svc.hits(u, 'open');
    const body = html`<h1>${tt('lookouts.hits.title')}</h1><p>${tt('lookouts.hits.lead')}</p>
      ${
        hits.length
          ? hits.map(
              (
                h,
              ) => html`<div class="usa-summary-box margin-y-2"><div class="usa-summary-box__body"><h2 class="usa-summary-box__heading">${h.lookout?.label} — ${Number(h.score).toFixed(2)}</h2>
        <p>${tt('lookouts.hits.context', { context: h.context, subject: h.subject_ref })} · ${formatDateTime(req.locale, h.created_at)}</p>${hitExplanation(tt, { reasons: h.reasons })}
        <form method="post" action="${localePath(req.locale, `/lookouts/hits/${h.id}`)}">${csrfField(req)}
          <button class="usa-button" type="submit" name="decision" value="confirmed">${tt('lookouts.hits.confirm')}</button>
          <button class="usa-button usa-button--outline" type="submit" name="decision" value="false_positive">${tt('lookouts.hits.false_positive')}</button></form></div></div>`,
            )
          : html`<p>${tt('lookouts.hits.empty')}</p>`
      }`;
    return sendPage(reply, req, { title: tt('lookouts.hits.title'), body });
  });
  app.post(`${L}/lookouts/hits/:id`, hide, async (req, reply) => {
    if (!pageUser(req, reply)) return reply;
    const b = z.object({ decision: z.enum(['confirmed', 'false_positive']) }).parse(req.body);
    await svc.review(
      requireRole(req, 'targeting_analyst'),
      z
        .string()
        .uuid()
        .parse((req.params as any).id),
      b.decision,
      '',
    );
    return reply.redirect(localePath(req.locale, '/lookouts/hits'), 303);
  });
}
