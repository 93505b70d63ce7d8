// Mail-arrived notices between workers. A mail server's delivery hook may reach any worker's
// operations endpoint; that worker publishes a notice on Redis, and the worker holding the fetch
// lease, which listens, looks at the mailbox at once instead of waiting for IDLE. A notice carries
// nothing but its channel: no sender, subject or text of the mail. I/O: Redis (publish, subscribe).
import { Redis } from 'ioredis';

export function mailArrivedChannel(prefix: string, mailbox: string): string {
  return `${prefix}:mail-arrived:${mailbox}`;
}

/** Publishes a notice; resolves to how many workers heard it (0: no fetcher listens right now). */
export function announceMailArrived(redis: Redis, prefix: string, mailbox: string): Promise<number> {
  return redis.publish(mailArrivedChannel(prefix, mailbox), '1');
}

/**
 * Calls `onArrived` for each notice on the mailbox's channel, on a connection of its own (a
 * subscribed connection can do nothing else). It reconnects and subscribes again by itself after
 * Redis comes back; notices published meanwhile are lost, which costs only latency: IDLE and the
 * poll still find the mail.
 */
export function listenForMailArrived(redisUrl: string, prefix: string, mailbox: string, onArrived: () => void): { close(): void } {
  const channel = mailArrivedChannel(prefix, mailbox);
  const subscriber = new Redis(redisUrl, { maxRetriesPerRequest: null, retryStrategy: () => 1000 });
  subscriber.on('error', () => {}); // Redis going away is said once by the availability board
  subscriber.on('message', (from: string) => { if (from === channel) onArrived(); });
  subscriber.subscribe(channel).catch(() => {});
  return { close: () => subscriber.disconnect() };
}
