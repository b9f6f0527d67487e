// The committed OpenAPI document (docs/openapi.json) is the one the server serves, and every operation in it has a
// request schema where it takes input and a 2xx response schema.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { type TestPlatform, testPlatform } from '../helpers.ts';

let p: TestPlatform;
before(async () => {
  p = await testPlatform({ seed: false });
});
after(() => p.close());

const committedPath = path.resolve(import.meta.dirname, '../../docs/openapi.json');

test('the served /openapi.json equals docs/openapi.json (regenerate with node scripts/openapi.ts)', async () => {
  const served = await p.app.inject({ method: 'GET', url: '/openapi.json' });
  assert.equal(served.statusCode, 200);
  assert.deepEqual(served.json(), JSON.parse(fs.readFileSync(committedPath, 'utf8')));
});

interface Operation {
  responses?: Record<string, { content?: Record<string, { schema?: Record<string, unknown> }> }>;
}

test('every API operation declares a 2xx response schema', () => {
  const doc = JSON.parse(fs.readFileSync(committedPath, 'utf8')) as {
    paths: Record<string, Record<string, Operation>>;
  };
  const missing: string[] = [];
  let operations = 0;
  for (const [route, item] of Object.entries(doc.paths))
    for (const [verb, op] of Object.entries(item)) {
      if (!['get', 'post', 'put', 'patch', 'delete'].includes(verb)) continue;
      operations++;
      const ok = Object.entries(op.responses ?? {}).some(
        ([code, r]) =>
          code.startsWith('2') &&
          (code === '204' || Object.values(r.content ?? {}).some((c) => Object.keys(c.schema ?? {}).length > 0)),
      );
      if (!ok) missing.push(`${verb.toUpperCase()} ${route}`);
    }
  assert.ok(operations > 40, `only ${operations} operations documented`);
  assert.deepEqual(missing, []);
});
