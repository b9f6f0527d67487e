/**
 * Future-event list: a binary min-heap on parallel typed arrays (time: Float64Array, payload:
 * Int32Array). No objects are allocated per event; the arrays double when full.
 *
 * Simultaneous events (equal times) come out in an order fixed by the sequence of pushes and pops,
 * so runs are reproducible; the engine never relies on the order of ties (arrivals are strictly
 * before an hour boundary, and services of equal length in one pooled lane are interchangeable).
 */
export class EventQueue {
  times: Float64Array;
  payloads: Int32Array;
  size = 0;

  constructor(capacity = 64) {
    this.times = new Float64Array(capacity);
    this.payloads = new Int32Array(capacity);
  }

  private grow(): void {
    const cap = this.times.length * 2;
    const t = new Float64Array(cap);
    t.set(this.times);
    const p = new Int32Array(cap);
    p.set(this.payloads);
    this.times = t;
    this.payloads = p;
  }

  push(time: number, payload: number): void {
    if (this.size === this.times.length) this.grow();
    const times = this.times;
    const payloads = this.payloads;
    let i = this.size++;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const pt = times[parent];
      if (pt <= time) break;
      times[i] = pt;
      payloads[i] = payloads[parent];
      i = parent;
    }
    times[i] = time;
    payloads[i] = payload;
  }

  /** Time of the earliest event (the heap must not be empty). */
  peekTime(): number {
    return this.times[0];
  }

  /** Payload of the earliest event (the heap must not be empty). */
  peekPayload(): number {
    return this.payloads[0];
  }

  /** Removes the earliest event; read it first with peekTime / peekPayload. */
  pop(): void {
    const n = --this.size;
    if (n === 0) return;
    const times = this.times;
    const payloads = this.payloads;
    const t = times[n];
    const p = payloads[n];
    let i = 0;
    for (;;) {
      let c = 2 * i + 1;
      if (c >= n) break;
      const r = c + 1;
      if (r < n && times[r] < times[c]) c = r;
      const ct = times[c];
      if (t <= ct) break;
      times[i] = ct;
      payloads[i] = payloads[c];
      i = c;
    }
    times[i] = t;
    payloads[i] = p;
  }

  clear(): void {
    this.size = 0;
  }
}
