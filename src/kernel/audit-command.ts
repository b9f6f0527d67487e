// `smartborder audit verify|checkpoint`: check the chain (against the local checkpoints and any kept elsewhere), and
// print a signed checkpoint of its head to keep elsewhere. Exit codes: 0 intact, 1 tampering found, 2 usage.
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import type { AuditBreak, BreakReason } from './audit.ts';
import { CheckpointError, type Checkpoint } from './audit-checkpoint.ts';
import { loadConfig } from './config.ts';
import { createContext } from './context.ts';
import { progress } from './progress.ts';

interface Io {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
}

const USAGE = `Usage:
  smartborder audit verify [--checkpoint FILE|JWS]...
      check the chain against the local checkpoints and those given
  smartborder audit checkpoint
      print a signed checkpoint of the chain's head, to keep elsewhere`;

const EXPLAIN: Record<BreakReason, string> = {
  changed: "changed (the entry's content no longer matches its keyed hash)",
  missing: 'missing (removed from the log)',
  broken_link: 'broken link (does not follow the entry before it)',
  head: 'head altered (the head row is missing, forged or does not match the last entry)',
  truncated: 'truncated (the head or a checkpoint shows these entries, the log no longer has them)',
  checkpoint: 'checkpoint mismatch (differs from a signed checkpoint, or a checkpoint line is forged)',
};

export function describeBreak(b: AuditBreak): string {
  const where = b.from === b.to ? `entry ${b.from}` : `entries ${b.from}–${b.to}`;
  return `${where}: ${EXPLAIN[b.reason]}`;
}

export async function auditCommand(args: string[], io: Io): Promise<number> {
  const [sub, ...rest] = args;
  let values: { checkpoint?: string[] };
  try {
    values = parseArgs({ args: rest, options: { checkpoint: { type: 'string', multiple: true } } }).values;
  } catch (e) {
    io.stderr.write(`error: ${(e as Error).message}\n${USAGE}\n`);
    return 2;
  }
  if (sub !== 'verify' && sub !== 'checkpoint') {
    io.stderr.write(`${USAGE}\n`);
    return 2;
  }
  if (sub === 'checkpoint' && values.checkpoint) {
    io.stderr.write(`error: --checkpoint is an option of audit verify\n${USAGE}\n`);
    return 2;
  }
  const ctx = await createContext(loadConfig());
  try {
    const store = ctx.audit.checkpoints;
    if (!store) throw new Error('no checkpoint store');
    if (sub === 'checkpoint') {
      let head: Checkpoint | null;
      try {
        head = await ctx.audit.currentHead(ctx.db);
      } catch (e) {
        io.stdout.write(`AUDIT CHAIN BROKEN: ${(e as Error).message}; no checkpoint written\n`);
        return 1;
      }
      if (!head) {
        io.stderr.write('error: the audit log is empty: there is no head to checkpoint\n');
        return 1;
      }
      const signed = await store.append(head);
      io.stdout.write(`${JSON.stringify({ ...signed, publicKey: store.publicJwk })}\n`);
      return 0;
    }
    const given: Checkpoint[] = [];
    for (const v of values.checkpoint ?? []) {
      const text = fs.existsSync(v) && fs.statSync(v).isFile() ? fs.readFileSync(v, 'utf8') : v;
      try {
        given.push(...(await store.parse(text)));
      } catch (e) {
        if (!(e instanceof CheckpointError)) throw e;
        io.stderr.write(`error: --checkpoint ${v.length > 60 ? `${v.slice(0, 57)}...` : v}: ${e.message}\n`);
        return 2;
      }
    }
    const r = await ctx.audit.verify(ctx.db, { onProgress: progress('verifying audit chain'), checkpoints: given });
    const anchored = r.checkpoint
      ? `; consistent with the checkpoint of entry ${r.checkpoint.seq} (${r.checkpoint.at})`
      : '; no checkpoint to compare with (keep one elsewhere: smartborder audit checkpoint)';
    if (r.ok) {
      io.stdout.write(`audit chain intact: ${r.entries} entries verified${anchored}\n`);
      return 0;
    }
    const count = r.breaks.length === 1 ? '1 break' : `${r.breaks.length} breaks`;
    io.stdout.write(
      `AUDIT CHAIN BROKEN: ${count} found (${r.entries} entries read):\n` +
        r.breaks.map((b) => `  ${describeBreak(b)}\n`).join(''),
    );
    return 1;
  } finally {
    await ctx.database.close();
  }
}
