// Configuration is read and validated once, with defaults that make a fresh clone run with zero set-up.
import { z } from 'zod';
import net from 'node:net';
import path from 'node:path';

/**
 * Which proxies in front of the server are trusted to say the client's address and protocol (X-Forwarded-For,
 * X-Forwarded-Proto): `false` (none, the default: the server faces clients itself), `true` (every hop: only behind a
 * proxy that overwrites these headers), a hop count (`1`: the nearest proxy), or a comma-separated list of addresses
 * and CIDR ranges (`10.0.0.0/8, 127.0.0.1`). Fastify takes each form as is.
 */
export type TrustProxy = boolean | number | string[];
const isCidr = (s: string) => {
  const [addr, bits, ...rest] = s.split('/');
  const family = net.isIP(addr);
  if (!family || rest.length) return false;
  if (bits === undefined) return true;
  return /^\d{1,3}$/.test(bits) && Number(bits) <= (family === 4 ? 32 : 128);
};
const trustProxy = z
  .string()
  .trim()
  .default('false')
  .transform((v, c): TrustProxy => {
    if (v === 'false' || v === '') return false;
    if (v === 'true') return true;
    if (/^\d+$/.test(v) && Number(v) >= 1 && Number(v) <= 20) return Number(v);
    const list = v.split(',').map((x) => x.trim());
    if (list.every(isCidr)) return list;
    c.addIssue({
      code: 'custom',
      message: 'must be false, true, a hop count from 1 to 20, or a comma-separated list of addresses and CIDR ranges',
    });
    return z.NEVER;
  });

const schema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  HOST: z.string().default('0.0.0.0'),
  DATABASE_URL: z.string().url().optional(),
  SMARTBORDER_DATA_DIR: z.string().default('.data'),
  SMARTBORDER_KEY: z
    .string()
    .regex(/^[A-Za-z0-9+/]{43}=$/, 'must be 32 bytes in base64')
    .optional(),
  SMARTBORDER_SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\//, 'must start with smtp:// or smtps://')
    .optional(),
  SMARTBORDER_MAIL_FROM: z.string().email().default('no-reply@smartborder.example'),
  SMARTBORDER_PUBLIC_URL: z.string().url().optional(),
  // Server processes sharing the port (node:cluster); more than one needs PostgreSQL (DATABASE_URL).
  SMARTBORDER_WORKERS: z.coerce.number().int().min(1).max(64).default(1),
  SMARTBORDER_TRUST_PROXY: trustProxy,
  // Sign-in attempts (every credential route counted together) per client address and per account, per minute.
  SMARTBORDER_SIGN_IN_PER_IP: z.coerce.number().int().min(1).max(100_000).default(30),
  SMARTBORDER_SIGN_IN_PER_ACCOUNT: z.coerce.number().int().min(1).max(100_000).default(10),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  NODE_ENV: z.string().default('development'),
});

export type Config = z.infer<typeof schema> & { dataDir: string };

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`Invalid configuration:\n${lines.join('\n')}`);
  }
  return { ...parsed.data, dataDir: path.resolve(parsed.data.SMARTBORDER_DATA_DIR) };
}
