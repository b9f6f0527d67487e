// Notification delivery: the outbox rows written by each transaction are sent by SMTP after commit when
// SMARTBORDER_SMTP_URL is set (smtp://[user:pass@]host:port, or smtps:// for implicit TLS); otherwise they stay in the
// outbox, shown in the demo. A small ESMTP client: EHLO, optional AUTH PLAIN, MAIL, RCPT, DATA, QUIT.
import net from 'node:net';
import tls from 'node:tls';
import os from 'node:os';
import { sql } from 'kysely';
import type { DB } from './db.ts';

export interface Mail { from: string; to: string; subject: string; body: string }

/** RFC 2047 encoded-word for non-ASCII subjects (French and Spanish accents). */
const encodeHeader = (s: string) => (/^[\x20-\x7e]*$/.test(s) ? s : `=?UTF-8?B?${Buffer.from(s, 'utf8').toString('base64')}?=`);

export async function sendSmtp(url: string, mail: Mail, timeoutMs = 10_000): Promise<void> {
  const u = new URL(url);
  const port = Number(u.port || (u.protocol === 'smtps:' ? 465 : 25));
  const socket: net.Socket = u.protocol === 'smtps:' ? tls.connect({ host: u.hostname, port, servername: u.hostname }) : net.connect({ host: u.hostname, port });
  socket.setTimeout(timeoutMs);
  socket.setEncoding('utf8');
  let buffer = '';
  const waiters: ((line: string) => void)[] = [];
  const replies: string[] = [];
  socket.on('data', (chunk: string) => {
    buffer += chunk;
    let i;
    while ((i = buffer.indexOf('\r\n')) >= 0) {
      const line = buffer.slice(0, i); buffer = buffer.slice(i + 2);
      if (/^\d{3} /.test(line)) { const w = waiters.shift(); if (w) w(line); else replies.push(line); }
    }
  });
  const failure = new Promise<never>((_, reject) => {
    socket.on('error', reject);
    socket.on('timeout', () => { socket.destroy(); reject(new Error('SMTP timeout')); });
  });
  const reply = () => Promise.race([failure, new Promise<string>((resolve) => { const r = replies.shift(); if (r) resolve(r); else waiters.push(resolve); })]);
  const expect = async (code: string) => { const line = await reply(); if (!line.startsWith(code)) throw new Error(`SMTP: expected ${code}, got "${line}"`); return line; };
  const cmd = async (line: string, code: string) => { socket.write(line + '\r\n'); return expect(code); };
  try {
    await expect('220');
    await cmd(`EHLO ${os.hostname() || 'smartborder'}`, '250');
    if (u.username) await cmd(`AUTH PLAIN ${Buffer.from(`\u0000${decodeURIComponent(u.username)}\u0000${decodeURIComponent(u.password)}`).toString('base64')}`, '235');
    await cmd(`MAIL FROM:<${mail.from}>`, '250');
    await cmd(`RCPT TO:<${mail.to}>`, '25');
    await cmd('DATA', '354');
    const headers = [`From: ${mail.from}`, `To: ${mail.to}`, `Subject: ${encodeHeader(mail.subject)}`, `Date: ${new Date().toUTCString()}`, 'MIME-Version: 1.0', 'Content-Type: text/plain; charset=utf-8', 'Content-Transfer-Encoding: 8bit'];
    const body = mail.body.replace(/\r?\n/g, '\r\n').split('\r\n').map((l) => (l.startsWith('.') ? '.' + l : l)).join('\r\n');
    await cmd(`${headers.join('\r\n')}\r\n\r\n${body}\r\n.`, '250');
    socket.write('QUIT\r\n');
  } finally { socket.end(); }
}

/** Sends pending outbox rows; a failure leaves the row pending for the next round. Returns how many were sent. */
export async function deliverOutbox(db: DB, smtpUrl: string, from: string, limit = 50): Promise<number> {
  const rows = (await sql<{ id: string; to_address: string; subject: string; body: string }>`select id, to_address, subject, body from outbox where sent_at is null and channel = 'email' order by created_at limit ${limit}`.execute(db)).rows;
  let sent = 0;
  for (const r of rows) {
    // Claim the row first, so that two instances never send the same notification.
    const claimed = await sql`update outbox set sent_at = now() where id = ${r.id} and sent_at is null`.execute(db);
    if (!Number(claimed.numAffectedRows ?? 0)) continue;
    try { await sendSmtp(smtpUrl, { from, to: r.to_address, subject: r.subject, body: r.body }); sent++; }
    catch (e) { await sql`update outbox set sent_at = null where id = ${r.id}`.execute(db); throw e; }
  }
  return sent;
}
