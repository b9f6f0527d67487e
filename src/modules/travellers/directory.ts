// The membership directory: an in-memory view of memberships and cards for the millisecond look-ups of the lanes
// module. It holds only look-up keys (blind indexes) and non-personal status fields; personal details are decrypted on
// demand. Refreshed after each change here, and from other instances through NOTIFY on PostgreSQL.
import { sql } from 'kysely';
import type { Ctx } from '../../kernel/context.ts';
import type { ProgrammeCode } from './domain/programmes.ts';

export interface MemberSnapshot {
  id: string; membershipNumber: string; programmes: ProgrammeCode[]; fastRegion: 'north' | 'south' | null; status: string; expiresAt: number;
  renewalRequestedAt: number | null; holderName: string; docBidx: string | null; cards: Map<string, string>;
}
const CHANNEL = 'memberships_changed';

export class MembershipDirectory {
  ctx: Ctx;
  byId = new Map<string, MemberSnapshot>();
  byDoc = new Map<string, string>();
  byCard = new Map<string, string>();
  ready: Promise<void>;
  /** Told the id of every membership reloaded after a change (local or from another instance). */
  onChange: ((id: string) => void)[] = [];
  constructor(ctx: Ctx) { this.ctx = ctx; this.ready = this.load(); }

  private put(r: any, cards: { card_bidx: string; status: string }[]) {
    const prior = this.byId.get(r.id);
    if (prior) { if (prior.docBidx) this.byDoc.delete(prior.docBidx); for (const c of prior.cards.keys()) this.byCard.delete(c); }
    const s: MemberSnapshot = {
      id: r.id, membershipNumber: r.membership_number, programmes: r.programmes, fastRegion: r.fast_region, status: r.status,
      expiresAt: new Date(r.expires_at).getTime(), renewalRequestedAt: r.renewal_requested_at ? new Date(r.renewal_requested_at).getTime() : null,
      holderName: r.holder_name, docBidx: r.doc_bidx, cards: new Map(cards.map((c) => [c.card_bidx, c.status])),
    };
    this.byId.set(s.id, s);
    if (s.docBidx) this.byDoc.set(s.docBidx, s.id);
    for (const c of s.cards.keys()) this.byCard.set(c, s.id);
  }

  async load() {
    const cols = sql`id, membership_number, programmes, fast_region, status, expires_at, renewal_requested_at, holder_name, doc_bidx`;
    const cards = new Map<string, { card_bidx: string; status: string }[]>();
    for (const c of (await sql<any>`select membership_id, card_bidx, status from tt_cards`.execute(this.ctx.db)).rows) {
      const l = cards.get(c.membership_id) ?? []; l.push(c); cards.set(c.membership_id, l);
    }
    for (const r of (await sql<any>`select ${cols} from tt_memberships`.execute(this.ctx.db)).rows) this.put(r, cards.get(r.id) ?? []);
    await this.ctx.database.listen?.(CHANNEL, (id) => { this.reload(id).catch((e) => this.ctx.log.error({ err: e?.message }, 'membership refresh failed')); });
  }
  async reload(id: string) {
    const r = (await sql<any>`select id, membership_number, programmes, fast_region, status, expires_at, renewal_requested_at, holder_name, doc_bidx from tt_memberships where id = ${id}`.execute(this.ctx.db)).rows[0];
    if (!r) return;
    this.put(r, (await sql<any>`select card_bidx, status from tt_cards where membership_id = ${id}`.execute(this.ctx.db)).rows);
    for (const f of this.onChange) f(id);
  }
  /** Call after a committed change to a membership. */
  async changed(id: string) {
    await this.reload(id);
    if (this.ctx.database.engine === 'postgresql') await this.ctx.database.notify(CHANNEL, id);
  }
  get size() { return this.byId.size; }
}
