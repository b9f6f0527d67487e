// Load generation with autocannon (programmatic), run in the benchmark's parent process, never in the server's.
import autocannon, { type Result } from 'autocannon';
import type { PoolRequest } from './data.ts';

export interface LoadResult {
  seconds: number;
  ok: number;
  perSecond: number;
  p50Ms: number;
  p90Ms: number;
  p99Ms: number;
  maxMs: number;
  meanMs: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  statusCodes: Record<string, number>;
}
const summarize = (r: Result): LoadResult => ({
  seconds: r.duration,
  ok: r['2xx'],
  perSecond: Math.round(r['2xx'] / r.duration),
  p50Ms: r.latency.p50,
  p90Ms: r.latency.p90,
  p99Ms: r.latency.p99,
  maxMs: r.latency.max,
  meanMs: Math.round(r.latency.mean * 100) / 100,
  non2xx: r.non2xx,
  errors: r.errors,
  timeouts: r.timeouts,
  statusCodes: Object.fromEntries(Object.entries(r.statusCodeStats ?? {}).map(([k, v]) => [k, v.count])),
});

/** The ceiling: GET of a small JSON from a bare Fastify app. */
export async function ceilingRun(port: number, o: { connections: number; seconds: number }): Promise<LoadResult> {
  return summarize(
    await autocannon({
      url: `http://127.0.0.1:${port}/ping`,
      connections: o.connections,
      pipelining: 1,
      duration: o.seconds,
    }),
  );
}

/**
 * Decisions: each request takes the next body of the pool (shared counter, so connections do not replay the same
 * sequence); the crossingId of every 200 answer is kept for the durability check.
 */
export async function decisionsRun(
  port: number,
  token: string,
  pool: PoolRequest[],
  o: {
    connections: number;
    seconds: number;
    start?: number;
    acknowledged: string[];
    statusSample?: Map<number, string>;
  },
): Promise<LoadResult> {
  let next = o.start ?? 0;
  const r = await autocannon({
    url: `http://127.0.0.1:${port}`,
    connections: o.connections,
    pipelining: 1,
    duration: o.seconds,
    timeout: 30,
    requests: [
      {
        method: 'POST',
        path: '/api/v1/lanes/decisions',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'accept-language': 'en' },
        setupRequest: (req) => {
          req.body = pool[next++ % pool.length].body;
          return req;
        },
        onResponse: (status, body) => {
          if (status === 200) {
            const i = body.indexOf('"crossingId":"');
            if (i >= 0) o.acknowledged.push(body.slice(i + 14, i + 50));
          } else if (o.statusSample && !o.statusSample.has(status)) o.statusSample.set(status, body.slice(0, 300));
        },
      },
    ],
  });
  return summarize(r);
}
