// Hostile inputs shared by the fuzz suites: the strings, values, bodies, content types and path segments an attacker
// or a clumsy client sends. Pure fast-check arbitraries; the suites turn them into requests.
import fc from 'fast-check';

/** Lone surrogates replaced by U+FFFD: a URL or form can only carry well-formed text. */
export const wellFormed = (s: string) =>
  s.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD');

/** Text that has broken servers: NUL, lone surrogates, bidi overrides, combining marks, prototype names, SQL. */
export const NASTY_TEXT = [
  '',
  ' ',
  '\u0000',
  'a\u0000b',
  '\ud800',
  'x\udfffy',
  '\udc00\ud800',
  '\u202eevil\u202c',
  '\u200f\u05e9\u05dc\u05d5\u05dd',
  'e\u0301\u0301\u0301',
  'Z\u0351\u0364\u0300\u0315',
  '\ufeff',
  '\uffff',
  '💥',
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  "'; drop table users; --",
  '%00',
  '%',
  '../../etc/passwd',
  '<script>alert(1)</script>',
  '{{7*7}}',
  '-1',
  '0',
  '1e309',
  'NaN',
  'null',
  'true',
  '9007199254740993',
];
/** Dates and times that are not: impossible months and days, years out of range, formats half right. */
export const BAD_DATES = [
  '2026-13-45',
  '2026-02-30',
  '2026-00-00',
  '0000-01-01',
  '99999-01-01',
  '2026-1-1',
  '2026-05-04T25:61:00Z',
  '2026-05-04T14:05:00+99:00',
  '-2026-05-04',
  'yesterday',
];
/** Ids that are not UUIDs (or are, in a form a cast would accept and a schema should not need). */
export const BAD_IDS = [
  'not-a-uuid',
  '00000000-0000-0000-0000-000000000000',
  'FFFFFFFF-FFFF-FFFF-FFFF-FFFFFFFFFFFF',
  '3f2b8c1e9d4a4e6f8b2a7c5d1e0f9a34',
  '{3f2b8c1e-9d4a-4e6f-8b2a-7c5d1e0f9a34}',
  '3f2b8c1e-9d4a-4e6f-8b2a-7c5d1e0f9a3',
  '1',
  '-1',
  'US-0901',
];

export const hugeString = fc.constantFrom(100, 1_000, 70_000).map((n) => 'x'.repeat(n));
/** One hostile string: from the lists above, random Unicode, a nasty string spliced into an ordinary one, or huge. */
export const hostileString: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...NASTY_TEXT) },
  { weight: 2, arbitrary: fc.constantFrom(...BAD_DATES, ...BAD_IDS) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme-composite', maxLength: 20 }) },
  {
    weight: 2,
    arbitrary: fc
      .tuple(fc.string({ maxLength: 8 }), fc.constantFrom(...NASTY_TEXT), fc.string({ maxLength: 8 }))
      .map(([a, b, c]) => a + b + c),
  },
  { weight: 1, arbitrary: hugeString },
);

/** A JSON value nested `depth` times (arrays or objects), far deeper than any schema. */
export const deepJson = (depth: number, object: boolean): string =>
  object ? '{"a":'.repeat(depth) + '1' + '}'.repeat(depth) : '['.repeat(depth) + ']'.repeat(depth);

/** Object keys that reach prototypes when followed, and ordinary ones. */
export const hostileKey = fc.oneof(
  fc.constantFrom('__proto__', 'constructor', 'prototype', 'constructor.prototype', '__proto__.polluted', ''),
  fc.constantFrom('a', 'name', 'id', 'email', 'x.y', '0', '\u0000', '\ud800'),
  fc.string({ maxLength: 10 }),
);

/** Any JSON value, hostile: wrong types, hostile strings, odd numbers, prototype keys, arrays where objects go. */
export const hostileValue: fc.Arbitrary<unknown> = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    hostileString,
    fc.constantFrom(null, true, false, 0, -1, 1.5, 1e308, -0, Number.MAX_SAFE_INTEGER + 2, 2 ** 31),
    fc.integer(),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(hostileKey, tie('value'), { maxKeys: 4 }),
  ),
})).value;

