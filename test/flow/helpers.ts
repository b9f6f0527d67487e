// Shared builders for the flow simulation tests.
import type { DistributionSpec } from '../../src/modules/flow/sim/distributions.ts';
import type { PortModel } from '../../src/modules/flow/sim/model.ts';
import type { SimRaw } from '../../src/modules/flow/sim/engine.ts';

/** One lane of c booths, Poisson arrivals at utilisation rho, all day long. */
export function singleLane(
  c: number,
  rho: number,
  service: DistributionSpec,
  meanService: number,
  queue: 'pooled' | 'split' = 'pooled',
): PortModel {
  const perHour = ((rho * c) / meanService) * 3600;
  return {
    periodHours: 24,
    lanes: [{ id: 'lane', type: 'general', booths: new Array(24).fill(c), service, queue }],
    streams: [
      { id: 'cars', ratePerHour: new Array(24).fill(perHour), classes: [{ id: 'car', share: 1, lanes: ['lane'] }] },
    ],
  };
}

/** Days needed for about n vehicles at the model's first stream rate. */
export function daysFor(model: PortModel, n: number): number {
  const perDay = model.streams[0].ratePerHour.reduce((a, b) => a + b, 0);
  return Math.max(1, Math.ceil(n / perDay));
}

/** Overall mean wait (seconds) of one replication. */
export function meanWait(raw: SimRaw): number {
  let n = 0;
  let w = 0;
  for (let i = 0; i < raw.served.length; i++) {
    n += raw.served[i];
    w += raw.sumWait[i];
  }
  return w / n;
}
