// `smartborder screen`: screening in memory, without a database.
//   screen --list LIST.jsonl --queries QUERIES.jsonl [--top N] [--threshold T]   one JSON line per query
//   screen --pairs PAIRS.jsonl                                                   one JSON line per name pair
// Bad files or lines: a message with the file and line number on stderr, exit code 2, nothing on stdout.
import { performance } from 'node:perf_hooks';
import { DEFAULT_THRESHOLD, ScreeningIndex, scoreNames } from './engine/index.ts';
import { decodeText, ENCODINGS, isEncoding, readImportFile, type Encoding } from '../../kernel/import-text.ts';
import { pairLineSchema, parseJsonLines, parseListJsonl, queryLineSchema, type ParseError } from './sources/index.ts';

export interface CommandIO {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
}

const USAGE = `usage:
  smartborder screen --list LIST.jsonl --queries QUERIES.jsonl [--top N] [--threshold T]
  smartborder screen --pairs PAIRS.jsonl

  --top N         at most N hits per query (default 10)
  --threshold T   report hits scoring at least T, between 0 and 1
                  (default ${DEFAULT_THRESHOLD}, the operating threshold)
  --encoding E    how the files are encoded: ${ENCODINGS.join(', ')} (default: a byte-order mark, else UTF-8)
`;

interface Args {
  list?: string;
  queries?: string;
  pairs?: string;
  top: number;
  threshold: number;
  encoding?: Encoding;
}

class UsageError extends Error {}

function parseArgs(argv: string[]): Args {
  const a: Args = { top: 10, threshold: DEFAULT_THRESHOLD };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const eq = arg.indexOf('=');
    const flag = arg.startsWith('--') && eq > 0 ? arg.slice(0, eq) : arg;
    const value = (): string => {
      if (arg.startsWith('--') && eq > 0) return arg.slice(eq + 1);
      const v = argv[++i];
      if (v === undefined || v.startsWith('--')) throw new UsageError(`${flag} needs a value`);
      return v;
    };
    switch (flag) {
      case '--list':
        a.list = value();
        break;
      case '--queries':
        a.queries = value();
        break;
      case '--pairs':
        a.pairs = value();
        break;
      case '--top': {
        const v = value();
        const n = Number(v);
        if (!/^\d+$/.test(v) || n < 1)
          throw new UsageError(`--top must be a positive whole number, got ${JSON.stringify(v)}`);
        a.top = n;
        break;
      }
      case '--threshold': {
        const v = value();
        const t = Number(v);
        if (v.trim() === '' || !Number.isFinite(t) || t < 0 || t > 1)
          throw new UsageError(`--threshold must be a number between 0 and 1, got ${JSON.stringify(v)}`);
        a.threshold = t;
        break;
      }
      case '--encoding': {
        const v = value();
        if (!isEncoding(v)) throw new UsageError(`--encoding must be one of ${ENCODINGS.join(', ')}`);
        a.encoding = v;
        break;
      }
      case '--help':
      case '-h':
        throw new UsageError('');
      default:
        throw new UsageError(`unknown argument ${JSON.stringify(arg)}`);
    }
  }
  if (a.pairs !== undefined) {
    if (a.list !== undefined || a.queries !== undefined)
      throw new UsageError('--pairs cannot be combined with --list or --queries');
  } else if (a.list === undefined || a.queries === undefined) {
    throw new UsageError('give --list and --queries, or --pairs');
  }
  return a;
}

/** A file's text, decoded strictly (never a silent U+FFFD): a bad byte is reported with its line and offset. */
function readText(file: string, encoding?: Encoding): string {
  const r = readImportFile(file);
  if (!r.ok) throw new FileError(r.message);
  const d = decodeText(r.bytes, encoding);
  if (!d.ok) throw new FileError(`${file}:${d.error.line}: ${d.error.message}`);
  return d.text;
}

class FileError extends Error {}

