// A server that offers no STARTTLS (or an attacker who stripped the offer) gets neither the IMAP
// password nor a mail in clear text, unless it is on loopback or plain text is allowed.
// The "server" here plays the attacker: a plain TCP listener on this machine's non-loopback
// address that speaks just enough IMAP or SMTP to advertise no STARTTLS and records every line.
import { createServer, type Server, type Socket } from 'node:net';
import { networkInterfaces } from 'node:os';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { Mailbox } from '../../src/adapters/imap/mailbox.ts';
import { SmtpSender } from '../../src/adapters/smtp/sender.ts';
import { isLoopbackHost, transportSecurity } from '../../src/adapters/transport-security.ts';

function nonLoopbackAddress(): string | undefined {
  for (const list of Object.values(networkInterfaces())) {
    for (const a of list ?? []) if (a.family === 'IPv4' && !a.internal) return a.address;
  }
  return undefined;
}

interface Recorder { server: Server; port: number; lines: string[] }
const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))));
});

async function listen(host: string, onConnect: (socket: Socket, lines: string[]) => void, onLine: (socket: Socket, line: string) => void): Promise<Recorder> {
  const lines: string[] = [];
  const server = createServer((socket) => {
    let buffer = '';
    socket.on('error', () => undefined);
    socket.on('data', (chunk) => {
      buffer += chunk.toString('latin1');
      let at: number;
      while ((at = buffer.indexOf('\r\n')) >= 0) {
        const line = buffer.slice(0, at);
        buffer = buffer.slice(at + 2);
        lines.push(line);
        onLine(socket, line);
      }
    });
    onConnect(socket, lines);
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  return { server, port: (server.address() as { port: number }).port, lines };
}

/** IMAP without STARTTLS: answers CAPABILITY, LOGIN and anything else with OK. */
const plainImap = (host: string) => listen(host, (s) => s.write('* OK [CAPABILITY IMAP4rev1 AUTH=PLAIN] ready\r\n'), (s, line) => {
  const [tag, command] = line.split(' ');
  if (command?.toUpperCase() === 'CAPABILITY') s.write(`* CAPABILITY IMAP4rev1 AUTH=PLAIN\r\n${tag} OK done\r\n`);
  else s.write(`${tag} NO not here\r\n`);
});

const dataSockets = new WeakSet<Socket>();
const inData = (s: Socket) => dataSockets.has(s);
/** SMTP without STARTTLS: accepts a mail, refuses every other verb (STARTTLS included). */
const plainSmtp = (host: string) => listen(host, (s) => s.write('220 mail.example.test ESMTP\r\n'), (s, line) => {
  const verb = line.split(' ')[0]!.toUpperCase();
  if (verb === 'EHLO') s.write('250-mail.example.test\r\n250 8BITMIME\r\n');
  else if (line === '.' && inData(s)) { dataSockets.delete(s); s.write('250 queued\r\n'); }
  else if (inData(s)) return;
  else if (verb === 'DATA') { dataSockets.add(s); s.write('354 go on\r\n'); }
  else if (verb === 'QUIT') s.end('221 bye\r\n');
  else if (['MAIL', 'RCPT', 'RSET', 'NOOP', 'HELO'].includes(verb)) s.write('250 ok\r\n');
  else if (!inData(s)) s.write('502 not implemented\r\n');
});

const mail = { from: 'helpdesk@example.test', to: 'summer@example.test', subject: 'Utah_RW-1', html: '<p>status</p>', text: 'status', headers: {}, envelopeFrom: 'helpdesk@example.test' };
const imapSettings = (host: string, port: number, allowPlaintext: boolean) => ({
  host, port, user: 'helpdesk@example.test', password: 'the-mailbox-password', tls: false, allowPlaintext,
  mailbox: 'INBOX', afterProcessing: 'flag' as const, processedMailbox: 'Processed',
});

describe('transportSecurity', () => {
  it('requires TLS for a remote server unless plain text is allowed, and not on loopback', () => {
    expect(transportSecurity('imap.example.org', { implicitTls: false, allowPlaintext: false })).toBe('starttls-required');
    expect(transportSecurity('imap.example.org', { implicitTls: false, allowPlaintext: true })).toBe('starttls-if-offered');
    expect(transportSecurity('imap.example.org', { implicitTls: true, allowPlaintext: true })).toBe('implicit');
    for (const host of ['127.0.0.1', '127.8.9.10', 'localhost', '::1', '[::1]']) {
      expect(isLoopbackHost(host)).toBe(true);
      expect(transportSecurity(host, { implicitTls: false, allowPlaintext: false })).toBe('starttls-if-offered');
    }
    for (const host of ['192.0.2.2', '10.0.0.1', 'mail.localhost.example.org', '128.0.0.1', '::2']) expect(isLoopbackHost(host)).toBe(false);
  });
});

const remote = nonLoopbackAddress();
describe.skipIf(!remote)('a remote server that offers no STARTTLS', () => {
  it('IMAP: the connection fails before the password is sent', async () => {
    const server = await plainImap(remote!);
    const mailbox = new Mailbox(imapSettings(remote!, server.port, false), pino({ level: 'silent' }));
    await expect(mailbox.open()).rejects.toMatchObject({ code: 'IMAP_CONNECT' });
    await mailbox.close().catch(() => undefined);
    expect(server.lines.join('\n')).not.toContain('the-mailbox-password');
    expect(server.lines.some((l) => /LOGIN|AUTHENTICATE/i.test(l))).toBe(false);
  });

  it('IMAP with IMAP_ALLOW_PLAINTEXT: the login is attempted in plain text (the opt-out works)', async () => {
    const server = await plainImap(remote!);
    const mailbox = new Mailbox(imapSettings(remote!, server.port, true), pino({ level: 'silent' }));
    await expect(mailbox.open()).rejects.toBeDefined();
    await mailbox.close().catch(() => undefined);
    expect(server.lines.some((l) => /LOGIN|AUTHENTICATE/i.test(l))).toBe(true);
  });

  it('SMTP: no mail is sent', async () => {
    const server = await plainSmtp(remote!);
    const sender = new SmtpSender(`smtp://${remote}:${server.port}`);
    await expect(sender.send(mail)).rejects.toBeDefined();
    sender.close();
    expect(server.lines.some((l) => /^(MAIL|DATA)/i.test(l))).toBe(false);
  });

  it('SMTP with SMTP_ALLOW_PLAINTEXT: the mail goes out (the opt-out works)', async () => {
    const server = await plainSmtp(remote!);
    const sender = new SmtpSender(`smtp://${remote}:${server.port}`, { allowPlaintext: true });
    await sender.send(mail);
    sender.close();
    expect(server.lines.some((l) => /^DATA/i.test(l))).toBe(true);
  });
});

describe('a loopback server that offers no STARTTLS', () => {
  it('SMTP: mail goes out without any setting (local relays and the test servers)', async () => {
    const server = await plainSmtp('127.0.0.1');
    const sender = new SmtpSender(`smtp://127.0.0.1:${server.port}`);
    await sender.send(mail);
    sender.close();
    expect(server.lines.some((l) => /^DATA/i.test(l))).toBe(true);
  });
});
