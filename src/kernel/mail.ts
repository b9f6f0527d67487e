// Notification delivery: the outbox rows written by each transaction are sent by SMTP after commit when
// SMARTBORDER_SMTP_URL is set; otherwise they stay in the outbox, shown in the demo. A small ESMTP client: EHLO,
// STARTTLS, optional AUTH PLAIN, MAIL, RCPT, DATA, QUIT.
//  - smtps://host:465: TLS from the first byte;
//  - smtp://host:587 (or 25): upgraded with STARTTLS whenever the server offers it; without it, mail goes in clear
//    only to a server that asks for no credentials (a local relay); credentials are never sent in clear;
//  - ?starttls=required: refuse a server that does not offer STARTTLS (someone between us and it can strip the offer).
// Certificates are verified against Node's trusted CAs (add a private CA with NODE_EXTRA_CA_CERTS).
import net from 'node:net';
import tls from 'node:tls';
import os from 'node:os';
import * as store from './store.ts';
import type { DB } from './db.ts';

export interface Mail {
  from: string;
  to: string;
  subject: string;
  body: string;
}

/** RFC 2047 encoded-word for non-ASCII subjects (French and Spanish accents). */
const encodeHeader = (s: string) =>
  /^[\x20-\x7e]*$/.test(s) ? s : `=?UTF-8?B?${Buffer.from(s, 'utf8').toString('base64')}?=`;

interface Reply {
  code: string;
  lines: string[];
}

export async function sendSmtp(url: string, mail: Mail, opts: { timeoutMs?: number; ca?: string } = {}): Promise<void> {
  const u = new URL(url);
  const implicitTls = u.protocol === 'smtps:';
  const port = Number(u.port || (implicitTls ? 465 : 25));
  const tlsOptions: tls.ConnectionOptions = {
    servername: net.isIP(u.hostname) ? undefined : u.hostname,
    ...(opts.ca ? { ca: opts.ca } : {}),
  };
  let fail!: (e: Error) => void;
  const failure = new Promise<never>((_, reject) => {
    fail = reject;
  });
  failure.catch(() => {}); // observed through reply()
  let buffer = '',
    multi: string[] = [];
  const replies: Reply[] = [];
  const waiters: ((r: Reply) => void)[] = [];
  const onData = (chunk: Buffer) => {
    buffer += chunk.toString('latin1');
    let i;
    while ((i = buffer.indexOf('\r\n')) >= 0) {
      const line = buffer.slice(0, i);
      buffer = buffer.slice(i + 2);
      // "250-STARTTLS" continues a reply, "250 OK" ends it
      if (/^\d{3}-/.test(line)) multi.push(line.slice(4));
      else if (/^\d{3}( |$)/.test(line)) {
        const r = { code: line.slice(0, 3), lines: [...multi, line.slice(4)] };
        multi = [];
        const w = waiters.shift();
        if (w) w(r);
        else replies.push(r);
      }
    }
  };
  const listen = (s: net.Socket) => {
    s.setTimeout(opts.timeoutMs ?? 10_000);
    s.on('data', onData);
    s.on('error', fail);
    s.on('timeout', () => {
      s.destroy();
      fail(new Error('SMTP timeout'));
    });
    return s;
  };
  let socket = listen(
    implicitTls ? tls.connect({ host: u.hostname, port, ...tlsOptions }) : net.connect({ host: u.hostname, port }),
  );
  const reply = () =>
    Promise.race([
      failure,
      new Promise<Reply>((resolve) => {
        const r = replies.shift();
        if (r) resolve(r);
        else waiters.push(resolve);
      }),
    ]);
  const expect = async (code: string) => {
    const r = await reply();
    if (!r.code.startsWith(code)) throw new Error(`SMTP: expected ${code}, got "${r.code} ${r.lines.at(-1)}"`);
    return r;
  };
  const cmd = async (line: string, code: string) => {
    socket.write(line + '\r\n');
    return expect(code);
  };
  const hello = `EHLO ${os.hostname() || 'smartborder'}`;
  try {
    await expect('220');
    const ehlo = await cmd(hello, '250');
    if (!implicitTls) {
      if (ehlo.lines.some((l) => /^STARTTLS\b/i.test(l))) {
        await cmd('STARTTLS', '220');
        socket.off('data', onData);
        const secure = listen(tls.connect({ socket, ...tlsOptions }));
        await Promise.race([failure, new Promise((resolve) => secure.once('secureConnect', resolve))]);
        socket = secure;
        await cmd(hello, '250'); // the capabilities again, now over TLS
      } else if (u.username)
        throw new Error(
          'SMTP: the server does not offer STARTTLS; credentials are not sent in clear ' +
            '(use smtps:// or a server with STARTTLS)',
        );
      else if (u.searchParams.get('starttls') === 'required')
        throw new Error('SMTP: the server does not offer STARTTLS, which the URL requires');
    }
    if (u.username)
      await cmd(
        `AUTH PLAIN ${plainCredentials(decodeURIComponent(u.username), decodeURIComponent(u.password))}`,
        '235',
      );
    await cmd(`MAIL FROM:<${mail.from}>`, '250');
    await cmd(`RCPT TO:<${mail.to}>`, '25');
    await cmd('DATA', '354');
    const headers = [
      `From: ${mail.from}`,
      `To: ${mail.to}`,
      `Subject: ${encodeHeader(mail.subject)}`,
      `Date: ${new Date().toUTCString()}`,
      'MIME-Version: 1.0',
      'Content-Type: text/plain; charset=utf-8',
      'Content-Transfer-Encoding: 8bit',
    ];
    const body = mail.body
      .replace(/\r?\n/g, '\r\n')
      .split('\r\n')
      .map((l) => (l.startsWith('.') ? '.' + l : l))
      .join('\r\n');
    await cmd(`${headers.join('\r\n')}\r\n\r\n${body}\r\n.`, '250');
    socket.write('QUIT\r\n');
  } finally {
    socket.end();
  }
}

/** AUTH PLAIN's credentials: authorisation identity (empty), user and password, NUL-separated, in base64. */
const plainCredentials = (user: string, password: string) =>
  Buffer.from(`\u0000${user}\u0000${password}`).toString('base64');

/** Sends pending outbox rows; a failure leaves the row pending for the next round. Returns how many were sent. */
export async function deliverOutbox(db: DB, smtpUrl: string, from: string, limit = 50): Promise<number> {
  const rows = await store.pendingEmails(db, limit);
  let sent = 0;
  for (const r of rows) {
    // Claim the row first, so that two instances never send the same notification.
    if (!(await store.claimNotification(db, r.id))) continue;
    try {
      await sendSmtp(smtpUrl, { from, to: r.to_address, subject: r.subject, body: r.body });
      sent++;
    } catch (e) {
      await store.releaseNotification(db, r.id);
      throw e;
    }
  }
  return sent;
}
