// `smartborder screen`, end to end: temp files in, JSON lines out, errors on stderr with exit code 2.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { spawnSync } from 'node:child_process';
import { screenCommand } from '../../src/modules/lookouts/screen-command.ts';
import { DEFAULT_THRESHOLD } from '../../src/modules/lookouts/engine/index.ts';

let dir: string;
const file = (name: string, lines: (string | object)[]) => {
  const p = path.join(dir, name);
  fs.writeFileSync(p, lines.map((l) => (typeof l === 'string' ? l : JSON.stringify(l))).join('\n') + '\n');
  return p;
};

async function run(argv: string[]) {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (d) => (out += d));
  stderr.on('data', (d) => (err += d));
  const code = await screenCommand(argv, { stdout, stderr });
  return {
    code,
    out,
    err,
    lines: out
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l)),
  };
}

before(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'screen-cmd-'));
});
after(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

const LIST = [
  { id: 'un-1', type: 'person', names: ['ABDULHAI SALEK'], birthDates: ['1965'], nationalities: ['af'] },
  {
    id: 'un-2',
    type: 'person',
    names: ['THARWAT SALAH SHIHATA'],
    birthDates: ['1960-06-29'],
    nationalities: ['eg'],
    documents: [{ type: 'passport', number: 'A1234567', country: 'EG' }],
  },
  { id: 'ofac-3', type: 'organization', names: ['ANGLO-CARIBBEAN CO., LTD.'] },
  { id: 'p4', type: 'person', names: ['Mohammed Ali Hassan'] },
  { id: 'p5', type: 'person', names: ['Muhammad Ali Hasan'] },
];

test('screen --list --queries: one JSON line per query, hits best first at the threshold', async () => {
  const list = file('list.jsonl', LIST);
  const queries = file('q.jsonl', [
    { id: 'q1', name: 'SALEK, ABDULHAI', type: 'person', birthDate: '1965', nationality: 'af' },
    { id: 'q2', name: 'Tharwat Salah Shehata' },
    { id: 'q3', name: 'Jane Q. Public', type: 'person', birthDate: '1990-01-01', nationality: 'ca' },
    { id: 'q4', name: 'Anglo Caribbean Company Limited', type: 'organization' },
    { id: 'q5', name: 'Mohamed Ali Hasan' },
  ]);
  const r = await run(['--list', list, '--queries', queries]);
  assert.equal(r.code, 0, r.err);
  assert.equal(r.err, '');
  assert.deepEqual(
    r.lines.map((l) => l.id),
    ['q1', 'q2', 'q3', 'q4', 'q5'],
  );
  for (const l of r.lines) {
    assert.deepEqual(Object.keys(l), ['id', 'hits', 'micros']);
    assert.ok(Number.isInteger(l.micros) && l.micros >= 0);
    for (const h of l.hits) {
      assert.deepEqual(Object.keys(h), ['id', 'score', 'name']);
      assert.ok(h.score >= DEFAULT_THRESHOLD && h.score <= 1);
    }
  }
  assert.deepEqual(r.lines[0].hits, [{ id: 'un-1', score: 1, name: 'ABDULHAI SALEK' }]);
  assert.equal(r.lines[1].hits[0].id, 'un-2');
  assert.deepEqual(r.lines[2].hits, [], 'no alert');
  assert.equal(r.lines[3].hits[0].id, 'ofac-3');
  assert.deepEqual(r.lines[4].hits.map((h: { id: string }) => h.id).sort(), ['p4', 'p5']);
  assert.ok(r.lines[4].hits[0].score >= r.lines[4].hits[1].score);
});

test('--top and --threshold', async () => {
  const list = file('list.jsonl', LIST);
  const queries = file('q.jsonl', [{ id: 'q', name: 'Mohamed Ali Hasan' }]);
  const one = await run(['--list', list, '--queries', queries, '--top', '1']);
  assert.equal(one.code, 0);
  assert.equal(one.lines[0].hits.length, 1);
  const strict = await run(['--list', list, '--queries', queries, '--threshold', '0.999']);
  assert.deepEqual(strict.lines[0].hits, []);
  const loose = await run(['--list', list, '--queries', queries, '--threshold=0.2', '--top=10']);
  assert.ok(loose.lines[0].hits.length >= 2);
});

test('screen --pairs scores name pairs', async () => {
  const pairs = file('pairs.jsonl', [
    { id: 'p1', type: 'person', a: 'SALEK, ABDULHAI', b: 'Abdulhai Salek' },
    { id: 'p2', type: 'organization', a: 'Grupo Alfa S.A. de C.V.', b: 'GRUPO ALFA' },
    { id: 'p3', a: 'John Smith', b: 'Maria Garcia' },
  ]);
  const r = await run(['--pairs', pairs]);
  assert.equal(r.code, 0, r.err);
  assert.deepEqual(
    r.lines.map((l) => Object.keys(l)),
    [
      ['id', 'score'],
      ['id', 'score'],
      ['id', 'score'],
    ],
  );
  assert.equal(r.lines[0].score, 1);
  assert.ok(r.lines[1].score >= 0.85);
  assert.ok(r.lines[2].score < 0.3);
});

test('a bad list: file and line on stderr, exit code 2, nothing on stdout', async () => {
  const list = file('bad.jsonl', [LIST[0], '{"id": "x", "names": "not an array"}', '{oops', LIST[1]]);
  const queries = file('q.jsonl', [{ id: 'q', name: 'x' }]);
  const r = await run(['--list', list, '--queries', queries]);
  assert.equal(r.code, 2);
  assert.equal(r.out, '');
  assert.match(r.err, new RegExp(`${list.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:2: names`));
  assert.match(r.err, /bad\.jsonl:3: invalid JSON/);
  assert.match(r.err, /2 invalid lines/);
  assert.doesNotMatch(r.err, /at .*\.ts:\d+/, 'no stack trace');
});

test('bad queries, bad pairs, missing files, bad arguments: exit code 2 with a message', async () => {
  const list = file('list.jsonl', LIST);
  const badQ = file('badq.jsonl', [{ id: 'q1', name: 'ok' }, { id: 'q2' }]);
  const q = await run(['--list', list, '--queries', badQ]);
  assert.equal(q.code, 2);
  assert.equal(q.out, '');
  assert.match(q.err, /badq\.jsonl:2: name/);
  const badP = file('badp.jsonl', [{ id: 'p', a: 'x' }]);
  const p = await run(['--pairs', badP]);
  assert.equal(p.code, 2);
  assert.match(p.err, /badp\.jsonl:1: b/);
  const missing = await run(['--list', path.join(dir, 'nope.jsonl'), '--queries', badQ]);
  assert.equal(missing.code, 2);
  assert.match(missing.err, /nope\.jsonl: cannot read \(no such file\)/);
  for (const argv of [
    [],
    ['--list', list],
    ['--top', '0', '--pairs', badP],
    ['--threshold', '2', '--pairs', badP],
    ['--frobnicate'],
    ['--pairs', badP, '--list', list],
  ]) {
    const r = await run(argv);
    assert.equal(r.code, 2, argv.join(' '));
    assert.match(r.err, /usage:/);
    assert.equal(r.out, '');
  }
});

test('runs as a process: progress stays off stdout', () => {
  const list = file('list.jsonl', LIST);
  const queries = file('q.jsonl', [{ id: 'q1', name: 'Abdulhai Salek' }]);
  const module = JSON.stringify(path.resolve(import.meta.dirname, '../../src/modules/lookouts/screen-command.ts'));
  const script = `import { screenCommand } from ${module};
process.exitCode = await screenCommand(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr });`;
  const runner = path.join(dir, 'run.ts');
  fs.writeFileSync(runner, script);
  const node = path.resolve(import.meta.dirname, '../../node_modules/.bin/node');
  const r = spawnSync(fs.existsSync(node) ? node : process.execPath, [runner, '--list', list, '--queries', queries], {
    encoding: 'utf8',
    cwd: path.resolve(import.meta.dirname, '../..'),
  });
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stderr, '', 'stderr is not a TTY: no progress');
  const lines = r.stdout
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l));
  assert.equal(lines.length, 1);
  assert.equal(lines[0].hits[0].id, 'un-1');
});
