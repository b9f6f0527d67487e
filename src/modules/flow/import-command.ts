// `smartborder flow import --kind bts|cbp-bwt|hourly FILE [--port CODE] [--lane TYPE]`: all or nothing, with progress.
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import pino from 'pino';
import { loadConfig } from '../../kernel/config.ts';
import { progress } from '../../kernel/progress.ts';
import { createPlatform } from '../../app.ts';

export async function flowImportCommand(
  argv: string[],
  io: { stdout: NodeJS.WritableStream; stderr: NodeJS.WritableStream },
): Promise<number> {
  const usage =
    'usage: smartborder flow import --kind bts|cbp-bwt|hourly FILE [--port CODE] [--lane general|ready|trusted|...]\n  bts: BTS Border Crossing Entry Data CSV   cbp-bwt: CBP historical wait averages (--port, default 2504)   hourly: hourly delays (--port, default 3004)\n';
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: { kind: { type: 'string' }, port: { type: 'string' }, lane: { type: 'string' } },
    });
  } catch (e: any) {
    io.stderr.write(`error: ${e.message}\n${usage}`);
    return 2;
  }
  const { values, positionals } = parsed;
  const kind = values.kind as 'bts' | 'cbp-bwt' | 'hourly';
  if (!['bts', 'cbp-bwt', 'hourly'].includes(kind) || positionals.length !== 1) {
    io.stderr.write(usage);
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
      onProgress: progress('reading ' + path.basename(file), process.stderr),
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
