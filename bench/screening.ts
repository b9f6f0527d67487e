// Screening benchmark: our engine against minisearch, flexsearch and fuse.js on the same lists and queries.
//
//   node_modules/.bin/node bench/screening.ts [--json] [--skip-1m] [--skip-peers] [--no-docs] [--quick] [--help]
//
// The smallest run: --quick --skip-1m --skip-peers --no-docs (our engine on L20k, fewer queries; about a minute).
// Data: the lists in data/lists and the query sets in data/screening (data/README.md); a missing file fails the run.
//
// Lists: L20k = OFAC SDN 2021 (names and aliases) + UN consolidated list (~25k names, ~10k entities), read with
// our parsers; L1M = L20k padded to 1,000,000 names with seeded synthetic names (ids syn-N).
// Queries: the yente UN positives (treated rows; truth = the UN entry of the untreated row on the same line),
// seeded perturbations of OFAC names (reordered, dropped middle name, typo, diacritics, transliterated to Cyrillic),
// and 50,000 synthetic negatives. Each (system, list) runs in its own process, one after the other, single-threaded,
// so that memory and latency are measured alone. Results go to stdout and to docs/benchmarks.md, "## Screening".
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runWorker, type RunResult, type WorkerArgs } from './screening/worker.ts';
import { DEFAULT_THRESHOLD, scoreNames } from '../src/modules/lookouts/engine/index.ts';
import { DATE_DELTA } from '../src/modules/lookouts/engine/dates.ts';
import { NATIONALITY_DISAGREE } from '../src/modules/lookouts/engine/score.ts';

const ROOT = path.resolve(import.meta.dirname, '..');
const argv = process.argv.slice(2);
const has = (f: string) => argv.includes(f);

const FLAGS = [
  '--json',
  '--skip-1m',
  '--skip-peers',
  '--no-docs',
  '--quick',
  '--help',
  '--worker',
  '--dev-only',
  '--dev',
];
if (has('--help')) {
  process.stdout.write(
    'usage: node bench/screening.ts [--json] [--skip-1m] [--skip-peers] [--no-docs] [--quick]\n' +
      '  --quick        fewer queries (100 perturbations per kind, 5,000 negatives)\n' +
      '  --skip-1m      L20k only (no 1,000,000-name list)\n' +
      '  --skip-peers   our engine only (no minisearch, flexsearch, fuse.js)\n' +
      '  --no-docs      do not write the "## Screening" section of docs/benchmarks.md\n' +
      '  --json         a JSON summary on stdout\n' +
      '  --dev-only     alias and pair evaluations on the dev split only (for tuning; implies --no-docs)\n' +
      '  --dev          also print the misses and false alerts of our engine (dev split only) on stderr\n' +
      'smallest run: node bench/screening.ts --quick --skip-1m --skip-peers --no-docs\n',
  );
  process.exit(0);
}
const unknown = argv.filter((x, i) => x.startsWith('--') && !FLAGS.includes(x) && argv[i - 1] !== '--worker');
if (unknown.length) {
  process.stderr.write(`unknown option ${unknown.join(' ')} (see --help)\n`);
  process.exit(2);
}

if (has('--worker')) {
  const a = JSON.parse(argv[argv.indexOf('--worker') + 1]) as WorkerArgs;
  const r = runWorker(a);
  process.stdout.write(JSON.stringify(r) + '\n');
  process.exit(0);
}

interface Plan {
  args: WorkerArgs;
  heapMB: number;
  note?: string;
}

