// Outbox delivery through a real SMTP server (Python's standard smtpd debugging server, run locally).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import { sql } from 'kysely';
import { testPlatform, type TestPlatform } from '../helpers.ts';
import { deliverOutbox } from '../../src/kernel/mail.ts';

const python = '/usr/bin/python3';
const available = fs.existsSync(python);
let server: ChildProcess | undefined;
let output = '';
let port = 0;
let p: TestPlatform;

before(async () => {
  if (!available) return;
  port = await new Promise<number>((resolve) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => {
      const a = s.address() as net.AddressInfo;
      s.close(() => resolve(a.port));
    });
  });
  server = spawn(python, ['-W', 'ignore', '-u', '-m', 'smtpd', '-n', '-c', 'DebuggingServer', `127.0.0.1:${port}`]);
  server.stdout!.on('data', (d) => {
    output += d;
  });
  for (let i = 0; i < 50; i++) {
    if (
      await new Promise((r) => {
        const c = net.connect(port, '127.0.0.1');
        c.on('connect', () => {
          c.end();
          r(true);
        });
        c.on('error', () => r(false));
      })
    )
      break;
    await new Promise((r) => setTimeout(r, 100));
  }
  p = await testPlatform({ seed: false });
});
after(async () => {
  server?.kill();
  await p?.close();
});

test('outbox rows are sent by SMTP, with UTF-8 subjects, and marked sent', {
  skip: !available && 'no /usr/bin/python3',
}, async () => {
  await p.ctx.db.transaction().execute((trx) =>
    p.ctx.notify(trx, {
      userId: null,
      to: 'marie@example.test',
      subject: 'Demande TT-1234 : approuvée sous condition',
      body: 'Réservez votre entrevue.\n.Une ligne qui commence par un point.',
    }),
  );
  const sent = await deliverOutbox(p.ctx.db, `smtp://127.0.0.1:${port}`, 'no-reply@smartborder.example');
  assert.equal(sent, 1);
  for (let i = 0; i < 50 && !output.includes('END MESSAGE'); i++) await new Promise((r) => setTimeout(r, 100));
  assert.match(output, /To: marie@example.test/);
  assert.match(output, /Subject: =\?UTF-8\?B\?/);
  const row = (await sql<{ sent_at: Date | null }>`select sent_at from outbox`.execute(p.ctx.db)).rows[0];
  assert.ok(row.sent_at);
  assert.equal(
    await deliverOutbox(p.ctx.db, `smtp://127.0.0.1:${port}`, 'no-reply@smartborder.example'),
    0,
    'nothing is sent twice',
  );
});

test('a failed delivery leaves the notification pending', async () => {
  await p.ctx.db
    .transaction()
    .execute((trx) => p.ctx.notify(trx, { userId: null, to: 'x@example.test', subject: 'S', body: 'B' }));
  await assert.rejects(deliverOutbox(p.ctx.db, 'smtp://127.0.0.1:1', 'no-reply@smartborder.example'));
  const pending = (
    await sql<{ n: number }>`select count(*)::int as n from outbox where sent_at is null`.execute(p.ctx.db)
  ).rows[0].n;
  assert.equal(pending, 1);
});
