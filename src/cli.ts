// `smartborder` — one command with sub-commands for operators and scripts.
import { parseArgs, type ParseArgsOptionsConfig } from 'node:util';
import { loadConfig } from './kernel/config.ts';
import { createContext } from './kernel/context.ts';
import { migrate } from './kernel/migrate.ts';
import { openDatabase } from './kernel/db.ts';
import { createUser, ROLES, type Role } from './kernel/auth.ts';
import { AGENCY_CODES, isAgencyCode } from './kernel/agencies.ts';
import { listUsers } from './kernel/store.ts';
import { actorOf } from './kernel/auth.ts';
import { AppError } from './kernel/errors.ts';
import { fieldProblem } from './kernel/import-text.ts';
import path from 'node:path';

const HELP = `smartborder — border-facilitation platform (Canada · United States · Mexico)

Usage:
  smartborder serve [--demo] [--workers N]   start the web server (--demo: load reference and demo data, print demo
                                      accounts; --workers: N processes sharing the port, PostgreSQL only)
  smartborder migrate                 apply database migrations
  smartborder seed                    load reference data and demo data
  smartborder users create --email E --name N --role R [--role R2] [--agency CBSA|CBP|INM] [--password P]
  smartborder users list
  smartborder audit verify [--checkpoint FILE|JWS]   check the audit hash chain (every change, removal and
                                      truncation) against the local signed checkpoints and those given
  smartborder audit checkpoint        print a signed checkpoint of the chain's head, to keep elsewhere
  smartborder kiosk register --port PORT --label LABEL   register a member kiosk of a port (prints its credential
                                      once); kiosk list [--port PORT]; kiosk revoke ID
  smartborder import lookouts --format ofac|un|jsonl FILE [FILE...]   import a public list as reference lookouts
                                      [--source NAME] [--encoding E] [--skip-invalid] [--allow-mass-withdrawal]
  smartborder screen --list LIST.jsonl --queries QUERIES.jsonl [--top N] [--threshold T] [--encoding E]
  smartborder screen --pairs PAIRS.jsonl [--encoding E]
  smartborder flow import --kind bts|cbp-bwt|hourly FILE [--port CODE] [--lane TYPE] [--country CA|US|MX]
                                      [--encoding E] [--skip-invalid]
  smartborder flow simulate --scenario FILE [--json] [--replications N] [--seed S] [--days D] [--locale en|fr|es]

Imports refuse a file with any invalid line and change nothing (--skip-invalid imports the valid lines and reports
the others); an empty or header-only file is always refused. E (--encoding): utf8 (the default; a byte-order mark
is recognised), latin1, windows-1252, utf16le.

Environment: DATABASE_URL (PostgreSQL server; default embedded PGlite in $SMARTBORDER_DATA_DIR, .data),
SMARTBORDER_KEY (base64 32-byte master key; default generated key file), PORT (8080), SMARTBORDER_WORKERS (1),
SMARTBORDER_TRUST_PROXY (false; true, a hop count, or addresses/CIDR ranges of the TLS proxies in front).`;

const io = { stdout: process.stdout, stderr: process.stderr };

