// The public wait board with forecasts, and the planners' dashboard: volumes, wait profiles, simulated scenarios
// compared with today, bottlenecks. Every chart has its data table.
import { z } from 'zod';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { html, type SafeHtml } from '../../kernel/html.ts';
import { translator, type T, type Locale } from '../../kernel/i18n.ts';
import { sendPage, pageUser, requireRole, type App } from '../../kernel/http.ts';
import {
  textField,
  textArea,
  selectField,
  csrfField,
  alert,
  localePath,
  addNav,
  formatDateTime,
} from '../../kernel/ui.ts';
import { figure } from '../../kernel/charts.ts';
import { hasRole } from '../../kernel/auth.ts';
import { addHomeLink } from '../../kernel/routes.ts';
import { BOARD_TYPES, type FlowService } from './service.ts';
import { exampleScenarios, runScenarioText } from './simulation.ts';
import { rankBottlenecks, bottleneckRowsFromResult } from './sim/bottlenecks.ts';

const L = '/:locale(en|fr|es)';
const hide = { schema: { hide: true } };
const num = (locale: Locale, x: number, d = 0) =>
  Number.isFinite(x)
    ? new Intl.NumberFormat(locale, { maximumFractionDigits: d, minimumFractionDigits: d }).format(x)
    : '—';

