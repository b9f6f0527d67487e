// The public wait board page and the typical-wait profile (chart and its data table) it shares with the planners'
// dashboard. Rendering only: the data comes in ready.
import { figure } from '../../../kernel/charts.ts';
import { html, type SafeHtml } from '../../../kernel/html.ts';
import type { Locale, T } from '../../../kernel/i18n.ts';
import type { FieldError } from '../../../kernel/validation.ts';
import { alert, formatDateTime, localePath, selectField, textField } from '../../../kernel/ui.ts';
import type { Board } from '../domain/bwt-feed.ts';
import type { FlowPort, Forecast, ProfilePoint } from '../service.ts';

export const num = (locale: Locale, x: number, d = 0) =>
  Number.isFinite(x)
    ? new Intl.NumberFormat(locale, { maximumFractionDigits: d, minimumFractionDigits: d }).format(x)
    : '—';
export const laneLabel = (tt: T, t: string) => tt(`flow.sim.lane.${t}`);

/** The port's typical wait by hour for one weekday, chart and table (null when no history is held). */
export async function profileSection(
  locale: Locale,
  tt: T,
  points: ProfilePoint[],
  weekday: number,
): Promise<SafeHtml | null> {
  if (!points.length) return null;
  const rows = points.map((p) => ({ hour: p.hour, lane: laneLabel(tt, p.laneType), minutes: p.minutes }));
  // A date whose UTC weekday is `weekday`, to name it in the page's language.
  const day = new Date(Date.UTC(2023, 0, 1 + weekday));
  const chart = await figure(
    tt('flow.chart.profile_title'),
    tt('flow.chart.profile_desc', {
      weekday: new Intl.DateTimeFormat(locale, { weekday: 'long', timeZone: 'UTC' }).format(day),
    }),
    {
      data: { values: rows },
      mark: { type: 'line', point: true },
      encoding: {
        x: { field: 'hour', type: 'quantitative', title: tt('flow.col.hour'), scale: { domain: [0, 23] } },
        y: { field: 'minutes', type: 'quantitative', title: tt('flow.col.minutes') },
        color: { field: 'lane', type: 'nominal', title: tt('flow.col.lane') },
      },
    },
  );
  const lanes = [...new Set(rows.map((r) => r.lane))];
  const hours = [...new Set(rows.map((r) => r.hour))].sort((a, b) => a - b);
  const cell = (h: number, n: string) => num(locale, rows.find((r) => r.hour === h && r.lane === n)?.minutes ?? NaN, 1);
  return html`${chart}<details><summary>${tt('flow.table.show')}</summary>
    <div class="usa-table-container--scrollable" tabindex="0">
      <table class="usa-table usa-table--compact"><caption>${tt('flow.chart.profile_table')}</caption>
    <thead><tr><th scope="col">${tt('flow.col.hour')}</th>${lanes.map(
      (n) => html`<th scope="col">${n}</th>`,
    )}</tr></thead>
    <tbody>${hours.map(
      (h) =>
        html`<tr><th scope="row">${String(h).padStart(2, '0')}:00</th>${lanes.map(
          (n) => html`<td>${cell(h, n)}</td>`,
        )}</tr>`,
    )}</tbody></table></div></details>`;
}

const intoKey = (country: string) => `flow.into.${country}`;

function forecastAlert(locale: Locale, tt: T, lane: string, at: Date, f: Forecast): SafeHtml {
  if (f.method === 'none' || f.minutes === null) return alert('info', tt('flow.forecast.none'));
  const args = { lane: laneLabel(tt, lane), at: formatDateTime(locale, at), minutes: num(locale, f.minutes) };
  return alert(
    'info',
    f.method === 'predicted'
      ? tt('flow.forecast.predicted', { ...args, low: num(locale, f.low ?? NaN), high: num(locale, f.high ?? NaN) })
      : tt('flow.forecast.estimated', args),
  );
}

function boardRow(locale: Locale, tt: T, l: Board['lanes'][number]): SafeHtml {
  const band =
    l.low !== undefined
      ? html` <span class="font-body-3xs">(${tt('flow.band', {
          low: num(locale, l.low),
          high: num(locale, l.high ?? NaN),
        })})</span>`
      : '';
  return html`<tr><th scope="row">${laneLabel(tt, l.laneType)}</th>
    <td>${tt('flow.open_of', { open: l.lanesOpen, max: l.maxLanes })}</td>
    <td>${l.waitMinutes === null ? tt('flow.no_data') : tt('flow.minutes', { n: l.waitMinutes })}${band}</td>
    <td>${tt(`flow.method.${l.method}`)}${l.samples ? ` (${tt('flow.samples', { n: l.samples })})` : ''}</td>
    <td>${formatDateTime(locale, l.updatedAt)}</td></tr>`;
}

/** The public board: the port picker, the board table, a forecast form and the typical-wait profile. */
export function waitsPage(
  locale: Locale,
  tt: T,
  v: {
    ports: FlowPort[];
    port: FlowPort;
    board: Board;
    lane: string;
    at: string;
    forecast: { at: Date; result: Forecast } | null;
    profile: SafeHtml | null;
    errors: FieldError[];
  },
): SafeHtml {
  const { port, board } = v;
  const portOptions = v.ports.map((p) => ({ value: p.id, label: `${p.name} → ${tt(intoKey(p.country))}` }));
  const laneOptions = board.lanes.map((l) => ({ value: l.laneType, label: laneLabel(tt, l.laneType) }));
  const cols = ['flow.col.lane', 'flow.col.open', 'flow.col.wait', 'flow.col.method', 'flow.col.updated'];
  return html`<h1>${tt('flow.board.title', { port: port.name })}</h1><p>${tt('flow.board.lead')}</p>
    <form class="usa-form usa-form--large" method="get" action="${localePath(locale, '/waits')}">
      ${selectField({ name: 'port', label: tt('lanes.port'), value: port.id, options: portOptions })}
      <button class="usa-button" type="submit">${tt('flow.board.show')}</button></form>
    <div class="usa-table-container--scrollable" tabindex="0">
      <table class="usa-table"><caption>${tt('flow.board.caption', { port: port.name })}</caption>
    <thead><tr>${cols.map((c) => html`<th scope="col">${tt(c)}</th>`)}</tr></thead>
    <tbody>${board.lanes.map((l) => boardRow(locale, tt, l))}</tbody></table></div>
    <p class="usa-hint">${tt('flow.board.methods')}
      <a class="usa-link" href="/api/v1/flow/ports/${port.id}/bwt">${tt('flow.board.feed')}</a></p>
    <h2>${tt('flow.forecast.title')}</h2>
    ${v.forecast ? forecastAlert(locale, tt, v.lane, v.forecast.at, v.forecast.result) : ''}
    <form class="usa-form usa-form--large" method="get" action="${localePath(locale, '/waits')}" novalidate>
      <input type="hidden" name="port" value="${port.id}">
      ${selectField({ name: 'lane', label: tt('flow.col.lane'), value: v.lane, options: laneOptions })}
      ${textField({
        name: 'at',
        label: tt('flow.forecast.at'),
        hint: tt('flow.forecast.at_hint'),
        value: v.at,
        type: 'datetime-local',
        errors: v.errors,
      })}
      <button class="usa-button" type="submit">${tt('flow.forecast.submit')}</button></form>
    ${v.profile ?? ''}`;
}
