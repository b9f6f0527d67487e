// The access matrix: every named policy of every module's access.ts and of src/kernel/policies.ts, asked for every
// user (role x agency x country, the public) and every kind of record (owned by each country and agency), against the
// rule written below as a table from the programmes' and agencies' rules, not from what the code answers. Then one
// representative operation per policy through the real HTTP routes, for every demo account: the status, exactly one
// `access.denied` entry for a refusal, exactly one read entry for a permitted read of personal data.
// A policy exported without a row in RULES fails the first test.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { sql } from 'kysely';
import { testPlatform, type TestPlatform } from './helpers.ts';
import { canadianApplicant, makeMember } from './travellers/fixtures.ts';
import type { Policy } from '../src/kernel/access.ts';
import { AGENCY_CODES, type AgencyCode, type CountryCode } from '../src/kernel/agencies.ts';
import { actorOf, findUserByEmail, ROLES, type Role, type User } from '../src/kernel/auth.ts';
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from '../src/seed.ts';
import * as kernelPolicies from '../src/kernel/policies.ts';
import * as travellersAccess from '../src/modules/travellers/access.ts';
import * as lookoutsAccess from '../src/modules/lookouts/access.ts';
import * as lanesAccess from '../src/modules/lanes/access.ts';
import * as flowAccess from '../src/modules/flow/access.ts';
import type { Lane, Port } from '../src/modules/lanes/domain/ports.ts';
import type { ProgrammeCode } from '../src/modules/travellers/domain/programmes.ts';

// ---------------------------------------------------------------------------------------------------------------
// The facts the rule is written from (the programmes' official pages, cited in travellers/domain/programmes.ts).
/** The border agency of each country. */
const COUNTRY: Record<AgencyCode, CountryCode> = { CBSA: 'CA', CBP: 'US', INM: 'MX' };
/** Who vets (and enrols: interviews, issues cards for) each programme. */
const VETTED_BY: Record<string, AgencyCode[]> = {
  NEXUS: ['CBSA', 'CBP'], // joint Canada–US programme
  GLOBAL_ENTRY: ['CBP'],
  SENTRI: ['CBP'],
  'FAST north': ['CBSA', 'CBP'], // northern FAST: jointly with CBSA
  'FAST south': ['CBP'], // southern FAST: CBP alone
  VIAJERO_CONFIABLE: ['INM'],
};
const PROGRAMME_OF: Record<string, { programmes: ProgrammeCode[]; fastRegion: 'north' | 'south' | null }> = {
  NEXUS: { programmes: ['NEXUS'], fastRegion: null },
  GLOBAL_ENTRY: { programmes: ['GLOBAL_ENTRY'], fastRegion: null },
  SENTRI: { programmes: ['SENTRI'], fastRegion: null },
  'FAST north': { programmes: ['FAST'], fastRegion: 'north' },
  'FAST south': { programmes: ['FAST'], fastRegion: 'south' },
  VIAJERO_CONFIABLE: { programmes: ['VIAJERO_CONFIABLE'], fastRegion: null },
};

// ---------------------------------------------------------------------------------------------------------------
// The records, owned by each country and agency.
const OWNER_ID = crypto.randomUUID();
interface Rec<S> {
  label: string;
  value: S;
}
interface TravellerRecord {
  userId: string;
  programmes: ProgrammeCode[];
  fastRegion: 'north' | 'south' | null;
  key: string;
}
type ApplicationRecord = TravellerRecord & { submittedAt: Date | null };
const APPLICATIONS: Rec<ApplicationRecord>[] = Object.keys(VETTED_BY).flatMap((key) =>
  [null, new Date()].map((submittedAt) => ({
    label: `${key} application, ${submittedAt ? 'submitted' : 'draft'}`,
    value: { userId: OWNER_ID, key, ...PROGRAMME_OF[key], submittedAt },
  })),
);
const MEMBERSHIPS: Rec<TravellerRecord>[] = Object.keys(VETTED_BY).map((key) => ({
  label: `${key} membership`,
  value: { userId: OWNER_ID, key, ...PROGRAMME_OF[key] },
}));
const NOTHING: Rec<null>[] = [{ label: '(no record)', value: null }];
interface Sharing {
  kind: 'lookout' | 'reference';
  agency: string | null;
  sharingAgencies: string[];
  sharingCountries: string[];
}
const LOOKOUTS: Rec<Sharing>[] = [
  ...AGENCY_CODES.map((a) => ({
    label: `${a} lookout, not shared`,
    value: { kind: 'lookout' as const, agency: a, sharingAgencies: [], sharingCountries: [] },
  })),
  {
    label: 'CBSA lookout shared with CBP',
    value: { kind: 'lookout', agency: 'CBSA', sharingAgencies: ['CBP'], sharingCountries: [] },
  },
  {
    label: 'CBP lookout shared with Mexico',
    value: { kind: 'lookout', agency: 'CBP', sharingAgencies: [], sharingCountries: ['MX'] },
  },
  { label: 'public list entry', value: { kind: 'reference', agency: null, sharingAgencies: [], sharingCountries: [] } },
];
interface HitOwner {
  agency: string | null;
  screeningAgencies: string[];
}
const HITS: Rec<HitOwner>[] = [
  { label: 'hit on a CBSA lookout, CBP screen', value: { agency: 'CBSA', screeningAgencies: ['CBP'] } },
  { label: 'hit on a CBP lookout, CBP screen', value: { agency: 'CBP', screeningAgencies: ['CBP'] } },
  { label: 'hit on an INM lookout, CBSA screen', value: { agency: 'INM', screeningAgencies: ['CBSA'] } },
  { label: 'public-list hit, joint CBSA+CBP screen', value: { agency: null, screeningAgencies: ['CBSA', 'CBP'] } },
  { label: 'public-list hit, INM screen', value: { agency: null, screeningAgencies: ['INM'] } },
];
const IMPORTS: Rec<{ source: string }>[] = [{ label: 'a public list', value: { source: 'UN' } }];
const FLOW_OWNERS: Rec<{ country: CountryCode; agency: AgencyCode }>[] = AGENCY_CODES.map((a) => ({
  label: `${a} flow data`,
  value: { country: COUNTRY[a], agency: a },
}));
const PORT_COUNTRIES: Rec<{ country: string }>[] = AGENCY_CODES.map((a) => ({
  label: `port in ${COUNTRY[a]}`,
  value: { country: COUNTRY[a] },
}));
const AUDIT_LOG: Rec<'audit_log'>[] = [{ label: 'the audit log', value: 'audit_log' }];
// ports and lanes are the platform's (data/ports.json): filled once the platform has started
const PORTS: Port[] = [];
const laneRecords: Rec<{ port: Port; lane: Lane }>[] = [];
const referralRecords: Rec<{ referral: { country: string; agency: string }; port: Port }>[] = [];

