// The primary-inspection rules as a pure function over already-resolved facts: documents read and checked,
// memberships looked up, lookout hits. Returns admit or refer with every reason, never throws.
import type { LaneCode, ProgrammeCode } from '../../travellers/index.ts';

export const LANE_TYPES = [
  'general',
  'trusted',
  'ready',
  'fast',
  'commercial',
  'pedestrian',
  'pedestrian_trusted',
  'preclearance',
  'preclearance_trusted',
] as const;
export type LaneType = (typeof LANE_TYPES)[number];
export interface Reason {
  key: string;
  args?: Record<string, string | number>;
}

export interface OccupantFacts {
  document: { kind: 'passport' | 'card' | 'rfid' | 'none'; ok: boolean; problems: string[]; rfidCapable: boolean };
  membership: {
    active: boolean;
    status: string;
    cardStatus: string | null;
    programmes: ProgrammeCode[];
    grantedLanes: LaneCode[];
  } | null;
  hits: { category: string; recommendedAction: string; score: number }[];
}
export interface LaneFacts {
  laneType: LaneType;
  border: 'north' | 'south' | 'air';
  direction: 'CA' | 'US' | 'MX';
}

/** Which membership lane grant a trusted lane requires (null: none needed). */
export function requiredGrant(l: LaneFacts): LaneCode | null {
  switch (l.laneType) {
    case 'trusted':
    case 'pedestrian_trusted':
      if (l.border === 'north') return l.direction === 'US' ? 'NORTH_LAND_TT_INTO_US' : 'NORTH_LAND_TT_INTO_CA';
      return l.direction === 'US' ? 'SOUTH_LAND_TT_INTO_US' : null;
    case 'fast':
      if (l.border === 'north') return l.direction === 'US' ? 'FAST_NORTH_INTO_US' : 'FAST_NORTH_INTO_CA';
      return l.direction === 'US' ? 'FAST_SOUTH_INTO_US' : null;
    case 'preclearance_trusted':
      return 'AIR_US_KIOSK';
    default:
      return null;
  }
}

export function decide(
  lane: LaneFacts,
  occupants: OccupantFacts[],
  plateHits: { category: string; recommendedAction: string }[],
): { outcome: 'admit' | 'refer'; reasons: Reason[] } {
  const reasons: Reason[] = [];
  if (occupants.length === 0) reasons.push({ key: 'lanes.reason.no_occupants' });
  const grant = requiredGrant(lane);
  occupants.forEach((o, i) => {
    const n = i + 1;
    if (o.document.kind === 'none') reasons.push({ key: 'lanes.reason.document_unreadable', args: { n } });
    for (const p of o.document.problems) reasons.push({ key: p, args: { n } });
    if (lane.laneType === 'ready' && o.document.ok && !o.document.rfidCapable)
      reasons.push({ key: 'lanes.reason.ready_needs_rfid', args: { n } });
    // In a FAST lane the driver (first occupant) must be a FAST member; other lanes require every occupant.
    const mustBeMember = grant !== null && (lane.laneType !== 'fast' || i === 0);
    if (mustBeMember) {
      const m = o.membership;
      if (!m) reasons.push({ key: 'lanes.reason.not_member', args: { n } });
      else if (m.cardStatus && m.cardStatus !== 'active')
        reasons.push({ key: 'lanes.reason.card_' + m.cardStatus, args: { n } });
      else if (!m.active)
        reasons.push({ key: 'lanes.reason.membership_' + (m.status === 'active' ? 'expired' : m.status), args: { n } });
      else if (!m.grantedLanes.includes(grant))
        reasons.push({ key: 'lanes.reason.lane_not_granted', args: { n, programmes: m.programmes.join(', ') } });
    }
    for (const h of o.hits)
      reasons.push({ key: 'lanes.reason.lookout', args: { n, category: h.category, action: h.recommendedAction } });
  });
  for (const h of plateHits)
    reasons.push({ key: 'lanes.reason.plate_lookout', args: { category: h.category, action: h.recommendedAction } });
  return { outcome: reasons.length ? 'refer' : 'admit', reasons };
}