export function registerPages(app: App, svc: FlowService) {
  addNav({ href: '/waits', key: 'flow.nav.waits', show: () => true });
  addNav({ href: '/flow', key: 'flow.nav.planning', show: (u) => hasRole(u, 'planner') });
  addHomeLink({ href: '/waits', key: 'flow.nav.waits', descKey: 'flow.home.waits_desc', show: () => true });
  addHomeLink({
    href: '/flow',
    key: 'flow.nav.planning',
    descKey: 'flow.home.planning_desc',
    show: (u) => hasRole(u, 'planner'),
  });

  const laneLabel = (tt: T, t: string) => tt('flow.sim.lane.' + t);
  const portChoices = () =>
    [...svc.lanes.ports.values()]
      .filter((p) => p.major && p.kind === 'land')
      .sort((a, b) => a.name.localeCompare(b.name));

  // ---------- public board ----------
  app.get(`${L}/waits`, hide, async (req, reply) => {
    await svc.lanes.ready;
    const tt = translator(req.locale);
    const q = z
      .object({
        port: z.string().max(20).optional(),
        lane: z.enum(BOARD_TYPES).default('general'),
        at: z.string().max(20).optional(),
      })
      .parse(req.query);
    const ports = portChoices();
    const portId =
      q.port && svc.lanes.ports.has(q.port)
        ? q.port
        : (ports.find((p) => p.code === '2504' && p.country === 'US')?.id ?? ports[0]?.id);
    const port = svc.lanes.ports.get(portId!)!;
    const board = await svc.board(port.id);
    let forecast: SafeHtml = html``;
    const errors = [];
    if (q.at) {
      const at = new Date(q.at.length === 16 ? q.at + ':00Z' : q.at);
      if (Number.isNaN(at.getTime())) errors.push({ path: 'at', message: tt('flow.err.datetime') });
      else {
        const f = await svc.forecast(port.code, q.lane, at);
        forecast =
          f.method === 'none'
            ? alert('info', tt('flow.forecast.none'))
            : alert(
                'info',
                f.method === 'predicted'
                  ? tt('flow.forecast.predicted', {
                      lane: laneLabel(tt, q.lane),
                      at: formatDateTime(req.locale, at),
                      minutes: num(req.locale, f.minutes!),
                      low: num(req.locale, f.low!),
                      high: num(req.locale, f.high!),
                    })
                  : tt('flow.forecast.estimated', {
                      lane: laneLabel(tt, q.lane),
                      at: formatDateTime(req.locale, at),
                      minutes: num(req.locale, f.minutes!),
                    }),
              );
      }
    }
    const profile = await profileSection(req.locale, tt, svc, port.code);
    const body = html`<h1>${tt('flow.board.title', { port: port.name })}</h1><p>${tt('flow.board.lead')}</p>
      <form class="usa-form usa-form--large" method="get" action="${localePath(req.locale, '/waits')}">
        ${selectField({ name: 'port', label: tt('lanes.port'), value: port.id, options: ports.map((p) => ({ value: p.id, label: `${p.name} → ${p.country === 'US' ? tt('flow.into.US') : p.country === 'CA' ? tt('flow.into.CA') : tt('flow.into.MX')}` })) })}
        <button class="usa-button" type="submit">${tt('flow.board.show')}</button></form>
      <table class="usa-table"><caption>${tt('flow.board.caption', { port: port.name })}</caption><thead><tr><th scope="col">${tt('flow.col.lane')}</th><th scope="col">${tt('flow.col.open')}</th><th scope="col">${tt('flow.col.wait')}</th><th scope="col">${tt('flow.col.method')}</th><th scope="col">${tt('flow.col.updated')}</th></tr></thead>
      <tbody>${board.lanes.map((l) => html`<tr><th scope="row">${laneLabel(tt, l.laneType)}</th><td>${tt('flow.open_of', { open: l.lanesOpen, max: l.maxLanes })}</td><td>${l.waitMinutes === null ? tt('flow.no_data') : tt('flow.minutes', { n: l.waitMinutes })}${l.low !== undefined ? html` <span class="font-body-3xs">(${tt('flow.band', { low: num(req.locale, l.low), high: num(req.locale, l.high!) })})</span>` : ''}</td><td>${tt('flow.method.' + l.method)}${l.samples ? ` (${tt('flow.samples', { n: l.samples })})` : ''}</td><td>${formatDateTime(req.locale, l.updatedAt)}</td></tr>`)}</tbody></table>
      <p class="usa-hint">${tt('flow.board.methods')} <a class="usa-link" href="/api/v1/flow/ports/${port.id}/bwt">${tt('flow.board.feed')}</a></p>
      <h2>${tt('flow.forecast.title')}</h2>
      ${forecast}
      <form class="usa-form usa-form--large" method="get" action="${localePath(req.locale, '/waits')}" novalidate>
        <input type="hidden" name="port" value="${port.id}">
        ${selectField({ name: 'lane', label: tt('flow.col.lane'), value: q.lane, options: board.lanes.map((l) => ({ value: l.laneType, label: laneLabel(tt, l.laneType) })) })}
        ${textField({ name: 'at', label: tt('flow.forecast.at'), hint: tt('flow.forecast.at_hint'), value: q.at ?? new Date(Date.now() + 3 * 3600000).toISOString().slice(0, 16), type: 'datetime-local', errors })}
        <button class="usa-button" type="submit">${tt('flow.forecast.submit')}</button></form>
      ${profile ?? ''}`;
    return sendPage(reply, req, { title: tt('flow.board.title', { port: port.name }), body, errors, status: 200 });
  });

  // ---------- planners ----------
  async function planning(req: FastifyRequest, reply: FastifyReply, scenarioText?: string, observedMonth?: number) {
    requireRole(req, 'planner');
    await svc.lanes.ready;
    const tt = translator(req.locale);
    const q = z
      .object({
        port: z
          .string()
          .regex(/^\d{4}$/)
          .default('2504'),
      })
      .parse(req.query);
    const volumes = await svc.monthlyVolumes(q.port);
    const measures = ['Personal Vehicles', 'Pedestrians', 'Trucks'];
    const vrows = volumes.filter((v) => measures.includes(v.measure));
    const chart = vrows.length
      ? await figure(tt('flow.chart.volumes_title'), tt('flow.chart.volumes_desc'), {
          data: {
            values: vrows.map((v) => ({
              month: v.month + '-01',
              measure: tt('flow.measure.' + v.measure.replace(/ /g, '_')),
              value: v.value,
            })),
          },
          mark: 'line',
          encoding: {
            x: { field: 'month', type: 'temporal', title: tt('flow.col.month') },
            y: { field: 'value', type: 'quantitative', title: tt('flow.col.crossings') },
            color: { field: 'measure', type: 'nominal', title: tt('flow.col.measure') },
          },
        })
      : html``;
    const months = [...new Set(vrows.map((v) => v.month))];
    const profile = await profileSection(req.locale, tt, svc, q.port);
    const examples = exampleScenarios();
    let results: SafeHtml = html``;
    const errors: { path: string; message: string }[] = [];
    if (scenarioText) {
      const r = runScenarioText(scenarioText, { maxReplications: 5 });
      if (!r.ok) errors.push(...r.errors.slice(0, 20).map((e) => ({ path: 'scenario', message: tt(e.key, e.values) })));
      else {
        results = await comparisonView(req.locale, tt, r.comparison);
        const code = (JSON.parse(scenarioText) as { port?: { code?: string } }).port?.code;
        if (observedMonth && code)
          results = html`${results}${await observedView(req.locale, tt, svc, code, observedMonth, r.comparison)}`;
      }
    }
    const body = html`<h1>${tt('flow.planning.title')}</h1><p>${tt('flow.planning.lead')}</p>
      <form class="usa-form usa-form--large" method="get" action="${localePath(req.locale, '/flow')}">
        ${selectField({
          name: 'port',
          label: tt('lanes.port'),
          value: q.port,
          options: portChoices()
            .filter((p) => p.country === 'US')
            .map((p) => ({ value: p.code, label: `${p.name} (${p.code})` })),
        })}
        <button class="usa-button" type="submit">${tt('flow.board.show')}</button></form>
      <h2>${tt('flow.chart.volumes_title')}</h2>
      ${
        vrows.length
          ? html`${chart}<details><summary>${tt('flow.table.show')}</summary><table class="usa-table usa-table--compact"><caption>${tt('flow.chart.volumes_table')}</caption><thead><tr><th scope="col">${tt('flow.col.month')}</th>${measures.map((m) => html`<th scope="col">${tt('flow.measure.' + m.replace(/ /g, '_'))}</th>`)}</tr></thead>
        <tbody>${months.map((m) => html`<tr><th scope="row">${m}</th>${measures.map((me) => html`<td>${num(req.locale, vrows.find((v) => v.month === m && v.measure === me)?.value ?? NaN)}</td>`)}</tr>`)}</tbody></table></details>`
          : html`<p>${tt('flow.no_volumes')}</p>`
      }
      <h2>${tt('flow.chart.profile_title')}</h2>
      ${profile ?? html`<p>${tt('flow.plan.no_profile')}</p>`}
      <h2>${tt('flow.plan.title')}</h2><p>${tt('flow.plan.lead')}</p>
      ${results}
      <form class="usa-form usa-form--large" method="post" action="${localePath(req.locale, '/flow/simulate')}" novalidate>${csrfField(req)}
        ${selectField({ name: 'example', label: tt('flow.plan.example'), value: '', empty: tt('flow.plan.own'), options: examples.map((e) => ({ value: e.file, label: e.name })) })}
        ${selectField({ name: 'observedMonth', label: tt('flow.plan.observed_month'), hint: tt('flow.plan.observed_month_hint'), value: observedMonth ? String(observedMonth) : '', empty: tt('common.none'), options: Array.from({ length: 12 }, (_, i) => ({ value: String(i + 1), label: new Intl.DateTimeFormat(req.locale, { month: 'long', timeZone: 'UTC' }).format(new Date(Date.UTC(2020, i, 1))) })) })}
        ${textArea({ name: 'scenario', label: tt('flow.plan.json'), hint: tt('flow.plan.json_hint'), value: scenarioText && !examples.some((e) => e.text === scenarioText) ? scenarioText : '', errors, rows: 6, attrs: undefined })}
        <button class="usa-button" type="submit">${tt('flow.plan.run')}</button></form>`;
    return sendPage(reply, req, { title: tt('flow.planning.title'), body, errors, wide: true });
  }
  app.get(`${L}/flow`, hide, async (req, reply) => {
    if (!pageUser(req, reply)) return reply;
    return planning(req, reply);
  });
  app.post(`${L}/flow/simulate`, hide, async (req, reply) => {
    if (!pageUser(req, reply)) return reply;
    const b = req.body as Record<string, string>;
    const text = b.example ? exampleScenarios().find((e) => e.file === b.example)?.text : b.scenario;
    const month = /^(1[0-2]|[1-9])$/.test(b.observedMonth ?? '') ? Number(b.observedMonth) : undefined;
    if (!text || !text.trim()) return planning(req, reply, '{}');
    return planning(req, reply, text, month);
  });
}

