// `node --expose-gc bench/lanes/members-heap.ts [N]`: JS heap taken per member by the members index of recurrent
// vetting (a ScreeningIndex of registered people, entries shaped as lookouts/service.ts builds them from the
// benchmark's members), measured after full garbage collections. Ids are made flat as the database gives them.
import { ScreeningIndex } from '../../src/modules/lookouts/engine/screening-index.ts';
import { member } from './data.ts';

const N = Number(process.argv[2] ?? 200_000);
const gc = (globalThis as { gc?: () => void }).gc;
if (!gc || !(N > 0)) {
  process.stderr.write('usage: node --expose-gc bench/lanes/members-heap.ts [members]\n');
  process.exit(2);
}
// String concatenation leaves a chain of string pieces; a value read from the database is one flat string.
const flat = (s: string) => Buffer.from(s, 'utf8').toString('utf8');
gc();
const before = process.memoryUsage().heapUsed;
const index = new ScreeningIndex();
const t = performance.now();
for (let i = 0; i < N; i++) {
  const m = member(i);
  const ref = 'membership:' + flat(crypto.randomUUID());
  index.upsert({
    id: ref,
    type: 'person',
    names: [flat(`${m.given} ${m.surname}`)],
    birthDates: [m.birthDate],
    nationalities: [m.passportCountry],
    documents: [{ type: 'passport', number: flat(m.passportNumber), country: m.passportCountry }],
  });
}
const buildMs = performance.now() - t;
gc();
const bytes = process.memoryUsage().heapUsed - before;
process.stdout.write(
  JSON.stringify({
    members: N,
    bytesPerMember: Math.round(bytes / N),
    heapMB: Math.round(bytes / 2 ** 20),
    buildMs: Math.round(buildMs),
    indexed: index.size,
  }) + '\n',
);
