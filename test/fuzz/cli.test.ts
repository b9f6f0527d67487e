// Property-based fuzzing of the smartborder command through the real process (bin/smartborder, a temporary PGlite
// database): generated argument lists for every command that ends on its own, and hostile files for the importers.
// Invariants: exit 0 or 2, never 1 and never a stack trace; a refusal says what is wrong (a file and line for a bad
// file); a refused import leaves the tables as they were. Seeded (SMARTBORDER_FUZZ_SEED); about 25 processes.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { spawn, spawnSync } from 'node:child_process';
import fc from 'fast-check';
import { PGlite } from '@electric-sql/pglite';
import { cliSandbox } from '../helpers.ts';

const SEED = Number(process.env.SMARTBORDER_FUZZ_SEED ?? 20261208);
const { dir, env, bin } = cliSandbox('sb-cli-fuzz-');
/** Runs the command; resolves with its exit code and output (killed after 60 s: a command must end). */
const cli = (args: string[]) =>
  new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve) => {
    const child = spawn(bin, args, { env, cwd: dir });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => {
      stdout += d;
    });
    child.stderr.on('data', (d) => {
      stderr += d;
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.on('close', (status) => {
      clearTimeout(timer);
      resolve({ status, stdout, stderr });
    });
  });
const STACK = /^\s+at .+:\d+:\d+\)?$/m;

async function counts(): Promise<string> {
  const db = new PGlite(path.join(dir, 'pglite'));
  try {
    const r = await db.query(
      `select (select count(*) from lk_lookouts) as l, (select count(*) from lk_imports) as li,
              (select count(*) from fl_imports) as fi, (select count(*) from audit_log) as a`,
    );
    return JSON.stringify(r.rows[0]);
  } finally {
    await db.close();
  }
}

before(() => {
  assert.equal(spawnSync(bin, ['migrate'], { env, encoding: 'utf8' }).status, 0);
  fs.writeFileSync(path.join(dir, 'sdn.csv'), '1,"ALPHA, Ann",individual,-0-,-0-,-0-,-0-,-0-,-0-,-0-,-0-,-0-\n');
  fs.writeFileSync(path.join(dir, 'list.jsonl'), '{"id":"a","names":["Ann Alpha"]}\n');
  fs.writeFileSync(path.join(dir, 'q.jsonl'), '{"id":"q","name":"Ann Alpha"}\n');
  fs.writeFileSync(path.join(dir, 'bts.csv'), 'Port Name,State,Port Code,Border,Date,Measure,Value\n');
});
after(() => fs.rmSync(dir, { recursive: true, force: true }));

test('generated argument lists: exit 0 or 2 with a message, never a crash', async () => {
  // Commands that end on their own (serve listens; seed and migrate are run above or refuse any argument).
  const heads = [
    ['import', 'lookouts'],
    ['import'],
    ['flow', 'import'],
    ['flow', 'simulate'],
    ['screen'],
    ['users', 'create'],
    ['users', 'list'],
    ['audit', 'verify'],
    ['serve'],
    ['migrate'],
    ['seed'],
    ['help'],
  ];
  const token = fc.oneof(
    fc.constantFrom(
      '--format',
      'ofac',
      'jsonl',
      'un',
      '--kind',
      'bts',
      'hourly',
      '--encoding',
      'latin1',
      'utf16le',
      '--skip-invalid',
      '--allow-mass-withdrawal',
      '--port',
      '2504',
      '--lane',
      'ready',
      '--country',
      'MX',
      '--top',
      '--threshold',
      '--list',
      '--queries',
      '--pairs',
      '--scenario',
      '--seed',
      '--days',
      '--workers',
      '--demo',
      '--email',
      '--role',
      'sdn.csv',
      'list.jsonl',
      'q.jsonl',
      'bts.csv',
      'missing.csv',
      '-x',
      '--',
      '=',
      '--format=ofac',
    ),
    fc.string({ maxLength: 12 }).filter((s) => !s.includes('\u0000')),
    fc.integer({ min: -5, max: 99999 }).map(String),
  );
  // serve, migrate and seed always get an unknown flag too: they must refuse it (serve would listen, seed load data)
  const argv = fc
    .tuple(fc.constantFrom(...heads), fc.array(token, { minLength: 0, maxLength: 6 }))
    .map(([h, rest]) => [...h, ...rest, ...(['serve', 'migrate', 'seed'].includes(h[0]) ? ['--no-such-flag'] : [])]);
  await fc.assert(
    fc.asyncProperty(argv, async (args) => {
      const r = await cli(args);
      assert.ok(r.status === 0 || r.status === 2, `${JSON.stringify(args)}: exit ${r.status}\n${r.stderr}`);
      assert.doesNotMatch(r.stderr, STACK, JSON.stringify(args));
      if (r.status === 2) assert.ok(r.stderr.trim().length > 0, `${JSON.stringify(args)}: a refusal says why`);
    }),
    { seed: SEED, numRuns: 16 },
  );
});

test('hostile files through import lookouts and flow import: a line-numbered refusal or rows, never half', async () => {
  const hostile = fc.oneof(
    fc.uint8Array({ maxLength: 200 }).map((b) => Buffer.from(b)),
    fc
      .constantFrom(
        '',
        '\ufeff',
        'Port Name,State,Port Code,Border,Date,Measure,Value\n',
        '{"id":"x","names":["' + 'N'.repeat(5000) + '"]}\n',
        '{"id":"x","names":["a\\u0000b"]}\n',
        '{"id":"x","names":["a\\ud800b"]}\n',
        '1,"UNBALANCED,individual,-0-,-0-,-0-,-0-,-0-,-0-,-0-,-0-,-0-\n',
        'Port Name,State,Port Code,Border,Date,Measure,Value\nSan Ysidro,CA,2504,B,2020-01-01,Trucks,1,extra\n',
      )
      .map((s) => Buffer.from(s)),
    fc.constant(Buffer.from('{"id":"l","names":["Jos\xe9"]}\n', 'latin1')),
    fc.constant(Buffer.from('\ufeff{"id":"u","names":["Øyvind"]}\n', 'utf16le')),
  );
  const command = fc.constantFrom(
    ['import', 'lookouts', '--format', 'jsonl'],
    ['import', 'lookouts', '--format', 'ofac'],
    ['flow', 'import', '--kind', 'bts'],
    ['flow', 'import', '--kind', 'hourly', '--skip-invalid'],
  );
  let n = 0;
  await fc.assert(
    fc.asyncProperty(command, hostile, async (cmd, bytes) => {
      const file = path.join(dir, `hostile-${++n}.${cmd[0] === 'flow' ? 'csv' : 'jsonl'}`);
      fs.writeFileSync(file, bytes);
      const before = await counts();
      const r = await cli([...cmd, file]);
      assert.ok(r.status === 0 || r.status === 2, `exit ${r.status}\n${r.stderr}`);
      assert.doesNotMatch(r.stderr, STACK);
      if (r.status === 2) {
        assert.ok(r.stderr.includes(`${file}:`) || r.stderr.includes(`${file}: `), r.stderr);
        assert.match(r.stderr, /nothing was changed/);
        assert.equal(await counts(), before);
      } else assert.match(r.stdout, /imported \d+ (entries|rows)/);
    }),
    { seed: SEED + 1, numRuns: 8 },
  );
});
