// `smartborder import lookouts --format ofac|un|jsonl FILE...`: public lists as reference lookouts, all or nothing
// (the rule for bad lines: docs/decisions/0008-importers-refuse-bad-lines.md).
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig } from '../../kernel/config.ts';
import { createPlatform } from '../../app.ts';
import { progress } from '../../kernel/progress.ts';
import { ENCODINGS, isEncoding, readImportFile, writeProblems } from '../../kernel/import-text.ts';
import { IMPORT_FORMATS, type ImportFormat } from './domain/lookout.ts';
import pino from 'pino';

const USAGE =
  'usage: smartborder import lookouts --format ofac|un|jsonl FILE [FILE...] [--source NAME]\n' +
  `         [--encoding ${ENCODINGS.join('|')}] [--skip-invalid] [--allow-mass-withdrawal]\n` +
  '  ofac: sdn.csv [alt.csv] [add.csv] (recognised by name)   un: consolidated.xml   jsonl: list.jsonl\n' +
  '  --encoding               how the files are encoded (default: a byte-order mark, else UTF-8)\n' +
  '  --skip-invalid           import the valid entries and report the invalid lines (default: refuse the list)\n' +
  '  --allow-mass-withdrawal  allow withdrawing more than half of the entries of the previous import\n';

export async function importCommand(
  argv: string[],
  io: { stdout: NodeJS.WritableStream; stderr: NodeJS.WritableStream },
): Promise<number> {
  const [what, ...rest] = argv;
  const fail = (message: string) => {
    io.stderr.write(`error: ${message}\n${USAGE}`);
    return 2;
  };
  if (what !== 'lookouts') return fail(what === undefined ? 'what to import? (lookouts)' : `cannot import "${what}"`);
  let parsed;
  try {
    parsed = parseArgs({
      args: rest,
      allowPositionals: true,
      strict: true,
      options: {
        format: { type: 'string' },
        source: { type: 'string' },
        encoding: { type: 'string' },
        'skip-invalid': { type: 'boolean' },
        'allow-mass-withdrawal': { type: 'boolean' },
      },
    });
  } catch (e) {
    return fail(e instanceof Error ? e.message : String(e));
  }
  const { values, positionals } = parsed;
  const format = IMPORT_FORMATS.find((f): f is ImportFormat => f === values.format);
  if (!format) return fail(`--format must be one of ${IMPORT_FORMATS.join(', ')}`);
  if (values.encoding !== undefined && !isEncoding(values.encoding))
    return fail(`--encoding must be one of ${ENCODINGS.join(', ')}`);
  if (positionals.length === 0) return fail('no file to import');
  if (format !== 'ofac' && positionals.length > 1) return fail(`the ${format} format reads one file`);
  const paths: Record<string, string> = {};
  for (const f of positionals) {
    const base = path.basename(f).toLowerCase();
    const key =
      format === 'ofac'
        ? base.includes('alt')
          ? 'alt'
          : base.includes('add')
            ? 'add'
            : 'sdn'
        : format === 'un'
          ? 'xml'
          : 'jsonl';
    if (paths[key]) return fail(`${paths[key]} and ${f} are both read as the ${key} file`);
    paths[key] = f;
  }
  const files: Record<string, Buffer> = {};
  for (const [key, f] of Object.entries(paths)) {
    const r = readImportFile(f);
    if (!r.ok) {
      io.stderr.write(`error: ${r.message}\n`);
      return 2;
    }
    files[key] = r.bytes;
  }
  // Errors name the file by its role (sdn.csv, alt.csv…); the operator sees the path they gave.
  const keyOf: Record<string, string> = { 'sdn.csv': 'sdn', 'alt.csv': 'alt', 'add.csv': 'add' };
  const labelled = (label: string | undefined) => (label && paths[keyOf[label]]) || positionals[0];
  const platform = await createPlatform({ config: loadConfig(), log: pino({ level: 'warn' }) });
  try {
    const r = await platform.modules.lookouts.importList(null, format, files, {
      sourceName: values.source,
      encoding: isEncoding(values.encoding) ? values.encoding : undefined,
      skipInvalid: values['skip-invalid'],
      allowMassWithdrawal: values['allow-mass-withdrawal'],
      onProgress: progress('importing', process.stderr),
    });
    if (!r.ok) {
      writeProblems(io.stderr, r.errors, labelled);
      io.stderr.write(`import refused: ${r.errors.length} error(s); nothing was changed\n`);
      return 2;
    }
    if (r.skipped.length) {
      writeProblems(io.stderr, r.skipped, labelled, 'skipped: ');
      io.stderr.write(`${r.skipped.length} invalid line(s) skipped (--skip-invalid)\n`);
    }
    io.stdout.write(`imported ${r.imported} entries as reference lookouts (import ${r.importId})\n`);
    return 0;
  } finally {
    await platform.close();
  }
}
