// What a running worker process offers the commands and servers around it: its stores, queues,
// fetcher and workers. Types only, so the operations and web servers can name it without
// importing the wiring in main.ts.
import type { Worker } from 'bullmq';
import type { Availability } from './adapters/availability.ts';
import type { Database } from './adapters/db/client.ts';
import type { Queues } from './adapters/queue/queues.ts';
import type { SmtpSender } from './adapters/smtp/sender.ts';
import type { MailFetcher } from './workers/fetch-mail.ts';
import type { ScheduleDeps } from './workers/schedule.ts';

export interface Service {
  /** This worker's name among several: host, process and a random part. */
  id: string;
  database: Database;
  queues: Queues;
  fetcher: MailFetcher | null;
  workers: { processMail: Worker; sendMail: Worker; schedule: Worker };
  relay(): Promise<number>;
  scheduleDeps: ScheduleDeps;
  /** Admins and their names (cached for a few seconds). */
  loadStaff(): Promise<{ admins: string[]; staff: { email: string; name: string }[] }>;
  /** Which servers are away right now, and since when. */
  availability: Availability;
  /** The status mail's SMTP login (SMTP_AUTH, SMTP_ALLOW_PLAINTEXT), for the web's sign-in mail too. */
  sender: SmtpSender;
  stop(): Promise<void>;
}
