// The smartborder command as an operator uses it: bad input gets a clear message and exit code 2; users are created;
// the audit chain verifies, and a tampered entry is reported with exit code 1.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { cliSandbox } from './helpers.ts';

const { dir, cli } = cliSandbox('sb-cli-');

before(() => {
  assert.equal(cli('migrate').status, 0);
});
after(() => fs.rmSync(dir, { recursive: true, force: true }));

test('users create validates its arguments and creates officers in an agency', () => {
  const bad = cli('users', 'create', '--email', 'not-an-email', '--role', 'wizard');
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /--email must be an e-mail address/);
  assert.match(bad.stderr, /unknown role "wizard"/);
  const noAgency = cli('users', 'create', '--email', 'o@x.test', '--name', 'O', '--role', 'border_officer');
  assert.equal(noAgency.status, 2);
  assert.match(noAgency.stderr, /need --agency/);
  // Agencies are reference data: seed them first.
  const ok = cli(
    'users',
    'create',
    '--email',
    'auditor@x.test',
    '--name',
    'Audrey',
    '--role',
    'auditor',
    '--agency',
    'CBSA',
    '--password',
    'long enough password',
  );
  assert.equal(ok.status, 0, ok.stderr);
  assert.match(ok.stdout, /created auditor@x\.test \(auditor, CBSA\)/);
  const dup = cli(
    'users',
    'create',
    '--email',
    'auditor@x.test',
    '--name',
    'Audrey',
    '--role',
    'auditor',
    '--agency',
    'CBSA',
    '--password',
    'long enough password',
  );
  assert.equal(dup.status, 2);
  assert.match(dup.stderr, /already exists/);
  assert.match(cli('users', 'list').stdout, /auditor@x\.test\s+CBSA\s+auditor/);
});

test('audit verify exits 0 intact, 1 listing every break, 2 on bad usage; audit checkpoint signs', async () => {
  for (const who of ['first', 'second', 'third'])
    assert.equal(
      cli('users', 'create', '--email', `${who}@audit.test`, '--name', who, '--role', 'applicant').status,
      0,
    );
  const good = cli('audit', 'verify');
  assert.equal(good.status, 0, good.stderr);
  assert.match(good.stdout, /audit chain intact: \d+ entries verified/);
  const cp = cli('audit', 'checkpoint');
  assert.equal(cp.status, 0, cp.stderr);
  const kept = JSON.parse(cp.stdout);
  // A third party checks the checkpoint with the public key alone.
  const { compactVerify, importJWK } = await import('jose');
  const { payload } = await compactVerify(kept.jws, await importJWK(kept.publicKey, 'EdDSA'));
  assert.deepEqual(JSON.parse(new TextDecoder().decode(payload)), { seq: kept.seq, hash: kept.hash, at: kept.at });
  const keptFile = path.join(dir, 'kept-checkpoint.json');
  fs.writeFileSync(keptFile, cp.stdout);
  assert.equal(cli('audit', 'verify', '--checkpoint', keptFile).status, 0);

  const db = new PGlite(path.join(dir, 'pglite'));
  await db.query(`update audit_log set purpose = 'forged' where seq = (select min(seq) from audit_log)`);
  await db.query(`delete from audit_log where seq = (select max(seq) from audit_log)`);
  await db.close();
  const broken = cli('audit', 'verify');
  assert.equal(broken.status, 1);
  assert.match(broken.stdout, /AUDIT CHAIN BROKEN: 2 breaks found/);
  assert.match(broken.stdout, /entry 1: changed/);
  assert.match(broken.stdout, new RegExp(`entry ${kept.seq}: truncated`));
  // The local checkpoint file gone as well: the one kept elsewhere still shows the truncation.
  fs.rmSync(path.join(dir, 'audit'), { recursive: true, force: true });
  const withKept = cli('audit', 'verify', '--checkpoint', kept.jws);
  assert.equal(withKept.status, 1);
  assert.match(withKept.stdout, new RegExp(`entry ${kept.seq}: truncated`));

  const forged = cli('audit', 'verify', '--checkpoint', 'not-a-checkpoint');
  assert.equal(forged.status, 2);
  assert.match(forged.stderr, /not signed by this installation/);
  assert.equal(cli('audit', 'frobnicate').status, 2);
  assert.equal(cli('audit', 'verify', '--bogus').status, 2);
});

test('unknown commands and bad files are refused with usage', () => {
  const r = cli('frobnicate');
  assert.equal(r.status, 2);
  assert.match(r.stderr, /Unknown command/);
  const imp = cli('import', 'lookouts', '--format', 'jsonl', path.join(dir, 'missing.jsonl'));
  assert.equal(imp.status, 2);
  assert.match(imp.stderr, /no such file/);
});