const quick = has('--quick');
const perKind = quick ? 100 : 400;
const devOnly = has('--dev-only');
const plans: Plan[] = [
  {
    args: {
      system: 'smartborder',
      list: 'L20k',
      perKind,
      sweep: true,
      negatives: quick ? 5000 : undefined,
      dev: has('--dev'),
    },
    heapMB: 2048,
  },
];
if (!has('--skip-peers')) {
  plans.push(
    { args: { system: 'minisearch', list: 'L20k', perKind, negatives: quick ? 5000 : undefined }, heapMB: 2048 },
    { args: { system: 'flexsearch', list: 'L20k', perKind, negatives: quick ? 5000 : undefined }, heapMB: 2048 },
    {
      args: { system: 'fuse', list: 'L20k', perKind, positives: quick ? 30 : 100, negatives: quick ? 100 : 400 },
      heapMB: 2048,
      note: 'sampled queries',
    },
  );
}
if (!has('--skip-1m')) {
  plans.push({
    args: { system: 'smartborder', list: 'L1M', perKind, negatives: quick ? 5000 : undefined },
    heapMB: 6144,
  });
  if (!has('--skip-peers')) {
    plans.push(
      {
        args: { system: 'minisearch', list: 'L1M', perKind, positives: 200, negatives: 1000 },
        heapMB: 8192,
        note: 'sampled queries',
      },
      {
        args: { system: 'flexsearch', list: 'L1M', perKind, positives: 200, negatives: 1000 },
        heapMB: 8192,
        note: 'sampled queries',
      },
    );
  }
}

