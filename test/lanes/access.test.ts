// The lanes module's named policies and queue scope, as pure functions over plain data (no database).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { User } from '../../src/kernel/auth.ts';
import {
  canDecideAtPort,
  canRecordSecondaryOutcome,
  kioskLane,
  portsForOfficer,
  referralQueueScope,
  worksAtPort,
} from '../../src/modules/lanes/access.ts';
import type { Lane, Port } from '../../src/modules/lanes/index.ts';

const officer = (agency: 'CBSA' | 'CBP' | 'INM', roles: User['roles'] = ['border_officer']): User => ({
  id: `00000000-0000-4000-8000-00000000000${agency.length}`,
  email: `${agency.toLowerCase()}@example.test`,
  kind: 'officer',
  agency,
  country: agency === 'CBSA' ? 'CA' : agency === 'CBP' ? 'US' : 'MX',
  roles,
  displayName: agency,
  locale: 'en',
});
const cbsa = officer('CBSA'),
  cbp = officer('CBP'),
  inm = officer('INM');
const applicant: User = { ...cbp, kind: 'public', agency: null, country: null, roles: ['applicant'] };
const analyst = officer('CBP', ['targeting_analyst']);

const port = (id: string, country: Port['country'], kind: Port['kind'] = 'land'): Port => ({
  id,
  code: id.slice(3),
  name: id,
  country,
  border: kind === 'preclearance' ? 'air' : 'north',
  kind,
  partnerPortId: null,
  state: null,
  latitude: null,
  longitude: null,
  major: true,
});
const lane = (p: Port, laneType: Lane['laneType'], direction: Lane['direction']): Lane => ({
  id: `${p.id}-${laneType}`,
  portId: p.id,
  laneType,
  direction,
  booths: 2,
  schedule: [],
});
const buffalo = port('US-0901', 'US'),
  fortErie = port('CA-0901', 'CA'),
  yyz = port('PC-YYZ', 'CA', 'preclearance'),
  tijuana = port('MX-2504', 'MX');
const lanes = [
  lane(buffalo, 'general', 'US'),
  lane(buffalo, 'trusted', 'US'),
  lane(fortErie, 'general', 'CA'),
  lane(yyz, 'preclearance', 'US'),
  lane(yyz, 'preclearance_trusted', 'US'),
  lane(tijuana, 'general', 'MX'),
];
const lanesOf = (id: string) => lanes.filter((l) => l.portId === id);

test('worksAtPort: own country, and a US officer also at a preclearance site abroad', () => {
  assert.equal(worksAtPort(cbp, buffalo), true);
  assert.equal(worksAtPort(cbp, yyz), true);
  assert.equal(worksAtPort(cbp, fortErie), false);
  assert.equal(worksAtPort(cbsa, fortErie), true);
  assert.equal(worksAtPort(cbsa, buffalo), false);
  assert.equal(worksAtPort(inm, tijuana), true);
  assert.equal(worksAtPort(applicant, buffalo), false);
  assert.equal(worksAtPort(analyst, buffalo), false, 'a border officer role is needed');
});

test('canDecideAtPort: allowed on entries into the officer country, refused elsewhere', () => {
  const at = (p: Port, type: Lane['laneType']) => ({ port: p, lane: lanesOf(p.id).find((l) => l.laneType === type)! });
  assert.equal(canDecideAtPort.name, 'canDecideAtPort');
  assert.equal(canDecideAtPort.allows(cbp, at(buffalo, 'trusted')), true);
  assert.equal(canDecideAtPort.allows(cbp, at(yyz, 'preclearance')), true);
  assert.equal(canDecideAtPort.allows(cbsa, at(fortErie, 'general')), true);
  // refused: another country's port, a US entry decided by a Canadian officer at a Canadian airport, no role
  assert.equal(canDecideAtPort.allows(cbsa, at(buffalo, 'trusted')), false);
  assert.equal(canDecideAtPort.allows(cbp, at(fortErie, 'general')), false);
  assert.equal(canDecideAtPort.allows(cbsa, at(yyz, 'preclearance')), false);
  assert.equal(canDecideAtPort.allows(inm, at(buffalo, 'general')), false);
  assert.equal(canDecideAtPort.allows(applicant, at(buffalo, 'general')), false);
  assert.equal(canDecideAtPort.allows(analyst, at(buffalo, 'general')), false);
});

test('portsForOfficer: the ports where an officer decides on at least one lane', () => {
  const ids = (u: User) => portsForOfficer(u, [buffalo, fortErie, yyz, tijuana], lanesOf).map((p) => p.id);
  assert.deepEqual(ids(cbp), ['US-0901', 'PC-YYZ']);
  assert.deepEqual(ids(cbsa), ['CA-0901']);
  assert.deepEqual(ids(inm), ['MX-2504']);
  assert.deepEqual(ids(applicant), []);
});

test('referralQueueScope: an officer sees their own agency and country; others have no queue', () => {
  assert.deepEqual(referralQueueScope(cbp), { country: 'US', agency: 'CBP' });
  assert.deepEqual(referralQueueScope(cbsa), { country: 'CA', agency: 'CBSA' });
  assert.equal(referralQueueScope(applicant), null);
  assert.equal(referralQueueScope(analyst), null);
});

test('canRecordSecondaryOutcome: the owning agency at a port where the officer works', () => {
  const cbpReferral = { country: 'US', agency: 'CBP' } as const;
  assert.equal(canRecordSecondaryOutcome.name, 'canRecordSecondaryOutcome');
  assert.equal(canRecordSecondaryOutcome.allows(cbp, { referral: cbpReferral, port: buffalo }), true);
  assert.equal(canRecordSecondaryOutcome.allows(cbp, { referral: cbpReferral, port: yyz }), true);
  assert.equal(canRecordSecondaryOutcome.allows(cbsa, { referral: cbpReferral, port: yyz }), false);
  assert.equal(canRecordSecondaryOutcome.allows(cbsa, { referral: cbpReferral, port: buffalo }), false);
  assert.equal(
    canRecordSecondaryOutcome.allows(cbsa, { referral: { country: 'CA', agency: 'CBSA' }, port: fortErie }),
    true,
  );
  assert.equal(canRecordSecondaryOutcome.allows(analyst, { referral: cbpReferral, port: buffalo }), false);
});

test('kioskLane: the members lane of a port, or none', () => {
  assert.equal(kioskLane(lanesOf('US-0901'))?.id, 'US-0901-trusted');
  assert.equal(kioskLane(lanesOf('PC-YYZ'))?.id, 'PC-YYZ-preclearance_trusted');
  assert.equal(kioskLane(lanesOf('MX-2504')), null);
});
