// Field encryption (AES-256-GCM) and blind indexes (HMAC-SHA-256) for personal data.
// One master key (SMARTBORDER_KEY, or a key file generated for the embedded default) derives separate keys per use,
// so that the index key can never decrypt and the audit key can never forge an index.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

export interface Keys {
  enc: Buffer;
  index: Buffer;
  audit: Buffer;
  /** The seed of the Ed25519 key pair that signs audit checkpoints (audit-checkpoint.ts). */
  checkpoint: Buffer;
  /** CSRF tokens: an HMAC of what the token is bound to (a session, or an anonymous visitor's pre-session id). */
  csrf: Buffer;
}

export function deriveKeys(master: Buffer): Keys {
  const d = (info: string) => Buffer.from(crypto.hkdfSync('sha256', master, Buffer.alloc(0), info, 32));
  return {
    enc: d('smartborder/field-encryption/v1'),
    index: d('smartborder/blind-index/v1'),
    audit: d('smartborder/audit-chain/v1'),
    checkpoint: d('smartborder/audit-checkpoint/v1'),
    csrf: d('smartborder/csrf/v1'),
  };
}

/** The master key from the environment, or from `<dataDir>/keys/master.key`, created (mode 0600) on first use. */
export function loadMasterKey(envKey: string | undefined, dataDir: string): Buffer {
  if (envKey) return Buffer.from(envKey, 'base64');
  const file = path.join(dataDir, 'keys', 'master.key');
  if (!fs.existsSync(file)) {
    fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
    fs.writeFileSync(file, crypto.randomBytes(32).toString('base64') + '\n', { mode: 0o600, flag: 'wx' });
  }
  const key = Buffer.from(fs.readFileSync(file, 'utf8').trim(), 'base64');
  if (key.length !== 32) throw new Error(`${file} must hold 32 bytes in base64`);
  return key;
}

export class FieldCipher {
  keys: Keys;
  constructor(keys: Keys) {
    this.keys = keys;
  }
  /**
   * `context` (e.g. "tt_applications.sensitive") is bound as associated data: a ciphertext moved to another column
   * fails.
   */
  encrypt(plaintext: string, context: string): string {
    const iv = crypto.randomBytes(12);
    const c = crypto.createCipheriv('aes-256-gcm', this.keys.enc, iv);
    c.setAAD(Buffer.from(context));
    const body = Buffer.concat([c.update(plaintext, 'utf8'), c.final()]);
    return 'v1.' + Buffer.concat([iv, c.getAuthTag(), body]).toString('base64');
  }
  decrypt(token: string, context: string): string {
    if (!token.startsWith('v1.')) throw new Error('unknown ciphertext version');
    const raw = Buffer.from(token.slice(3), 'base64');
    const d = crypto.createDecipheriv('aes-256-gcm', this.keys.enc, raw.subarray(0, 12));
    d.setAAD(Buffer.from(context));
    d.setAuthTag(raw.subarray(12, 28));
    return Buffer.concat([d.update(raw.subarray(28)), d.final()]).toString('utf8');
  }
  encryptJson(value: unknown, context: string): string {
    return this.encrypt(JSON.stringify(value), context);
  }
  decryptJson<T>(token: string, context: string): T {
    return JSON.parse(this.decrypt(token, context)) as T;
  }
  /** Keyed hash for equality look-ups; `kind` separates namespaces (a passport number never matches a card number). */
  blindIndex(kind: string, value: string): string {
    const normalized = value
      .normalize('NFKC')
      .toUpperCase()
      .replace(/[\s\-<]/g, '');
    return crypto
      .createHmac('sha256', this.keys.index)
      .update(kind + '\u0000' + normalized)
      .digest('base64url')
      .slice(0, 32);
  }
}

export const sha256 = (s: string) => crypto.createHash('sha256').update(s).digest('hex');
export const randomToken = (bytes = 32) => crypto.randomBytes(bytes).toString('base64url');
