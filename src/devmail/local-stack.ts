// Everything the service talks to, on this machine: a private Dovecot with a help-desk mailbox
// and user mailboxes, an SMTP relay that delivers into them, and settings pointing at them and
// at the local PostgreSQL and Redis. Used by `deskmail demo` and the integration tests.
// I/O: processes, ports, files.
import { randomBytes } from 'node:crypto';
import { loadConfig, type Config } from '../config.ts';
import { startPrivateMailServer, type PrivateMailServer, type PrivateMailServerOptions } from './dovecot.ts';
import { startSmtpRelay, type SmtpRelay } from './smtp-relay.ts';

export interface LocalStack {
  mail: PrivateMailServer;
  relay: SmtpRelay;
  config: Config;
  password: string;
  stop(): Promise<void>;
}

export interface LocalStackOptions {
  databaseUrl?: string;
  redisUrl?: string;
  queuePrefix?: string;
  helpdeskAddress?: string;
  users?: string[];
  /** Extra settings, e.g. ADMIN_EMAILS. */
  env?: Record<string, string>;
  /** Options of the private mail server (e.g. OAuth2 logins). */
  mail?: PrivateMailServerOptions;
}

export async function startLocalStack(options: LocalStackOptions = {}): Promise<LocalStack> {
  const mail = await startPrivateMailServer(options.mail);
  const password = 'local-test-password';
  const helpdesk = options.helpdeskAddress ?? 'helpdesk@example.test';
  for (const user of new Set([helpdesk, ...(options.users ?? [])])) await mail.addUser(user, password);
  const relay = await startSmtpRelay({ lmtpHost: mail.host, lmtpPort: mail.lmtpPort });
  const config = loadConfig({
    DATABASE_URL: options.databaseUrl ?? process.env.DATABASE_URL,
    REDIS_URL: options.redisUrl ?? process.env.REDIS_URL,
    QUEUE_PREFIX: options.queuePrefix ?? 'deskmail',
    IMAP_HOST: mail.host,
    IMAP_PORT: String(mail.imapPort),
    IMAP_USER: helpdesk,
    IMAP_PASSWORD: password,
    IMAP_TLS: 'false',
    IMAP_POLL_SECONDS: '5',
    SMTP_URL: relay.url,
    HELPDESK_ADDRESS: helpdesk,
    SECRET_KEY: randomBytes(32).toString('hex'),
    PUBLIC_URL: 'http://localhost:3000',
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
    // The local stack sends unsigned mail from example.test; a test that checks senders turns it on.
    SENDER_AUTH: 'off',
    ...options.env,
  });
  return {
    mail, relay, config, password,
    async stop() {
      await relay.stop();
      await mail.stop();
    },
  };
}