// ---------------------------------------------------------------------------------------------------------------
// The rule: one row per policy, in words and as a predicate over the user and the record.
const VET: Role = 'vetting_officer',
  ENROL: Role = 'enrolment_officer',
  BORDER: Role = 'border_officer',
  ANALYST: Role = 'targeting_analyst',
  PLANNER: Role = 'planner',
  ADMIN: Role = 'administrator',
  AUDITOR: Role = 'auditor';
const has = (u: User, ...roles: Role[]) => roles.some((r) => u.roles.includes(r));
const agencyOf = (u: User): AgencyCode | null =>
  u.kind === 'officer' && (AGENCY_CODES as readonly string[]).includes(u.agency ?? '')
    ? (u.agency as AgencyCode)
    : null;
const countryOf = (u: User): CountryCode | null => {
  const a = agencyOf(u);
  return a ? COUNTRY[a] : null;
};
const owns = (u: User, r: { userId: string }) => u.id === r.userId;
const vets = (u: User, r: TravellerRecord) => {
  const a = agencyOf(u);
  return !!a && VETTED_BY[r.key].includes(a);
};
const sees = (u: User, l: Sharing) =>
  l.kind === 'reference' ||
  (!!u.agency &&
    (l.agency === u.agency || l.sharingAgencies.includes(u.agency) || l.sharingCountries.includes(countryOf(u) ?? '')));
const decidesHit = (u: User, h: HitOwner) =>
  !!u.agency && (h.agency ? h.agency === u.agency : h.screeningAgencies.includes(u.agency));
/** Own country's ports, and for a US officer the US preclearance sites abroad. */
const worksAt = (u: User, port: Port) =>
  has(u, BORDER) &&
  countryOf(u) !== null &&
  (port.country === countryOf(u) || (port.kind === 'preclearance' && countryOf(u) === 'US'));

interface Row<S> {
  rule: string;
  records(): Rec<S>[];
  allows(u: User, s: S): boolean;
}
const row = <S>(rule: string, records: () => Rec<S>[], allows: (u: User, s: S) => boolean): Row<S> => ({
  rule,
  records,
  allows,
});