/**
 * The port's typical wait by hour for today's weekday, chart and table: its hourly history where held, else CBP's
 * historical averages for this month (null when neither is held).
 */
async function profileSection(locale: Locale, tt: T, svc: FlowService, portCode: string): Promise<SafeHtml | null> {
  const now = new Date();
  const hourly = await svc.hourlyProfile(portCode);
  const rows = hourly.length
    ? hourly
        .filter((r) => r.weekday === now.getUTCDay())
        .map((r) => ({ hour: r.hour, lane: tt('flow.sim.lane.general'), minutes: r.minutes }))
    : (await svc.waitProfile(portCode, now.getUTCMonth() + 1, now.getUTCDay())).map((r) => ({
        hour: r.hour,
        lane: tt('flow.sim.lane.' + r.lane_type),
        minutes: r.minutes,
      }));
  if (!rows.length) return null;
  const chart = await figure(
    tt('flow.chart.profile_title'),
    tt('flow.chart.profile_desc', {
      weekday: new Intl.DateTimeFormat(locale, { weekday: 'long', timeZone: 'UTC' }).format(now),
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
  return html`${chart}<details><summary>${tt('flow.table.show')}</summary><table class="usa-table usa-table--compact"><caption>${tt('flow.chart.profile_table')}</caption><thead><tr><th scope="col">${tt('flow.col.hour')}</th>${lanes.map((n) => html`<th scope="col">${n}</th>`)}</tr></thead>
    <tbody>${hours.map((h) => html`<tr><th scope="row">${String(h).padStart(2, '0')}:00</th>${lanes.map((n) => html`<td>${num(locale, rows.find((r) => r.hour === h && r.lane === n)?.minutes ?? NaN, 1)}</td>`)}</tr>`)}</tbody></table></details>`;
}

/** Baseline and variants side by side: mean wait by hour (chart + table), overall figures, targets, bottlenecks. */
async function comparisonView(locale: Locale, tt: T, c: import('./sim/runner.ts').Comparison): Promise<SafeHtml> {
  const series = [
    { name: tt('flow.plan.baseline'), result: c.baseline },
    ...c.variants.map((v) => ({ name: v.name, result: v.result })),
  ];
  const byHour = series.flatMap((s) => {
    const hours = s.result.types[0]?.hours.length ?? 0;
    return Array.from({ length: hours }, (_, h) => {
      let n = 0,
        w = 0;
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
  return html`<h3>${c.scenario}</h3><p class="usa-hint">${tt('flow.plan.meta', { replications: c.replications, days: c.days, seed: c.seed })}</p>
    <table class="usa-table"><caption>${tt('flow.plan.table')}</caption><thead><tr><th scope="col">${tt('flow.plan.scenario')}</th><th scope="col">${tt('flow.plan.mean_wait')}</th><th scope="col">${tt('flow.plan.p90')}</th><th scope="col">${tt('flow.plan.change')}</th></tr></thead>
    <tbody><tr><th scope="row">${tt('flow.plan.baseline')}</th><td>${num(locale, c.baseline.overall.meanWait / 60, 1)}</td><td>${num(locale, c.baseline.overall.p90 / 60, 1)}</td><td>—</td></tr>
    ${c.variants.map((v) => html`<tr><th scope="row">${v.name}</th><td>${num(locale, v.result.overall.meanWait / 60, 1)}</td><td>${num(locale, v.result.overall.p90 / 60, 1)}</td><td>${num(locale, v.relativeWaitChange * 100, 1)} %</td></tr>`)}</tbody></table>
    ${chart}
    <details><summary>${tt('flow.table.show')}</summary><table class="usa-table usa-table--compact"><caption>${tt('flow.plan.chart_title')}</caption><thead><tr><th scope="col">${tt('flow.col.hour')}</th>${series.map((s) => html`<th scope="col">${s.name}</th>`)}</tr></thead>
      <tbody>${[...new Set(byHour.map((r) => r.hour))].map((h) => html`<tr><th scope="row">${h}</th>${series.map((s) => html`<td>${num(locale, byHour.find((r) => r.hour === h && r.scenario === s.name)!.minutes, 1)}</td>`)}</tr>`)}</tbody></table></details>
    ${
      c.targets.length
        ? html`<table class="usa-table"><caption>${tt('flow.plan.targets')}</caption><thead><tr><th scope="col">${tt('flow.plan.target')}</th><th scope="col">${tt('flow.plan.goal')}</th><th scope="col">${tt('flow.plan.reached')}</th><th scope="col">${tt('flow.plan.value')}</th></tr></thead>
      <tbody>${c.targets.map((x) => html`<tr><th scope="row">${x.name}</th><td>${num(locale, x.reduction * 100)} %</td><td>${x.reached ? tt('common.yes') : tt('common.no')}</td><td>${x.value === undefined ? '—' : num(locale, x.value, 2)}</td></tr>`)}</tbody></table>`
        : ''
    }
    <table class="usa-table"><caption>${tt('flow.plan.bottlenecks')}</caption><thead><tr><th scope="col">${tt('flow.col.lane')}</th><th scope="col">${tt('flow.col.hour')}</th><th scope="col">${tt('flow.plan.utilisation')}</th><th scope="col">${tt('flow.plan.mean_wait')}</th></tr></thead>
      <tbody>${report.ranking.slice(0, 8).map((b) => html`<tr><th scope="row">${tt('flow.sim.lane.' + b.laneType)}</th><td>${b.hour}</td><td>${num(locale, b.utilisation * 100)} %</td><td>${num(locale, b.meanWait / 60, 1)}</td></tr>`)}</tbody></table>
    ${report.trustedSaturated.length || report.fastAdvantageLost.length ? html`<ul class="usa-list">${[...report.trustedSaturated.map((f) => html`<li>${tt('flow.plan.flag_trusted', { lane: tt('flow.sim.lane.' + f.laneType), versus: tt('flow.sim.lane.' + f.versus), hour: f.hour, premium: num(locale, f.premiumWait / 60, 1), standard: num(locale, f.standardWait / 60, 1) })}</li>`), ...report.fastAdvantageLost.map((f) => html`<li>${tt('flow.plan.flag_fast', { hour: f.hour, premium: num(locale, f.premiumWait / 60, 1), standard: num(locale, f.standardWait / 60, 1) })}</li>`)]}</ul>` : ''}`;
}

/**
 * Simulated against observed: the baseline's mean wait by hour and lane type beside CBP's historical average for the
 * chosen month, Monday to Friday (the port's own history), so a planner sees how far the model is from reality.
 */
async function observedView(
  locale: Locale,
  tt: T,
  svc: FlowService,
  portCode: string,
  month: number,
  c: import('./sim/runner.ts').Comparison,
): Promise<SafeHtml> {
  const rows: { type: string; hour: number; minutes: number; source: string }[] = [];
  const observed = new Map<string, { sum: number; n: number }>();
  for (let wd = 1; wd <= 5; wd++)
    for (const r of await svc.waitProfile(portCode, month, wd)) {
      const k = `${r.lane_type}|${r.hour}`;
      const e = observed.get(k) ?? { sum: 0, n: 0 };
      e.sum += r.minutes;
      e.n++;
      observed.set(k, e);
    }
  if (!observed.size) return alert('info', tt('flow.plan.no_observed'));
  for (const t of c.baseline.types) {
    t.hours.forEach((h, hour) => {
      const o = observed.get(`${t.type}|${hour % 24}`);
      if (!o) return;
      rows.push({
        type: tt('flow.sim.lane.' + t.type),
        hour,
        minutes: h.meanWait / 60,
        source: tt('flow.plan.simulated'),
      });
      rows.push({ type: tt('flow.sim.lane.' + t.type), hour, minutes: o.sum / o.n, source: tt('flow.plan.observed') });
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
  const val = (ty: string, h: number, src: string) =>
    num(locale, rows.find((r) => r.type === ty && r.hour === h && r.source === src)?.minutes ?? NaN, 1);
  const sim = tt('flow.plan.simulated'),
    obs = tt('flow.plan.observed');
  const errs = rows
    .filter((r) => r.source === sim)
    .map((r) =>
      Math.abs(
        r.minutes -
          (rows.find((o) => o.source === obs && o.type === r.type && o.hour === r.hour)?.minutes ?? r.minutes),
      ),
    );
  return html`<h3>${tt('flow.plan.vs_title')}</h3><p>${tt('flow.plan.vs_mae', { mae: num(locale, errs.reduce((a, b) => a + b, 0) / errs.length, 1) })}</p>${chart}
    <details><summary>${tt('flow.table.show')}</summary><table class="usa-table usa-table--compact"><caption>${tt('flow.plan.vs_title')}</caption><thead><tr><th scope="col">${tt('flow.col.hour')}</th>${types.map((ty) => html`<th scope="col">${ty} — ${sim}</th><th scope="col">${ty} — ${obs}</th>`)}</tr></thead>
    <tbody>${hours.map((h) => html`<tr><th scope="row">${h}</th>${types.map((ty) => html`<td>${val(ty, h, sim)}</td><td>${val(ty, h, obs)}</td>`)}</tr>`)}</tbody></table></details>`;
}
