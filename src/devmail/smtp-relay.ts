// A small SMTP server on loopback that hands every accepted message on to a mailbox server over
// LMTP, as an MTA would. Used by the demo and the tests as the "real SMTP server" status mail
// goes through. I/O: listens on a port, connects to LMTP.
import nodemailer from 'nodemailer';
import { SMTPServer } from 'smtp-server';
import { freePort } from './dovecot.ts';

export interface SmtpRelay {
  port: number;
  url: string;
  /** Every message accepted so far (envelope and raw), in order. */
  received: { from: string; to: string[]; raw: Buffer }[];
  stop(): Promise<void>;
}

/** `port`: listen there (a relay started again where a stopped one was); a free port when absent. */
export async function startSmtpRelay(options: { lmtpHost: string; lmtpPort: number; port?: number }): Promise<SmtpRelay> {
  const port = options.port ?? await freePort();
  const lmtp = nodemailer.createTransport({ host: options.lmtpHost, port: options.lmtpPort, lmtp: true, secure: false, ignoreTLS: true, pool: true, maxConnections: 4 } as Parameters<typeof nodemailer.createTransport>[0]);
  const received: SmtpRelay['received'] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    size: 60 * 1024 * 1024,
    // Stopping tells idle clients 421 soon rather than after smtp-server's default 30 s.
    closeTimeout: 500,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks);
        const from = session.envelope.mailFrom ? session.envelope.mailFrom.address : '';
        const to = session.envelope.rcptTo.map((r) => r.address);
        received.push({ from, to, raw });
        lmtp.sendMail({ envelope: { from, to }, raw }).then(
          () => callback(),
          (err: Error & { responseCode?: number }) => callback(Object.assign(new Error(err.message), { responseCode: err.responseCode ?? 451 })),
        );
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  return {
    port,
    url: `smtp://127.0.0.1:${port}`,
    received,
    async stop() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      lmtp.close();
    },
  };
}