const RULES = {
  // ----- travellers: applications
  canApply: row(
    'a member of the public with the applicant role',
    () => NOTHING,
    (u) => u.kind === 'public' && has(u, 'applicant'),
  ),
  canReadApplication: row(
    'the applicant; once submitted, vetting and enrolment officers of an agency that vets one of its programmes',
    () => APPLICATIONS,
    (u, a) => owns(u, a) || (a.submittedAt !== null && has(u, VET, ENROL) && vets(u, a)),
  ),
  canEditDraft: row('the applicant only', () => APPLICATIONS, owns),
  canBookInterview: row('the applicant only', () => APPLICATIONS, owns),
  canDecideVetting: row(
    'once submitted, a vetting officer of an agency that vets it',
    () => APPLICATIONS,
    (u, a) => a.submittedAt !== null && has(u, VET) && vets(u, a),
  ),
  canIssueMembership: row(
    'once submitted, an enrolment officer of an agency that vets it',
    () => APPLICATIONS,
    (u, a) => a.submittedAt !== null && has(u, ENROL) && vets(u, a),
  ),
  // ----- travellers: memberships
  canReadMembership: row(
    'the holder; vetting and enrolment officers of an agency that vets its programmes',
    () => MEMBERSHIPS,
    (u, m) => owns(u, m) || (has(u, VET, ENROL) && vets(u, m)),
  ),
  canChangeMembership: row(
    'vetting and enrolment officers of an agency that vets its programmes',
    () => MEMBERSHIPS,
    (u, m) => has(u, VET, ENROL) && vets(u, m),
  ),
  canDecideRenewal: row(
    'a vetting officer of an agency that vets its programmes',
    () => MEMBERSHIPS,
    (u, m) => has(u, VET) && vets(u, m),
  ),
  canRequestRenewal: row('the holder only', () => MEMBERSHIPS, owns),
  canReplaceCard: row(
    'the holder; an enrolment officer of an agency that enrols its programmes',
    () => MEMBERSHIPS,
    (u, m) => owns(u, m) || (has(u, ENROL) && vets(u, m)),
  ),
  canReadCardNumber: row('the holder only (an officer sees the last four digits)', () => MEMBERSHIPS, owns),
  // ----- travellers: desks
  canWorkVettingDesk: row(
    'vetting officers of an agency',
    () => NOTHING,
    (u) => has(u, VET) && agencyOf(u) !== null,
  ),
  canWorkEnrolmentDesk: row(
    'enrolment officers of an agency',
    () => NOTHING,
    (u) => has(u, ENROL) && agencyOf(u) !== null,
  ),
  canWorkMembershipDesk: row(
    'vetting and enrolment officers of an agency',
    () => NOTHING,
    (u) => has(u, VET, ENROL) && agencyOf(u) !== null,
  ),
  canLookUpMembership: row(
    'border and enrolment officers of an agency',
    () => NOTHING,
    (u) => has(u, BORDER, ENROL) && agencyOf(u) !== null,
  ),
  // ----- lookouts
  canReadLookout: row(
    'targeting analysts of the owner, of an agency or a country it is shared with; public lists: every analyst',
    () => LOOKOUTS,
    (u, l) => has(u, ANALYST) && sees(u, l),
  ),
  canScreen: row(
    'targeting analysts, border and vetting officers',
    () => NOTHING,
    (u) => has(u, ANALYST, BORDER, VET),
  ),
  canScreenBatch: row(
    'targeting analysts and border officers',
    () => NOTHING,
    (u) => has(u, ANALYST, BORDER),
  ),
  canListLookouts: row(
    'targeting analysts and border officers',
    () => NOTHING,
    (u) => has(u, ANALYST, BORDER),
  ),
  canPostLookout: row(
    'a targeting analyst of an agency',
    () => NOTHING,
    (u) => has(u, ANALYST) && !!u.agency,
  ),
  canChangeLookout: row(
    "the owning agency's targeting analysts; a public list never",
    () => LOOKOUTS,
    (u, l) => has(u, ANALYST) && l.kind === 'lookout' && !!u.agency && l.agency === u.agency,
  ),
  canReviewHit: row(
    "a targeting analyst of the lookout's owner; for a public list, of an agency whose screen raised the hit",
    () => HITS,
    (u, h) => has(u, ANALYST) && decidesHit(u, h),
  ),
  canClearHitAtSecondary: row(
    "a border officer of the lookout's owner; for a public list, of an agency whose screen raised the hit",
    () => HITS,
    (u, h) => has(u, BORDER) && decidesHit(u, h),
  ),
  canImportList: row(
    'targeting analysts and administrators',
    () => IMPORTS,
    (u) => has(u, ANALYST, ADMIN),
  ),
  // ----- lanes
  canDecideAtPort: row(
    'a border officer at a port of their country (US officers also at preclearance sites), on entries into it',
    () => laneRecords,
    (u, s) => worksAt(u, s.port) && s.lane.direction === countryOf(u),
  ),
  canRecordSecondaryOutcome: row(
    "a border officer of the referral's agency and country, at a port where they work",
    () => referralRecords,
    (u, s) =>
      has(u, BORDER) && s.referral.agency === agencyOf(u) && s.referral.country === countryOf(u) && worksAt(u, s.port),
  ),
  canWorkConsole: row(
    'border officers of an agency',
    () => NOTHING,
    (u) => has(u, BORDER) && agencyOf(u) !== null,
  ),
  canAdministerKiosks: row(
    'administrators of a border agency',
    () => NOTHING,
    (u) => has(u, ADMIN) && agencyOf(u) !== null,
  ),
  canAdministerKiosk: row(
    "an administrator of the agency that decides on the kiosk's lane (entries into their own country)",
    () => laneRecords,
    (u, s) => has(u, ADMIN) && countryOf(u) !== null && s.lane.direction === countryOf(u),
  ),
  // ----- flow
  canImportFlowData: row(
    'planners and administrators of the owning agency',
    () => FLOW_OWNERS,
    (u, o) => has(u, PLANNER, ADMIN) && agencyOf(u) === o.agency,
  ),
  canSimulate: row(
    'planners',
    () => NOTHING,
    (u) => has(u, PLANNER),
  ),
  canViewPlanning: row(
    'planners of an agency',
    () => NOTHING,
    (u) => has(u, PLANNER) && agencyOf(u) !== null,
  ),
  canViewMeasuredWaits: row(
    "planners and border officers of the port's country",
    () => PORT_COUNTRIES,
    (u, port) => has(u, PLANNER, BORDER) && countryOf(u) === port.country,
  ),
  // ----- kernel
  canReadAuditLog: row(
    'auditors and administrators',
    () => AUDIT_LOG,
    (u) => has(u, AUDITOR, ADMIN),
  ),
};
type PolicyName = keyof typeof RULES;

// ---------------------------------------------------------------------------------------------------------------
// Every exported policy, by module.
const isPolicy = (v: unknown): v is Policy<unknown> =>
  typeof v === 'object' &&
  v !== null &&
  typeof (v as { name?: unknown }).name === 'string' &&
  typeof (v as { allows?: unknown }).allows === 'function';
const POLICIES = new Map<string, Policy<unknown>>();
for (const [module, exports] of Object.entries({
  kernel: kernelPolicies,
  travellers: travellersAccess,
  lookouts: lookoutsAccess,
  lanes: lanesAccess,
  flow: flowAccess,
}))
  for (const [exported, v] of Object.entries(exports))
    if (isPolicy(v)) {
      assert.equal(v.name, exported, `${module}: the policy exported as ${exported} is named ${v.name}`);
      POLICIES.set(v.name, v);
    }