export async function main(argv: string[]): Promise<number> {
  const [cmd, ...rest] = argv;
  switch (cmd) {
    case 'serve': {
      const values = strictArgs(rest, { demo: { type: 'boolean' }, workers: { type: 'string' } }, 'serve');
      if (!values) return 2;
      const config = loadConfig();
      const workers = values.workers === undefined ? config.SMARTBORDER_WORKERS : Number(values.workers);
      if (!Number.isInteger(workers) || workers < 1 || workers > 64 || values.workers?.trim() === '') {
        process.stderr.write('error: --workers must be a whole number from 1 to 64\n');
        return 2;
      }
      if (workers > 1 && !config.DATABASE_URL) {
        process.stderr.write(
          'error: several workers need a PostgreSQL server (DATABASE_URL): ' +
            'the embedded PGlite database belongs to one process\n',
        );
        return 2;
      }
      const { createPlatform } = await import('./app.ts');
      const { serve, superviseWorkers, anchorAuditChain } = await import('./server.ts');
      const cluster = (await import('node:cluster')).default;
      // A worker of `serve --workers N`: the primary has already migrated and seeded the database.
      if (cluster.isWorker) {
        await serve(await createPlatform({ config }));
        return -1;
      }
      const platform = await createPlatform({ config });
      if (values.demo) {
        const { seedAll } = await import('./seed.ts');
        const { seedDemo, PERSONAS, personaMrz } = await import('./demo.ts');
        const accounts = await seedAll(platform.ctx, { demo: true, log: (s) => process.stderr.write(s + '\n') });
        await seedDemo(platform, (s) => process.stderr.write(s + '\n'));
        printAccounts(accounts);
        process.stdout.write(
          '\nDemo travellers (synthetic) and the MRZ of their passports, to paste in the booth console:\n',
        );
        for (const p of PERSONAS) {
          const state = p.until === 'member' ? 'member' : 'application under review';
          const mrz = personaMrz(p)
            .split('\n')
            .map((l) => '    ' + l)
            .join('\n');
          process.stdout.write(`  ${p.email}  ${p.programmes.join('+')}  ${state}\n${mrz}\n`);
        }
        await printDemoKiosks(platform, config.PORT);
      }
      const engine = config.DATABASE_URL ? 'PostgreSQL' : `PGlite in ${path.join(config.dataDir, 'pglite')}`;
      const where = `http://localhost:${config.PORT}  (database: ${engine})`;
      if (workers > 1) {
        await platform.close();
        // The primary writes the audit checkpoints (its workers do not): one writer for the file.
        const anchorCtx = await createContext(config, { migrate: false });
        const anchor = anchorAuditChain(anchorCtx);
        const { stop } = superviseWorkers(workers, { log: (s) => process.stderr.write(s + '\n') });
        let listening = 0;
        cluster.on('listening', () => {
          if (++listening === workers)
            process.stdout.write(`\nsmartborder is listening on ${where}, ${workers} worker processes\n`);
        });
        const end = async () => {
          await stop();
          await anchor.stop();
          await anchorCtx.database.close();
          process.exit(0);
        };
        process.once('SIGINT', end);
        process.once('SIGTERM', end);
        return -1;
      }
      await serve(platform, { onListening: () => process.stdout.write(`\nsmartborder is listening on ${where}\n`) });
      return -1; // keep running
    }
    case 'migrate': {
      if (!strictArgs(rest, {}, 'migrate')) return 2;
      const config = loadConfig();
      const database = await openDatabase({
        databaseUrl: config.DATABASE_URL,
        dataDir: path.join(config.dataDir, 'pglite'),
      });
      const applied = await migrate(database, (m) => process.stdout.write(`applied ${m.module}/${m.name}\n`));
      process.stdout.write(`${applied.length} migration(s) applied; the database is up to date.\n`);
      await database.close();
      return 0;
    }
    case 'seed': {
      if (!strictArgs(rest, {}, 'seed')) return 2;
      const { seedAll } = await import('./seed.ts');
      const { seedDemo } = await import('./demo.ts');
      const { createPlatform } = await import('./app.ts');
      const platform = await createPlatform({ config: loadConfig() });
      printAccounts(await seedAll(platform.ctx, { demo: true, log: (s) => process.stderr.write(s + '\n') }));
      await seedDemo(platform, (s) => process.stderr.write(s + '\n'));
      await printDemoKiosks(platform, platform.ctx.config.PORT);
      await platform.close();
      return 0;
    }
    case 'users':
      return usersCommand(rest);
    case 'audit': {
      const { auditCommand } = await import('./kernel/audit-command.ts');
      return auditCommand(rest, io);
    }
    case 'kiosk': {
      const { lanesCommands } = await import('./modules/lanes/index.ts');
      return lanesCommands.kiosk(rest, io);
    }
    case 'import': {
      const { lookoutsCommands } = await import('./modules/lookouts/index.ts');
      return lookoutsCommands.import(rest, io);
    }
    case 'screen': {
      const { lookoutsCommands } = await import('./modules/lookouts/index.ts');
      return lookoutsCommands.screen(rest, io);
    }
    case 'flow': {
      if (rest[0] === 'simulate') {
        const { flowCommands } = await import('./modules/flow/index.ts');
        return flowCommands.simulate(rest.slice(1), io);
      }
      if (rest[0] === 'import') {
        const { flowCommands } = await import('./modules/flow/index.ts');
        return flowCommands.import(rest.slice(1), io);
      }
      return usage('flow simulate|import');
    }
    case undefined:
    case 'help':
    case '--help':
    case '-h':
      process.stdout.write(HELP + '\n');
      return cmd ? 0 : 2;
    default:
      process.stderr.write(`Unknown command: ${cmd}\n\n${HELP}\n`);
      return 2;
  }
}

/**
 * The options of a sub-command, strictly: an unknown flag, a missing value or a stray argument is an error on stderr
 * (null: the caller exits 2), never a stack trace.
 */
function strictArgs<O extends ParseArgsOptionsConfig>(args: string[], options: O, what: string) {
  try {
    return parseArgs({ args, options, strict: true, allowPositionals: false }).values;
  } catch (e) {
    process.stderr.write(`error: ${e instanceof Error ? e.message : String(e)}\nUsage: smartborder ${what}\n`);
    return null;
  }
}

