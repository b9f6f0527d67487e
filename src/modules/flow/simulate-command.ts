/**
 * `smartborder flow simulate --scenario FILE [--json] [--replications N] [--seed S] [--days D]
 *  [--locale en|fr|es]`
 *
 * Runs a scenario file (docs/scenarios.md): the baseline, every variant side by side (common random
 * numbers), every target search. Progress on stderr; a table (or one JSON object with --json) on
 * stdout. Exit code 0 on success, 2 with a message listing every problem (with its JSON path) for a
 * bad file or bad options.
 */
import { decodeText, readImportFile } from '../../kernel/import-text.ts';
import { isSimLocale, msg, type SimLocale } from './sim/messages.ts';
import type { SimResult } from './sim/results.ts';
import { compareScenario, type Comparison, type Progress } from './sim/runner.ts';
import { parseScenarioText } from './sim/scenario.ts';

export interface CommandIo {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
}

interface Options {
  scenario?: string;
  json: boolean;
  replications?: number;
  seed?: number;
  days?: number;
  locale: SimLocale;
}

function parseArgs(argv: string[], locale: SimLocale): Options | { error: string } {
  const o: Options = { json: false, locale };
  const intOpt = (name: string, v: string | undefined, min: number, max: number): number | { error: string } => {
    const n = Number(v);
    if (v === undefined || !Number.isInteger(n) || n < min || n > max)
      return {
        error: msg(locale, 'flow.sim.error.badOption', {
          option: name,
          detail: `expected an integer from ${min} to ${max}`,
        }),
      };
    return n;
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const [name, inline] = a.includes('=') ? [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)] : [a, undefined];
    const value = (): string | undefined => inline ?? argv[++i];
    switch (name) {
      case '--scenario':
        o.scenario = value();
        break;
      case '--json':
        o.json = true;
        break;
      case '--replications': {
        const n = intOpt(name, value(), 1, 100000);
        if (typeof n !== 'number') return n;
        o.replications = n;
        break;
      }
      case '--seed': {
        const n = intOpt(name, value(), 0, 4294967295);
        if (typeof n !== 'number') return n;
        o.seed = n;
        break;
      }
      case '--days': {
        const n = intOpt(name, value(), 1, 3650);
        if (typeof n !== 'number') return n;
        o.days = n;
        break;
      }
      case '--locale': {
        const l = value();
        if (!isSimLocale(l))
          return { error: msg(locale, 'flow.sim.error.badOption', { option: name, detail: 'en, fr or es' }) };
        o.locale = l;
        break;
      }
      default:
        return { error: msg(locale, 'flow.sim.error.badOption', { option: a, detail: 'unknown option' }) };
    }
  }
  return o;
}

const minutes = (s: number) => (Number.isFinite(s) ? (s / 60).toFixed(1) : '–');
const pct = (x: number) => (Number.isFinite(x) ? `${(x * 100).toFixed(0)}%` : '–');
const num0 = (x: number) => (Number.isFinite(x) ? Math.round(x).toLocaleString('en-US') : '–');

/** A plain-text table: first column left-aligned, the others right-aligned. */
export function table(header: string[], rows: string[][]): string {
  const w = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(w[i]) : c.padStart(w[i]))).join('  ');
  return [line(header), w.map((n) => '-'.repeat(n)).join('  '), ...rows.map(line)].join('\n');
}

function laneLabel(locale: SimLocale, type: string): string {
  return msg(locale, `flow.sim.lane.${type}`);
}