test('every exported policy has a row in the matrix, and every row a policy', () => {
  assert.deepEqual([...POLICIES.keys()].sort(), Object.keys(RULES).sort());
});

// ---------------------------------------------------------------------------------------------------------------
// The users: every role of every agency (officers), officers without an agency, and two members of the public.
const synthetic = (roles: Role[], agency: AgencyCode | null, kind: User['kind'], id = crypto.randomUUID()): User => ({
  id,
  email: `${id}@matrix.test`,
  kind,
  agency,
  country: agency ? COUNTRY[agency] : null,
  roles,
  displayName: 'Matrix',
  locale: 'en',
});
const PURE_USERS: { label: string; user: User }[] = [
  ...ROLES.flatMap((role) =>
    [...AGENCY_CODES, null].map((agency) => ({
      label: `${role} ${agency ?? '(no agency)'}`,
      user: synthetic([role], agency, 'officer'),
    })),
  ),
  { label: 'the owner (public)', user: synthetic(['applicant'], null, 'public', OWNER_ID) },
  { label: 'another member of the public', user: synthetic(['applicant'], null, 'public') },
];

let p: TestPlatform;
before(async () => {
  p = await testPlatform();
  await p.modules.lanes.ready;
});
after(async () => {
  await p?.close();
});

test('the matrix, pure: each policy allows exactly the cells its rule allows', async (t) => {
  PORTS.push(...fixturePorts());
  for (const port of PORTS)
    for (const lane of p.modules.lanes.lanesOf(port.id))
      laneRecords.push({ label: `${port.id} ${lane.id} (into ${lane.direction})`, value: { port, lane } });
  for (const a of AGENCY_CODES)
    for (const port of PORTS)
      referralRecords.push({
        label: `${a} referral at ${port.id}`,
        value: { referral: { country: COUNTRY[a], agency: a }, port },
      });
  let cells = 0;
  for (const [name, r] of Object.entries(RULES) as [PolicyName, Row<unknown>][]) {
    const policy = POLICIES.get(name);
    assert.ok(policy, name);
    const records = r.records();
    assert.ok(records.length > 0, `${name}: records`);
    let allowed = 0;
    for (const { label, user } of PURE_USERS)
      for (const rec of records) {
        const expected = r.allows(user, rec.value);
        assert.equal(policy.allows(user, rec.value), expected, `${name}: ${label} / ${rec.label} (${r.rule})`);
        if (expected) allowed++;
        cells++;
      }
    // a rule that allows nobody, or everybody, tests nothing
    assert.ok(allowed > 0 && allowed < PURE_USERS.length * records.length, `${name}: ${allowed} allowed`);
  }
  t.diagnostic(`pure matrix: ${Object.keys(RULES).length} policies, ${PURE_USERS.length} users, ${cells} cells`);
  assert.ok(cells > 3000, String(cells));
});

