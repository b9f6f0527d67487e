// Writes docs/openapi.json: the OpenAPI document the server serves at /openapi.json, from a platform on a fresh
// embedded database. `node scripts/openapi.ts --check` exits with 1 when the committed file is out of date.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import crypto from 'node:crypto';
import pino from 'pino';
import { createPlatform } from '../src/app.ts';
import { loadConfig } from '../src/kernel/config.ts';

const target = path.resolve(import.meta.dirname, '../docs/openapi.json');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sb-openapi-'));
const config = loadConfig({
  SMARTBORDER_DATA_DIR: dir,
  LOG_LEVEL: 'silent',
  PORT: '0',
  SMARTBORDER_KEY: crypto.randomBytes(32).toString('base64'),
});
const platform = await createPlatform({ config, log: pino({ level: 'silent' }) });
try {
  const text = `${JSON.stringify(platform.app.swagger(), null, 2)}\n`;
  if (process.argv.includes('--check')) {
    const committed = fs.existsSync(target) ? fs.readFileSync(target, 'utf8') : '';
    if (committed !== text) {
      process.stderr.write(`${target} is out of date: run node scripts/openapi.ts\n`);
      process.exitCode = 1;
    }
  } else {
    fs.writeFileSync(target, text);
    process.stdout.write(`wrote ${target}\n`);
  }
} finally {
  await platform.close();
  fs.rmSync(dir, { recursive: true, force: true });
}
