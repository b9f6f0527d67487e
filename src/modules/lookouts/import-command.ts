// `smartborder import lookouts --format ofac|un|jsonl FILE...`: public lists as reference lookouts, all or nothing.
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig } from '../../kernel/config.ts';
import { createPlatform } from '../../app.ts';
import { progress } from '../../kernel/progress.ts';
import pino from 'pino';

export async function importCommand(
  argv: string[],
  io: { stdout: NodeJS.WritableStream; stderr: NodeJS.WritableStream },
): Promise<number> {
  const [what, ...rest] = argv;
  const usage =
    'usage: smartborder import lookouts --format ofac|un|jsonl FILE [FILE...] [--source NAME]\n' +
    '  ofac: sdn.csv [alt.csv] [add.csv] (recognised by name)   un: consolidated.xml   jsonl: list.jsonl\n';
  if (what !== 'lookouts') {
    io.stderr.write(usage);
    return 2;
  }
  let parsed;
  try {
    parsed = parseArgs({
      args: rest,
      allowPositionals: true,
      options: { format: { type: 'string' }, source: { type: 'string' } },
    });
  } catch (e) {
    io.stderr.write(`error: ${e instanceof Error ? e.message : String(e)}\n${usage}`);
    return 2;
  }
  const { values, positionals } = parsed;
  const format = values.format as 'ofac' | 'un' | 'jsonl';
  if (!['ofac', 'un', 'jsonl'].includes(format) || positionals.length === 0) {
    io.stderr.write(usage);
    return 2;
  }
  const files: Record<string, string> = {};
  for (const f of positionals) {
    if (!fs.existsSync(f)) {
      io.stderr.write(`error: ${f}: no such file\n`);
      return 2;
    }
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
    files[key] = fs.readFileSync(f, 'utf8');
  }
  const platform = await createPlatform({ config: loadConfig(), log: pino({ level: 'warn' }) });
  try {
    const r = await platform.modules.lookouts.importList(null, format, files, {
      sourceName: values.source,
      onProgress: progress('importing', process.stderr),
    });
    if (!r.ok) {
      for (const e of r.errors.slice(0, 50)) io.stderr.write(`${e.file ?? positionals[0]}:${e.line}: ${e.message}\n`);
      if (r.errors.length > 50) io.stderr.write(`… and ${r.errors.length - 50} more\n`);
      io.stderr.write(`import refused: ${r.errors.length} error(s); nothing was changed\n`);
      return 2;
    }
    io.stdout.write(`imported ${r.imported} entries as reference lookouts (import ${r.importId})\n`);
    return 0;
  } finally {
    await platform.close();
  }
}
