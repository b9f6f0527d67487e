// The planners' dashboard: monthly volumes (chart and table), the typical-wait profile, simulated scenarios compared
// with today (mean wait by hour, targets, bottlenecks) and with the observed waits of a month. Rendering only.
import type { FastifyRequest } from 'fastify';
import { figure } from '../../../kernel/charts.ts';
import { html, type SafeHtml } from '../../../kernel/html.ts';
import type { Locale, T } from '../../../kernel/i18n.ts';
import type { FieldError } from '../../../kernel/validation.ts';
import { alert, csrfField, localePath, selectField, textArea } from '../../../kernel/ui.ts';
import { bottleneckRowsFromResult, rankBottlenecks } from '../sim/bottlenecks.ts';
import type { Comparison } from '../sim/runner.ts';
import type { VolumeRow } from '../store.ts';
import type { ExampleScenario, FlowPort } from '../service.ts';
import { laneLabel, num } from './waits.ts';

export const MEASURES = ['Personal Vehicles', 'Pedestrians', 'Trucks'];
const SUMMARY_COLS = ['flow.plan.scenario', 'flow.plan.mean_wait', 'flow.plan.p90', 'flow.plan.change'];
const BOTTLENECK_COLS = ['flow.col.lane', 'flow.col.hour', 'flow.plan.utilisation', 'flow.plan.mean_wait'];
const measureLabel = (tt: T, m: string) => tt(`flow.measure.${m.replace(/ /g, '_')}`);

async function volumesSection(locale: Locale, tt: T, volumes: VolumeRow[]): Promise<SafeHtml> {
  const vrows = volumes.filter((v) => MEASURES.includes(v.measure));
  if (!vrows.length) return html`<p>${tt('flow.no_volumes')}</p>`;
  const chart = await figure(tt('flow.chart.volumes_title'), tt('flow.chart.volumes_desc'), {
    data: {
      values: vrows.map((v) => ({ month: `${v.month}-01`, measure: measureLabel(tt, v.measure), value: v.value })),
    },
    mark: 'line',
    encoding: {
      x: { field: 'month', type: 'temporal', title: tt('flow.col.month') },
      y: { field: 'value', type: 'quantitative', title: tt('flow.col.crossings') },
      color: { field: 'measure', type: 'nominal', title: tt('flow.col.measure') },
    },
  });
  const months = [...new Set(vrows.map((v) => v.month))];
  const cell = (m: string, me: string) =>
    num(locale, vrows.find((v) => v.month === m && v.measure === me)?.value ?? NaN);
  return html`${chart}<details><summary>${tt('flow.table.show')}</summary>
    <div class="usa-table-container--scrollable" tabindex="0">
      <table class="usa-table usa-table--compact"><caption>${tt('flow.chart.volumes_table')}</caption>
    <thead><tr><th scope="col">${tt('flow.col.month')}</th>${MEASURES.map(
      (m) => html`<th scope="col">${measureLabel(tt, m)}</th>`,
    )}</tr></thead>
    <tbody>${months.map(
      (m) => html`<tr><th scope="row">${m}</th>${MEASURES.map((me) => html`<td>${cell(m, me)}</td>`)}</tr>`,
    )}</tbody></table></div></details>`;
}

