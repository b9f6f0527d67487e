// Summary of a V8 CPU profile of the server under load: self time by area of the code, the hottest functions, and the
// (synchronous) inclusive time of the functions on the decision path.
import fs from 'node:fs';

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
}
interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
}
interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

export interface ProfileSummary {
  /** sampled wall time; shares below are of the busy part (neither idle nor the profiler itself) */
  totalMs: number;
  busyMs: number;
  areas: { area: string; ms: number; share: number }[];
  functions: { fn: string; at: string; ms: number; share: number }[];
  inclusive: { fn: string; ms: number; share: number }[];
}

// Fastify, its plugins and the libraries they bring.
const FASTIFY_PACKAGES = [
  'fastify',
  '@fastify',
  'find-my-way',
  'avvio',
  'fast-json-stringify',
  'light-my-request',
  'fast-querystring',
  'secure-json-parse',
  'toad-cache',
  'process-warning',
  'abstract-logging',
  'fast-decode-uri-component',
  'safe-regex2',
  'ret',
];
// Node's HTTP, socket, stream, timer and event internals.
const NODE_HTTP =
  '^node:(_http|http|net|internal/(http|net|stream|streams|js_stream|child_process)|stream|internal/timers|timers|' +
  'internal/process/task_queues|events)';

const AREAS: [string, RegExp][] = [
  ['PGlite (embedded PostgreSQL, WASM, same thread)', /@electric-sql\/pglite|^wasm:\/\//],
  ['profiler overhead', /^node:inspector/],
  ['pg driver (protocol, parsing)', /node_modules\/(pg|pg-protocol|pg-pool|pg-types|postgres-)/],
  ['Kysely (query building)', /node_modules\/kysely/],
  ['screening engine (lookouts index)', /src\/modules\/lookouts\/engine\//],
  ['lookouts service (screen wrapper)', /src\/modules\/lookouts\/service\.ts/],
  ['MRZ parsing and document numbers', /src\/modules\/travellers\/domain\/|node_modules\/mrz\//],
  ['membership look-up (travellers)', /src\/modules\/travellers\/(service|directory)\.ts/],
  ['lanes service, rules, API', /src\/modules\/lanes\//],
  ['kernel (hooks, auth, audit, crypto, i18n)', /src\/kernel\//],
  ['zod (validation, serialization)', /node_modules\/(zod|fastify-type-provider-zod)\//],
  ['Fastify and plugins', new RegExp(`node_modules/(${FASTIFY_PACKAGES.join('|')})/`)],
  ['pino', /node_modules\/pino/],
  ['intl-messageformat (reason messages)', /node_modules\/(intl-messageformat|@formatjs)\//],
  ['Node crypto (HMAC, AES, UUID)', /^node:(internal\/)?crypto|internal\/crypto/],
  ['Node HTTP and sockets', new RegExp(NODE_HTTP)],
];

function areaOf(cf: CallFrame): string {
  if (!cf.url) {
    if (cf.functionName === 'wasm-to-js' || cf.functionName === 'js-to-wasm')
      return 'PGlite (embedded PostgreSQL, WASM, same thread)';
    if (cf.functionName === '(garbage collector)') return 'garbage collection';
    if (cf.functionName === '(idle)') return 'idle';
    if (cf.functionName === '(program)') return 'V8/native (program)';
    return 'native (' + (cf.functionName || 'anonymous') + ')';
  }
  for (const [name, re] of AREAS) if (re.test(cf.url)) return name;
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(cf.url);
  if (pkg) return pkg[1];
  if (cf.url.startsWith('node:')) return 'Node internals (other)';
  return 'other';
}

const INCLUSIVE = [
  'decidePrimary',
  'readOccupant',
  'parseMrz',
  'lookupMembershipNow',
  'blindIndex',
  'screen',
  'fingerprint',
  'memberPersonal',
  'userForToken',
  'kick',
  'append',
  'decide',
  'localize',
  'serialize',
  'validate',
];

export function summarizeProfile(file: string, top = 25): ProfileSummary {
  const p: CpuProfile = JSON.parse(fs.readFileSync(file, 'utf8'));
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const self = new Map<number, number>();
  let total = 0;
  for (let i = 0; i < p.samples.length; i++) {
    const dt = p.timeDeltas[i] ?? 0;
    self.set(p.samples[i], (self.get(p.samples[i]) ?? 0) + dt);
    total += dt;
  }
  const idle = [...self]
    .filter(([id]) => byId.get(id)?.callFrame.functionName === '(idle)')
    .reduce((a, [, t]) => a + t, 0);
  // The inspector's own work (starting and stopping the profile) is left out of the shares.
  const overhead = [...self]
    .filter(([id]) => /^node:inspector/.test(byId.get(id)?.callFrame.url ?? ''))
    .reduce((a, [, t]) => a + t, 0);
  const busy = total - idle - overhead;
  const areas = new Map<string, number>(),
    fns = new Map<string, { at: string; t: number }>(),
    incl = new Map<string, number>();
  // Native frames (crypto bindings, socket writes, file calls) count for the JavaScript that called them.
  const areaOfNode = (id: number): string => {
    const cf = byId.get(id)!.callFrame;
    if (
      cf.url ||
      ['(garbage collector)', '(idle)', '(program)', '(root)', 'wasm-to-js', 'js-to-wasm'].includes(cf.functionName)
    )
      return areaOf(cf);
    const up = parent.get(id);
    return up === undefined ? areaOf(cf) : areaOfNode(up);
  };
  for (const [id, t] of self) {
    const n = byId.get(id)!;
    const cf = n.callFrame;
    const area = areaOfNode(id);
    areas.set(area, (areas.get(area) ?? 0) + t);
    if (cf.functionName !== '(idle)' && area !== 'profiler overhead') {
      const url = cf.url.replace(/^.*\/(node_modules|src|bench)\//, '$1/');
      const key = `${cf.functionName || '(anonymous)'} ${url}:${cf.lineNumber + 1}`;
      const f = fns.get(key) ?? { at: area, t: 0 };
      f.t += t;
      fns.set(key, f);
    }
    // Inclusive: credit each named function once per sample stack.
    const seen = new Set<string>();
    for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
      const name = byId.get(cur)!.callFrame.functionName;
      if (INCLUSIVE.includes(name) && !seen.has(name)) {
        seen.add(name);
        incl.set(name, (incl.get(name) ?? 0) + t);
      }
    }
  }
  const ms = (us: number) => Math.round(us / 100) / 10;
  const share = (us: number) => Math.round((us / busy) * 1000) / 10;
  return {
    totalMs: ms(total),
    busyMs: ms(busy),
    areas: [...areas]
      .filter(([a]) => a !== 'idle' && a !== 'profiler overhead')
      .sort((a, b) => b[1] - a[1])
      .map(([area, t]) => ({ area, ms: ms(t), share: share(t) }))
      .concat([{ area: 'idle', ms: ms(idle), share: Math.round((idle / total) * 1000) / 10 }]),
    functions: [...fns]
      .sort((a, b) => b[1].t - a[1].t)
      .slice(0, top)
      .map(([fn, f]) => ({ fn, at: f.at, ms: ms(f.t), share: share(f.t) })),
    inclusive: [...incl].sort((a, b) => b[1] - a[1]).map(([fn, t]) => ({ fn, ms: ms(t), share: share(t) })),
  };
}
