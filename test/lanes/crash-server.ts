// The platform in a child process for the crash test: configuration from the environment (DATABASE_URL,
// SMARTBORDER_DATA_DIR, SMARTBORDER_KEY), PostgreSQL schema from CRASH_SCHEMA; seeds the demo accounts and the ports,
// listens on a free loopback port and prints {"port": N} on one line. It is meant to be killed.
import pino from 'pino';
import { createPlatform } from '../../src/app.ts';
import { loadConfig } from '../../src/kernel/config.ts';
import { seedAll } from '../../src/seed.ts';

const log = pino({ level: 'silent' });
const p = await createPlatform({
  config: loadConfig({ ...process.env, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent' }),
  schema: process.env.CRASH_SCHEMA || undefined,
  log,
});
await seedAll(p.ctx, { demo: true });
await p.modules.lanes.load();
await p.app.listen({ port: 0, host: '127.0.0.1' });
const addr = p.app.server.address();
process.stdout.write(JSON.stringify({ port: typeof addr === 'object' && addr ? addr.port : 0 }) + '\n');