/** A JSON Schema as the OpenAPI document has it (the parts the fuzzers read). */
export interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  enum?: unknown[];
  example?: unknown;
  default?: unknown;
  format?: string;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  minimum?: number;
  minItems?: number;
  const?: unknown;
}

/** A plausible value for a schema (its example, an enum member, a well-formed id or date), to get past validation. */
export function plausible(s: JsonSchema | undefined, uuid: string): unknown {
  if (!s) return 'x';
  if (s.example !== undefined) return s.example;
  if (s.const !== undefined) return s.const;
  if (s.enum?.length) return s.enum[0];
  if (s.default !== undefined) return s.default;
  const alt = s.anyOf ?? s.oneOf ?? s.allOf;
  if (alt?.length) return plausible(alt[0], uuid);
  const type = Array.isArray(s.type) ? s.type[0] : s.type;
  if (type === 'object' || s.properties) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(s.properties ?? {})) out[k] = plausible(v, uuid);
    return out;
  }
  if (type === 'array') return Array.from({ length: Math.max(1, s.minItems ?? 1) }, () => plausible(s.items, uuid));
  if (type === 'integer' || type === 'number') return Math.max(1, s.minimum ?? 1);
  if (type === 'boolean') return true;
  if (s.format === 'uuid') return uuid;
  if (s.format === 'date') return '2026-05-04';
  if (s.format === 'date-time') return '2026-05-04T14:05:00Z';
  if (s.format === 'email') return 'someone@example.com';
  return 'text';
}

/** Every path to a leaf or branch of a plausible value, to aim a mutation at. */
function paths(v: unknown, at: (string | number)[] = []): (string | number)[][] {
  const out: (string | number)[][] = [at];
  if (Array.isArray(v)) v.forEach((x, i) => out.push(...paths(x, [...at, i])));
  else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) out.push(...paths(x, [...at, k]));
  return out;
}
const valueAt = (root: unknown, at: (string | number)[]) =>
  at.reduce<unknown>(
    (v, k) => (v && typeof v === 'object' ? (v as Record<string | number, unknown>)[k] : undefined),
    root,
  );
function setAt(root: unknown, at: (string | number)[], value: unknown): unknown {
  if (!at.length) return value;
  const copy: unknown = structuredClone(root);
  let node = copy as Record<string | number, unknown>;
  for (const k of at.slice(0, -1)) {
    node = node[k] as Record<string | number, unknown>;
    // an earlier mutation replaced a branch on the way: this one has nothing left to aim at
    if (typeof node !== 'object' || node === null) return copy;
  }
  if (typeof node !== 'object' || node === null) return copy;
  Object.defineProperty(node, at[at.length - 1], { value, enumerable: true, writable: true, configurable: true });
  return copy;
}

/**
 * A body for a schema: a plausible one with one to three places replaced by hostile values (or removed, or given a
 * prototype key beside them), or something unrelated altogether.
 */
export const hostileBody = (schema: JsonSchema | undefined, uuid: string): fc.Arbitrary<unknown> => {
  const base = plausible(schema, uuid);
  const spots = paths(base);
  // a text field mostly gets hostile text (so the request passes the schema's types and reaches the service)
  const mutation = fc.nat(spots.length - 1).chain((i) => {
    const text = typeof valueAt(base, spots[i]) === 'string';
    const value = text
      ? fc.oneof({ weight: 3, arbitrary: hostileString }, { weight: 1, arbitrary: hostileValue })
      : hostileValue;
    return fc.tuple(fc.constant(i), value, fc.constantFrom('replace', 'replace', 'drop', 'proto'));
  });
  return fc.oneof(
    { weight: 1, arbitrary: fc.constant(base) },
    {
      weight: 6,
      arbitrary: fc.array(mutation, { minLength: 1, maxLength: 3 }).map((ms) => {
        let v: unknown = base;
        for (const [i, value, how] of ms) {
          const at = spots[i];
          if (how === 'replace') v = setAt(v, at, value);
          else if (how === 'drop' && at.length) v = setAt(v, at, undefined);
          else v = setAt(v, [...at.slice(0, -1), '__proto__'], { polluted: value });
        }
        return v;
      }),
    },
    { weight: 2, arbitrary: hostileValue },
  );
};

