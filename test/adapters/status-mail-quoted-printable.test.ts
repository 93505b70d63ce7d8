// The HTML part of a status mail goes out quoted-printable whatever script its text is in: the
// encoding is said once rather than found by counting every character of the part (our HTML is
// mostly ASCII markup, where the count chose it anyway). The text part is still encoded as its
// own characters suit, and both read back as they were sent.
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SmtpSender } from '../../src/adapters/smtp/sender.ts';

describe('status mail transfer encoding', () => {
  const received: Buffer[] = [];
  let server: SMTPServer;
  let port = 0;

  beforeAll(async () => {
    server = new SMTPServer({
      authOptional: true, disabledCommands: ['STARTTLS'], logger: false,
      onData(stream, _session, callback) {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => { received.push(Buffer.concat(chunks)); callback(); });
      },
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    port = (server.server.address() as { port: number }).port;
  });
  afterAll(async () => { await new Promise<void>((resolve) => server.close(() => resolve())); });

  it('sends the HTML part quoted-printable even when its text is mostly in another script, and it reads back the same', async () => {
    const sender = new SmtpSender(`smtp://127.0.0.1:${port}`);
    const text = 'Заявка принята. Мы ответим вам, как только посмотрим на принтер на третьем этаже.';
    const html = `<p>${text}</p>`;
    await sender.send({
      from: '"Desk" <desk@example.test>', to: 'olga@example.test', subject: 'Принтер на третьем этаже', html, text,
      headers: { 'Message-ID': '<status-1@example.test>' }, envelopeFrom: 'desk@example.test',
    });
    sender.close();
    const raw = received.at(-1)!.toString('latin1');
    const parts = [...raw.matchAll(/^Content-Type: *text\/(\w+);[^]*?^Content-Transfer-Encoding: *(\S+)/gim)].map((m) => [m[1], m[2]!.toLowerCase()]);
    expect(parts).toEqual([['plain', 'base64'], ['html', 'quoted-printable']]);
    const parsed = await simpleParser(received.at(-1)!);
    expect(parsed.text?.trim()).toBe(text);
    expect(parsed.html).toBe(html);
    expect(parsed.subject).toBe('Принтер на третьем этаже');
  });
});
