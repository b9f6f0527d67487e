// `smartborder flow import --kind bts|cbp-bwt|hourly FILE [--port CODE] [--lane TYPE] [--country CA|US|MX]`: all or
// nothing, with progress. Run as the system (no user): the rows belong to the country whose port the file measures.
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import pino from 'pino';
import { loadConfig } from '../../kernel/config.ts';
import { progress } from '../../kernel/progress.ts';
import { createPlatform } from '../../app.ts';
import { COUNTRIES } from '../../kernel/agencies.ts';

const KINDS = ['bts', 'cbp-bwt', 'hourly'] as const;
const parseOptions = (argv: string[]) =>
  parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      kind: { type: 'string' },
      port: { type: 'string' },
      lane: { type: 'string' },
      country: { type: 'string' },
    },
  });

export async function flowImportCommand(
  argv: string[],
  io: { stdout: NodeJS.WritableStream; stderr: NodeJS.WritableStream },
): Promise<number> {
  const usage =
    'usage: smartborder flow import --kind bts|cbp-bwt|hourly FILE [--port CODE] [--lane general|ready|trusted|...]' +
    ' [--country CA|US|MX]\n' +
    '  bts: BTS Border Crossing Entry Data CSV   cbp-bwt: CBP historical wait averages (--port, default 2504)' +
    '   hourly: hourly delays (--port, default 3004; --country, default US)\n';
  let parsed: ReturnType<typeof parseOptions>;
  try {
    parsed = parseOptions(argv);
  } catch (e) {
    io.stderr.write(`error: ${e instanceof Error ? e.message : String(e)}\n${usage}`);
    return 2;
  }
  const { values, positionals } = parsed;
  const kind = KINDS.find((k) => k === values.kind);
  if (!kind || positionals.length !== 1) {
    io.stderr.write(usage);
    return 2;
  }
  const country = values.country === undefined ? undefined : COUNTRIES.find((c) => c === values.country);
  if (values.country !== undefined && !country) {
    io.stderr.write('error: --country must be CA, US or MX\n');
    return 2;
  }
  if (values.port && !/^\d{4}$/.test(values.port)) {
    io.stderr.write('error: --port must be a 4-digit CBP port code\n');
    return 2;
  }
  const file = positionals[0];
  if (!fs.existsSync(file)) {
    io.stderr.write(`error: ${file}: no such file\n`);
    return 2;
  }
  const platform = await createPlatform({ config: loadConfig(), log: pino({ level: 'warn' }) });
  try {
    const r = await platform.modules.flow.importFile(null, kind, path.basename(file), fs.readFileSync(file, 'utf8'), {
      portCode: values.port,
      laneType: values.lane,
      country,
      onProgress: progress(`reading ${path.basename(file)}`, process.stderr),
    });
    if (!r.ok) {
      for (const e of r.errors.slice(0, 50)) io.stderr.write(`${file}:${e.line}: ${e.message}\n`);
      io.stderr.write(
        `import refused: ${r.errors.length}${r.errors.length >= 100 ? '+' : ''} bad row(s); nothing was changed\n`,
      );
      return 2;
    }
    io.stdout.write(`imported ${r.rows} rows from ${file} (import ${r.importId})\n`);
    return 0;
  } finally {
    await platform.close();
  }
}
