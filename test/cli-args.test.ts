// The smartborder command refuses bad arguments with a clear message and exit code 2 (never a stack trace), its help
// names only what exists, and its imports never record an empty file or silently re-encode one.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { cliSandbox } from './helpers.ts';

const { dir, cli } = cliSandbox('sb-cli-args-');
const file = (name: string, content: string | Buffer) => {
  const f = path.join(dir, name);
  fs.writeFileSync(f, content);
  return f;
};
/** A refusal as an operator must see it: exit 2, a message on stderr matching `message`, no stack trace. */
function refused(r: ReturnType<typeof cli>, message: RegExp, what: string) {
  assert.equal(r.status, 2, `${what}: exit ${r.status}\n${r.stderr}`);
  assert.match(r.stderr, message, what);
  assert.doesNotMatch(r.stderr, /^\s+at .+:\d+:\d+\)?$/m, `${what}: a stack trace`);
}
async function rows(query: string): Promise<number> {
  const db = new PGlite(path.join(dir, 'pglite'));
  try {
    const r = await db.query<{ n: number }>(query);
    return r.rows[0].n;
  } finally {
    await db.close();
  }
}

before(() => {
  assert.equal(cli('migrate').status, 0);
});
after(() => fs.rmSync(dir, { recursive: true, force: true }));

test('help names only the flow import kinds that exist', () => {
  const help = cli('help');
  assert.equal(help.status, 0);
  assert.doesNotMatch(help.stdout, /peace-arch/);
  const kinds = /flow import --kind ([\w|-]+)/.exec(help.stdout)?.[1].split('|') ?? [];
  assert.deepEqual(kinds, ['bts', 'cbp-bwt', 'hourly']);
  // each kind the help names is one the command accepts (it goes on to look for the file)
  for (const kind of kinds)
    refused(cli('flow', 'import', '--kind', kind, path.join(dir, 'no.csv')), /no such file/, kind);
  refused(cli('flow', 'import', '--kind', 'peace-arch', 'x.csv'), /--kind must be one of bts, cbp-bwt, hourly/, 'kind');
});

