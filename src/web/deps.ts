// What the web pages need from the service around them: settings, the database, Redis, the
// relay, the staff list and a mail sender. Types only.
import type { Redis } from 'ioredis';
import type { Config } from '../config.ts';
import type { Logger } from '../log.ts';
import type { Db } from '../adapters/db/client.ts';
import type { OutgoingEmail } from '../adapters/smtp/sender.ts';
import type { StaffMember } from '../tickets/staff.ts';

export interface WebDeps {
  config: Config;
  db: Db;
  /** For rate limits (shared with the queues is fine: plain commands only). */
  redis: Redis;
  log: Logger;
  /** Moves outbox events a web action wrote into the send queue (the service's relay). */
  relay(): Promise<number>;
  /** Admins (ADMIN_EMAILS and people marked admin) with their names. */
  loadStaff(): Promise<{ admins: string[]; staff: StaffMember[] }>;
  /** Sends one mail that is no ticket's status mail (the sign-in link). */
  sendMail(mail: OutgoingEmail): Promise<void>;
  now?: () => Date;
  /** Requests one client may make per minute across all pages (default 600). */
  requestsPerMinute?: number;
}