function renderResult(c: Comparison, locale: SimLocale): string {
  const t = (k: string, v: Record<string, string | number> = {}) => msg(locale, k, v);
  const b: SimResult = c.baseline;
  const out: string[] = [];
  out.push(
    t('flow.sim.heading.scenario', { name: c.scenario, replications: c.replications, days: c.days, seed: c.seed }),
  );
  out.push(
    t('flow.sim.heading.overall', {
      meanWait: minutes(b.overall.meanWait),
      low: minutes(b.overall.meanWaitCI.low),
      high: minutes(b.overall.meanWaitCI.high),
      p90: minutes(b.overall.p90),
    }),
  );
  out.push('', t('flow.sim.heading.byType'));
  out.push(
    table(
      [
        'flow.sim.col.type',
        'flow.sim.col.perDay',
        'flow.sim.col.meanWait',
        'flow.sim.col.p50',
        'flow.sim.col.p90',
        'flow.sim.col.p95',
        'flow.sim.col.meanTransit',
        'flow.sim.col.utilisation',
      ].map((k) => t(k)),
      b.types.map((ty) => [
        laneLabel(locale, ty.type),
        num0(ty.perDay),
        minutes(ty.meanWait),
        minutes(ty.p50),
        minutes(ty.p90),
        minutes(ty.p95),
        minutes(ty.meanTransit),
        pct(ty.utilisation),
      ]),
    ),
  );
  out.push('', t('flow.sim.heading.byClass'));
  out.push(
    table(
      [
        'flow.sim.col.class',
        'flow.sim.col.perDay',
        'flow.sim.col.meanWait',
        'flow.sim.col.p50',
        'flow.sim.col.p90',
        'flow.sim.col.p95',
      ].map((k) => t(k)),
      b.classes.map((cl) => [
        `${cl.stream}/${cl.class}`,
        num0(cl.perDay),
        minutes(cl.meanWait),
        minutes(cl.p50),
        minutes(cl.p90),
        minutes(cl.p95),
      ]),
    ),
  );
  out.push('', t('flow.sim.heading.byHour'));
  const hourRows: string[][] = [];
  for (let h = 0; h < b.periodHours; h++) {
    hourRows.push([
      String(h).padStart(b.periodHours > 24 ? 3 : 2, '0'),
      ...b.types.flatMap((ty) => [
        String(Math.round(ty.hours[h].booths)),
        minutes(ty.hours[h].meanWait),
        pct(ty.hours[h].utilisation),
      ]),
    ]);
  }
  out.push(
    table(
      [
        t('flow.sim.col.hour'),
        ...b.types.flatMap((ty) => [
          `${ty.type} ${t('flow.sim.col.booths')}`,
          t('flow.sim.col.meanWait'),
          t('flow.sim.col.utilisation'),
        ]),
      ],
      hourRows,
    ),
  );
  if (c.variants.length > 0) {
    out.push('', t('flow.sim.heading.variants'));
    out.push(
      table(
        [
          'flow.sim.col.scenario',
          'flow.sim.col.meanWait',
          'flow.sim.col.p90',
          'flow.sim.col.change',
          'flow.sim.col.relative',
        ].map((k) => t(k)),
        [
          [t('flow.sim.baseline'), minutes(b.overall.meanWait), minutes(b.overall.p90), '', ''],
          ...c.variants.map((v) => [
            v.name,
            minutes(v.result.overall.meanWait),
            minutes(v.result.overall.p90),
            Number.isFinite(v.meanWaitChange.halfWidth)
              ? `${minutes(v.meanWaitChange.mean)} ` +
                `(${minutes(v.meanWaitChange.low)} … ${minutes(v.meanWaitChange.high)})`
              : minutes(v.meanWaitChange.mean),
            `${v.relativeWaitChange >= 0 ? '+' : ''}${(v.relativeWaitChange * 100).toFixed(1)}%`,
          ]),
        ],
      ),
    );
  }
  if (c.targets.length > 0) {
    out.push('', t('flow.sim.heading.targets'));
    out.push(
      table(
        [
          'flow.sim.col.target',
          'flow.sim.col.lever',
          'flow.sim.col.needed',
          'flow.sim.col.goal',
          'flow.sim.col.achieved',
        ].map((k) => t(k)),
        c.targets.map((tg) => {
          const lv = tg.lever;
          const lever =
            lv.op === 'setShare'
              ? t('flow.sim.lever.setShare', { class: lv.class, stream: lv.stream })
              : lv.op === 'addBooths'
                ? t('flow.sim.lever.addBooths', { lane: lv.lane })
                : t('flow.sim.lever.scaleService', { lane: lv.lane });
          const needed = !tg.reached
            ? t('flow.sim.target.notReached')
            : lv.op === 'setShare'
              ? pct(tg.value!)
              : lv.op === 'addBooths'
                ? `+${tg.value}`
                : `×${tg.value!.toFixed(2)}`;
          return [tg.name, lever, needed, minutes(tg.goal), minutes(tg.achieved)];
        }),
      ),
    );
  }
  return out.join('\n') + '\n';
}

