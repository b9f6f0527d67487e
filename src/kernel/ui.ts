// The page shell: USWDS header without a national banner, language switch, role-aware navigation, skip link, footer.
import type { FastifyRequest } from 'fastify';
import { html, raw, type SafeHtml } from './html.ts';
import { LOCALES, t, type Locale } from './i18n.ts';
import type { User } from './auth.ts';
import type { FieldError } from './validation.ts';

export interface NavItem {
  href: string;
  key: string;
  show: (u: User | null) => boolean;
}
const navItems: NavItem[] = [];
/** Modules add their entries at registration. */
export function addNav(item: NavItem) {
  navItems.push(item);
}

/** A card on the home page: what a module offers, shown to those who may use it. */
export interface HomeLink {
  href: string;
  key: string;
  descKey: string;
  show: (u: User | null) => boolean;
}
const homeLinks: HomeLink[] = [];
/** Modules add their home-page cards at registration. */
export function addHomeLink(l: HomeLink) {
  homeLinks.push(l);
}
export const homeLinksFor = (u: User | null) => homeLinks.filter((l) => l.show(u));

export function localePath(locale: Locale, path: string) {
  return `/${locale}${path.startsWith('/') ? path : '/' + path}`;
}

/** The same page in another language: the URL's locale segment swapped. */
function switchLocale(url: string, to: Locale) {
  const m = url.match(/^\/(en|fr|es)(\/.*)?$/);
  const rest = m ? (m[2] ?? '') : url.replace(/^\/[^/?]*/, '');
  return `/${to}${rest.split('?')[0] || ''}${url.includes('?') ? url.slice(url.indexOf('?')) : ''}`;
}

/**
 * The page that the language switch shows in another language. For a GET, this page. After a POST the URL is the
 * form's action, which answers no GET: the nearest page up its path that does (the form's page, as a rule), else the
 * locale's home page.
 */
export function switchTarget(req: FastifyRequest): string {
  const url = req.url;
  if (req.method === 'GET' || req.method === 'HEAD') return url;
  const path = url.split('?')[0] ?? '';
  const pattern = req.routeOptions?.url;
  if (pattern) {
    const ps = pattern.split('/'),
      cs = path.split('/');
    if (ps.length === cs.length)
      for (let n = ps.length; n > 2; n--)
        if (req.server.hasRoute({ method: 'GET', url: ps.slice(0, n).join('/') })) return cs.slice(0, n).join('/');
  }
  return localePath(req.locale, '/');
}

export interface PageOptions {
  title: string;
  body: SafeHtml;
  errors?: FieldError[];
  status?: number;
  wide?: boolean;
}

export function layout(req: FastifyRequest, o: PageOptions): string {
  const locale = req.locale,
    user = req.user ?? null;
  const tt = (k: string, a?: Record<string, unknown>) => t(locale, k, a);
  const items = navItems.filter((n) => n.show(user));
  const heading = o.errors?.length ? tt('label_value', { label: tt('errors.title'), value: o.title }) : o.title;
  const title = `${heading} — ${tt('app.name')}`;
  const path = switchTarget(req);
  return (
    '<!doctype html>' +
    html`<html lang="${locale}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title>
<link rel="stylesheet" href="/assets/uswds/css/uswds.min.css">
<link rel="stylesheet" href="/assets/app.css">
<link rel="icon" href="/assets/favicon.svg" type="image/svg+xml">
${o.errors?.length ? html`<script src="/assets/error-summary.js" defer></script>` : ''}
${LOCALES.filter((l) => l !== locale).map(
  (l) => html`<link rel="alternate" hreflang="${l}"
  href="${switchLocale(path, l)}">`,
)}
</head>
<body>
<a class="usa-skipnav" href="#main-content">${tt('nav.skip')}</a>
<header class="usa-header usa-header--basic sb-header">
  <div class="usa-nav-container">
    <div class="usa-navbar">
      <div class="usa-logo"><em class="usa-logo__text">
        <a href="${localePath(locale, '/')}" title="${tt('nav.home')}">${tt('app.name')}</a></em></div>
    </div>
    <nav aria-label="${tt('nav.main')}" class="sb-nav">
      <ul class="usa-nav__primary usa-accordion">
        ${items.map(
          (n) => html`<li class="usa-nav__primary-item">
          <a class="usa-nav-link" href="${localePath(locale, n.href)}"><span>${tt(n.key)}</span></a></li>`,
        )}
        ${
          user
            ? html`<li class="usa-nav__primary-item"><a class="usa-nav-link" href="${localePath(locale, '/account')}">
              <span>${tt('nav.account')}</span></a></li>
             <li class="usa-nav__primary-item">
               <form method="post" action="${localePath(locale, '/sign-out')}"
                 class="sb-inline-form">${csrfField(req)}<button class="usa-button usa-button--unstyled sb-nav-button"
                 type="submit">${tt('nav.sign_out')}</button>
               </form></li>`
            : html`<li class="usa-nav__primary-item"><a class="usa-nav-link" href="${localePath(locale, '/sign-in')}">
              <span>${tt('nav.sign_in')}</span></a></li>`
        }
      </ul>
    </nav>
    <nav aria-label="${tt('nav.language')}" class="sb-lang">
      <ul class="usa-list usa-list--unstyled sb-lang-list">
        ${LOCALES.map((l) =>
          l === locale
            ? html`<li><span aria-current="true" lang="${l}" class="sb-lang-current">${t(l, 'lang.' + l)}</span></li>`
            : html`<li><a href="${switchLocale(path, l)}" lang="${l}" hreflang="${l}">${t(l, 'lang.' + l)}</a></li>`,
        )}
      </ul>
    </nav>
  </div>
</header>
<main id="main-content" class="grid-container ${o.wide ? 'sb-wide' : ''} padding-bottom-5">
${o.errors?.length ? errorSummary(locale, o.errors, o.body.value) : ''}
${o.body}
</main>
<footer class="usa-footer usa-footer--slim">
  <div class="grid-container usa-footer__return-to-top">
    <p>${tt('footer.about')} ${tt('footer.demo')} <a href="/docs">${tt('nav.api_docs')}</a></p></div>
</footer>
</body>
</html>`.value
  );
}

