// Crossings are written by group commit. No SQL here: the statements come from the store and the audit chain.
import type { AuditEntry } from '../../../kernel/audit.ts';
import type { Ctx } from '../../../kernel/context.ts';
import { executeTogether } from '../../../kernel/db.ts';
import { AppError } from '../../../kernel/errors.ts';
import type { LookoutsService, ScreenRecord } from '../../lookouts/index.ts';
import { crossingsInsert, type NewCrossing, type NewReferral, referralsInsert } from '../store.ts';

/** One decision to record: its crossing and audit entry, its referral to secondary, the lookout hits to review. */
export interface CrossingRecord {
  crossing: NewCrossing;
  audit: AuditEntry;
  referral: NewReferral | null;
  screens: ScreenRecord[];
}

/**
 * A request is answered only after the transaction holding its crossing has committed. While a write is in flight, or
 * for a short gathering window, the next requests wait together and go in one transaction, so batches grow with load
 * (one row when quiet, hundreds when busy). A crossing, its audit entry, its referral, its lookout hits and their
 * audit entries commit together or not at all.
 */
export class CrossingWriter {
  private readonly ctx: Ctx;
  private readonly lookouts: LookoutsService;
  private queue: { record: CrossingRecord; done: (e?: Error) => void }[] = [];
  private inFlight = 0;
  private scheduled = false;
  /**
   * Transactions in flight at once, and how long a write waits for company. A PostgreSQL server commits while this
   * process goes on deciding, so two overlap; each statement sent costs a socket write and a wake-up of the server
   * process (measured ~70 µs on this machine), so writes also gather for 2 ms. PGlite has one connection and runs on
   * this thread: while it works no request is decided, so nothing would gather behind a write; it waits 4 ms for
   * company (a PGlite statement costs about as much as sixteen more rows in it).
   */
  private readonly maxInFlight: number;
  private readonly gatherMs: number;
  constructor(ctx: Ctx, lookouts: LookoutsService) {
    this.ctx = ctx;
    this.lookouts = lookouts;
    const embedded = ctx.database.engine === 'pglite';
    this.maxInFlight = embedded ? 1 : 2;
    this.gatherMs = embedded ? 4 : 2;
  }
  write(record: CrossingRecord): Promise<void> {
    return new Promise((resolve, reject) => {
      this.queue.push({ record, done: (e) => (e ? reject(e) : resolve()) });
      this.schedule();
    });
  }
  private schedule() {
    if (this.scheduled || this.inFlight >= this.maxInFlight || !this.queue.length) return;
    this.scheduled = true;
    const go = () => {
      this.scheduled = false;
      void this.flush();
    };
    // setImmediate: at least the decisions finished in this turn of the event loop share the transaction
    if (this.gatherMs && this.queue.length < 64) setTimeout(go, this.gatherMs);
    else setImmediate(go);
  }
  private async flush() {
    if (this.inFlight >= this.maxInFlight || !this.queue.length) return;
    const batch = this.queue.splice(0, 1000);
    this.inFlight++;
    try {
      await this.commitOrSplit(batch);
    } finally {
      this.inFlight--;
      this.schedule();
    }
  }
  /**
   * Commits the batch; when the database refuses it for something in its data (one decision with a value it cannot
   * store), the halves are committed apart, down to the one decision at fault, so that one bad decision is refused
   * alone and its neighbours are recorded (about 2·log2(n) more transactions for one bad row among n). Errors of the
   * connection or the server fail the whole batch at once: splitting would only repeat them.
   */
  private async commitOrSplit(batch: CrossingWriter['queue']): Promise<void> {
    try {
      await this.commit(batch.map((b) => b.record));
      for (const b of batch) b.done();
    } catch (e) {
      if (batch.length > 1 && isDataError(e)) {
        const half = Math.ceil(batch.length / 2);
        await this.commitOrSplit(batch.slice(0, half));
        await this.commitOrSplit(batch.slice(half));
        return;
      }
      // the one decision at fault is refused as such (a 422 to its booth), not as a failure of the server; the log
      // names the database's code only (its message may quote the values)
      if (batch.length === 1 && isDataError(e))
        this.ctx.log.warn({ code: (e as { code?: string }).code }, 'a crossing was refused by the database');
      const err =
        batch.length === 1 && isDataError(e)
          ? new AppError(422, 'lanes.err.not_recordable')
          : e instanceof Error
            ? e
            : new Error(String(e));
      for (const b of batch) b.done(err);
    }
  }
  private async commit(records: CrossingRecord[]) {
    const referrals = records.flatMap((r) => (r.referral ? [r.referral] : []));
    const screens = records.flatMap((r) => r.screens);
    const hits = screens.length ? this.lookouts.hitRecords(screens) : { insert: null, audit: [] };
    // One transaction of three statements whatever the size of the batch: the audit chain's head, read under its
    // lock; then every insert of the batch (crossings, referrals, hits, audit entries and head) in one statement;
    // commit.
    await this.ctx.db.transaction().execute(async (trx) => {
      const chain = await this.ctx.audit.chainStatements(trx, [...records.map((r) => r.audit), ...hits.audit]);
      await executeTogether(trx, [
        crossingsInsert(records.map((r) => r.crossing)),
        ...(referrals.length ? [referralsInsert(referrals)] : []),
        ...(hits.insert ? [hits.insert] : []),
        ...chain,
      ]);
    });
  }
}

/**
 * A refusal caused by the values written, by its SQLSTATE class: 22 data exception (bad text, out of range, invalid
 * syntax for a type), 23 integrity constraint, 54 program limit (an index row too large), 42 a value of the wrong type.
 */
function isDataError(e: unknown): boolean {
  const code = (e as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^(22|23|42|54)/.test(code);
}
