// `deskmail status`: what /metrics says, for a person: who fetches the mailbox and when it last
// fetched, queue depths and their oldest job, messages by kind and outcome, status mail not sent,
// the quarantine. I/O: reads PostgreSQL and Redis (bounded by timeouts), changes nothing.
import { loadConfig } from '../config.ts';
import { openDatabase } from '../adapters/db/client.ts';
import { COMMAND_REDIS_TIMEOUT_MS, connectForCommand, openQueues } from '../adapters/queue/queues.ts';
import { readOperationsSnapshot, type OperationsSnapshot } from '../operations/snapshot.ts';
import { print, type CliValues } from './output.ts';

export async function statusCommand(values: CliValues): Promise<number> {
  const config = loadConfig();
  const database = openDatabase(config.DATABASE_URL, { max: 2 });
  // Bounded: a Redis that takes the connection but does not answer would be waited for for ever.
  const redis = await connectForCommand(config.REDIS_URL);
  const queues = redis ? openQueues(config.REDIS_URL, config.QUEUE_PREFIX, { attempts: config.JOB_ATTEMPTS }) : null;
  try {
    const snapshot = await readOperationsSnapshot({
      sql: database.sql, redis, prefix: config.QUEUE_PREFIX, mailbox: config.IMAP_MAILBOX,
      queues: queues ? [queues.processMail, queues.sendMail, queues.schedule] : [],
    });
    if (!redis) snapshot.errors.push(`redis: does not answer at REDIS_URL within ${COMMAND_REDIS_TIMEOUT_MS / 1000} s`);
    print(values.json, snapshot, () => describeStatus(snapshot, config.IMAP_MAILBOX, new Date()));
    return snapshot.errors.length ? 1 : 0;
  } finally {
    await queues?.close().catch(() => {});
    redis?.disconnect();
    await database.close().catch(() => {});
  }
}

export function describeStatus(s: OperationsSnapshot, mailbox: string, now: Date): string {
  const lines: string[] = [];
  const ago = (iso: string | null) => (iso ? `${Math.round((now.getTime() - Date.parse(iso)) / 1000)} s ago` : 'never');
  lines.push(s.fetch
    ? `fetcher: ${s.fetch.holder} (${s.fetch.state}), mailbox ${mailbox}, last successful fetch ${ago(s.fetch.lastSuccessAt)}`
    : `fetcher: none (no worker fetches mailbox ${mailbox})`);
  lines.push('queues:');
  for (const q of s.queues) {
    const oldest = q.oldestWaitingSeconds === null ? '' : `, oldest waiting ${q.oldestWaitingSeconds.toFixed(1)} s`;
    lines.push(`  ${q.queue}: ${q.waiting} waiting, ${q.active} active, ${q.delayed} delayed, ${q.failed} failed${oldest}`);
  }
  lines.push('messages (kind / status / outcome):');
  if (s.messages.length === 0) lines.push('  none');
  for (const m of s.messages) lines.push(`  ${m.kind} / ${m.status} / ${m.outcome}: ${m.count}`);
  lines.push(`quarantine: ${s.quarantined ?? 'unknown'}`);
  lines.push(`held back by limits: ${s.heldBackByLimit ?? 'unknown'}`);
  lines.push('status mail not sent:');
  if (s.notSent.length === 0) lines.push('  none');
  for (const m of s.notSent) lines.push(`  ${m.status} (${m.reason}): ${m.count}`);
  for (const e of s.errors) lines.push(`problem: ${e}`);
  return lines.join('\n');
}
