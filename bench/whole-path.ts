// Benchmarks (a) and (b): the whole path on real servers (private Dovecot, SMTP relay, local
// PostgreSQL and Redis, the service as `deskmail worker` runs it). (a) latency of one request
// at a time, from "SMTP relay accepted it into the help-desk mailbox" to "the submitted status
// mail was sent" (outbound_messages.sent_at); (b) a burst of N requests, time until every ticket
// exists and every submitted mail is sent. I/O: everything; uses the integration-test harness.
import { startHarness, type Harness } from '../test/support/harness.ts';
import { median, percentile } from './stats.ts';

const ADMIN = 'summer@example.test';

export interface LatencyFigure {
  messages: number;
  totalMs: number[];
  /** Per segment, milliseconds per message. */
  segments: { name: string; ms: number[] }[];
}

export interface ThroughputFigure {
  n: number;
  senders: number;
  deliveredMs: number;
  /** Until the fetcher had stored every raw message. */
  storedMs: number;
  ticketsMs: number;
  submittedSentMs: number;
  allSentMs: number;
  tickets: number;
  submittedSent: number;
  outboundSent: number;
  complete: boolean;
}

function request(i: number): { subject: string; text: string } {
  const client = `AAAA${String(100000 + i)}`;
  return {
    subject: `Can't add client ${client} to my caseload (bench ${i})`,
    text: `Hello,\n\nWhen I add client ${client} to my caseload from the Active Case Load page I get "Access denied". It started this morning at 9:15 on the Outreach program.\n\nThanks,\nAlice`,
  };
}

async function settle<T>(what: string, fn: () => Promise<T | null>, timeoutMs: number, everyMs = 20): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = await fn();
    if (found !== null) return found;
    if (Date.now() > deadline) throw new Error(`${what} did not happen within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

async function withHarness<T>(users: string[], fn: (h: Harness) => Promise<T>): Promise<T> {
  // High mail limits: the burst sends many requests from few addresses on purpose.
  const h = await startHarness({
    users: [...users, ADMIN],
    env: { ADMIN_EMAILS: ADMIN, NEW_REQUESTS_PER_SENDER_PER_HOUR: '100000', ADMIN_NOTICES_PER_HOUR: '100000', OUTBOUND_MAIL_PER_HOUR: '1000000' },
  });
  try {
    return await fn(h);
  } finally {
    await h.stop();
  }
}

export async function benchLatency(messages = 20): Promise<LatencyFigure> {
  const alice = 'alice@example.test';
  return withHarness([alice], async (h) => {
    const sql = h.service.database.sql;
    // One unmeasured request first: connections, template caches, IDLE established.
    await h.send(`Alice Example <${alice}>`, request(0));
    await settle('warm-up ticket', async () => ((await sql`select 1 from outbound_messages where template = 'submitted' and sent_at is not null`).length ? true : null), 30_000);
    const total: number[] = [];
    const seg = { stored: [] as number[], processed: [] as number[], relayed: [] as number[], sent: [] as number[] };
    for (let i = 1; i <= messages; i++) {
      const messageId = await h.send(`Alice Example <${alice}>`, request(i));
      const accepted = Date.now();
      const row = await settle(`submitted mail for request ${i}`, async () => {
        // Epoch milliseconds: the service's driver setup hands timestamps back as text.
        const [r] = await sql<{ received_at: number; processed_at: number; created_at: number; sent_at: number }[]>`
          select (extract(epoch from i.received_at) * 1000)::float8 as received_at, (extract(epoch from i.processed_at) * 1000)::float8 as processed_at,
                 (extract(epoch from o.created_at) * 1000)::float8 as created_at, (extract(epoch from o.sent_at) * 1000)::float8 as sent_at
          from inbound_messages i join outbound_messages o on o.ticket_id = i.ticket_id and o.template = 'submitted'
          where i.message_id = ${messageId} and o.sent_at is not null`;
        return r ?? null;
      }, 30_000, 10);
      total.push(row.sent_at - accepted);
      seg.stored.push(row.received_at - accepted);
      seg.processed.push(row.processed_at - row.received_at);
      seg.relayed.push(row.created_at - row.processed_at);
      seg.sent.push(row.sent_at - row.created_at);
    }
    return {
      messages,
      totalMs: total,
      segments: [
        { name: 'accepted -> raw stored (IMAP IDLE + fetch)', ms: seg.stored },
        { name: 'stored -> processed (queue, pipeline, transaction)', ms: seg.processed },
        { name: 'processed -> outbound row (relay)', ms: seg.relayed },
        { name: 'outbound row -> sent (queue, render, SMTP)', ms: seg.sent },
      ],
    };
  });
}

export async function benchThroughput(n: number, timeoutMs = 120_000): Promise<ThroughputFigure> {
  const senders = Array.from({ length: Math.min(n, 50) }, (_, i) => `user${String(i + 1).padStart(3, '0')}@example.test`);
  return withHarness(senders, async (h) => {
    const sql = h.service.database.sql;
    const started = Date.now();
    await Promise.all(Array.from({ length: n }, (_, i) => h.send(senders[i % senders.length]!, request(i + 1))));
    const deliveredMs = Date.now() - started;
    const counts = async () => (await sql<{ stored: number; last_stored: number | null; tickets: number; last_ticket: number | null; submitted: number; last_submitted: number | null; sent: number; pending: number; last_sent: number | null }[]>`
      select (select count(*)::int from inbound_messages) as stored,
             (select (extract(epoch from max(received_at)) * 1000)::float8 from inbound_messages) as last_stored,
             (select count(*)::int from tickets) as tickets,
             (select (extract(epoch from max(created_at)) * 1000)::float8 from tickets) as last_ticket,
             (select count(*)::int from outbound_messages where template = 'submitted' and sent_at is not null) as submitted,
             (select (extract(epoch from max(sent_at)) * 1000)::float8 from outbound_messages where template = 'submitted') as last_submitted,
             (select count(*)::int from outbound_messages where sent_at is not null) as sent,
             (select count(*)::int from outbound_messages where status = 'pending') as pending,
             (select (extract(epoch from max(sent_at)) * 1000)::float8 from outbound_messages) as last_sent`)[0]!;
    let last = await counts();
    try {
      last = await settle('the burst', async () => {
        last = await counts();
        return last.tickets >= n && last.submitted >= n && last.pending === 0 ? last : null;
      }, timeoutMs, 100);
    } catch {
      // Reported as incomplete below.
    }
    const since = (ms: number | null) => (ms !== null ? ms - started : Number.NaN);
    return {
      n, senders: senders.length, deliveredMs,
      storedMs: since(last.last_stored), ticketsMs: since(last.last_ticket), submittedSentMs: since(last.last_submitted), allSentMs: since(last.last_sent),
      tickets: last.tickets, submittedSent: last.submitted, outboundSent: last.sent,
      complete: last.tickets >= n && last.submitted >= n && last.pending === 0,
    };
  });
}

export function summarise(ms: number[]): { p50: number; p90: number; max: number } {
  return { p50: median(ms), p90: percentile(ms, 90), max: percentile(ms, 100) };
}
