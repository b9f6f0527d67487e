// `node bench/lanes/scavenge-cost.ts [objects]`: how long each young-generation collection takes when the heap holds
// N long-lived small objects (snapshots in Maps, as the membership directory held its members before it moved to
// typed arrays) while only short-lived garbage is allocated. Run it with 20000 and with 1000000: the difference is
// the fixed cost a large old generation adds to every scavenge (docs/benchmarks.md).
import { PerformanceObserver, constants } from 'node:perf_hooks';

const N = Number(process.argv[2] ?? 1_000_000);
if (!(N > 0)) {
  process.stderr.write('usage: node bench/lanes/scavenge-cost.ts [objects]\n');
  process.exit(2);
}
const byId = new Map<string, object>(),
  byKey = new Map<string, string>();
for (let i = 0; i < N; i++) {
  const id = `m-${i}-${(i * 2654435761) >>> 0}`;
  const snapshot = {
    id,
    number: String(100_000_000 + i),
    status: 'active',
    expiresAt: i,
    cards: new Map([[`c-${id}`, 'active']]),
  };
  byId.set(id, snapshot);
  byKey.set(`k-${id}`, id);
}
const minor: number[] = [];
const obs = new PerformanceObserver((list) => {
  for (const e of list.getEntries())
    if ((e as any).detail?.kind === constants.NODE_PERFORMANCE_GC_MINOR) minor.push(e.duration);
});
obs.observe({ entryTypes: ['gc'] });
// short-lived garbage only, a little of it alive across a few iterations (like requests in flight)
const live: unknown[] = [];
const t0 = performance.now();
while (performance.now() - t0 < 4000) {
  live.push({ a: Array.from({ length: 50 }, (_, i) => ({ i, s: 'x' + i })) });
  if (live.length > 200) live.shift();
}
setTimeout(() => {
  obs.disconnect();
  minor.sort((a, b) => a - b);
  const mean = minor.reduce((a, b) => a + b, 0) / minor.length;
  process.stdout.write(
    JSON.stringify({
      objects: N,
      heapMB: Math.round(process.memoryUsage().heapUsed / 2 ** 20),
      scavenges: minor.length,
      meanMs: Math.round(mean * 100) / 100,
      p50Ms: Math.round(minor[minor.length >> 1] * 100) / 100,
      kept: byId.size + byKey.size,
    }) + '\n',
  );
}, 100);
