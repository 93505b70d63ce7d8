// Which status mails SMTP has accepted, in Redis: written as soon as a send is accepted, read before
// a send. A row the database could not mark sent (away for longer than its own retries, the worker
// killed first) is marked sent by its next run instead of being sent again. Kept a week, long past
// any retry, recovery or retry of a failed job. Each record names the mail's own Message-ID as well
// as its row: a database restored from a backup numbers new rows again, and an old record must not
// pass a new mail for sent. I/O: Redis.
import type { Redis } from 'ioredis';

/** How long an acceptance is kept. */
const KEEP_SECONDS = 7 * 86_400;

/** When SMTP accepted the mail, and the subject it went out with (what the row records). */
export interface Acceptance { at: Date; subject: string }

/** An outbound row and the Message-ID its mail carries (unique, chosen when the row was made). */
export interface MailRef { id: number; messageId: string }

export class AcceptedMail {
  constructor(private readonly redis: Redis, private readonly prefix: string) {}

  async record(mail: MailRef, acceptance: Acceptance): Promise<void> {
    const value = JSON.stringify({ at: acceptance.at.toISOString(), subject: acceptance.subject, messageId: mail.messageId });
    await this.redis.set(this.key(mail.id), value, 'EX', KEEP_SECONDS);
  }

  /** The acceptance of this mail; null when SMTP has not accepted it, it is older than a week, or the record is another mail's. */
  async find(mail: MailRef): Promise<Acceptance | null> {
    const stored = await this.redis.get(this.key(mail.id));
    if (stored === null) return null;
    const { at, subject, messageId } = JSON.parse(stored) as { at: string; subject: string; messageId?: string };
    if (messageId !== mail.messageId) return null;
    return { at: new Date(at), subject };
  }

  private key(outboundId: number): string {
    return `${this.prefix}:outbound-accepted:${outboundId}`;
  }
}