export async function simulateCommand(argv: string[], io: CommandIo): Promise<number> {
  const envLocale = (process.env.LC_ALL || process.env.LANG || '').slice(0, 2);
  const parsed = parseArgs(argv, isSimLocale(envLocale) ? envLocale : 'en');
  if ('error' in parsed) {
    io.stderr.write(`${parsed.error}\n${msg('en', 'flow.sim.usage')}\n`);
    return 2;
  }
  const { locale } = parsed;
  if (!parsed.scenario) {
    io.stderr.write(`${msg(locale, 'flow.sim.error.missingScenario')}\n${msg(locale, 'flow.sim.usage')}\n`);
    return 2;
  }
  // read strictly (JSON is UTF-8): a bad byte is refused with its line, never read as U+FFFD
  const read = readImportFile(parsed.scenario);
  let text = '';
  let problem: string | undefined;
  if (!read.ok) problem = read.message;
  else {
    const d = decodeText(read.bytes, 'utf8', undefined, false);
    if (d.ok) text = d.text;
    else problem = `line ${d.error.line}: ${d.error.message}`;
  }
  if (problem !== undefined) {
    io.stderr.write(msg(locale, 'flow.sim.error.readFile', { file: parsed.scenario, detail: problem }) + '\n');
    return 2;
  }
  const v = parseScenarioText(text);
  if (!v.ok) {
    io.stderr.write(
      msg(locale, 'flow.sim.error.invalidScenario', { file: parsed.scenario, count: v.errors.length }) + '\n',
    );
    for (const e of v.errors) io.stderr.write(`  ${msg(locale, e.key, e.values)}\n`);
    return 2;
  }
  const isTty = (io.stderr as NodeJS.WriteStream).isTTY === true;
  let lastLine = '';
  const onProgress = (p: Progress) => {
    const values = { phase: msg(locale, `flow.sim.phase.${p.phase}`), label: p.label, done: p.done, total: p.total };
    // a target search does not know in advance how many evaluations it needs
    const line = msg(locale, p.phase === 'target' ? 'flow.sim.progressSearch' : 'flow.sim.progress', values);
    if (line === lastLine) return;
    lastLine = line;
    io.stderr.write(isTty ? `\r\x1b[K${line}` : `${line}\n`);
  };
  const t0 = performance.now();
  const comparison = compareScenario(v.scenario, {
    replications: parsed.replications,
    seed: parsed.seed,
    days: parsed.days,
    onProgress,
  });
  const seconds = (performance.now() - t0) / 1000;
  const events =
    comparison.baseline.events +
    comparison.variants.reduce((a, x) => a + x.result.events, 0) +
    comparison.targets.reduce((a, x) => a + x.events, 0);
  if (isTty) io.stderr.write('\r\x1b[K');
  io.stderr.write(
    msg(locale, 'flow.sim.done', {
      events: events.toLocaleString('en-US'),
      seconds: seconds.toFixed(2),
      rate: (events / seconds / 1e6).toFixed(2),
    }) + '\n',
  );
  if (parsed.json) io.stdout.write(JSON.stringify({ ...comparison, seconds }) + '\n');
  else io.stdout.write(renderResult(comparison, locale));
  return 0;
}