/**
 * A form's error summary. Each item links to its field: to `href` when the error gives one, else to the field's id when
 * the page (`body`, when known) has it; an error of no field on the page is shown without a link.
 */
export function errorSummary(locale: Locale, errors: FieldError[], body?: string) {
  const target = (e: FieldError) =>
    e.href ??
    (e.path && (body === undefined || body.includes(`id="${fieldId(e.path)}"`)) ? '#' + fieldId(e.path) : null);
  // USWDS and GOV.UK: an alert that takes focus when the page loads (error-summary.js), named by its heading, each
  // item a link to its field.
  return html`<div class="usa-alert usa-alert--error" role="alert" id="error-summary" tabindex="-1"
    aria-labelledby="error-summary-title">
  <div class="usa-alert__body"><h2 class="usa-alert__heading" id="error-summary-title">${t(locale, 'errors.title')}</h2>
  <p class="usa-alert__text">${t(locale, 'errors.summary', { count: errors.length })}</p>
  <ul class="usa-list">${errors.map(
    (e) => html`<li>${target(e) ? html`<a href="${target(e)}">${e.message}</a>` : e.message}</li>`,
  )}</ul>
    </div></div>`;
}

export const fieldId = (path: string) => 'f-' + path.replace(/[^A-Za-z0-9_-]/g, '-');

export function csrfField(req: FastifyRequest) {
  return html`<input type="hidden" name="_csrf" value="${req.csrfToken}">`;
}

