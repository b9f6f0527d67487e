// The closed catalogue of audited events: every name the audit log may hold, with the schema of its detail.
// `AuditLog.append` accepts only these names, with a detail of the declared shape (checked at run time too, so an
// entry never carries a field nobody declared: details are stored in clear and must never hold personal data —
// references to records, codes and counts only). Every entry is emitted by some code path; test/kernel/audit-catalogue
// proves it.
import { z } from 'zod';

const none = z.strictObject({});
const id = z.string().max(200);
const code = z.string().max(80);
const codes = z.array(code).max(200);

export const AUDIT_CATALOGUE = {
  // identity and sessions (kernel)
  'auth.sign_in': none,
  'auth.sign_in_failed': none,
  /** Failures of the account from one client address paused that address (not the account) for `seconds`. */
  'auth.throttled': z.strictObject({ seconds: z.number().int().min(0) }),
  'auth.sign_out': none,
  'auth.sign_out_everywhere': none,
  /** An API session ended by its bearer (DELETE /api/v1/auth/sessions/current). */
  'session.ended': none,
  'user.created': z.strictObject({ roles: codes.optional(), agency: code.nullable().optional() }),
  'audit.viewed': none,
  /** A read or a change of a scoped record that a named policy refused. */
  'access.denied': z.strictObject({ policy: code, operation: code.optional() }),
  // trusted-traveller applications (travellers)
  'application.created': z.strictObject({ programmes: codes }),
  'application.updated': z.strictObject({ sections: codes }),
  'application.submitted': z.strictObject({ agencies: codes, screening: code }),
  'application.viewed': none,
  /** The applicant withdrew an application before any final outcome (detail: the stage it was withdrawn from). */
  'application.withdrawn': z.strictObject({ stage: code }),
  'payment.captured': z.strictObject({ provider: code, amountCents: z.number().int(), currency: code }),
  'vetting.approved': z.strictObject({ agency: code.optional() }),
  'vetting.denied': z.strictObject({ reasonCode: code, agency: code.optional() }),
  'vetting.info_requested': z.strictObject({ agency: code.optional() }),
  'vetting.info_provided': none,
  'interview.booked': z.strictObject({ centre: code.optional(), at: z.string().max(40).optional() }),
  'interview.moved': z.strictObject({ centre: code.optional(), at: z.string().max(40).optional() }),
  'interview.cancelled': none,
  // memberships (travellers)
  'membership.issued': z.strictObject({ application: id }),
  'membership.viewed': none,
  'membership.renewal_requested': none,
  'membership.renewed': none,
  'membership.renewal_denied': z.strictObject({ reasonCode: code.optional() }),
  'membership.card_replaced': z.strictObject({ reason: code.optional() }),
  'membership.suspended': z.strictObject({ reason: code }),
  'membership.revoked': z.strictObject({ reason: code }),
  'membership.reinstated': z.strictObject({ reason: code }),
  'recurrent.hit': z.strictObject({ lookoutId: id, score: z.number() }),
  // lookouts and screening (lookouts)
  'lookout.created': z.strictObject({ category: code }),
  /** The fields whose value changed (names, never values). */
  'lookout.updated': z.strictObject({ fields: codes }),
  // The note of a transition stays in the lookout's own history (lk_events): free text is no audit detail.
  'lookout.activated': none,
  'lookout.withdrawn': none,
  'lookout.viewed': none,
  /**
   * A public list imported as reference lookouts; `superseded`: entries of the previous import withdrawn; `skipped`:
   * bad lines left out (an import with --skip-invalid).
   */
  'lookout.imported': z.strictObject({
    source: z.string().max(200),
    entries: z.number().int(),
    superseded: z.number().int(),
    files: z.record(code, z.string().regex(/^[0-9a-f]{64}$/)),
    skipped: z.number().int().optional(),
  }),
  'screening.performed': z.strictObject({ hits: z.array(id) }),
  'hit.confirmed': z.strictObject({ lookoutId: id }),
  'hit.false_positive': z.strictObject({ lookoutId: id }),
  /** A page of the hit-review queue read (the hits' reasons hold what matched): the hits it showed. */
  'hits.viewed': z.strictObject({ hits: z.array(id).max(500) }),
  // ports of entry (lanes)
  /** Every primary or kiosk decision, with the officer (actor) or the kiosk device (detail.kiosk: its id). */
  'crossing.decided': z.strictObject({
    outcome: code,
    reasons: codes,
    port: code,
    lane: code,
    kiosk: code.optional(),
  }),
  /** The same at a US preclearance site abroad (an officer, or the Global Entry kiosk: detail.kiosk). */
  'preclearance.decided': z.strictObject({
    outcome: code,
    reasons: codes,
    port: code,
    lane: code,
    kiosk: code.optional(),
  }),
  /** A self-service kiosk registered as a device of a port (subject `kiosk:<id>`), by the CLI or an administrator. */
  'kiosk.registered': z.strictObject({ port: code }),
  /** A kiosk device revoked: its credential decides nothing more. */
  'kiosk.revoked': z.strictObject({ port: code }),
  'secondary.outcome': z.strictObject({ outcome: code, falsePositive: z.boolean().optional() }),
  // border flow (flow)
  /**
   * A flow data file imported (subject `flow-import:<id>`): its kind, row count, owning country, port if one, bad lines
   * left out (`skipped`, an import with --skip-invalid).
   */
  'flow.imported': z.strictObject({
    kind: code,
    rows: z.number().int(),
    country: code,
    port: code.optional(),
    skipped: z.number().int().optional(),
  }),
} as const satisfies Record<string, z.ZodType<Record<string, unknown>>>;

export type AuditAction = keyof typeof AUDIT_CATALOGUE;
export const AUDIT_ACTIONS = Object.keys(AUDIT_CATALOGUE) as AuditAction[];
export type AuditDetail<A extends AuditAction> = z.input<(typeof AUDIT_CATALOGUE)[A]>;
