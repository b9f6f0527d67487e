// Compact in-memory tables for the membership directory. A million memberships held as JS objects (a snapshot, a Map
// of cards, a string per key) made a heap of about a gigabyte of small objects, and every young-generation garbage
// collection of the server paid for the size of that heap (~10 ms pauses, measured in docs/benchmarks.md). These
// tables keep the same data in a few typed arrays and byte buffers, which the garbage collector does not walk.

const EMPTY = 0,
  DELETED = -1;

/** FNV-1a over bytes. */
function hashBytes(b: Uint8Array, len: number): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < len; i++) {
    h ^= b[i];
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** An append-only byte pool of UTF-8 strings, addressed by (offset, length). */
class BytePool {
  buf = Buffer.allocUnsafe(1 << 16);
  used = 0;
  add(s: string): { off: number; len: number } {
    const need = Buffer.byteLength(s, 'utf8');
    if (this.used + need > this.buf.length) {
      const next = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.used + need));
      this.buf.copy(next, 0, 0, this.used);
      this.buf = next;
    }
    const off = this.used;
    this.buf.write(s, off, 'utf8');
    this.used += need;
    return { off, len: need };
  }
  get(off: number, len: number) {
    return this.buf.toString('utf8', off, off + len);
  }
}

export function grow<T extends Int32Array | Uint32Array | Float64Array | Uint8Array | Uint16Array>(
  a: T,
  need: number,
): T {
  if (need <= a.length) return a;
  const b = new (a.constructor as new (n: number) => T)(Math.max(need, a.length * 2, 1024));
  b.set(a);
  return b;
}

/**
 * A hash table from string keys to whole numbers (open addressing, linear probing), keys stored as UTF-8 bytes in one
 * buffer. Removed keys leave their bytes behind until the table is rebuilt, once half of what it holds is removed.
 */
export class KeyTable {
  private table = new Int32Array(1024); // entry + 1; EMPTY; DELETED
  private keyOff = new Uint32Array(1024);
  private keyLen = new Uint16Array(1024);
  private hashes = new Uint32Array(1024);
  private values = new Int32Array(1024);
  private pool = new BytePool();
  private entries = 0;
  private live = 0;
  private tombstones = 0;
  private scratch = Buffer.allocUnsafe(256);

  get size() {
    return this.live;
  }

  private encode(key: string): number {
    if (key.length * 3 > this.scratch.length) this.scratch = Buffer.allocUnsafe(key.length * 3);
    const len = this.scratch.write(key, 0, 'utf8');
    if (len > 0xffff) throw new RangeError('KeyTable keys are at most 65,535 bytes'); // lengths are kept in 16 bits
    return len;
  }
  /** The table position holding the key, or -(position to insert at) - 1. */
  private find(len: number, h: number): number {
    const mask = this.table.length - 1;
    let firstFree = -1;
    for (let i = h & mask; ; i = (i + 1) & mask) {
      const t = this.table[i];
      if (t === EMPTY) return -((firstFree >= 0 ? firstFree : i) + 1);
      if (t === DELETED) {
        if (firstFree < 0) firstFree = i;
        continue;
      }
      const e = t - 1;
      if (
        this.hashes[e] === h &&
        this.keyLen[e] === len &&
        this.pool.buf.compare(this.scratch, 0, len, this.keyOff[e], this.keyOff[e] + len) === 0
      )
        return i;
    }
  }
  /** The value of the key, or -1. */
  get(key: string): number {
    const len = this.encode(key);
    const i = this.find(len, hashBytes(this.scratch, len));
    return i >= 0 ? this.values[this.table[i] - 1] : -1;
  }
  /** Sets the key's value (a whole number ≥ 0). */
  set(key: string, value: number): void {
    if ((this.live + this.tombstones + 1) * 2 > this.table.length) this.rebuild();
    const len = this.encode(key);
    const h = hashBytes(this.scratch, len);
    const i = this.find(len, h);
    if (i >= 0) {
      this.values[this.table[i] - 1] = value;
      return;
    }
    const at = -i - 1;
    if (this.table[at] === DELETED) this.tombstones--;
    const e = this.entries++;
    this.keyOff = grow(this.keyOff, e + 1);
    this.keyLen = grow(this.keyLen, e + 1);
    this.hashes = grow(this.hashes, e + 1);
    this.values = grow(this.values, e + 1);
    const { off } = this.pool.add(key);
    this.keyOff[e] = off;
    this.keyLen[e] = len;
    this.hashes[e] = h;
    this.values[e] = value;
    this.table[at] = e + 1;
    this.live++;
  }
  delete(key: string): boolean {
    const len = this.encode(key);
    const i = this.find(len, hashBytes(this.scratch, len));
    if (i < 0) return false;
    this.table[i] = DELETED;
    this.live--;
    this.tombstones++;
    return true;
  }
  /** Every live key and value. */
  *[Symbol.iterator](): IterableIterator<[string, number]> {
    for (let i = 0; i < this.table.length; i++) {
      const t = this.table[i];
      if (t > 0) yield [this.pool.get(this.keyOff[t - 1], this.keyLen[t - 1]), this.values[t - 1]];
    }
  }
  /** Makes room for `n` keys in all, so that a bulk load does not rebuild the table as it grows. */
  reserve(n: number): void {
    if (n * 2 > this.table.length) this.rebuild(n);
  }
  /** A table sized for the live keys (four times as many positions, at least), without removed keys' bytes. */
  private rebuild(room = 0) {
    const live = [...this];
    let cap = 1024;
    while (cap < (Math.max(room, live.length) + 1) * 4) cap *= 2;
    this.table = new Int32Array(cap);
    this.pool = new BytePool();
    this.entries = 0;
    this.live = 0;
    this.tombstones = 0;
    for (const [k, v] of live) this.set(k, v);
  }
}

/**
 * Strings by slot number (a slot's string can be replaced; replaced bytes are reclaimed when they outweigh the
 * rest).
 */
export class StringColumn {
  private off = new Uint32Array(1024);
  private len = new Uint32Array(1024);
  private has = new Uint8Array(1024);
  private pool = new BytePool();
  private wasted = 0;
  set(slot: number, s: string | null): void {
    this.off = grow(this.off, slot + 1);
    this.len = grow(this.len, slot + 1);
    this.has = grow(this.has, slot + 1);
    if (this.has[slot]) this.wasted += this.len[slot];
    if (s === null) {
      this.has[slot] = 0;
      return;
    }
    const { off, len } = this.pool.add(s);
    this.off[slot] = off;
    this.len[slot] = len;
    this.has[slot] = 1;
    if (this.wasted > 1 << 20 && this.wasted * 2 > this.pool.used) this.compact();
  }
  get(slot: number): string | null {
    return slot < this.has.length && this.has[slot] ? this.pool.get(this.off[slot], this.len[slot]) : null;
  }
  private compact() {
    const old = this.pool;
    this.pool = new BytePool();
    for (let s = 0; s < this.has.length; s++) {
      if (!this.has[s]) continue;
      const { off } = this.pool.add(old.get(this.off[s], this.len[s]));
      this.off[s] = off;
    }
    this.wasted = 0;
  }
}

/** A small closed set of values (statuses, programme combinations) by code. */
export class Interned<T> {
  private codes = new Map<string, number>();
  values: T[] = [];
  code(v: T, key = String(v)): number {
    let c = this.codes.get(key);
    if (c === undefined) {
      c = this.values.length;
      this.values.push(v);
      this.codes.set(key, c);
    }
    return c;
  }
}