/** Baseline and variants side by side: mean wait by hour (chart + table), overall figures, targets, bottlenecks. */
export async function comparisonView(locale: Locale, tt: T, c: Comparison): Promise<SafeHtml> {
  const series = [
    { name: tt('flow.plan.baseline'), result: c.baseline },
    ...c.variants.map((v) => ({ name: v.name, result: v.result })),
  ];
  const byHour = series.flatMap((s) => {
    const hours = s.result.types[0]?.hours.length ?? 0;
    return Array.from({ length: hours }, (_, h) => {
      let n = 0;
      let w = 0;
      for (const t of s.result.types) {
        const x = t.hours[h];
        if (x && Number.isFinite(x.meanWait)) {
          n += x.throughput;
          w += x.meanWait * x.throughput;
        }
      }
      return { scenario: s.name, hour: h, minutes: n ? w / n / 60 : 0 };
    });
  });
  const chart = await figure(tt('flow.plan.chart_title'), tt('flow.plan.chart_desc'), {
    data: { values: byHour },
    mark: 'line',
    encoding: {
      x: { field: 'hour', type: 'quantitative', title: tt('flow.col.hour') },
      y: { field: 'minutes', type: 'quantitative', title: tt('flow.col.minutes') },
      color: { field: 'scenario', type: 'nominal', title: tt('flow.plan.scenario') },
    },
  });
  const report = rankBottlenecks(bottleneckRowsFromResult(c.scenario, c.baseline));
  const min = (seconds: number) => num(locale, seconds / 60, 1);
  const hourCell = (h: number, name: string) =>
    num(locale, byHour.find((r) => r.hour === h && r.scenario === name)?.minutes ?? NaN, 1);
  const th = (key: string) => html`<th scope="col">${tt(key)}</th>`;
  const targets = c.targets.length
    ? html`<div class="usa-table-container--scrollable" tabindex="0">
      <table class="usa-table"><caption>${tt('flow.plan.targets')}</caption>
      <thead><tr>${['flow.plan.target', 'flow.plan.goal', 'flow.plan.reached', 'flow.plan.value'].map(th)}</tr></thead>
      <tbody>${c.targets.map(
        (x) => html`<tr><th scope="row">${x.name}</th><td>${num(locale, x.reduction * 100)} %</td>
          <td>${x.reached ? tt('common.yes') : tt('common.no')}</td>
          <td>${x.value === undefined ? '—' : num(locale, x.value, 2)}</td></tr>`,
      )}</tbody></table></div>`
    : '';
  const flags = [
    ...report.trustedSaturated.map(
      (f) =>
        html`<li>${tt('flow.plan.flag_trusted', {
          lane: laneLabel(tt, f.laneType),
          versus: laneLabel(tt, f.versus),
          hour: f.hour,
          premium: min(f.premiumWait),
          standard: min(f.standardWait),
        })}</li>`,
    ),
    ...report.fastAdvantageLost.map(
      (f) =>
        html`<li>${tt('flow.plan.flag_fast', {
          hour: f.hour,
          premium: min(f.premiumWait),
          standard: min(f.standardWait),
        })}</li>`,
    ),
  ];
  return html`<h3>${c.scenario}</h3>
    <p class="usa-hint">${tt('flow.plan.meta', { replications: c.replications, days: c.days, seed: c.seed })}</p>
    <div class="usa-table-container--scrollable" tabindex="0">
      <table class="usa-table"><caption>${tt('flow.plan.table')}</caption>
    <thead><tr>${SUMMARY_COLS.map(th)}</tr></thead>
    <tbody><tr><th scope="row">${tt('flow.plan.baseline')}</th><td>${min(c.baseline.overall.meanWait)}</td>
      <td>${min(c.baseline.overall.p90)}</td><td>—</td></tr>
    ${c.variants.map(
      (v) => html`<tr><th scope="row">${v.name}</th><td>${min(v.result.overall.meanWait)}</td>
        <td>${min(v.result.overall.p90)}</td><td>${num(locale, v.relativeWaitChange * 100, 1)} %</td></tr>`,
    )}</tbody></table></div>
    ${chart}
    <details><summary>${tt('flow.table.show')}</summary>
      <div class="usa-table-container--scrollable" tabindex="0">
        <table class="usa-table usa-table--compact"><caption>${tt('flow.plan.chart_title')}</caption>
      <thead><tr><th scope="col">${tt('flow.col.hour')}</th>${series.map(
        (s) => html`<th scope="col">${s.name}</th>`,
      )}</tr></thead>
      <tbody>${[...new Set(byHour.map((r) => r.hour))].map(
        (h) => html`<tr><th scope="row">${h}</th>${series.map((s) => html`<td>${hourCell(h, s.name)}</td>`)}</tr>`,
      )}</tbody></table></div></details>
    ${targets}
    <div class="usa-table-container--scrollable" tabindex="0">
      <table class="usa-table"><caption>${tt('flow.plan.bottlenecks')}</caption>
      <thead><tr>${BOTTLENECK_COLS.map(th)}</tr></thead>
      <tbody>${report.ranking.slice(0, 8).map(
        (b) => html`<tr><th scope="row">${laneLabel(tt, b.laneType)}</th><td>${b.hour}</td>
          <td>${num(locale, b.utilisation * 100)} %</td><td>${min(b.meanWait)}</td></tr>`,
      )}</tbody></table></div>
    ${flags.length ? html`<ul class="usa-list">${flags}</ul>` : ''}`;
}

/** Observed waits: CBP's historical averages of a month, by lane type and hour, averaged Monday to Friday. */
export type ObservedWaits = Map<string, { sum: number; n: number }>;

/**
 * Simulated against observed: the baseline's mean wait by hour and lane type beside CBP's historical average for the
 * chosen month, Monday to Friday (the port's own history), so a planner sees how far the model is from reality.
 */
