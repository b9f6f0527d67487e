// The membership directory: an in-memory view of memberships and cards for the millisecond look-ups of the lanes
// module. It holds look-up keys (blind indexes), status fields, and the holder's name encrypted as the database holds
// it; the name and other personal details are decrypted on demand. Refreshed after each change here, and from other
// instances through NOTIFY on PostgreSQL. Held in typed arrays and byte buffers (compact.ts), not one object per
// member: at a million members the garbage collector would otherwise walk a gigabyte of small objects.
import type { Ctx } from '../../kernel/context.ts';
import { errorFacts } from '../../kernel/log.ts';
import type { ProgrammeCode } from './domain/programmes.ts';
import { grow, Interned, KeyTable, StringColumn } from './compact.ts';
import * as store from './store.ts';
import type { DirectoryMemberRow } from './store.ts';

/** The member's name is encrypted at rest, in memory too: decrypted when a snapshot's `holderName` is read. */
export const CTX_HOLDER_NAME = 'tt_memberships.holder_name_enc';

/** One membership as the lanes module sees it (made on demand from the compact tables). */
export interface MemberSnapshot {
  id: string;
  membershipNumber: string;
  programmes: ProgrammeCode[];
  fastRegion: 'north' | 'south' | null;
  status: string;
  expiresAt: number;
  renewalRequestedAt: number | null;
  holderName: string;
}
const CHANNEL = 'memberships_changed';
/** Below every uuid: pages go by `id > last id read` along the primary key. */
export const FIRST_UUID = '00000000-0000-0000-0000-000000000000';
const REGIONS = [null, 'north', 'south'] as const;
const NO_CARD = -1;

export class MembershipDirectory {
  ctx: Ctx;
  ready: Promise<void>;
  /** Told the id of every membership reloaded after a change (local or from another instance). */
  onChange: ((id: string) => void)[] = [];

  // Memberships by slot.
  private slotById = new KeyTable();
  private ids = new StringColumn();
  private numbers = new StringColumn();
  private names = new StringColumn();
  private docKeys = new StringColumn(); // the passport's blind index, to unlink it when the membership changes
  private programmes = new Uint16Array(1024);
  private regions = new Uint8Array(1024);
  private statuses = new Uint8Array(1024);
  private expires = new Float64Array(1024);
  private renewals = new Float64Array(1024); // NaN: no renewal requested
  private firstCard = new Int32Array(1024); // card number, NO_CARD
  private slots = 0;
  private programmeSets = new Interned<ProgrammeCode[]>();
  private statusCodes = new Interned<string>();

  // Cards by card number (a membership's cards are a linked list through nextCard).
  private cardByKey = new KeyTable();
  private cardKeys = new StringColumn();
  private cardSlot = new Int32Array(1024);
  private cardStatus = new Uint8Array(1024);
  private nextCard = new Int32Array(1024);
  private freeCards: number[] = [];
  private cards = 0;

  private slotByDoc = new KeyTable();
  /** While loading: memberships reloaded after a change, which the pages still to come must not overwrite. */
  private loading: Set<string> | null = null;

  /** Rows read per page at start-up. */
  private readonly page: number;
  /** `after`: what must finish before the directory reads the database (names sealed by the travellers service). */
  constructor(ctx: Ctx, opts: { page?: number; after?: Promise<unknown> } = {}) {
    this.ctx = ctx;
    this.page = opts.page ?? 20_000;
    this.ready = (opts.after ?? Promise.resolve()).then(() => this.load());
  }

  get size() {
    return this.slotById.size;
  }

  /** The membership with this passport (blind index), or null. */
  byDoc(docBidx: string): MemberSnapshot | null {
    const slot = this.slotByDoc.get(docBidx);
    return slot < 0 ? null : this.snapshot(slot);
  }
  /** The membership holding this card (blind index) and the card's own status, or null. */
  byCard(cardBidx: string): { member: MemberSnapshot; cardStatus: string } | null {
    const card = this.cardByKey.get(cardBidx);
    return card < 0
      ? null
      : { member: this.snapshot(this.cardSlot[card]), cardStatus: this.statusCodes.values[this.cardStatus[card]] };
  }
  get(id: string): MemberSnapshot | null {
    const slot = this.slotById.get(id);
    return slot < 0 ? null : this.snapshot(slot);
  }
  private snapshot(slot: number): MemberSnapshot {
    const renewal = this.renewals[slot];
    const names = this.names,
      cipher = this.ctx.cipher;
    return {
      id: this.ids.get(slot)!,
      membershipNumber: this.numbers.get(slot)!,
      programmes: this.programmeSets.values[this.programmes[slot]],
      fastRegion: REGIONS[this.regions[slot]],
      status: this.statusCodes.values[this.statuses[slot]],
      expiresAt: this.expires[slot],
      renewalRequestedAt: Number.isNaN(renewal) ? null : renewal,
      // decrypted only when asked for (the lanes need it when a card is read by RFID, which carries no name)
      get holderName() {
        return cipher.decrypt(names.get(slot)!, CTX_HOLDER_NAME);
      },
    };
  }