if (devOnly) for (const p of plans) p.args.devOnly = true;
const results: RunResult[] = [];
const started = Date.now();
for (const p of plans) {
  const label = `${p.args.system} on ${p.args.list}`;
  process.stderr.write(`running ${label} ...\n`);
  const t = Date.now();
  const r = spawnSync(
    process.execPath,
    [
      `--max-old-space-size=${p.heapMB}`,
      '--expose-gc',
      path.join(ROOT, 'bench/screening.ts'),
      '--worker',
      JSON.stringify(p.args),
    ],
    {
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
      timeout: 15 * 60 * 1000,
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  if (r.status !== 0) {
    process.stderr.write(`${label} failed (exit ${r.status}${r.signal ? ', ' + r.signal : ''})\n`);
    continue;
  }
  const res = JSON.parse(r.stdout.trim().split('\n').pop()!) as RunResult;
  results.push(res);
  process.stderr.write(
    `  done in ${((Date.now() - t) / 1000).toFixed(0)} s: p99 ${res.latencyMicros.p99.toFixed(0)} µs (CPU ` +
      `${res.cpuMicros.p99.toFixed(0)} µs, load ${res.loadAverage.toFixed(1)}), recall@1 ` +
      `${res.yente.recall1.toFixed(3)} / ${res.ofac.recall1.toFixed(3)}, false alerts ` +
      `${res.falseAlerts.per1000.toFixed(2)} per 1,000; aliases ${devOnly ? 'dev' : 'held-out'} recall@1 ` +
      `${res.recallAt1.toFixed(3)} @10 ${res.recallAt10.toFixed(3)}` +
      (res.pairsF1 !== undefined ? `, pairs F1 ${res.pairsF1.toFixed(3)}` : '') +
      '\n',
  );
}

const cpu = os.cpus()[0]?.model ?? 'unknown';
let lscpu = cpu;
try {
  const l = spawnSync('lscpu', [], { encoding: 'utf8' }).stdout.match(/Model name:\s*(.+)/);
  if (l) lscpu = l[1].trim();
} catch {
  /* keep os.cpus() */
}
const machine = {
  cores: os.cpus().length,
  model: lscpu,
  node: process.version,
  date: new Date().toISOString().slice(0, 10),
  loadAverage: os.loadavg().map((x) => Math.round(x * 100) / 100),
  minutes: Math.round((Date.now() - started) / 600) / 100,
};

// one summary object per list size: our engine's figures, with the peers measured in the same run beside them
const summary = [...new Set(results.map((r) => r.list))].map((list) => {
  const rs = results.filter((r) => r.list === list);
  const ours = rs.find((r) => r.system === 'smartborder');
  const brief = (r: RunResult) => ({
    p50Us: Math.round(r.latencyMicros.p50),
    p99Us: Math.round(r.latencyMicros.p99),
    rssMb: Math.round(r.rssMb),
    heapMb: Math.round(r.heapMB),
    recallAt1: r.recallAt1,
    recallAt10: r.recallAt10,
    ...(r.pairsF1 !== undefined ? { pairsF1: r.pairsF1 } : {}),
    yenteRecallAt1: r.yente.recall1,
    falseAlertsPer1000: r.falseAlerts.per1000,
    split: devOnly ? 'dev' : 'heldout',
  });
  return {
    list,
    ...(ours ? brief(ours) : {}),
    peers: Object.fromEntries(rs.filter((r) => r.system !== 'smartborder').map((r) => [r.system, brief(r)])),
  };
});
if (has('--json')) {
  process.stdout.write(JSON.stringify({ machine, threshold: DEFAULT_THRESHOLD, summary, results }, null, 2) + '\n');
} else {
  process.stdout.write(table(results) + '\n');
}
if (!has('--no-docs') && !quick && !devOnly) writeDocs(results);

// ------------------------------------------------------------------------------------------------------------

function pct(x: number): string {
  return Number.isFinite(x) ? x.toFixed(3) : 'n/a';
}

function table(rs: RunResult[]): string {
  const head =
    '| list | system | recall@1 yente / OFAC-perturbed | recall@10 yente / OFAC-perturbed | false alerts / 1,000 ' +
    'negatives | operating point | p50 / p99 latency, wall clock | p50 / p99 CPU time | build | memory | queries ' +
    '| load |';
  const sep = '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |';
  const rows = rs.map((r) => {
    const op =
      r.system === 'smartborder'
        ? `score ≥ ${r.threshold}`
        : r.calibrated
          ? `score ≥ ${r.threshold.toPrecision(3)} (calibrated)`
          : 'any result';
    const q =
      `${r.queries.yente} + ${r.queries.ofac} + ${r.queries.negatives.toLocaleString('en')}` +
      (r.queries.sampled ? ' (sample)' : '');
    const cells = [
      r.list,
      r.systemLabel,
      `${pct(r.yente.recall1)} / ${pct(r.ofac.recall1)}`,
      `${pct(r.yente.recall10)} / ${pct(r.ofac.recall10)}`,
      r.falseAlerts.per1000.toFixed(2),
      op,
      `${fmtMicros(r.latencyMicros.p50)} / ${fmtMicros(r.latencyMicros.p99)}`,
      `${fmtMicros(r.cpuMicros.p50)} / ${fmtMicros(r.cpuMicros.p99)}`,
      `${(r.buildMs / 1000).toFixed(1)} s`,
      `${r.heapMB.toFixed(0)} MB`,
      q,
      r.loadAverage.toFixed(1),
    ];
    return `| ${cells.join(' | ')} |`;
  });
  return [head, sep, ...rows].join('\n');
}

function fmtMicros(us: number): string {
  return us >= 1000 ? `${(us / 1000).toFixed(2)} ms` : `${us.toFixed(0)} µs`;
}

function kindTable(rs: RunResult[]): string {
  const kinds = Object.keys(rs[0]?.ofacByKind ?? {});
  const head = `| list | system | ${kinds.join(' | ')} |`;
  const sep = `| --- | --- | ${kinds.map(() => '---').join(' | ')} |`;
  const rows = rs.map(
    (r) => `| ${r.list} | ${r.systemLabel} | ${kinds.map((k) => pct(r.ofacByKind[k].recall1)).join(' | ')} |`,
  );
  return [head, sep, ...rows].join('\n');
}

function sweepTable(r: RunResult): string {
  if (!r.sweep) return '';
  const rows = r.sweep.filter((s) => Math.round(s.threshold * 100) % 2 === 0 || s.threshold === DEFAULT_THRESHOLD);
  return [
    '| threshold | recall@1 yente | recall@1 OFAC-perturbed | false alerts / 1,000 |',
    '| --- | --- | --- | --- |',
    ...rows.map(
      (s) =>
        `| ${s.threshold.toFixed(2)}${s.threshold === DEFAULT_THRESHOLD ? ' (default)' : ''} | ${pct(s.yente1)} | ` +
        `${pct(s.ofac1)} | ${s.fa.toFixed(2)} |`,
    ),
  ].join('\n');
}

function examples() {
  const f = (x: number) => x.toFixed(2);
  const full = 1;
  const dropped = scoreNames('Mohammad Elmi', 'Mohammad Azam Elmi', 'person');
  return {
    fullDisagree: f(full + DATE_DELTA.disagree + NATIONALITY_DISAGREE),
    dropped: f(dropped),
    droppedDisagree: f(dropped + DATE_DELTA.disagree),
    half: f(scoreNames('Mohammad Ali', 'Mohammad Ali Hassan Khan', 'person')),
    mahmoud: f(scoreNames('Mahmoud Abbas', 'Mohammed Abbas', 'person')),
  };
}

function alerts(score: string): string {
  return Number(score) >= DEFAULT_THRESHOLD ? 'alerts' : 'does not alert';
}

function aliasTable(rs: RunResult[]): string {
  const f = (x: number | undefined) => (x === undefined ? 'n/a' : pct(x));
  const rows = rs.map((r) => {
    const d = r.aliases.dev;
    const h = r.aliases.heldout;
    const fa = r.falseAlertsBySplit;
    return (
      `| ${r.list} | ${r.systemLabel} | ${f(d?.recall1)} / ${f(d?.recall10)} | ` +
      `${f(h?.recall1)} / ${f(h?.recall10)} | ` +
      `${f(h?.byType.person?.recall1)} / ${f(h?.byType.organization?.recall1)} | ${f(h?.byScript.arabic?.recall1)} | ` +
      `${f(r.aliasesWithFacts?.heldout?.recall1)} | ${fa.dev?.per1000.toFixed(2) ?? 'n/a'} / ` +
      `${fa.heldout?.per1000.toFixed(2) ?? 'n/a'} | ${d?.n ?? 0} / ${h?.n ?? 0} |`
    );
  });
  return [
    '| list | system | alias recall@1 / @10, dev | alias recall@1 / @10, held-out | held-out recall@1 persons / ' +
      'organisations | held-out recall@1 Arabic script | held-out persons with birth date and nationality | false ' +
      'alerts / 1,000 dev / held-out negatives | alias queries dev / held-out |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- |',
    ...rows,
  ].join('\n');
}

function pairsTable(rs: RunResult[]): string {
  const rows: string[] = [];
  for (const r of rs) {
    if (!r.pairs) continue;
    for (const sp of ['dev', 'heldout'] as const) {
      const p = r.pairs[sp];
      if (!p) continue;
      rows.push(
        `| ${r.list} | ${sp === 'dev' ? 'dev' : 'held-out'} | ${p.n} (${p.positives} matches) | ${pct(p.f1)} | ` +
          `${pct(p.precision)} / ${pct(p.recall)} | ${pct(p.crossScriptRecall)} (${p.crossScriptN}) | ` +
          `${p.crossScriptFalseMatches} / ${p.crossScriptNegatives} | ${pct(p.byType.person?.f1 ?? NaN)} / ` +
          `${pct(p.byType.organization?.f1 ?? NaN)} |`,
      );
    }
  }
  return [
    '| list | split | pairs | F1 | precision / recall | cross-script recall (pairs) | cross-script non-matches ' +
      'scored as matches | F1 persons / organisations |',
    '| --- | --- | --- | --- | --- | --- | --- | --- |',
    ...rows,
  ].join('\n');
}

function devSweepTable(r: RunResult | undefined): string {
  if (!r?.devSweep) return '';
  return [
    'Dev sweep (smartborder, dev split only; top 10 at a low threshold, then filtered):',
    '',
    '| threshold | alias recall@1 | alias recall@10 | pair F1 | false alerts / 1,000 dev negatives | recall@1 yente |',
    '| --- | --- | --- | --- | --- | --- |',
    ...r.devSweep
      .filter((x) => Math.round(x.threshold * 100) % 2 === 0 || x.threshold === DEFAULT_THRESHOLD)
      .map(
        (x) =>
          `| ${x.threshold.toFixed(2)}${x.threshold === DEFAULT_THRESHOLD ? ' (default)' : ''} | ${pct(x.alias1)} | ` +
          `${pct(x.alias10)} | ${pct(x.pairsF1)} | ${x.fa.toFixed(2)} | ${pct(x.yente1)} |`,
      ),
  ].join('\n');
}

function writeDocs(rs: RunResult[]): void {
  const ex = examples();
  const file = path.join(ROOT, 'docs/benchmarks.md');
  const ours20 = rs.find((r) => r.system === 'smartborder' && r.list === 'L20k');
  const ours1m = rs.find((r) => r.system === 'smartborder' && r.list === 'L1M');
  const load = machine.loadAverage.join(' / ');
  const l20kCounts = ours20
    ? `${ours20.entries.toLocaleString('en')} entries, ${ours20.names.toLocaleString('en')} names`
    : '';
  const l1mCounts = ours1m
    ? ` to ${ours1m.names.toLocaleString('en')} names (${ours1m.syntheticNames.toLocaleString('en')} synthetic)`
    : '';
  const unmatched = ours20 ? ` (${ours20.unmatchedYente} rows have no UN entry with that name and are left out)` : '';
  const sweep = ours20?.sweep
    ? 'Threshold sweep on L20k (smartborder, all queries, top 10 at a low threshold, then filtered):\n\n' +
      `${sweepTable(ours20)}\n`
    : '';
  const section = `## Screening

Reproduce: \`npm run bench:screening\` (or \`node_modules/.bin/node bench/screening.ts\`; \`--skip-1m\` for L20k only,
\`--json\` for a JSON summary). Machine: ${machine.cores} cores, ${machine.model}, Node ${machine.node},
run on ${machine.date} (load average at the end ${load}; the machine is shared, so latencies are upper bounds),
${machine.minutes} min in all.

**Lists.** L20k: OFAC SDN 2021 legacy CSV (8,976 records, 11,910 aliases) and the UN consolidated list of 2026-02-27
(730 individuals, 273 entities, their aliases and original-script names), read with our parsers:
${l20kCounts}. L1M: L20k padded with seeded synthetic persons
(ids \`syn-N\`, Arabic-, Latin-, Slavic-, East-Asian-, South-Asian- and African-style names with a Zipf-like token
frequency, 0–2 aliases, birth dates, nationalities)${l1mCounts}.

**Queries.** (1) *yente*: the ${ours20?.queries.yente ?? 683} treated UN positives of opensanctions/yente's benchmark
(\`positives_un_treated.csv\`, name + birth date + nationality, with typos, reorderings and changed dates); the truth is
the UN entry of the untreated row on the same line, matched by name and birth year${unmatched}.
(2) *OFAC-perturbed*: ${perKind} seeded perturbations of OFAC names of each kind (reordered tokens, dropped middle name
of a person, one typo, diacritics added, rendered in Cyrillic), name and type only. In both sets the truth also accepts
the same person listed on the other list (an entry with the same name tokens and a compatible birth year). (3) 50,000
synthetic negatives (\`negatives_global.csv\`: names in Latin, Arabic, Chinese, Korean, Devanagari, Cyrillic,
Thai... scripts, with birth date and nationality).

**Metrics.** recall@1: the truth entry is among the top-scored hits at the operating point (entries with identical
names score identically; ties are not broken by chance); recall@10: among the first 10 hits. False alerts: negative
screens with at least one hit at the operating point, per 1,000. Latency: single query, single thread, wall clock,
in the operating mode, after a warm-up. Build: index construction from parsed entries. Memory: heap + array buffers
retained by the index after GC. Peers get the same folded text (NFKC, any-ascii transliteration, lowercase), index
every alias as a document, and have their operating threshold calibrated on the negatives themselves to 5 false
alerts per 1,000 (flexsearch returns no score: any result is an alert); fuse.js scans every name per query, so it runs
on a sample; peers on L1M run on a sample of queries.

${table(rs)}

OFAC-perturbed recall@1 by kind:

${kindTable(rs)}

${sweep}
**Aliases and name pairs** (bench/screening/aliases.ts). Entries are split by a salted hash of their id
(\`splitOf\`, committed): 30 % held out, 70 % dev; the threshold and every rule were tuned on dev only, and the
held-out figures were looked at only to report them. *Alias leave-one-out*: every alias and original-script name of a
listed person or organisation (OFAC alt.csv, UN aliases and original-script names), queried by name and type with that
alias taken out of the index (the entry keeps its other names); aliases that are another spelling of a name the entry
keeps (same sorted tokens) are left out; the truth is the entry, or the same person listed on the other list (sharing
a name of two tokens or more and a birth year). Peers drop that alias's document from their results instead. *Name
pairs*: an entry's primary name with each of its aliases, and UN original-script names with their Latin primary name
(cross-script) as matches; as non-matches, the primary names of two entries of the same type and split sharing the most
name tokens, and an original-script name against another person's Latin name sharing a token (pairs that share a name,
a document, a full birth date, or a birth year and nationality are not used: possibly one person listed twice). A
pair matches when \`scoreNames\` ≥ the threshold (peers have no pair score). Many aliases are other names altogether
(translations, acronyms, nicknames: "PARTY OF GOD" for HIZBALLAH), which no name matcher finds: the ceiling is well
under 1. False alerts are also given on each split of the negatives (by a hash of the row).

${aliasTable(rs)}

${pairsTable(rs)}

${devSweepTable(ours20)}

**Operating threshold.** \`DEFAULT_THRESHOLD = ${DEFAULT_THRESHOLD}\` (src/modules/lookouts/engine/score.ts), chosen on
the dev sweep above (it was 0.78): false alerts on the dev negatives stay near 1.5 per 1,000, a third of the budget of 5
(other lists and populations alert more), and alias recall is about 0.035 above the 0.78 point, where two of three
name parts matched with the third different (0.77) did not alert. What it means for a name (scores from
\`scoreNames\` and the date and nationality adjustments): a full name match ${alerts(ex.fullDisagree)} with a clearly
different birth date and nationality (${ex.fullDisagree}: list dates are often wrong, and the reasons show the
disagreement); a three-part listed name with its middle name missing ${alerts(ex.dropped)} (${ex.dropped}), and with a
clearly different birth date ${alerts(ex.droppedDisagree)} (${ex.droppedDisagree}); half of a four-part name of
common names ${alerts(ex.half)} (${ex.half}); "Mahmoud Abbas" for "Mohammed Abbas" ${alerts(ex.mahmoud)}
(${ex.mahmoud}).
`;
  let text = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '# Benchmarks\n';
  const start = text.search(/^## Screening\s*$/m);
  if (start >= 0) {
    const rest = text.slice(start + 1);
    const next = rest.search(/^## /m);
    const end = next >= 0 ? start + 1 + next : text.length;
    text = text.slice(0, start) + section + (next >= 0 ? '\n' : '') + text.slice(end);
  } else {
    text = text.replace(/\s*$/, '\n\n') + section;
  }
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
  process.stderr.write(`wrote ${path.relative(ROOT, file)} ("## Screening")\n`);
}
