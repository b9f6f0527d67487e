// `smartborder kiosk register|list|revoke`: kiosks are registered as devices of a port, each with its own credential,
// printed once at registration (only its SHA-256 is stored). Registration and revocation are audited.
import { parseArgs } from 'node:util';
import pino from 'pino';
import { createPlatform } from '../../app.ts';
import { loadConfig } from '../../kernel/config.ts';
import { AppError } from '../../kernel/errors.ts';
import { translator } from '../../kernel/i18n.ts';

interface Io {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
}
const USAGE = `Usage:
  smartborder kiosk register --port PORT --label LABEL   register a kiosk device; prints its credential once
  smartborder kiosk list [--port PORT]                   kiosk devices, with status and when last seen
  smartborder kiosk revoke ID                            revoke a kiosk device at once`;

export async function kioskCommand(args: string[], io: Io): Promise<number> {
  const [sub, ...rest] = args;
  const fail = (message: string) => {
    io.stderr.write(`error: ${message}\n${USAGE}\n`);
    return 2;
  };
  let values: { port?: string; label?: string };
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({
      args: rest,
      options: { port: { type: 'string' }, label: { type: 'string' } },
      allowPositionals: true,
    }));
  } catch (e) {
    return fail((e as Error).message);
  }
  if (sub === 'register' && (!values.port || !values.label)) return fail('register needs --port and --label');
  if (sub === 'revoke' && positionals.length !== 1) return fail('revoke needs the id of one kiosk');
  if (sub !== 'register' && sub !== 'list' && sub !== 'revoke')
    return fail(sub ? `unknown kiosk command "${sub}"` : 'a kiosk command is needed');
  const config = loadConfig();
  const platform = await createPlatform({ config, log: pino({ level: 'warn' }) });
  const lanes = platform.modules.lanes;
  try {
    await lanes.ready;
    if (sub === 'register') {
      const port = values.port ?? '';
      if (!lanes.port(port)) return fail(`unknown port "${port}" (ports are loaded by smartborder seed)`);
      const { kiosk, credential } = await lanes.registerKiosk(null, port, values.label ?? '');
      io.stdout.write(
        `registered kiosk ${kiosk.id} at ${port} (${kiosk.label})\n` +
          `credential (shown only now; keep it for enrolling the kiosk): ${credential}\n` +
          `enrol the kiosk's screen at ${config.SMARTBORDER_PUBLIC_URL ?? `http://localhost:${config.PORT}`}` +
          `/en/kiosk/${port}/enrol, or send the credential as a bearer token to POST /api/v1/lanes/kiosk/decisions\n`,
      );
      return 0;
    }
    if (sub === 'list') {
      const list = await lanes.kiosks(values.port);
      for (const k of list)
        io.stdout.write(
          `${k.id}  ${k.portId.padEnd(9)} ${k.status.padEnd(8)} last seen ${
            k.lastSeenAt ? new Date(k.lastSeenAt).toISOString() : 'never'
          }  ${k.label}\n`,
        );
      if (!list.length) io.stdout.write('no kiosks registered\n');
      return 0;
    }
    const id = positionals[0];
    if (!/^[0-9a-f-]{36}$/i.test(id)) return fail(`"${id}" is not a kiosk id (smartborder kiosk list shows them)`);
    if (!(await lanes.revokeKiosk(null, id))) {
      io.stderr.write(`error: no active kiosk ${id}\n`);
      return 2;
    }
    io.stdout.write(`revoked kiosk ${id}: its credential decides nothing more\n`);
    return 0;
  } catch (e) {
    if (e instanceof AppError) return fail(translator('en')(e.key, e.args));
    throw e;
  } finally {
    await platform.close();
  }
}
