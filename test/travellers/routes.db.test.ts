// The travellers routes after the split (routes/*.ts, views/*.ts): every API operation documents its request and a
// 2xx response with examples, and the responses that no other test reads go through their schemas intact.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { filledRows, nestForm } from '../../src/modules/travellers/routes/forms.ts';
import { type TestPlatform, testPlatform } from '../helpers.ts';
import { canadianApplicant, makeMember } from './fixtures.ts';

let p: TestPlatform;
before(async () => {
  p = await testPlatform();
});
after(() => p?.close());

const TAGS = ['trusted travellers', 'vetting', 'enrolment', 'memberships'];
interface Operation {
  tags?: string[];
  parameters?: unknown[];
  requestBody?: unknown;
  responses?: Record<string, { content?: Record<string, { schema?: Record<string, unknown> }> }>;
}

test('every travellers API operation has tags, a summary, a 2xx response schema, and examples', async () => {
  const doc = (await p.app.inject({ url: '/openapi.json' })).json() as {
    paths: Record<string, Record<string, Operation & { summary?: string }>>;
  };
  const ops = Object.entries(doc.paths).flatMap(([route, item]) =>
    Object.entries(item)
      .filter(([, op]) => op.tags?.some((t) => TAGS.includes(t)))
      .map(([verb, op]) => ({ name: `${verb.toUpperCase()} ${route}`, op })),
  );
  assert.ok(ops.length >= 25, `only ${ops.length} travellers operations`);
  const missing = ops.flatMap(({ name, op }) => {
    const twoXx = Object.entries(op.responses ?? {}).filter(([code]) => code.startsWith('2'));
    const schema = twoXx.some(([, r]) => Object.values(r.content ?? {}).some((c) => c.schema));
    return [...(schema ? [] : [`${name}: no 2xx response schema`]), ...(op.summary ? [] : [`${name}: no summary`])];
  });
  assert.deepEqual(missing, []);
  // Path parameters and bodies carry examples (not only the bare word "string").
  const text = JSON.stringify(ops.map((o) => o.op));
  for (const example of ['CBSA', 'NEXUS', 'ca-yvr', 'TT-2026-4F7K9Q']) assert.ok(text.includes(example), example);
});

test('MRZ parsing, the eligibility of a draft, and my memberships come back whole through their schemas', async () => {
  const mrz = await p.app.inject({
    method: 'POST',
    url: '/api/v1/mrz/parse',
    payload: { text: 'P<CANTREMBLAY<<MARIE<<<<<<<<<<<<<<<<<<<<<<<<\nAB12345671CAN8501019F3001019<<<<<<<<<<<<<<00' },
  });
  assert.equal(mrz.statusCode, 200, mrz.body);
  const parsed = mrz.json();
  assert.equal(parsed.format, 'TD3');
  assert.equal(parsed.fields.surname, 'TREMBLAY');
  assert.deepEqual(parsed.fields.issuingCountry, { alpha3: 'CAN', alpha2: 'CA' });
  assert.equal(parsed.ok, true);
  assert.deepEqual(parsed.errors, []);

  const m = await makeMember(p, 'routes.member@example.test');
  const mine = await p.app.inject({ url: '/api/v1/memberships', headers: m.headers });
  assert.equal(mine.statusCode, 200, mine.body);
  const [ms] = mine.json().memberships;
  assert.equal(ms.id, m.membershipId);
  assert.equal(ms.status, 'active');
  assert.deepEqual(ms.programmes, ['NEXUS']);
  assert.equal(ms.cards.length, 1);
  assert.match(ms.cards[0].last4, /^\d{4}$/);

  const created = await p.app.inject({
    method: 'POST',
    url: '/api/v1/applications',
    headers: m.headers,
    payload: { programmes: ['GLOBAL_ENTRY'] },
  });
  assert.equal(created.statusCode, 201, created.body);
  const id = created.json().id;
  await p.app.inject({
    method: 'PUT',
    url: `/api/v1/applications/${id}/draft`,
    headers: m.headers,
    payload: canadianApplicant({ country: 'US' }),
  });
  const elig = await p.app.inject({ url: `/api/v1/applications/${id}/eligibility`, headers: m.headers });
  assert.equal(elig.statusCode, 200, elig.body);
  const e = elig.json();
  assert.equal(e.eligibility[0].programme, 'GLOBAL_ENTRY');
  assert.ok(e.eligibility[0].reasons.every((r: { key: string; effect: string }) => r.key && r.effect));
  assert.ok(e.fee.lines[0].source.url.startsWith('http'));
  assert.ok(Array.isArray(e.problems));
});

test('the vetting case carries the risk summary and the personal details the officer reviews', async () => {
  const m = await makeMember(p, 'routes.vetting@example.test');
  const cbsa = {
    authorization: `Bearer ${
      (
        await p.app.inject({
          method: 'POST',
          url: '/api/v1/auth/sessions',
          payload: { email: 'vetting.cbsa@demo.smartborder.test', password: 'demo-password-2026' },
        })
      ).json().token
    }`,
  };
  const r = await p.app.inject({ url: `/api/v1/vetting/${m.applicationId}`, headers: cbsa });
  assert.equal(r.statusCode, 200, r.body);
  const v = r.json();
  assert.equal(v.application.id, m.applicationId);
  assert.equal(typeof v.risk.score, 'number');
  assert.ok(['pending', 'clear', 'hits'].includes(v.risk.screening));
  assert.equal(v.personal.identity.surname, canadianApplicant().identity.surname);
  assert.ok(v.personal.history.addresses.length >= 1);
  assert.equal(v.personal.declarations.truthful, true);
});

test('form bodies: dotted names nest into objects and arrays, blank rows are dropped', () => {
  const form = nestForm({
    _csrf: 'x',
    action: 'save',
    'addresses.0.line': '1 Main St',
    'addresses.0.city': 'Ottawa',
    'addresses.1.line': ' ',
    'citizenships.0': 'CA',
    mrz: 'P<CAN',
  });
  // null-prototype objects all the way down (a name cannot reach Object.prototype); compared as plain data
  assert.equal(Object.getPrototypeOf(form), null);
  assert.equal(Object.getPrototypeOf((form.addresses as object[])[0]), null);
  const plain = (v: unknown) => JSON.parse(JSON.stringify(v));
  assert.deepEqual(plain(form), {
    addresses: [{ line: '1 Main St', city: 'Ottawa' }, { line: ' ' }],
    citizenships: ['CA'],
    mrz: 'P<CAN',
  });
  assert.deepEqual(plain(filledRows(form.addresses)), [{ line: '1 Main St', city: 'Ottawa' }]);
  assert.deepEqual(filledRows(undefined), []);
});
