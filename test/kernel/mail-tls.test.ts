// The SMTP client's transport security, against a small SMTP server written here on Node's real TLS stack (Python's
// smtpd, used in mail.test.ts, has no STARTTLS). The certificate in test/fixtures is self-signed for 127.0.0.1 and
// used by these tests only.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import net from 'node:net';
import tls from 'node:tls';
import path from 'node:path';
import { sendSmtp } from '../../src/kernel/mail.ts';

const fixtures = path.join(import.meta.dirname, '../fixtures');
const key = fs.readFileSync(path.join(fixtures, 'smtp-test-key.pem'), 'utf8');
const cert = fs.readFileSync(path.join(fixtures, 'smtp-test-cert.pem'), 'utf8');

interface Session {
  tls: boolean;
  auth: string | null;
  commands: string[];
  message: string;
}
/** An ESMTP server that offers STARTTLS (or not) and records what each session received, and whether over TLS. */
async function smtpServer(offerStartTls: boolean) {
  const sessions: Session[] = [];
  const server = net.createServer((raw) => {
    const s: Session = { tls: false, auth: null, commands: [], message: '' };
    sessions.push(s);
    let sock: net.Socket = raw,
      buffer = '',
      inData = false;
    const send = (line: string) => sock.write(line + '\r\n');
    const onData = (chunk: Buffer) => {
      buffer += chunk.toString('utf8');
      let i;
      while ((i = buffer.indexOf('\r\n')) >= 0) {
        const line = buffer.slice(0, i);
        buffer = buffer.slice(i + 2);
        if (inData) {
          if (line === '.') {
            inData = false;
            send('250 queued');
          } else s.message += line + '\n';
          continue;
        }
        s.commands.push(line.split(' ')[0]);
        if (/^EHLO/.test(line)) {
          if (offerStartTls && !s.tls) {
            send('250-test.local');
            send('250-STARTTLS');
            send('250 AUTH PLAIN');
          } else send('250 test.local');
        } else if (line === 'STARTTLS') {
          send('220 go ahead');
          sock.off('data', onData);
          const secure = new tls.TLSSocket(sock, { isServer: true, key, cert });
          secure.on('data', onData);
          secure.on('error', () => {});
          sock = secure;
          s.tls = true;
        } else if (/^AUTH PLAIN /.test(line)) {
          s.auth = Buffer.from(line.slice(11), 'base64').toString('utf8');
          send('235 ok');
        } else if (line === 'DATA') {
          inData = true;
          send('354 go');
        } else if (line === 'QUIT') {
          send('221 bye');
          sock.end();
        } else send('250 ok');
      }
    };
    raw.on('data', onData);
    raw.on('error', () => {});
    send('220 test.local ESMTP');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as net.AddressInfo).port,
    sessions,
    close: () => new Promise((r) => server.close(r)),
  };
}
const closers: (() => unknown)[] = [];
after(async () => {
  for (const c of closers) await c();
});
const mail = {
  from: 'no-reply@smartborder.example',
  to: 'marie@example.test',
  subject: 'Entrevue confirmée',
  body: 'Bonjour Marie,\nvotre entrevue est confirmée.',
};

test('a server offering STARTTLS gets the credentials and the message only over TLS', async () => {
  const srv = await smtpServer(true);
  closers.push(srv.close);
  await sendSmtp(`smtp://agent%40example:s3cret@127.0.0.1:${srv.port}`, mail, { ca: cert });
  const [s] = srv.sessions;
  assert.equal(s.tls, true);
  // QUIT may still be on its way
  assert.deepEqual(s.commands.slice(0, 7), ['EHLO', 'STARTTLS', 'EHLO', 'AUTH', 'MAIL', 'RCPT', 'DATA']);
  assert.equal(s.auth, '\u0000agent@example\u0000s3cret');
  assert.match(s.message, /votre entrevue est confirmée/);
});

test('an untrusted certificate stops the delivery before anything is sent', async () => {
  const srv = await smtpServer(true);
  closers.push(srv.close);
  await assert.rejects(sendSmtp(`smtp://agent:s3cret@127.0.0.1:${srv.port}`, mail), /self[- ]signed|certificate/i);
  assert.equal(srv.sessions[0].auth, null);
  assert.deepEqual(srv.sessions[0].commands, ['EHLO', 'STARTTLS']);
});

test('credentials never go in clear to a server without STARTTLS; without them, a local relay works', async () => {
  const srv = await smtpServer(false);
  closers.push(srv.close);
  await assert.rejects(
    sendSmtp(`smtp://agent:s3cret@127.0.0.1:${srv.port}`, mail),
    /does not offer STARTTLS; credentials are not sent in clear/,
  );
  assert.deepEqual(srv.sessions[0].commands, ['EHLO']);
  await assert.rejects(
    sendSmtp(`smtp://127.0.0.1:${srv.port}?starttls=required`, mail),
    /does not offer STARTTLS, which the URL requires/,
  );
  await sendSmtp(`smtp://127.0.0.1:${srv.port}`, mail);
  assert.equal(srv.sessions[2].tls, false);
  assert.deepEqual(srv.sessions[2].commands.slice(0, 4), ['EHLO', 'MAIL', 'RCPT', 'DATA']);
});

test('smtps:// speaks TLS from the first byte', async () => {
  const server = tls.createServer({ key, cert }, (sock) => {
    let buffer = '',
      inData = false;
    sock.write('220 tls.local ESMTP\r\n');
    sock.on('data', (chunk) => {
      buffer += chunk.toString();
      let i;
      while ((i = buffer.indexOf('\r\n')) >= 0) {
        const line = buffer.slice(0, i);
        buffer = buffer.slice(i + 2);
        if (inData) {
          if (line === '.') {
            inData = false;
            sock.write('250 queued\r\n');
          }
          continue;
        }
        sock.write(
          line === 'DATA'
            ? ((inData = true), '354 go\r\n')
            : line === 'QUIT'
              ? '221 bye\r\n'
              : line.startsWith('AUTH')
                ? '235 ok\r\n'
                : '250 ok\r\n',
        );
      }
    });
    sock.on('error', () => {});
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  closers.push(() => new Promise((r) => server.close(r)));
  await sendSmtp(`smtps://agent:s3cret@127.0.0.1:${(server.address() as net.AddressInfo).port}`, mail, { ca: cert });
});
