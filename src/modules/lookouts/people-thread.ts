// The index of registered people (members) for recurrent vetting, on a thread of its own. A million members make an
// index of several hundred megabytes; on the request thread its objects made every garbage collection longer (lane
// decisions at 1M members spent a fifth of their time collecting garbage and paused up to a second). In a worker
// thread it lives in a separate heap, and indexing a chunk of members runs on the other core.
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import { ScreeningIndex } from './engine/screening-index.ts';
import type { Hit, ListEntry, ScreenOptions, ScreenQuery } from './engine/types.ts';

type Request =
  | { id: number; op: 'upsert'; entries: ListEntry[] }
  | { id: number; op: 'remove'; ids: string[] }
  | { id: number; op: 'screen'; queries: ScreenQuery[]; opts: ScreenOptions }
  | { id: number; op: 'size' };
type Reply = { id: number; result?: unknown; error?: string };
type Call = Request extends infer R ? (R extends { id: number } ? Omit<R, 'id'> : never) : never;

export class PeopleIndexThread {
  private worker: Worker;
  private next = 1;
  private pending = new Map<number, { resolve: (v: any) => void; reject: (e: Error) => void }>();
  constructor() {
    this.worker = new Worker(new URL(import.meta.url), { workerData: { peopleIndexThread: true } });
    this.worker.on('message', (m: Reply) => {
      const p = this.pending.get(m.id);
      if (!p) return;
      this.pending.delete(m.id);
      if (m.error !== undefined) p.reject(new Error(m.error)); else p.resolve(m.result);
    });
    this.worker.on('error', (e) => { for (const p of this.pending.values()) p.reject(e); this.pending.clear(); });
    // The thread must not keep a finished process (a CLI command, a test) alive.
    this.worker.unref();
  }
  private call<T>(req: Call): Promise<T> {
    const id = this.next++;
    return new Promise<T>((resolve, reject) => { this.pending.set(id, { resolve, reject }); this.worker.postMessage({ id, ...req }); });
  }
  upsert(entries: ListEntry[]) { return this.call<void>({ op: 'upsert', entries }); }
  remove(ids: string[]) { return this.call<void>({ op: 'remove', ids }); }
  /** One answer per query, as ScreeningIndex.screen would give it. */
  screen(queries: ScreenQuery[], opts: ScreenOptions) { return this.call<Hit[][]>({ op: 'screen', queries, opts }); }
  size() { return this.call<number>({ op: 'size' }); }
  async close() { await this.worker.terminate(); }
}

// ---------- the thread ----------
function serve() {
  const index = new ScreeningIndex();
  const port = parentPort!;
  port.on('message', (m: Request) => {
    try {
      let result: unknown;
      if (m.op === 'upsert') for (const e of m.entries) index.upsert(e);
      else if (m.op === 'remove') for (const id of m.ids) index.remove(id);
      else if (m.op === 'screen') result = m.queries.map((q) => index.screen(q, m.opts));
      else result = index.size;
      port.postMessage({ id: m.id, result } satisfies Reply);
    } catch (e) { port.postMessage({ id: m.id, error: String((e as Error)?.message ?? e) } satisfies Reply); }
  });
}

if (!isMainThread && workerData?.peopleIndexThread === true) serve();
