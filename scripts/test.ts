// The whole suite: format and lint, type-check, unit and database tests on PGlite, database tests again on PostgreSQL,
// browser tests.
// PostgreSQL: TEST_DATABASE_URL, or the local server at 127.0.0.1:5432/test when it answers (CI requires it).
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import net from 'node:net';
import os from 'node:os';

const root = path.resolve(import.meta.dirname, '..');
const node = process.execPath;
const results: { step: string; ok: boolean; skipped?: string }[] = [];
const totals = { pass: 0, fail: 0, skipped: 0 };

/** Runs one step, streaming its output and counting the node test runner's closing lines. */
async function run(step: string, cmd: string, args: string[], env: NodeJS.ProcessEnv = {}) {
  process.stdout.write(`\n=== ${step} ===\n`);
  const child = spawn(cmd, args, { cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
  let tail = '';
  const failBefore = totals.fail;
  child.stdout.on('data', (d: Buffer) => {
    process.stdout.write(d);
    tail += d.toString();
    const lines = tail.split('\n');
    tail = lines.pop() ?? '';
    for (const l of lines) {
      const m = l.match(/^# (pass|fail|skipped) (\d+)$/);
      if (m) totals[m[1] as 'pass' | 'fail' | 'skipped'] += Number(m[2]);
    }
  });
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  // A step that fails without a failing test (the type-check, a crash) counts as one failure.
  if (code !== 0 && totals.fail === failBefore) totals.fail++;
  results.push({ step, ok: code === 0 });
}
function files(dir: string, pred: (f: string) => boolean): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (pred(p)) out.push(path.relative(root, p));
    }
  };
  if (fs.existsSync(dir)) walk(dir);
  return out.sort();
}
const reachable = (host: string, port: number) =>
  new Promise<boolean>((resolve) => {
    const s = net.connect(port, host);
    s.setTimeout(1500);
    s.on('connect', () => {
      s.end();
      resolve(true);
    });
    s.on('error', () => resolve(false));
    s.on('timeout', () => {
      s.destroy();
      resolve(false);
    });
  });

const testDir = path.join(root, 'test');
const browser = files(path.join(testDir, 'browser'), (f) => f.endsWith('.test.ts'));
const dbTests = files(testDir, (f) => f.endsWith('.db.test.ts'));
const other = files(testDir, (f) => f.endsWith('.test.ts') && !f.includes(`${path.sep}browser${path.sep}`));
const conc = ['--test-concurrency=2'];

// Formatting and lint first: unformatted code or an untyped escape fails the suite (npm run format fixes the format).
await run('format and lint (biome check)', path.join(root, 'node_modules/.bin/biome'), [
  'check',
  '--no-errors-on-unmatched',
  root,
]);
await run('type-check (tsc --noEmit)', path.join(root, 'node_modules/.bin/tsc'), ['--noEmit', '-p', root]);
// Every audit event the tests cause is traced here (scripts/audit-coverage.ts checks the catalogue against it).
const auditTrace = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'sb-audit-')), 'events.txt');
process.env.SMARTBORDER_AUDIT_TRACE = auditTrace;
await run('unit and database tests on PGlite', node, ['--test', ...conc, ...other], {
  SMARTBORDER_TEST_ENGINE: 'pglite',
});

const pgUrl = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
if (await reachable(new URL(pgUrl).hostname, Number(new URL(pgUrl).port || 5432))) {
  await run('database tests on PostgreSQL', node, ['--test', ...conc, ...dbTests], {
    SMARTBORDER_TEST_ENGINE: 'postgresql',
    TEST_DATABASE_URL: pgUrl,
  });
} else if (process.env.SMARTBORDER_REQUIRE_POSTGRES) {
  results.push({ step: `database tests on PostgreSQL (${pgUrl} unreachable)`, ok: false });
} else results.push({ step: 'database tests on PostgreSQL', ok: true, skipped: `${pgUrl} unreachable` });

const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
if (fs.existsSync(chromium))
  await run('browser tests (Chromium + axe)', node, ['--test', '--test-concurrency=1', ...browser], {
    SMARTBORDER_TEST_ENGINE: 'pglite',
    CHROMIUM_PATH: chromium,
  });
else if (process.env.SMARTBORDER_REQUIRE_BROWSER)
  results.push({ step: `browser tests (${chromium} missing)`, ok: false });
else results.push({ step: 'browser tests', ok: true, skipped: `${chromium} missing (apt-get install chromium)` });

await run('audit catalogue: every event emitted by some test', node, [
  path.join(root, 'scripts/audit-coverage.ts'),
  auditTrace,
]);

process.stdout.write('\n=== summary ===\n');
for (const r of results)
  process.stdout.write(
    `${r.ok ? (r.skipped ? 'SKIP' : 'PASS') : 'FAIL'}  ${r.step}${r.skipped ? ` — ${r.skipped}` : ''}\n`,
  );
for (const r of results)
  if ((!r.ok && r.step.includes('unreachable')) || (!r.ok && r.step.includes('missing'))) totals.fail++;
process.stdout.write(`\n${totals.pass} passed, ${totals.fail} failed, ${totals.skipped} skipped\n`);
process.exit(results.every((r) => r.ok) ? 0 : 1);