/** A path segment for an id: well-formed, hostile, over the router's 100-character limit, or encoded garbage. */
export const hostileSegment = (good: string[]): fc.Arbitrary<string> =>
  fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom(...good) },
    { weight: 3, arbitrary: fc.constantFrom(...BAD_IDS, ...BAD_DATES).map(encodeURIComponent) },
    { weight: 1, arbitrary: fc.constantFrom('a'.repeat(101), 'b'.repeat(500), '%', '%zz', '%00', '%ED%A0%80') },
    { weight: 2, arbitrary: hostileString.map((s) => encodeURIComponent(wellFormed(s).slice(0, 300))) },
  );

/** A raw body and its content type: JSON of a value, broken JSON, deep JSON, a form, multipart without boundary. */
export interface RawBody {
  contentType?: string;
  payload?: string | Buffer;
}
export const rawBody = (value: fc.Arbitrary<unknown>): fc.Arbitrary<RawBody> =>
  fc.oneof(
    {
      weight: 10,
      arbitrary: value.map((v) => ({ contentType: 'application/json', payload: JSON.stringify(v) ?? '' })),
    },
    {
      weight: 1,
      arbitrary: fc.constantFrom<RawBody>(
        { contentType: 'application/json', payload: '{' },
        { contentType: 'application/json', payload: '' },
        { contentType: 'application/json', payload: '{"__proto__":{"polluted":1}}' },
        { contentType: 'application/json', payload: '{"constructor":{"prototype":{"polluted":1}}}' },
        { contentType: 'application/json', payload: deepJson(5_000, false) },
        { contentType: 'application/json', payload: deepJson(2_000, true) },
        { contentType: 'application/json; charset=utf-16', payload: '{}' },
        { contentType: 'application/json', payload: Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x3a, 0x31, 0x7d]) },
        { contentType: 'multipart/form-data', payload: 'a=1' },
        { contentType: 'multipart/form-data; boundary=', payload: '--\r\n' },
        { contentType: 'multipart/form-data; boundary=zz', payload: '--zz\r\nContent-Disposition: form-data; na' },
        {
          contentType: 'multipart/form-data; boundary=zz',
          payload: '--zz\r\nContent-Disposition: form-data; name="__proto__"\r\n\r\nx\r\n--zz--\r\n',
        },
        { contentType: 'text/plain', payload: 'hello' },
        { contentType: 'application/xml', payload: '<a/>' },
        { contentType: 'application/x-www-form-urlencoded', payload: 'a=1&a=2&__proto__.x=1&b=%00' },
        { contentType: '', payload: '{}' },
        { contentType: ';;;', payload: '{}' },
        { payload: '{}' },
      ),
    },
  );

/** Accept-Language headers: none, each language, regional, weighted, garbage. */
export const acceptLanguage = fc.constantFrom(undefined, 'fr', 'es', 'en', 'fr-CA', 'es-MX,es;q=0.9', 'de', '*', ';;');

/** A url-encoded form body from fields (a repeated field is a name twice), percent-encoded. */
export const urlEncoded = (fields: [string, string][]) =>
  fields.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(wellFormed(v))}`).join('&');
/** A multipart body from fields, with its boundary. */
export const multipart = (fields: [string, string][], boundary = 'fuzzboundary') =>
  fields.map(([k, v]) => `--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`).join('') +
  `--${boundary}--\r\n`;
