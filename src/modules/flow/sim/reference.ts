/**
 * Reference inspection times by lane type, with their sources, as defaults for scenario editors.
 * Means in seconds; the coefficients of variation are assumptions (inspections are right-skewed:
 * most are short, a few long), as are the figures marked "assumption".
 */
import type { DistributionSpec } from './distributions.ts';
import type { LaneType } from './model.ts';

export interface ReferenceServiceTime {
  service: DistributionSpec;
  source: string;
}

export const REFERENCE_SERVICE_TIMES: Record<LaneType, ReferenceServiceTime> = {
  general: {
    service: { kind: 'lognormal', mean: 34, cv: 0.6 },
    source:
      'Primary inspection averages 34 s per car in general lanes: Villegas, Gurian, Heyman et al., ' +
      '"Trade-offs between security and inspection capacity: policy options for land border ports of entry", ' +
      'Transportation Research Record 1942 (2006) 16–22, El Paso–Ciudad Juárez',
  },
  ready: {
    service: { kind: 'lognormal', mean: 27.2, cv: 0.6 },
    source:
      'Ready Lanes (RFID-enabled documents) process travellers about 20% faster than general lanes (CBP): 0.8 × 34 s',
  },
  trusted: {
    service: { kind: 'lognormal', mean: 20, cv: 0.5 },
    source:
      'Assumption: no published per-vehicle figure for NEXUS/SENTRI cars was found; ' +
      'set by analogy with trusted trucks (23 s against 1–2 min)',
  },
  fast: {
    service: { kind: 'lognormal', mean: 23, cv: 0.5 },
    source:
      'A trusted (FAST) truck clears in about 23 s against one to two minutes: Ambassador Bridge, ' +
      'Detroit International Bridge Company before the House of Commons Standing Committee on Transport, ' +
      'Infrastructure and Communities (2018)',
  },
  commercial: {
    service: { kind: 'lognormal', mean: 90, cv: 0.6 },
    source:
      'One to two minutes per truck (same testimony); Michigan Tech (MTRI) measured 1 to 1.5 min ' +
      'average truck inspections at the Ambassador Bridge',
  },
  pedestrian: {
    service: { kind: 'lognormal', mean: 45, cv: 0.7 },
    source: 'Assumption',
  },
  pedestrian_ready: {
    service: { kind: 'lognormal', mean: 36, cv: 0.7 },
    source: 'Assumption: 20% faster than general pedestrian processing, as for vehicles',
  },
  bus: {
    service: { kind: 'lognormal', mean: 600, cv: 0.5 },
    source: 'Assumption: a bus is processed as a group (about 10 min)',
  },
};