function report(io: CommandIO, file: string, errors: ParseError[], what: string): void {
  const shown = errors.slice(0, 20);
  for (const e of shown) io.stderr.write(`${file}:${e.line}: ${e.message}\n`);
  if (errors.length > shown.length) io.stderr.write(`${file}: ... and ${errors.length - shown.length} more errors\n`);
  io.stderr.write(`${file}: ${errors.length} invalid line${errors.length === 1 ? '' : 's'}; ${what}\n`);
}

function isTTY(s: NodeJS.WritableStream): boolean {
  return (s as NodeJS.WriteStream).isTTY === true;
}

function write(out: NodeJS.WritableStream, line: string): Promise<void> | void {
  if (!out.write(line)) return new Promise((resolve) => out.once('drain', () => resolve()));
}

export async function screenCommand(argv: string[], io: CommandIO): Promise<number> {
  let args: Args;
  try {
    args = parseArgs(argv);
  } catch (err) {
    if (err instanceof UsageError) {
      if (err.message) io.stderr.write(`screen: ${err.message}\n`);
      io.stderr.write(USAGE);
      return err.message ? 2 : 0;
    }
    throw err;
  }
  try {
    if (args.pairs !== undefined) return await pairs(args.pairs, io, args.encoding);
    return await screen(args, io);
  } catch (err) {
    if (err instanceof FileError) {
      io.stderr.write(`screen: ${err.message}\n`);
      return 2;
    }
    throw err;
  }
}

async function pairs(file: string, io: CommandIO, encoding?: Encoding): Promise<number> {
  const { items, errors } = parseJsonLines(readText(file, encoding), pairLineSchema);
  if (errors.length) {
    report(io, file, errors, 'nothing scored');
    return 2;
  }
  for (const { value } of items) {
    const score = scoreNames(value.a, value.b, value.type);
    await write(io.stdout, JSON.stringify({ id: value.id, score }) + '\n');
  }
  return 0;
}

async function screen(args: Args, io: CommandIO): Promise<number> {
  const progress = isTTY(io.stderr);
  const listText = readText(args.list!, args.encoding);
  let lastShown = 0;
  const onProgress = progress
    ? (done: number, total: number) => {
        const now = Date.now();
        if (now - lastShown < 200 && done < total) return;
        lastShown = now;
        io.stderr.write(`\rreading ${args.list}: line ${done.toLocaleString('en')} of ${total.toLocaleString('en')}`);
      }
    : undefined;
  const list = parseListJsonl(listText, onProgress);
  if (progress) io.stderr.write('\n');
  if (list.errors.length) {
    report(io, args.list!, list.errors, 'nothing screened');
    return 2;
  }
  const queries = parseJsonLines(readText(args.queries!, args.encoding), queryLineSchema);
  if (queries.errors.length) {
    report(io, args.queries!, queries.errors, 'nothing screened');
    return 2;
  }

  const index = new ScreeningIndex();
  const t0 = Date.now();
  for (let k = 0; k < list.entries.length; k++) {
    const e = list.entries[k];
    index.upsert({
      id: e.id,
      type: e.type,
      names: e.names,
      birthDates: e.birthDates,
      nationalities: e.nationalities,
      documents: e.documents,
      plates: e.plates,
      containers: e.containers,
    });
    if (progress && (k % 10000 === 0 || k === list.entries.length - 1) && Date.now() - t0 > 500)
      io.stderr.write(
        `\rindexing: ${(k + 1).toLocaleString('en')} of ${list.entries.length.toLocaleString('en')} entries`,
      );
  }
  if (progress && Date.now() - t0 > 500) io.stderr.write('\n');

  for (const { value: q } of queries.items) {
    const t = performance.now();
    const hits = index.screen(q, { threshold: args.threshold, top: args.top });
    const micros = Math.round((performance.now() - t) * 1000);
    const line = JSON.stringify({
      id: q.id,
      hits: hits.map((h) => ({ id: h.id, score: h.score, name: h.name })),
      micros,
    });
    await write(io.stdout, line + '\n');
  }
  return 0;
}
