// Starts the web server on WEB_HOST:WEB_PORT with the pieces a running service (or the schedule
// wiring of `deskmail web`) already holds: database, Redis, the outbox relay, the staff list.
// I/O: a listening socket; sign-in mail goes out through the caller's SMTP sender.
import type { Redis } from 'ioredis';
import type { Config } from '../config.ts';
import type { Logger } from '../log.ts';
import type { Db } from '../adapters/db/client.ts';
import type { SmtpSender } from '../adapters/smtp/sender.ts';
import type { StaffMember } from '../tickets/staff.ts';
import { buildWebServer, type WebDeps } from './server.ts';

export interface WebParts {
  db: Db;
  redis: Redis;
  relay(): Promise<number>;
  loadStaff(): Promise<{ admins: string[]; staff: StaffMember[] }>;
  /** The SMTP sender for sign-in mail, logged in as SMTP_AUTH says (main.ts mailLogins); the caller closes it. */
  sender: SmtpSender;
  now?: () => Date;
}

export interface RunningWeb {
  /** Where it listens, e.g. http://127.0.0.1:3000 (PUBLIC_URL is what people see). */
  url: string;
  port: number;
  close(): Promise<void>;
}

export async function startWeb(config: Config, log: Logger, parts: WebParts, options: { port?: number; requestsPerMinute?: number } = {}): Promise<RunningWeb> {
  const { sender, ...rest } = parts;
  const deps: WebDeps = { config, log, ...rest, sendMail: (mail) => sender.send(mail), requestsPerMinute: options.requestsPerMinute };
  const app = await buildWebServer(deps);
  const port = options.port ?? config.WEB_PORT ?? 3000;
  await app.listen({ host: config.WEB_HOST, port });
  const address = app.server.address();
  const actualPort = typeof address === 'object' && address ? address.port : port;
  log.info({ component: 'web', port: actualPort }, 'web server started');
  return {
    url: `http://${config.WEB_HOST.includes(':') ? `[${config.WEB_HOST}]` : config.WEB_HOST}:${actualPort}`,
    port: actualPort,
    async close() {
      await app.close();
    },
  };
}
