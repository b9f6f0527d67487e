/**
 * Evaluates the wait predictor by rolling origin.
 *
 *   node src/modules/flow/eval-predict.ts --history H.csv --holdout T.csv [--json]
 *   node src/modules/flow/eval-predict.ts --file P.csv --split 2017-01-01 [--json]
 *
 * Both files in the layout of data/flow/peace-arch-southbound-cars-hourly-2013-2017.csv
 * (hour_start,avg_delay_minutes). For each forecast origin in the holdout, the predictor may use
 * the history and the holdout rows before that origin only (see predict/evaluate.ts). `--split`
 * cuts one file at a date instead (rows before it are the history). Prints one JSON object with
 * --json, a short table otherwise. Exit code 2 on bad arguments or unreadable files.
 */
import fs from 'node:fs';
import { evaluateRollingOrigin } from './predict/evaluate.ts';
import { parseHourlyWaits, type HourlyWaitRow } from './sources/hourly-waits.ts';

export interface EvalIo {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
}

const USAGE =
  'Usage: node src/modules/flow/eval-predict.ts --history H.csv --holdout T.csv [--json]\n' +
  '       node src/modules/flow/eval-predict.ts --file P.csv --split YYYY-MM-DD [--json]\n';

function readRows(file: string, io: EvalIo): HourlyWaitRow[] | undefined {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    io.stderr.write(`Cannot read ${file}: ${(e as Error).message}\n`);
    return undefined;
  }
  const parsed = parseHourlyWaits(text);
  if (parsed.errors.length > 0) {
    for (const e of parsed.errors.slice(0, 10)) io.stderr.write(`${file}, line ${e.line}: ${e.message}\n`);
    if (parsed.errors.length > 10) io.stderr.write(`… ${parsed.errors.length - 10} more\n`);
    if (parsed.rows.length === 0) return undefined;
  }
  return parsed.rows;
}

export async function evalPredictCommand(argv: string[], io: EvalIo): Promise<number> {
  const args = new Map<string, string>();
  let json = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--json') json = true;
    else if (a === '--help' || a === '-h') {
      io.stdout.write(USAGE);
      return 0;
    } else if (a.startsWith('--') && i + 1 < argv.length) args.set(a.slice(2), argv[++i]);
    else {
      io.stderr.write(`Unexpected argument ${a}\n${USAGE}`);
      return 2;
    }
  }
  let history: HourlyWaitRow[] | undefined;
  let holdout: HourlyWaitRow[] | undefined;
  if (args.has('file')) {
    const split = args.get('split');
    if (!split || !/^\d{4}-\d{2}-\d{2}$/.test(split)) {
      io.stderr.write(`--file needs --split YYYY-MM-DD\n${USAGE}`);
      return 2;
    }
    const rows = readRows(args.get('file')!, io);
    if (!rows) return 2;
    history = rows.filter((r) => r.time < split);
    holdout = rows.filter((r) => r.time >= split);
  } else {
    if (!args.has('history') || !args.has('holdout')) {
      io.stderr.write(USAGE);
      return 2;
    }
    history = readRows(args.get('history')!, io);
    holdout = readRows(args.get('holdout')!, io);
    if (!history || !holdout) return 2;
  }
  if (history.length === 0 || holdout.length === 0) {
    io.stderr.write('The history and the holdout must both have rows.\n');
    return 2;
  }
  const t0 = performance.now();
  const r = evaluateRollingOrigin(history, holdout);
  const seconds = (performance.now() - t0) / 1000;
  const out = { ...r, seconds: Number(seconds.toFixed(3)) };
  if (json) {
    io.stdout.write(JSON.stringify(out) + '\n');
  } else {
    const f = (x: number) => x.toFixed(3);
    io.stdout.write(
      [
        `history rows ${r.historyRows}, holdout rows ${r.holdoutRows}, origins ${r.origins}`,
        `1 hour ahead:  MAE ${f(r.mae1h)} min   persistence ${f(r.maePersistence1h)} min   (n = ${r.n1h})`,
        `24 hours ahead: MAE ${f(r.maeDayAhead)} min   weekday×hour mean ${f(r.maeWeekdayHour)} min   ` +
          `ratio ${f(r.maeDayAhead / r.maeWeekdayHour)}`,
        `${Math.round(r.bandLevel * 100)}% band coverage: 1 h ${f(r.coverage1h)}, 24 h ${f(r.coverageDayAhead)}`,
        `${seconds.toFixed(2)} s`,
        '',
      ].join('\n'),
    );
  }
  return 0;
}

if (import.meta.main) {
  evalPredictCommand(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr }).then(
    (code) => (process.exitCode = code),
  );
}
