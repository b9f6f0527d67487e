// The committed schema picture (docs/schema.sql) is what the migrations build, on both engines.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { schemaSnapshot } from '../../src/kernel/schema-snapshot.ts';
import { engine, type TestPlatform, testPlatform } from '../helpers.ts';

let p: TestPlatform;
before(async () => {
  p = await testPlatform({ seed: false });
});
after(() => p.close());

test(`docs/schema.sql is what the migrations build (${engine}); regenerate: node scripts/schema.ts`, async () => {
  const committed = fs.readFileSync(path.resolve(import.meta.dirname, '../../docs/schema.sql'), 'utf8');
  assert.equal(await schemaSnapshot(p.ctx.db), committed);
});