/** A land port of each country with its lanes, and a US preclearance site abroad. */
function fixturePorts(): Port[] {
  const all = [...p.modules.lanes.ports.values()];
  const out: Port[] = [];
  for (const c of ['CA', 'US', 'MX'] as const) {
    const port = all.find((x) => x.country === c && x.kind === 'land' && p.modules.lanes.lanesOf(x.id).length > 0);
    assert.ok(port, `a land port in ${c}`);
    out.push(port);
  }
  const pc = all.find((x) => x.kind === 'preclearance' && p.modules.lanes.lanesOf(x.id).length > 0);
  assert.ok(pc, 'a preclearance site');
  out.push(pc);
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// Through the real routes: every demo account, the owner of the records and a membership holder.
type Headers = Record<string, string>;
interface HttpUser {
  label: string;
  user: User;
  headers: Headers;
}
interface Entry {
  seq: string;
  action: string;
  detail: Record<string, unknown>;
}
/** A gate an operation passes, in order: the policy, the record it is asked for, the status of its refusal. */
interface Gate {
  policy: PolicyName | 'visibility';
  allows: (u: User) => boolean;
  status: 403 | 404;
  /** The policy name the refusal is audited under (default: the gate's). */
  audited?: string;
}
interface Op {
  policy: PolicyName;
  method?: 'GET' | 'POST' | 'PUT';
  url: string;
  payload?: Record<string, unknown>;
  gates: Gate[];
  /** The status of a permitted request. */
  ok: number;
  /** The read entry a permitted request writes (once), if it reads personal data; by user. */
  read?: (u: User) => string | null;
  /** Entries of access.denied a permitted request writes for what it leaves alone (partner's hits). */
  deniedAlso?: (u: User) => string[];
  /** More to check of a permitted answer. */
  check?: (u: User, body: string) => void;
}
/** The role asked first, before any record is read: refused 403 under the policy's name (no existence told). */
const roleFirst = (policy: PolicyName, ...roles: Role[]): Gate => ({
  policy,
  status: 403,
  allows: (u) => has(u, ...roles) && agencyOf(u) !== null,
});
const gate = (policy: PolicyName, subject: unknown, status: 403 | 404 = 404): Gate => {
  const r: Row<unknown> = RULES[policy];
  return { policy, status, allows: (u) => r.allows(u, subject) };
};

test('the matrix through the HTTP routes: status, one access.denied per refusal, one entry per read', async (t) => {
  assert.ok(PORTS.length, 'the pure matrix read the ports');
  const users: HttpUser[] = [];
  let address = 0;
  const signIn = async (email: string, password = DEMO_PASSWORD): Promise<Headers> => {
    const r = await p.app.inject({
      method: 'POST',
      url: '/api/v1/auth/sessions',
      payload: { email, password },
      remoteAddress: `10.77.${Math.floor(address / 200)}.${(address++ % 200) + 1}`,
    });
    assert.equal(r.statusCode, 201, `${email}: ${r.body}`);
    return { authorization: `Bearer ${r.json().token}` };
  };
  for (const a of DEMO_ACCOUNTS) {
    const user = await findUserByEmail(p.ctx.db, a.email);
    assert.ok(user, a.email);
    users.push({ label: a.email.replace('@demo.smartborder.test', ''), user, headers: await signIn(a.email) });
  }
  // the owner of the applications
  const signUp = await p.app.inject({
    method: 'POST',
    url: '/api/v1/auth/accounts',
    payload: { email: 'owner@matrix.test', password: 'correct horse battery', displayName: 'Owner', locale: 'en' },
    remoteAddress: '10.78.0.1',
  });
  assert.equal(signUp.statusCode, 201, signUp.body);
  const ownerHeaders = { authorization: `Bearer ${signUp.json().token}` };
  const owner = await findUserByEmail(p.ctx.db, 'owner@matrix.test');
  assert.ok(owner);
  users.push({ label: 'owner', user: owner, headers: ownerHeaders });
  // a membership holder (NEXUS, issued by CBSA)
  const member = await makeMember(p, 'holder@matrix.test', { passportNumber: 'MX551100' });
  const holder = await findUserByEmail(p.ctx.db, 'holder@matrix.test');
  assert.ok(holder);
  users.push({ label: 'holder', user: holder, headers: member.headers });

  // ----- records
  const application = async (passportNumber: string, submit: boolean) => {
    const created = await p.app.inject({
      method: 'POST',
      url: '/api/v1/applications',
      headers: ownerHeaders,
      payload: { programmes: ['NEXUS'] },
    });
    assert.equal(created.statusCode, 201, created.body);
    const id: string = created.json().id;
    const draft = canadianApplicant({ passportNumber, givenNames: 'OWEN', surname: `MATRIX${passportNumber}` });
    const put = await p.app.inject({
      method: 'PUT',
      url: `/api/v1/applications/${id}/draft`,
      headers: ownerHeaders,
      payload: draft,
    });
    assert.equal(put.statusCode, 200, put.body);
    if (submit) {
      const s = await p.app.inject({ method: 'POST', url: `/api/v1/applications/${id}/submit`, headers: ownerHeaders });
      assert.equal(s.statusCode, 200, s.body);
    }
    return id;
  };
  const draftId = await application('MD100001', false);
  const readId = await application('MD100002', true);
  const decideId = await application('MD100003', true);
  const nexus = (submitted: boolean): ApplicationRecord => ({
    userId: owner.id,
    key: 'NEXUS',
    ...PROGRAMME_OF.NEXUS,
    submittedAt: submitted ? new Date() : null,
  });
  const membership: TravellerRecord = { userId: holder.id, key: 'NEXUS', ...PROGRAMME_OF.NEXUS };

  const as = (label: string) => {
    const u = users.find((x) => x.label === label);
    assert.ok(u, label);
    return u;
  };
  const lookout = async (who: string, name: string, extra: Record<string, unknown> = {}) => {
    const r = await p.app.inject({
      method: 'POST',
      url: '/api/v1/lookouts',
      headers: as(who).headers,
      payload: {
        lookout: {
          subjectType: 'person',
          category: 'serious_crime',
          reason: 'Warrant 2026-777 (synthetic matrix record)',
          recommendedAction: 'refer_secondary',
          identifiers: { names: [name], birthDates: ['1966-06-06'] },
          ...extra,
        },
        activate: true,
      },
    });
    assert.equal(r.statusCode, 201, r.body);
    return r.json().id as string;
  };
  const sharedWithCbp: Sharing = { kind: 'lookout', agency: 'CBSA', sharingAgencies: ['CBP'], sharingCountries: [] };
  const readLookoutId = await lookout('analyst.cbsa', 'Isidor Quaglietti', { sharingAgencies: ['CBP'] });
  const changeLookoutId = await lookout('analyst.cbsa', 'Leopold Fennimore', { sharingAgencies: ['CBP'] });
  const reviewLookoutId = await lookout('analyst.cbsa', 'Casimir Oberholtzer', { sharingAgencies: ['CBP'] });
  const screened = await p.modules.lookouts.screen(
    { type: 'person', name: 'Casimir Oberholtzer', birthDate: '1966-06-06' },
    { actor: actorOf(null), agency: 'CBP', purpose: 'matrix', subjectRef: 'matrix:review' },
  );
  const reviewHitId = screened.hits.find((h) => h.lookoutId === reviewLookoutId)?.hitId;
  assert.ok(reviewHitId);
  // a referral at a US land port (CBP's), and one at a Canadian port with hits on a CBSA and a CBP lookout
  const [caPort, usPort] = PORTS;
  const generalLane = (port: Port) => {
    const lane = p.modules.lanes.lanesOf(port.id).find((l) => l.direction === port.country);
    assert.ok(lane, port.id);
    return lane;
  };
  const usReferral = await p.modules.lanes.decidePrimary(
    { portId: usPort.id, laneId: generalLane(usPort).id, occupants: [{ mrz: 'P<USA%%%% not an mrz' }] },
    as('border.cbp').user,
  );
  assert.ok(usReferral.referralId);
  const cbsaSuspect = await lookout('analyst.cbsa', 'BRUNHILDE VASSALLO');
  const cbpSuspect = await lookout('analyst.cbp', 'BRUNHILDE VASSALLO', { sharingAgencies: ['CBSA'] });
  const suspect = canadianApplicant({ surname: 'VASSALLO', givenNames: 'BRUNHILDE', birthDate: '1966-06-06' });
  const caReferral = await p.modules.lanes.decidePrimary(
    { portId: caPort.id, laneId: generalLane(caPort).id, occupants: [{ mrz: suspect.identity.mrz }] },
    as('border.cbsa').user,
  );
  assert.ok(caReferral.referralId, JSON.stringify(caReferral));

  const officerRead = (action: string) => (u: User) => (u.kind === 'officer' ? action : null);
  const OPS: Op[] = [
    // ----- travellers
    {
      policy: 'canApply',
      method: 'POST',
      url: '/api/v1/applications',
      payload: { programmes: ['SENTRI'] },
      gates: [gate('canApply', null, 403)],
      ok: 201,
    },
    {
      policy: 'canReadApplication',
      url: `/api/v1/applications/${readId}`,
      gates: [gate('canReadApplication', nexus(true))],
      ok: 200,
      read: officerRead('application.viewed'),
    },
    {
      policy: 'canReadApplication',
      url: `/api/v1/applications/${draftId}`,
      gates: [gate('canReadApplication', nexus(false))],
      ok: 200,
    },
    {
      policy: 'canWorkVettingDesk',
      url: `/api/v1/vetting/${readId}`,
      gates: [gate('canWorkVettingDesk', null, 403), gate('canReadApplication', nexus(true))],
      ok: 200,
      read: () => 'application.viewed',
    },
    {
      policy: 'canWorkEnrolmentDesk',
      url: `/en/enrolment/${readId}`,
      gates: [gate('canWorkEnrolmentDesk', null, 403), gate('canReadApplication', nexus(true))],
      ok: 200,
      read: () => 'application.viewed',
    },
    {
      policy: 'canEditDraft',
      method: 'PUT',
      url: `/api/v1/applications/${draftId}/draft`,
      payload: {},
      gates: [gate('canEditDraft', nexus(false))],
      ok: 200,
    },
    {
      // under review: the applicant passes the policy and meets the stage rule (409)
      policy: 'canBookInterview',
      method: 'PUT',
      url: `/api/v1/applications/${readId}/interview`,
      payload: { slotId: crypto.randomUUID() },
      gates: [gate('canBookInterview', nexus(true))],
      ok: 409,
    },
    {
      policy: 'canDecideVetting',
      method: 'POST',
      url: `/api/v1/vetting/${decideId}/decision`,
      payload: { kind: 'approve' },
      gates: [roleFirst('canDecideVetting', VET), gate('canDecideVetting', nexus(true))],
      ok: 200,
    },
    {
      // approved by both agencies above: the first entitled officer issues it, the next gets the same membership
      policy: 'canIssueMembership',
      method: 'POST',
      url: `/api/v1/enrolment/${decideId}/membership`,
      payload: { documentsVerified: true, photoRef: 'PHOTO-MTX', biometricRef: 'BIO-MTX' },
      gates: [roleFirst('canIssueMembership', ENROL), gate('canIssueMembership', nexus(true))],
      ok: 201,
    },
    {
      policy: 'canWorkMembershipDesk',
      url: `/en/memberships/${member.membershipId}/officer`,
      gates: [gate('canWorkMembershipDesk', null, 403), gate('canReadMembership', membership)],
      ok: 200,
      read: () => 'membership.viewed',
    },
    {
      // the officers' page reads the membership (canReadMembership, after the desk): audited once
      policy: 'canReadMembership',
      url: `/en/memberships/${member.membershipId}/officer`,
      gates: [gate('canWorkMembershipDesk', null, 403), gate('canReadMembership', membership)],
      ok: 200,
      read: () => 'membership.viewed',
    },
    {
      policy: 'canChangeMembership',
      method: 'POST',
      url: `/api/v1/memberships/${member.membershipId}/status`,
      payload: { status: 'suspended', reason: 'investigation' },
      gates: [roleFirst('canChangeMembership', VET, ENROL), gate('canChangeMembership', membership)],
      ok: 200,
    },
    {
      // no renewal was asked: an entitled officer passes the policy and meets the rule (409)
      policy: 'canDecideRenewal',
      method: 'POST',
      url: `/api/v1/memberships/${member.membershipId}/renewal/decision`,
      payload: { approve: true },
      gates: [roleFirst('canDecideRenewal', VET), gate('canDecideRenewal', membership)],
      ok: 409,
    },
    {
      // just issued: renewal opens a year before expiry (422) — or, suspended above, not active
      policy: 'canRequestRenewal',
      method: 'POST',
      url: `/api/v1/memberships/${member.membershipId}/renewal`,
      gates: [gate('canRequestRenewal', membership)],
      ok: 422,
    },
    {
      policy: 'canReplaceCard',
      method: 'POST',
      url: `/api/v1/memberships/${member.membershipId}/card-replacement`,
      gates: [gate('canReplaceCard', membership)],
      ok: 201,
      check: (u, body) =>
        assert.equal(
          'cardNumber' in JSON.parse(body),
          RULES.canReadCardNumber.allows(u, membership),
          `canReadCardNumber: ${u.email}`,
        ),
    },
    {
      policy: 'canReadCardNumber',
      method: 'POST',
      url: `/api/v1/memberships/${member.membershipId}/card-replacement`,
      gates: [gate('canReplaceCard', membership)],
      ok: 201,
      check: (u, body) => {
        const answer = JSON.parse(body) as { last4: string; cardNumber?: string };
        assert.equal(answer.cardNumber !== undefined, RULES.canReadCardNumber.allows(u, membership), u.email);
        if (answer.cardNumber) assert.equal(answer.cardNumber.slice(-4), answer.last4);
      },
    },
    {
      policy: 'canLookUpMembership',
      method: 'POST',
      url: '/api/v1/memberships/lookup',
      payload: { passportNumber: 'MX551100', passportCountry: 'CA' },
      gates: [gate('canLookUpMembership', null, 403)],
      ok: 200,
      read: () => 'membership.viewed',
    },
    // ----- lookouts
    {
      policy: 'canReadLookout',
      url: `/api/v1/lookouts/${readLookoutId}`,
      gates: [gate('canReadLookout', sharedWithCbp)],
      ok: 200,
      read: () => 'lookout.viewed',
    },
    {
      policy: 'canListLookouts',
      url: '/api/v1/lookouts?limit=1',
      gates: [gate('canListLookouts', null, 403)],
      ok: 200,
    },
    {
      policy: 'canScreen',
      method: 'POST',
      url: '/api/v1/screen',
      payload: { type: 'person', name: 'Nobody Ofconsequence' },
      gates: [gate('canScreen', null, 403)],
      ok: 200,
    },
    {
      policy: 'canScreenBatch',
      method: 'POST',
      url: '/api/v1/screen/batch',
      payload: { subjects: [{ ref: 'm-1', type: 'person', name: 'Nobody Ofconsequence' }] },
      gates: [gate('canScreenBatch', null, 403)],
      ok: 200,
    },
    {
      policy: 'canPostLookout',
      method: 'POST',
      url: '/api/v1/lookouts',
      payload: {
        lookout: {
          subjectType: 'person',
          category: 'serious_crime',
          reason: 'Warrant 2026-778 (synthetic matrix record)',
          recommendedAction: 'refer_secondary',
          identifiers: { names: ['Matrix Posting'] },
        },
      },
      gates: [gate('canPostLookout', null, 403)],
      ok: 201,
    },
    {
      policy: 'canChangeLookout',
      method: 'PUT',
      url: `/api/v1/lookouts/${changeLookoutId}`,
      payload: {
        subjectType: 'person',
        category: 'serious_crime',
        reason: 'Warrant 2026-777 (synthetic matrix record)',
        recommendedAction: 'refer_secondary',
        identifiers: { names: ['Leopold Fennimore'], birthDates: ['1966-06-06'] },
        sharingAgencies: ['CBP'],
      },
      // who may not even see it is not told it exists (404); who sees it but does not own it is refused (403)
      gates: [gate('canReadLookout', sharedWithCbp), gate('canChangeLookout', sharedWithCbp, 403)],
      ok: 200,
    },
    {
      policy: 'canReviewHit',
      method: 'POST',
      url: `/api/v1/hits/${reviewHitId}/review`,
      payload: { decision: 'confirmed', note: '' },
      gates: [
        { policy: 'visibility', audited: 'canReviewHit', status: 404, allows: (u) => sees(u, sharedWithCbp) },
        gate('canReviewHit', { agency: 'CBSA', screeningAgencies: ['CBP'] }, 403),
      ],
      ok: 200,
    },
    {
      // the CBSA officer records the outcome and clears the hit on the CBSA lookout; the CBP lookout's hit is CBP's
      policy: 'canClearHitAtSecondary',
      method: 'POST',
      url: `/api/v1/lanes/referrals/${caReferral.referralId}/outcome`,
      payload: { outcome: 'admitted', note: 'namesake', falsePositive: true },
      gates: [gate('canRecordSecondaryOutcome', { referral: { country: 'CA', agency: 'CBSA' }, port: caPort })],
      ok: 200,
      deniedAlso: (u) =>
        RULES.canClearHitAtSecondary.allows(u, { agency: 'CBP', screeningAgencies: ['CBSA'] })
          ? []
          : ['canClearHitAtSecondary'],
    },
    {
      policy: 'canImportList',
      method: 'POST',
      url: '/api/v1/lookouts/import',
      payload: { format: 'jsonl', files: { jsonl: '{"id":"m1","names":["Matrix Listed"]}\n' }, sourceName: 'Matrix' },
      gates: [gate('canImportList', { source: 'Matrix' }, 403)],
      ok: 201,
    },
    // ----- lanes
    {
      policy: 'canDecideAtPort',
      method: 'POST',
      url: '/api/v1/lanes/decisions',
      payload: { portId: caPort.id, laneId: generalLane(caPort).id, occupants: [{ mrz: 'P<CAN%%%% not an mrz' }] },
      gates: [gate('canDecideAtPort', { port: caPort, lane: generalLane(caPort) }, 403)],
      ok: 200,
    },
    {
      policy: 'canRecordSecondaryOutcome',
      method: 'POST',
      url: `/api/v1/lanes/referrals/${usReferral.referralId}/outcome`,
      payload: { outcome: 'admitted' },
      gates: [gate('canRecordSecondaryOutcome', { referral: { country: 'US', agency: 'CBP' }, port: usPort })],
      ok: 200,
    },
    {
      policy: 'canWorkConsole',
      url: '/en/lanes/console',
      gates: [gate('canWorkConsole', null, 403)],
      ok: 200,
    },
    {
      policy: 'canAdministerKiosks',
      url: '/api/v1/lanes/kiosks',
      gates: [gate('canAdministerKiosks', null, 403)],
      ok: 200,
    },
    {
      // a kiosk of the US preclearance site at Montréal: CBP's administrators register it, CBSA's may not
      policy: 'canAdministerKiosk',
      method: 'POST',
      url: '/api/v1/lanes/kiosks',
      payload: { port: 'PC-YUL', label: 'Matrix kiosk' },
      gates: [
        gate('canAdministerKiosks', null, 403),
        gate('canAdministerKiosk', { lane: p.modules.lanes.kioskLaneOf('PC-YUL') }, 403),
      ],
      ok: 201,
    },
    // ----- flow
    {
      policy: 'canImportFlowData',
      method: 'POST',
      url: '/api/v1/flow/imports',
      payload: {
        kind: 'hourly',
        fileName: 'h.csv',
        text: 'hour_start,avg_delay_minutes\n2017-01-01 00:00:00,4.5\n',
        portCode: '2504',
        laneType: 'ready',
      },
      gates: [gate('canImportFlowData', { country: 'US', agency: 'CBP' }, 403)],
      ok: 201,
    },
    {
      // a planner gets past the policy to the scenario's validation (422)
      policy: 'canSimulate',
      method: 'POST',
      url: '/api/v1/flow/simulate',
      payload: { scenario: '{}' },
      gates: [gate('canSimulate', null, 403)],
      ok: 422,
    },
    { policy: 'canViewPlanning', url: '/en/flow', gates: [gate('canViewPlanning', null, 403)], ok: 200 },
    {
      policy: 'canViewMeasuredWaits',
      url: '/api/v1/flow/ports/US-2504/measured?hours=1',
      gates: [gate('canViewMeasuredWaits', { country: 'US' }, 403)],
      ok: 200,
    },
    // ----- kernel
    {
      policy: 'canReadAuditLog',
      url: '/api/v1/audit?limit=1',
      gates: [gate('canReadAuditLog', 'audit_log', 403)],
      ok: 200,
      read: () => 'audit.viewed',
    },
  ];
  assert.deepEqual(
    Object.keys(RULES).filter((name) => !OPS.some((o) => o.policy === name)),
    [],
    'an operation for every policy',
  );

  let seq = Number((await sql<{ s: string | null }>`select max(seq) as s from audit_log`.execute(p.ctx.db)).rows[0].s);
  const entriesSince = async () => {
    const rows = (
      await sql<Entry>`select seq, action, detail from audit_log where seq > ${seq} order by seq`.execute(p.ctx.db)
    ).rows;
    if (rows.length) seq = Number(rows[rows.length - 1].seq);
    return rows;
  };
  const READS = ['application.viewed', 'membership.viewed', 'lookout.viewed', 'hits.viewed', 'audit.viewed'];
  let cells = 0,
    refusals = 0,
    reads = 0;
  for (const op of OPS) {
    // the permitted last: an operation that changes its record (a decision, an outcome) is then asked of everyone
    const ordered = [...users].sort(
      (a, b) => Number(op.gates.every((g) => g.allows(a.user))) - Number(op.gates.every((g) => g.allows(b.user))),
    );
    for (const { label, user, headers } of ordered) {
      const refused = op.gates.find((g) => !g.allows(user));
      const res = await p.app.inject({ method: op.method ?? 'GET', url: op.url, headers, payload: op.payload });
      const entries = await entriesSince();
      const denied = entries.filter((e) => e.action === 'access.denied').map((e) => e.detail.policy);
      const readEntries = entries.filter((e) => READS.includes(e.action)).map((e) => e.action);
      const where = `${op.policy} ${op.method ?? 'GET'} ${op.url} as ${label}`;
      if (refused) {
        assert.equal(res.statusCode, refused.status, `${where}: ${res.body.slice(0, 300)}`);
        assert.deepEqual(denied, [refused.audited ?? refused.policy], `${where}: one access.denied`);
        assert.deepEqual(readEntries, [], `${where}: a refusal reads nothing`);
        refusals++;
      } else {
        assert.equal(res.statusCode, op.ok, `${where}: ${res.body.slice(0, 300)}`);
        assert.deepEqual(denied, op.deniedAlso?.(user) ?? [], `${where}: no refusal`);
        const read = op.read?.(user) ?? null;
        assert.deepEqual(readEntries, read ? [read] : [], `${where}: the read audited once`);
        if (read) reads++;
        op.check?.(user, res.body);
      }
      cells++;
    }
  }
  t.diagnostic(
    `HTTP matrix: ${OPS.length} operations, ${users.length} users, ${cells} cells ` +
      `(${refusals} refusals, ${reads} audited reads)`,
  );
  // what the operations did: the CBSA hit cleared at secondary, the CBP one left open for CBP
  const hits = (
    await sql<{ agency: string; status: string }>`select agency, status from lk_hits
      where lookout_id in (${cbsaSuspect}, ${cbpSuspect}) order by agency`.execute(p.ctx.db)
  ).rows;
  assert.deepEqual(hits, [
    { agency: 'CBP', status: 'open' },
    { agency: 'CBSA', status: 'false_positive' },
  ]);
});
