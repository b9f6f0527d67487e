// `smartborder flow import --kind bts|cbp-bwt|hourly FILE [--port CODE] [--lane TYPE] [--country CA|US|MX]`: all or
// nothing, with progress (the rule for bad lines: docs/decisions/0008-importers-refuse-bad-lines.md). Run as the system
// (no user): the rows belong to the country whose port the file measures.
import path from 'node:path';
import { parseArgs } from 'node:util';
import pino from 'pino';
import { loadConfig } from '../../kernel/config.ts';
import { progress } from '../../kernel/progress.ts';
import { createPlatform } from '../../app.ts';
import { COUNTRIES } from '../../kernel/agencies.ts';
import { ENCODINGS, isEncoding, readImportFile, writeProblems } from '../../kernel/import-text.ts';
import { BOARD_TYPES } from './domain/bwt-feed.ts';

export const FLOW_IMPORT_KINDS = ['bts', 'cbp-bwt', 'hourly'] as const;
const parseOptions = (argv: string[]) =>
  parseArgs({
    args: argv,
    allowPositionals: true,
    strict: true,
    options: {
      kind: { type: 'string' },
      port: { type: 'string' },
      lane: { type: 'string' },
      country: { type: 'string' },
      encoding: { type: 'string' },
      'skip-invalid': { type: 'boolean' },
    },
  });

const USAGE =
  `usage: smartborder flow import --kind ${FLOW_IMPORT_KINDS.join('|')} FILE [--port CODE] ` +
  `[--lane ${BOARD_TYPES.join('|')}] [--country ${COUNTRIES.join('|')}]\n` +
  `         [--encoding ${ENCODINGS.join('|')}] [--skip-invalid]\n` +
  '  bts: BTS Border Crossing Entry Data CSV   cbp-bwt: CBP historical wait averages (--port, default 2504)' +
  '   hourly: hourly delays (--port, default 3004; --lane, default general; --country, default US)\n' +
  '  --encoding      how the file is encoded (default: a byte-order mark, else UTF-8)\n' +
  '  --skip-invalid  import the valid rows and report the invalid lines (default: refuse the file)\n';

export async function flowImportCommand(
  argv: string[],
  io: { stdout: NodeJS.WritableStream; stderr: NodeJS.WritableStream },
): Promise<number> {
  const fail = (message: string) => {
    io.stderr.write(`error: ${message}\n${USAGE}`);
    return 2;
  };
  let parsed: ReturnType<typeof parseOptions>;
  try {
    parsed = parseOptions(argv);
  } catch (e) {
    return fail(e instanceof Error ? e.message : String(e));
  }
  const { values, positionals } = parsed;
  const kind = FLOW_IMPORT_KINDS.find((k) => k === values.kind);
  if (!kind) return fail(`--kind must be one of ${FLOW_IMPORT_KINDS.join(', ')}`);
  if (positionals.length !== 1) return fail('give exactly one FILE');
  const country = values.country === undefined ? undefined : COUNTRIES.find((c) => c === values.country);
  if (values.country !== undefined && !country) return fail(`--country must be one of ${COUNTRIES.join(', ')}`);
  if (values.port !== undefined && !/^\d{4}$/.test(values.port)) return fail('--port must be a 4-digit CBP port code');
  const lane = values.lane === undefined ? undefined : BOARD_TYPES.find((t) => t === values.lane);
  if (values.lane !== undefined && !lane) return fail(`--lane must be one of ${BOARD_TYPES.join(', ')}`);
  if (values.encoding !== undefined && !isEncoding(values.encoding))
    return fail(`--encoding must be one of ${ENCODINGS.join(', ')}`);
  const file = positionals[0];
  const read = readImportFile(file);
  if (!read.ok) {
    io.stderr.write(`error: ${read.message}\n`);
    return 2;
  }
  const platform = await createPlatform({ config: loadConfig(), log: pino({ level: 'warn' }) });
  try {
    const r = await platform.modules.flow.importFile(null, kind, path.basename(file), read.bytes, {
      portCode: values.port,
      laneType: lane,
      country,
      encoding: isEncoding(values.encoding) ? values.encoding : undefined,
      skipInvalid: values['skip-invalid'],
      onProgress: progress(`reading ${path.basename(file)}`, process.stderr),
    });
    if (!r.ok) {
      writeProblems(io.stderr, r.errors, () => file);
      io.stderr.write(`import refused: ${r.errors.length} bad row(s); nothing was changed\n`);
      return 2;
    }
    if (r.skipped.length) {
      writeProblems(io.stderr, r.skipped, () => file, 'skipped: ');
      io.stderr.write(`${r.skipped.length} invalid line(s) skipped (--skip-invalid)\n`);
    }
    io.stdout.write(`imported ${r.rows} rows from ${file} (import ${r.importId})\n`);
    return 0;
  } finally {
    await platform.close();
  }
}
