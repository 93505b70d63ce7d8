// Which status mails SMTP has accepted, in Redis: written as soon as a send is accepted, read before
// a send. A row the database could not mark sent (away for longer than its own retries, the worker
// killed first) is marked sent by its next run instead of being sent again. Kept a week, long past
// any retry, recovery or retry of a failed job. I/O: Redis.
import type { Redis } from 'ioredis';

/** How long an acceptance is kept. */
const KEEP_SECONDS = 7 * 86_400;

/** When SMTP accepted the mail, and the subject it went out with (what the row records). */
export interface Acceptance { at: Date; subject: string }

export class AcceptedMail {
  constructor(private readonly redis: Redis, private readonly prefix: string) {}

  async record(outboundId: number, acceptance: Acceptance): Promise<void> {
    await this.redis.set(this.key(outboundId), JSON.stringify({ at: acceptance.at.toISOString(), subject: acceptance.subject }), 'EX', KEEP_SECONDS);
  }

  /** The acceptance of outbound row `outboundId`'s mail; null when SMTP has not accepted it (or it is older than a week). */
  async find(outboundId: number): Promise<Acceptance | null> {
    const stored = await this.redis.get(this.key(outboundId));
    if (stored === null) return null;
    const { at, subject } = JSON.parse(stored) as { at: string; subject: string };
    return { at: new Date(at), subject };
  }

  private key(outboundId: number): string {
    return `${this.prefix}:outbound-accepted:${outboundId}`;
  }
}