export async function observedView(locale: Locale, tt: T, observed: ObservedWaits, c: Comparison): Promise<SafeHtml> {
  const rows: { type: string; hour: number; minutes: number; source: string }[] = [];
  if (!observed.size) return alert('info', tt('flow.plan.no_observed'));
  const sim = tt('flow.plan.simulated');
  const obs = tt('flow.plan.observed');
  for (const t of c.baseline.types) {
    t.hours.forEach((h, hour) => {
      const o = observed.get(`${t.type}|${hour % 24}`);
      if (!o) return;
      rows.push({ type: laneLabel(tt, t.type), hour, minutes: h.meanWait / 60, source: sim });
      rows.push({ type: laneLabel(tt, t.type), hour, minutes: o.sum / o.n, source: obs });
    });
  }
  if (!rows.length) return alert('info', tt('flow.plan.no_observed'));
  const chart = await figure(tt('flow.plan.vs_title'), tt('flow.plan.vs_desc'), {
    data: { values: rows },
    mark: 'line',
    encoding: {
      x: { field: 'hour', type: 'quantitative', title: tt('flow.col.hour') },
      y: { field: 'minutes', type: 'quantitative', title: tt('flow.col.minutes') },
      color: { field: 'type', type: 'nominal', title: tt('flow.col.lane') },
      strokeDash: { field: 'source', type: 'nominal', title: tt('flow.plan.source') },
    },
  });
  const types = [...new Set(rows.map((r) => r.type))];
  const hours = [...new Set(rows.map((r) => r.hour))].sort((a, b) => a - b);
  const find = (ty: string, h: number, src: string) =>
    rows.find((r) => r.type === ty && r.hour === h && r.source === src)?.minutes;
  const val = (ty: string, h: number, src: string) => num(locale, find(ty, h, src) ?? NaN, 1);
  const errs = rows
    .filter((r) => r.source === sim)
    .map((r) => Math.abs(r.minutes - (find(r.type, r.hour, obs) ?? r.minutes)));
  const mae = num(locale, errs.reduce((a, b) => a + b, 0) / errs.length, 1);
  return html`<h3>${tt('flow.plan.vs_title')}</h3><p>${tt('flow.plan.vs_mae', { mae })}</p>${chart}
    <details><summary>${tt('flow.table.show')}</summary>
    <div class="usa-table-container--scrollable" tabindex="0">
      <table class="usa-table usa-table--compact"><caption>${tt('flow.plan.vs_title')}</caption>
    <thead><tr><th scope="col">${tt('flow.col.hour')}</th>${types.map(
      (ty) => html`<th scope="col">${ty} — ${sim}</th><th scope="col">${ty} — ${obs}</th>`,
    )}</tr></thead>
    <tbody>${hours.map(
      (h) =>
        html`<tr><th scope="row">${h}</th>${types.map(
          (ty) => html`<td>${val(ty, h, sim)}</td><td>${val(ty, h, obs)}</td>`,
        )}</tr>`,
    )}</tbody></table></div></details>`;
}

/** The dashboard page around its sections. */
export async function planningPage(
  req: FastifyRequest,
  tt: T,
  v: {
    ports: FlowPort[];
    portCode: string;
    volumes: VolumeRow[];
    profile: SafeHtml | null;
    results: SafeHtml;
    examples: ExampleScenario[];
    scenarioText?: string;
    observedMonth?: number;
    errors: FieldError[];
  },
): Promise<SafeHtml> {
  const locale = req.locale;
  const months = Array.from({ length: 12 }, (_, i) => ({
    value: String(i + 1),
    label: new Intl.DateTimeFormat(locale, { month: 'long', timeZone: 'UTC' }).format(new Date(Date.UTC(2020, i, 1))),
  }));
  const ownText = v.scenarioText && !v.examples.some((e) => e.text === v.scenarioText) ? v.scenarioText : '';
  return html`<h1>${tt('flow.planning.title')}</h1><p>${tt('flow.planning.lead')}</p>
    <form class="usa-form usa-form--large" method="get" action="${localePath(locale, '/flow')}">
      ${selectField({
        name: 'port',
        label: tt('lanes.port'),
        value: v.portCode,
        options: v.ports.map((p) => ({ value: p.code, label: `${p.name} (${p.code})` })),
      })}
      <button class="usa-button" type="submit">${tt('flow.board.show')}</button></form>
    <h2>${tt('flow.chart.volumes_title')}</h2>
    ${await volumesSection(locale, tt, v.volumes)}
    <h2>${tt('flow.chart.profile_title')}</h2>
    ${v.profile ?? html`<p>${tt('flow.plan.no_profile')}</p>`}
    <h2>${tt('flow.plan.title')}</h2><p>${tt('flow.plan.lead')}</p>
    ${v.results}
    <form class="usa-form usa-form--large" method="post" action="${localePath(locale, '/flow/simulate')}" novalidate>
      ${csrfField(req)}
      ${selectField({
        name: 'example',
        label: tt('flow.plan.example'),
        value: '',
        empty: tt('flow.plan.own'),
        options: v.examples.map((e) => ({ value: e.file, label: e.name })),
      })}
      ${selectField({
        name: 'observedMonth',
        label: tt('flow.plan.observed_month'),
        hint: tt('flow.plan.observed_month_hint'),
        value: v.observedMonth ? String(v.observedMonth) : '',
        empty: tt('common.none'),
        options: months,
      })}
      ${textArea({
        name: 'scenario',
        label: tt('flow.plan.json'),
        hint: tt('flow.plan.json_hint'),
        value: ownText,
        errors: v.errors,
        rows: 6,
      })}
      <button class="usa-button" type="submit">${tt('flow.plan.run')}</button></form>`;
}