function usage(what: string) {
  process.stderr.write(`Usage: smartborder ${what}\n`);
  return 2;
}

/** The demo kiosks' pages and device credentials (derived from the installation's key, so the same at every start). */
async function printDemoKiosks(platform: import('./app.ts').Platform, port: number) {
  const { DEMO_KIOSK_PORTS, demoKioskCredential } = await import('./demo.ts');
  process.stdout.write(
    '\nDemo member kiosks: open the page, enter the device credential once (the browser keeps it), then scan:\n',
  );
  for (const id of DEMO_KIOSK_PORTS)
    process.stdout.write(`  http://localhost:${port}/en/kiosk/${id}  ${demoKioskCredential(platform, id)}\n`);
}

function printAccounts(accounts: { email: string; password: string; roles: string[]; agency: string | null }[]) {
  if (!accounts.length) return;
  process.stdout.write('\nDemo accounts (password for all: ' + accounts[0].password + '):\n');
  for (const a of accounts)
    process.stdout.write(`  ${a.email.padEnd(34)} ${(a.agency ?? '-').padEnd(5)} ${a.roles.join(', ')}\n`);
}

async function usersCommand(args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  if (sub === 'create') {
    const what = 'users create --email E --name N --role R [--role R2] [--agency A] [--password P]';
    const values = strictArgs(
      rest,
      {
        email: { type: 'string' },
        name: { type: 'string' },
        role: { type: 'string', multiple: true },
        agency: { type: 'string' },
        password: { type: 'string' },
      },
      what,
    );
    if (!values) return 2;
    const problems: string[] = [];
    if (!values.email || !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(values.email))
      problems.push('--email must be an e-mail address');
    if (!values.name?.trim()) problems.push('--name is required');
    else if (fieldProblem(values.name, 200)) problems.push(`--name ${fieldProblem(values.name, 200)}`);
    const roles = (values.role ?? []) as Role[];
    if (!roles.length) problems.push(`--role is required (one of ${ROLES.join(', ')})`);
    for (const r of roles) if (!ROLES.includes(r)) problems.push(`unknown role "${r}" (one of ${ROLES.join(', ')})`);
    const officer = roles.some((r) => r !== 'applicant');
    if (officer && !isAgencyCode(values.agency))
      problems.push(`officer roles need --agency (one of ${AGENCY_CODES.join(', ')})`);
    if (values.password !== undefined && values.password.length < 12)
      problems.push('--password must have at least 12 characters');
    if (problems.length) {
      process.stderr.write(problems.map((p) => 'error: ' + p).join('\n') + '\n');
      return 2;
    }
    const password = values.password ?? (await import('./kernel/crypto.ts')).randomToken(12);
    const ctx = await createContext(loadConfig());
    try {
      const user = await ctx.db.transaction().execute(async (trx) => {
        const u = await createUser(trx, {
          email: values.email!,
          displayName: values.name!,
          roles,
          kind: officer ? 'officer' : 'public',
          agency: officer ? values.agency : null,
          password,
        });
        await ctx.audit.append(trx, {
          actor: actorOf(null),
          purpose: 'administration (CLI)',
          subject: `user:${u.id}`,
          action: 'user.created',
          detail: { roles, agency: u.agency },
        });
        return u;
      });
      const agency = user.agency ? `, ${user.agency}` : '';
      const initial = values.password ? '' : `\ninitial password: ${password}`;
      process.stdout.write(`created ${user.email} (${roles.join(', ')}${agency})${initial}\n`);
      return 0;
    } catch (e) {
      if (e instanceof AppError && e.status === 409) {
        process.stderr.write(`error: a user with e-mail ${values.email} already exists\n`);
        return 2;
      }
      throw e;
    } finally {
      await ctx.database.close();
    }
  }
  if (sub === 'list') {
    if (!strictArgs(rest, {}, 'users list')) return 2;
    const ctx = await createContext(loadConfig());
    for (const r of await listUsers(ctx.db))
      process.stdout.write(`${r.email.padEnd(34)} ${(r.agency ?? '-').padEnd(5)} ${r.roles.join(', ')}\n`);
    await ctx.database.close();
    return 0;
  }
  return usage('users create|list');
}

if (process.argv[1]?.endsWith('cli.ts')) {
  main(process.argv.slice(2)).then(
    (code) => {
      if (code >= 0) process.exit(code);
    },
    (e) => {
      process.stderr.write(`error: ${e?.message ?? e}\n`);
      process.exit(1);
    },
  );
}