  private put(r: DirectoryMemberRow, cards: { card_bidx: string; status: string }[]) {
    let slot = this.slotById.get(r.id);
    if (slot < 0) {
      slot = this.slots++;
      this.programmes = grow(this.programmes, this.slots);
      this.regions = grow(this.regions, this.slots);
      this.statuses = grow(this.statuses, this.slots);
      this.expires = grow(this.expires, this.slots);
      this.renewals = grow(this.renewals, this.slots);
      this.firstCard = grow(this.firstCard, this.slots);
      this.firstCard[slot] = NO_CARD;
      this.slotById.set(r.id, slot);
      this.ids.set(slot, r.id);
    } else {
      const priorDoc = this.docKeys.get(slot);
      if (priorDoc && this.slotByDoc.get(priorDoc) === slot) this.slotByDoc.delete(priorDoc);
      for (let c = this.firstCard[slot]; c !== NO_CARD; c = this.nextCard[c]) {
        const key = this.cardKeys.get(c)!;
        if (this.cardByKey.get(key) === c) this.cardByKey.delete(key);
        this.cardKeys.set(c, null);
        this.freeCards.push(c);
      }
      this.firstCard[slot] = NO_CARD;
    }
    const programmes = r.programmes;
    this.programmes[slot] = this.programmeSets.code(programmes, programmes.join(','));
    this.regions[slot] = REGIONS.indexOf(r.fast_region ?? null);
    this.statuses[slot] = this.statusCodes.code(r.status);
    this.expires[slot] = new Date(r.expires_at).getTime();
    this.renewals[slot] = r.renewal_requested_at ? new Date(r.renewal_requested_at).getTime() : NaN;
    this.numbers.set(slot, r.membership_number);
    this.names.set(slot, r.holder_name_enc ?? ''); // decrypted when read (snapshot)
    this.docKeys.set(slot, r.doc_bidx ?? null);
    if (r.doc_bidx) this.slotByDoc.set(r.doc_bidx, slot);
    for (const c of cards) this.addCard(slot, c.card_bidx, c.status);
  }
  private addCard(slot: number, bidx: string, status: string) {
    const card = this.freeCards.length ? this.freeCards.pop()! : this.cards++;
    this.cardSlot = grow(this.cardSlot, this.cards);
    this.cardStatus = grow(this.cardStatus, this.cards);
    this.nextCard = grow(this.nextCard, this.cards);
    this.cardSlot[card] = slot;
    this.cardStatus[card] = this.statusCodes.code(status);
    this.nextCard[card] = this.firstCard[slot];
    this.firstCard[slot] = card;
    this.cardKeys.set(card, bidx);
    this.cardByKey.set(bidx, card);
  }

  /**
   * Reads every membership, then every card, by pages along the primary key (a million rows at once would be a burst
   * of a gigabyte of short-lived row objects). Changes are listened for first: a membership changed meanwhile is
   * reloaded from the database, and a page that read it before the change does not overwrite it.
   */
  async load() {
    const reloaded = new Set<string>();
    this.loading = reloaded;
    await this.ctx.database.listen?.(CHANNEL, (id) => {
      this.reload(id).catch((e) => this.ctx.log.error({ err: errorFacts(e) }, 'membership refresh failed'));
    });
    const total = await store.membershipCount(this.ctx.db);
    this.slotById.reserve(total);
    this.slotByDoc.reserve(total);
    this.cardByKey.reserve(total);
    for (let after = FIRST_UUID; ; ) {
      const rows = await store.directoryMembersPage(this.ctx.db, after, this.page);
      for (const r of rows) if (!reloaded.has(r.id)) this.put(r, []);
      if (rows.length < this.page) break;
      after = rows[rows.length - 1].id;
    }
    for (let after = FIRST_UUID; ; ) {
      const rows = await store.directoryCardsPage(this.ctx.db, after, this.page);
      for (const c of rows) {
        const slot = this.slotById.get(c.membership_id);
        if (slot >= 0 && !reloaded.has(c.membership_id)) this.addCard(slot, c.card_bidx, c.status);
      }
      if (rows.length < this.page) break;
      after = rows[rows.length - 1].id;
    }
    this.loading = null;
  }
  async reload(id: string) {
    this.loading?.add(id);
    const r = await store.directoryMember(this.ctx.db, id);
    if (!r) return;
    this.put(r, await store.directoryCardsOf(this.ctx.db, id));
    for (const f of this.onChange) f(id);
  }
  /** Call after a committed change to a membership. */
  async changed(id: string) {
    await this.reload(id);
    if (this.ctx.database.engine === 'postgresql') await this.ctx.database.notify(CHANNEL, id);
  }
}
