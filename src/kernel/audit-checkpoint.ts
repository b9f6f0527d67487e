// Checkpoints of the audit chain kept outside the database: the head (last sequence number and its hash) and the time,
// signed with Ed25519 as a compact JWS. Someone who can rewrite the database (delete the newest entries and put back
// an older head, or delete everything) cannot make the chain agree with a checkpoint taken before: `audit verify`
// compares the chain with the latest local checkpoint and any given to it. The key pair is derived from the master
// key; the public key (a JWK, printed by `smartborder audit checkpoint`) lets anyone check a checkpoint's signature.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { CompactSign, calculateJwkThumbprint, compactVerify, type JWK } from 'jose';

export interface Checkpoint {
  seq: number;
  hash: string;
  /** When the head was read (ISO 8601, UTC). */
  at: string;
}
/** A checkpoint with its signature (compact JWS whose payload is the checkpoint). */
export interface SignedCheckpoint extends Checkpoint {
  jws: string;
}

/** The PKCS #8 prefix of an Ed25519 private key: the 32-byte seed follows it (RFC 8410). */
const ED25519_PKCS8_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');
/** The last part of the file read for the latest checkpoint (lines are about 400 bytes; one a minute at most). */
const TAIL_BYTES = 64 * 1024;

export class CheckpointError extends Error {}

export class AuditCheckpoints {
  /** The append-only file of signed checkpoints, one JSON object a line. */
  readonly file: string;
  private readonly privateKey: crypto.KeyObject;
  readonly publicKey: crypto.KeyObject;
  readonly publicJwk: JWK;
  constructor(seed: Buffer, dataDir: string) {
    this.file = path.join(dataDir, 'audit', 'checkpoints.jsonl');
    this.privateKey = crypto.createPrivateKey({
      key: Buffer.concat([ED25519_PKCS8_PREFIX, seed]),
      format: 'der',
      type: 'pkcs8',
    });
    this.publicKey = crypto.createPublicKey(this.privateKey);
    this.publicJwk = this.publicKey.export({ format: 'jwk' }) as JWK;
  }

  async sign(c: Checkpoint): Promise<SignedCheckpoint> {
    const payload = new TextEncoder().encode(JSON.stringify({ seq: c.seq, hash: c.hash, at: c.at }));
    const kid = await calculateJwkThumbprint(this.publicJwk);
    const jws = await new CompactSign(payload).setProtectedHeader({ alg: 'EdDSA', kid }).sign(this.privateKey);
    return { seq: c.seq, hash: c.hash, at: c.at, jws };
  }

  /** The checkpoint a compact JWS holds, if this installation's key signed it; otherwise a CheckpointError. */
  async open(jws: string): Promise<Checkpoint> {
    let payload: Uint8Array;
    try {
      payload = (await compactVerify(jws.trim(), this.publicKey, { algorithms: ['EdDSA', 'Ed25519'] })).payload;
    } catch {
      throw new CheckpointError('the checkpoint is not signed by this installation’s audit key');
    }
    const c = JSON.parse(new TextDecoder().decode(payload)) as Partial<Checkpoint>;
    if (!Number.isSafeInteger(c.seq) || typeof c.hash !== 'string' || typeof c.at !== 'string')
      throw new CheckpointError('the checkpoint’s payload is not a checkpoint');
    return { seq: c.seq as number, hash: c.hash, at: c.at };
  }

  /**
   * The checkpoints in a text: a JSON object with a `jws` field (what `audit checkpoint` prints), JSON lines of them
   * (the checkpoint file), or bare compact JWS, one a line. A line that is none of these, or whose signature fails, is
   * refused with its line number.
   */
  async parse(text: string): Promise<Checkpoint[]> {
    const out: Checkpoint[] = [];
    const lines = text.split('\n');
    for (let i = 0; i < lines.length; i++) {
      const line = lines[i].trim();
      if (!line) continue;
      let jws = line;
      if (line.startsWith('{')) {
        try {
          jws = String((JSON.parse(line) as { jws?: unknown }).jws ?? '');
        } catch {
          throw new CheckpointError(`line ${i + 1}: not JSON`);
        }
      }
      try {
        out.push(await this.open(jws));
      } catch (e) {
        throw new CheckpointError(`line ${i + 1}: ${(e as Error).message}`);
      }
    }
    if (!out.length) throw new CheckpointError('no checkpoint found');
    return out;
  }

  /**
   * Appends a signed checkpoint to the file: one line, in one write (O_APPEND), so that writers in several processes
   * (the server's timer, an operator's `audit verify`) never interleave their lines.
   */
  async append(c: Checkpoint): Promise<SignedCheckpoint> {
    const signed = await this.sign(c);
    fs.mkdirSync(path.dirname(this.file), { recursive: true, mode: 0o700 });
    fs.appendFileSync(this.file, `${JSON.stringify(signed)}\n`, { mode: 0o600 });
    return signed;
  }

  /**
   * The latest local checkpoint (the highest sequence number among the last lines of the file), or null when there
   * is none. Lines whose signature fails are reported (by the sequence number they claim, 0 if none), not skipped: the
   * file was tampered with.
   */
  async latest(): Promise<{ checkpoint: Checkpoint | null; forged: number[] }> {
    let text: string;
    try {
      const fd = fs.openSync(this.file, 'r');
      try {
        const size = fs.fstatSync(fd).size;
        const start = Math.max(0, size - TAIL_BYTES);
        const buf = Buffer.alloc(size - start);
        fs.readSync(fd, buf, 0, buf.length, start);
        text = buf.toString('utf8');
        // The first line of a tail read from the middle of the file is cut: drop it.
        if (start > 0) text = text.slice(text.indexOf('\n') + 1);
      } finally {
        fs.closeSync(fd);
      }
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { checkpoint: null, forged: [] };
      throw e;
    }
    let best: Checkpoint | null = null;
    const forged: number[] = [];
    for (const line of text.split('\n')) {
      if (!line.trim()) continue;
      let c: Checkpoint;
      try {
        [c] = await this.parse(line);
      } catch {
        forged.push(claimedSeq(line));
        continue;
      }
      if (!best || c.seq > best.seq) best = c;
    }
    return { checkpoint: best, forged };
  }
}

/** The sequence number a checkpoint line claims, unverified (0 when it claims none): to name a forged line. */
function claimedSeq(line: string): number {
  try {
    const seq = (JSON.parse(line) as { seq?: unknown }).seq;
    return Number.isSafeInteger(seq) ? Number(seq) : 0;
  } catch {
    return 0;
  }
}