test('every command refuses unknown flags, missing values, bad numbers and stray arguments with exit 2', () => {
  const missing = path.join(dir, 'absent.csv');
  const cases: [string[], RegExp][] = [
    [['serve', '--bogus'], /Unknown option '--bogus'/],
    [['serve', '--workers'], /argument missing/],
    [['serve', '--workers', 'many'], /--workers must be a whole number/],
    [['serve', 'extra'], /Unexpected argument 'extra'/],
    [['migrate', '--force'], /Unknown option '--force'/],
    [['seed', 'now'], /Unexpected argument 'now'/],
    [['users'], /Usage: smartborder users create\|list/],
    [['users', 'list', '--all'], /Unknown option '--all'/],
    [['users', 'create', '--email'], /argument missing/],
    [['users', 'create', '--mail', 'a@b.test'], /Unknown option '--mail'/],
    [['users', 'create', '--email', 'a@b.test', '--name', 'x\u0001'.repeat(150), '--role', 'applicant'], /--name is/],
    [['audit'], /Usage:\s+smartborder audit verify/],
    [['audit', 'verify', '--fast'], /Unknown option '--fast'/],
    [['audit', 'checkpoint', '--checkpoint', 'x'], /--checkpoint is an option of audit verify/],
    [['kiosk'], /a kiosk command is needed/],
    [['kiosk', 'register', '--bogus'], /Unknown option '--bogus'/],
    [['kiosk', 'revoke', 'not-a-uuid'], /is not a kiosk id/],
    [['import'], /what to import\?/],
    [['import', 'travellers'], /cannot import "travellers"/],
    [['import', 'lookouts', 'x.csv'], /--format must be one of ofac, un, jsonl/],
    [['import', 'lookouts', '--format', 'csv', 'x.csv'], /--format must be one of ofac, un, jsonl/],
    [['import', 'lookouts', '--format', 'jsonl'], /no file to import/],
    [['import', 'lookouts', '--format', 'jsonl', '--encoding', 'ebcdic', 'x'], /--encoding must be one of utf8/],
    [['import', 'lookouts', '--format', 'jsonl', '--skip-invalid=yes', 'x'], /--skip-invalid' does not take/],
    [['import', 'lookouts', '--format', 'jsonl', 'a.jsonl', 'b.jsonl'], /the jsonl format reads one file/],
    [['import', 'lookouts', '--format', 'ofac', 'sdn.csv', 'SDN.CSV'], /both read as the sdn file/],
    [['import', 'lookouts', '--format', 'jsonl', missing], /absent\.csv: cannot read \(no such file\)/],
    [['import', 'lookouts', '--format', 'jsonl', dir], /cannot read \(is a directory\)/],
    [['flow'], /Usage: smartborder flow simulate\|import/],
    [['flow', 'import', '--kind', 'bts'], /give exactly one FILE/],
    [['flow', 'import', '--kind', 'bts', '--port', '12', missing], /--port must be a 4-digit/],
    [['flow', 'import', '--kind', 'hourly', '--lane', 'spaceship', missing], /--lane must be one of general/],
    [['flow', 'import', '--kind', 'bts', '--country', 'FR', missing], /--country must be one of CA, US, MX/],
    [['flow', 'import', '--kind', 'bts', '--encoding', 'utf-7', missing], /--encoding must be one of/],
    [['flow', 'import', '--kind', 'bts', '--frobnicate', missing], /Unknown option '--frobnicate'/],
    [['flow', 'simulate', '--seed'], /--seed/],
    [['flow', 'simulate', '--days', '1.5', '--scenario', missing], /--days/],
    [['flow', 'simulate', '--scenario', missing], /absent\.csv: cannot read \(no such file\)/],
    [['screen', '--top', '0', '--pairs', missing], /--top must be a positive whole number/],
    [['screen', '--pairs', missing, '--encoding', 'ascii'], /--encoding must be one of/],
    [['screen', '--pairs'], /--pairs needs a value/],
    [['frobnicate'], /Unknown command: frobnicate/],
  ];
  for (const [args, message] of cases) refused(cli(...args), message, args.join(' '));
});

test('import lookouts: an empty sdn.csv exits 2 and the list stays; Latin-1 is named by line and offset', async () => {
  const sdn = file(
    'sdn.csv',
    '101,"ALPHA, Ann",individual,"SDGT",-0-,-0-,-0-,-0-,-0-,-0-,-0-,-0-\r\n' +
      '102,"BRAVO, Ben",individual,"SDGT",-0-,-0-,-0-,-0-,-0-,-0-,-0-,-0-\r\n',
  );
  const first = cli('import', 'lookouts', '--format', 'ofac', sdn);
  assert.equal(first.status, 0, first.stderr);
  assert.match(first.stdout, /imported 2 entries/);
  const entries = 'select count(*)::int as n from lk_lookouts';
  const imports = 'select count(*)::int as n from lk_imports';
  const [beforeEntries, beforeImports] = [await rows(entries), await rows(imports)];
  const empty = path.join(dir, 'empty', 'sdn.csv');
  fs.mkdirSync(path.dirname(empty));
  fs.writeFileSync(empty, '');
  refused(cli('import', 'lookouts', '--format', 'ofac', empty), /empty\/sdn\.csv:1: sdn\.csv has no records/, 'empty');
  const one = file('sdn-one.csv', '103,"CHARLIE, Cy",individual,"SDGT",-0-,-0-,-0-,-0-,-0-,-0-,-0-,-0-\r\n');
  refused(cli('import', 'lookouts', '--format', 'ofac', one), /would withdraw 2 of the 2 entries/, 'half');
  const latin = file('latin.jsonl', Buffer.from('{"id":"l1","names":["Jos\xe9 P\xe9rez"]}\n', 'latin1'));
  refused(
    cli('import', 'lookouts', '--format', 'jsonl', latin),
    /latin\.jsonl:1: invalid UTF-8 \(byte 0xE9 at byte offset 24\)/,
    'latin1',
  );
  assert.deepEqual([await rows(entries), await rows(imports)], [beforeEntries, beforeImports]);
  const declared = cli('import', 'lookouts', '--format', 'jsonl', '--encoding', 'latin1', latin);
  assert.equal(declared.status, 0, declared.stderr);
});

test('flow import: a header-only BTS file exits 2 and is recorded nowhere', async () => {
  const head = file('bts-head.csv', 'Port Name,State,Port Code,Border,Date,Measure,Value\n');
  refused(
    cli('flow', 'import', '--kind', 'bts', head),
    /bts-head\.csv:2: the file has a header but no data rows/,
    'bts',
  );
  assert.equal(await rows('select count(*)::int as n from fl_imports'), 0);
  const mixed = file(
    'bts-mixed.csv',
    'Port Name,State,Port Code,Border,Date,Measure,Value\n' +
      'San Ysidro,California,2504,US-Mexico Border,2021-01-01,Pedestrians,4\n' +
      'San Ysidro,California,2504,US-Mexico Border,2021-13-01,Pedestrians,4\n',
  );
  refused(cli('flow', 'import', '--kind', 'bts', mixed), /bts-mixed\.csv:3: unrecognised date "2021-13-01"/, 'mixed');
  const skipped = cli('flow', 'import', '--kind', 'bts', '--skip-invalid', mixed);
  assert.equal(skipped.status, 0, skipped.stderr);
  assert.match(skipped.stderr, /bts-mixed\.csv:3: skipped: unrecognised date/);
  assert.match(skipped.stdout, /imported 1 rows/);
  assert.equal(await rows('select count(*)::int as n from fl_imports'), 1);
});