export interface FieldOpts {
  name: string;
  label: string;
  value?: string | number | null;
  type?: string;
  hint?: string;
  errors?: FieldError[];
  required?: boolean;
  autocomplete?: string;
  inputmode?: string;
  attrs?: SafeHtml;
  width?: string;
}
export function textField(o: FieldOpts) {
  const id = fieldId(o.name),
    err = o.errors?.find((e) => e.path === o.name);
  const describedBy = [o.hint ? id + '-hint' : '', err ? id + '-error' : ''].filter(Boolean).join(' ') || undefined;
  return html`<div class="usa-form-group ${err ? 'usa-form-group--error' : ''}">
  <label class="usa-label ${err ? 'usa-label--error' : ''}" for="${id}">${o.label}</label>
  ${o.hint ? html`<div class="usa-hint" id="${id}-hint">${o.hint}</div>` : ''}
  ${err ? html`<span class="usa-error-message" id="${id}-error" role="alert">${err.message}</span>` : ''}
  <input class="usa-input ${o.width ? 'usa-input--' + o.width : ''} ${err ? 'usa-input--error' : ''}" id="${id}"
    name="${o.name}" type="${o.type ?? 'text'}" value="${o.value ?? ''}"
    ${raw(o.required ? ' required aria-required="true"' : '')}
    ${raw(describedBy ? ` aria-describedby="${describedBy}"` : '')}${raw(err ? ' aria-invalid="true"' : '')}
    ${raw(o.autocomplete ? ` autocomplete="${o.autocomplete}"` : '')}
    ${raw(o.inputmode ? ` inputmode="${o.inputmode}"` : '')}${o.attrs ?? ''}>
</div>`;
}
export function textArea(o: FieldOpts & { rows?: number }) {
  const id = fieldId(o.name),
    err = o.errors?.find((e) => e.path === o.name);
  const describedBy = [o.hint ? id + '-hint' : '', err ? id + '-error' : ''].filter(Boolean).join(' ') || undefined;
  return html`<div class="usa-form-group ${err ? 'usa-form-group--error' : ''}">
  <label class="usa-label" for="${id}">${o.label}</label>
  ${o.hint ? html`<div class="usa-hint" id="${id}-hint">${o.hint}</div>` : ''}
  ${err ? html`<span class="usa-error-message" id="${id}-error" role="alert">${err.message}</span>` : ''}
  <textarea class="usa-textarea ${err ? 'usa-input--error' : ''}" id="${id}" name="${o.name}" rows="${o.rows ?? 4}"
    ${raw(describedBy ? ` aria-describedby="${describedBy}"` : '')}${raw(err ? ' aria-invalid="true"' : '')}
    ${o.attrs ?? ''}>${o.value ?? ''}</textarea>
</div>`;
}
export function selectField(o: FieldOpts & { options: { value: string; label: string }[]; empty?: string }) {
  const id = fieldId(o.name),
    err = o.errors?.find((e) => e.path === o.name);
  return html`<div class="usa-form-group ${err ? 'usa-form-group--error' : ''}">
  <label class="usa-label" for="${id}">${o.label}</label>
  ${o.hint ? html`<div class="usa-hint" id="${id}-hint">${o.hint}</div>` : ''}
  ${err ? html`<span class="usa-error-message" id="${id}-error" role="alert">${err.message}</span>` : ''}
  <select class="usa-select ${err ? 'usa-input--error' : ''}" id="${id}" name="${o.name}"
    ${raw(err ? ` aria-invalid="true" aria-describedby="${id}-error"` : '')}>
    ${o.empty !== undefined ? html`<option value="">${o.empty}</option>` : ''}
    ${o.options.map(
      (op) => html`<option value="${op.value}"
      ${raw(String(o.value ?? '') === op.value ? ' selected' : '')}>${op.label}</option>`,
    )}
  </select>
</div>`;
}
export function checkboxes(o: {
  name: string;
  legend: string;
  options: { value: string; label: string; hint?: string }[];
  values: string[];
  errors?: FieldError[];
}) {
  const err = o.errors?.find((e) => e.path === o.name);
  return html`<fieldset class="usa-fieldset ${err ? 'usa-form-group usa-form-group--error' : ''}"
    id="${fieldId(o.name)}">
  <legend class="usa-legend">${o.legend}</legend>
  ${err ? html`<span class="usa-error-message" role="alert">${err.message}</span>` : ''}
  ${o.options.map(
    (op, i) => html`<div class="usa-checkbox">
      <input class="usa-checkbox__input" id="${fieldId(o.name)}-${i}" type="checkbox" name="${o.name}"
        value="${op.value}"${raw(o.values.includes(op.value) ? ' checked' : '')}>
    <label class="usa-checkbox__label" for="${fieldId(o.name)}-${i}">${op.label}${
      op.hint
        ? html`<span
      class="usa-checkbox__label-description">${op.hint}</span>`
        : ''
    }</label>
      </div>`,
  )}
</fieldset>`;
}
export function alert(kind: 'info' | 'success' | 'warning' | 'error', text: string | SafeHtml, heading?: string) {
  return html`<div
    class="usa-alert usa-alert--${kind} usa-alert--slim margin-y-2"
    ${raw(kind === 'error' ? 'role="alert"' : 'role="status"')}>
    <div class="usa-alert__body">${heading ? html`<h2 class="usa-alert__heading">${heading}</h2>` : ''}<p
      class="usa-alert__text">${text}</p>
    </div></div>`;
}
export function formatDateTime(locale: Locale, d: Date | string | null | undefined) {
  if (!d) return '';
  return (
    new Intl.DateTimeFormat(locale === 'en' ? 'en-CA' : locale === 'fr' ? 'fr-CA' : 'es-MX', {
      dateStyle: 'medium',
      timeStyle: 'short',
      timeZone: 'UTC',
    }).format(new Date(d)) + ' UTC'
  );
}
export function formatDate(locale: Locale, d: Date | string | null | undefined) {
  if (!d) return '';
  return new Intl.DateTimeFormat(locale === 'en' ? 'en-CA' : locale === 'fr' ? 'fr-CA' : 'es-MX', {
    dateStyle: 'long',
    timeZone: 'UTC',
  }).format(new Date(d));
}
