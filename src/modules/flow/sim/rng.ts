/**
 * Seeded pseudo-random numbers for the simulation engine.
 *
 * xoshiro128** (Blackman & Vigna, 2018) on 32-bit integers, seeded through splitmix32 so that any
 * 32-bit seed (0 included) gives a well-mixed, non-zero state. Everything is `Math.imul` / shifts
 * on int32, which V8 keeps unboxed, so a draw costs a few nanoseconds.
 *
 * Independent streams (arrivals of each stream, service times of each lane, ...) are derived from
 * one master seed with `deriveSeed(seed, key)`, which makes common random numbers between scenario
 * variants possible: the arrival stream of "cars" is the same sequence whatever the booths do.
 */

const TWO_POW_32 = 4294967296;

/*
 * Exponential variates by the ziggurat method (Marsaglia & Tsang, "The Ziggurat Method for
 * Generating Random Variables", J. Stat. Software 5(8), 2000), 256 layers. Following Doornik
 * (2005), the layer index and the magnitude come from disjoint bits of one 32-bit draw (low 8
 * bits: layer; high 24 bits: position), avoiding the correlation of the original code. About 99 %
 * of draws need one 32-bit number, a table look-up and a multiplication: no logarithm.
 */
const ZIG_M = 16777216; // 2^24
const ZIG_R = 7.697117470131487;
const ZIG_KE = new Int32Array(256);
const ZIG_WE = new Float64Array(256);
const ZIG_FE = new Float64Array(256);
{
  let de = ZIG_R;
  let te = de;
  const ve = 3.949659822581572e-3;
  const q = ve / Math.exp(-de);
  ZIG_KE[0] = Math.floor((de / q) * ZIG_M);
  ZIG_KE[1] = 0;
  ZIG_WE[0] = q / ZIG_M;
  ZIG_WE[255] = de / ZIG_M;
  ZIG_FE[0] = 1;
  ZIG_FE[255] = Math.exp(-de);
  for (let i = 254; i >= 1; i--) {
    de = -Math.log(ve / de + Math.exp(-de));
    ZIG_KE[i + 1] = Math.floor((de / te) * ZIG_M);
    te = de;
    ZIG_FE[i] = Math.exp(-de);
    ZIG_WE[i] = de / ZIG_M;
  }
}

/** One step of splitmix32 (a 32-bit variant of SplitMix); returns [next state, output]. */
export function splitmix32(state: number): [number, number] {
  const s = (state + 0x9e3779b9) | 0;
  let z = s;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  z ^= z >>> 16;
  return [s, z >>> 0];
}

/** Mixes a seed with a key (a small integer or a string) into a new 32-bit seed. */
export function deriveSeed(seed: number, key: number | string): number {
  let k: number;
  if (typeof key === 'number') {
    k = key | 0;
  } else {
    // FNV-1a over UTF-16 code units
    k = 0x811c9dc5 | 0;
    for (let i = 0; i < key.length; i++) {
      k ^= key.charCodeAt(i);
      k = Math.imul(k, 0x01000193);
    }
  }
  let [s, a] = splitmix32((seed | 0) ^ Math.imul(k, 0x27d4eb2d));
  [s, a] = splitmix32(s ^ a);
  return a;
}

export class Rng {
  a: number;
  b: number;
  c: number;
  d: number;

  constructor(seed: number) {
    let s = seed | 0;
    let out: number;
    [s, out] = splitmix32(s);
    this.a = out | 0;
    [s, out] = splitmix32(s);
    this.b = out | 0;
    [s, out] = splitmix32(s);
    this.c = out | 0;
    [s, out] = splitmix32(s);
    this.d = out | 0;
    if ((this.a | this.b | this.c | this.d) === 0) this.d = 1;
  }

  /** Next raw output as an unsigned 32-bit integer. */
  nextUint32(): number {
    const b = this.b;
    let r = Math.imul(b, 5);
    r = (r << 7) | (r >>> 25);
    r = Math.imul(r, 9);
    const t = b << 9;
    this.c ^= this.a;
    this.d ^= b;
    this.b ^= this.c;
    this.a ^= this.d;
    this.c ^= t;
    this.d = (this.d << 11) | (this.d >>> 21);
    return r >>> 0;
  }

  /** Uniform on the open interval (0, 1): never 0, never 1, so `Math.log(u)` is always finite. */
  uniform(): number {
    const b = this.b;
    let r = Math.imul(b, 5);
    r = (r << 7) | (r >>> 25);
    r = Math.imul(r, 9);
    const t = b << 9;
    this.c ^= this.a;
    this.d ^= b;
    this.b ^= this.c;
    this.a ^= this.d;
    this.c ^= t;
    this.d = (this.d << 11) | (this.d >>> 21);
    return ((r >>> 0) + 0.5) / TWO_POW_32;
  }

  /** Standard exponential (mean 1) by the ziggurat; see the tables above. */
  exponential(): number {
    const b = this.b;
    let r = Math.imul(b, 5);
    r = (r << 7) | (r >>> 25);
    r = Math.imul(r, 9);
    const t = b << 9;
    this.c ^= this.a;
    this.d ^= b;
    this.b ^= this.c;
    this.a ^= this.d;
    this.c ^= t;
    this.d = (this.d << 11) | (this.d >>> 21);
    const i = r & 255;
    const j = r >>> 8;
    if (j < ZIG_KE[i]) return j * ZIG_WE[i];
    return this.exponentialSlow(i, j);
  }

  private exponentialSlow(i: number, j: number): number {
    for (;;) {
      if (i === 0) return ZIG_R - Math.log(this.uniform()); // the tail beyond R, memoryless
      const x = j * ZIG_WE[i];
      if (ZIG_FE[i] + this.uniform() * (ZIG_FE[i - 1] - ZIG_FE[i]) < Math.exp(-x)) return x;
      const r = this.nextUint32();
      i = r & 255;
      j = r >>> 8;
      if (j < ZIG_KE[i]) return j * ZIG_WE[i];
    }
  }

  /** Standard normal by the Marsaglia polar method (no cached spare: keeps the stream simple). */
  normal(): number {
    for (;;) {
      const u = 2 * this.uniform() - 1;
      const v = 2 * this.uniform() - 1;
      const s = u * u + v * v;
      if (s > 0 && s < 1) return u * Math.sqrt((-2 * Math.log(s)) / s);
    }
  }

  /** Integer uniformly in [0, n). */
  int(n: number): number {
    return Math.floor(this.uniform() * n);
  }
}
