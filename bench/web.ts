// Web pages under load (autocannon): the ticket page of a ticket with 200 notes, My Submitted
// Issues and the admin queue, on a database of 10,000 tickets, served by the real web server
// (sessions, CSRF, rate limit in Redis, templates) on a loopback port. Prints latency figures.
import { randomBytes } from 'node:crypto';
import autocannon from 'autocannon';
import { Redis } from 'ioredis';
import { pino } from 'pino';
import { openDatabase } from '../src/adapters/db/client.ts';
import { loadConfig } from '../src/config.ts';
import { makeSignInToken } from '../src/tickets/sign-in-link.ts';
import { buildWebServer } from '../src/web/server.ts';
import { createTestDatabase } from '../test/support/harness.ts';
import { percentile } from './stats.ts';

export interface WebBenchRow { page: string; requests: number; non2xx: number; perSecond: number; p50: number; p95: number; p99: number; max: number }

export interface WebBenchResult { tickets: number; notes: number; seedMs: number; connections: number; seconds: number; rows: WebBenchRow[] }

const TICKETS = Number(process.env.BENCH_WEB_TICKETS ?? 10_000);
const NOTES = 200;
const SECONDS = Number(process.env.BENCH_WEB_SECONDS ?? 8);
const CONNECTIONS = Number(process.env.BENCH_WEB_CONNECTIONS ?? 4);

/** 10,000 tickets from 500 people (alice submitted every 50th, follows every 97th), one ticket with 200 notes. */
export async function seedForBench(sql: ReturnType<typeof openDatabase>['sql']): Promise<{ aliceId: number; bigRef: string }> {
  await sql`insert into people (email, name, is_admin) values ('alice@example.test', 'Alice', false), ('summer@example.test', 'Summer', true)`;
  await sql`insert into people (email, name) select 'person' || i || '@example.test', 'Person ' || i from generate_series(1, 500) i`;
  const [{ id: aliceId }] = await sql`select id from people where email = 'alice@example.test'` as unknown as [{ id: number }];
  const [{ id: summerId }] = await sql`select id from people where email = 'summer@example.test'` as unknown as [{ id: number }];
  await sql`select setval('ticket_numbers', ${TICKETS}::bigint)`;
  await sql`
    insert into tickets (number, ref, status, type, priority, summary, description, submitter_id, assignee_id, route, topic, client_ids, created_at, updated_at)
    select i, 'Utah_RW-' || i,
      (array['new','assigned','waiting_for_response','fixed_verify_needed','closed'])[1 + i % 5],
      (array['issue','question','suggestion'])[1 + i % 3],
      case when i % 40 = 0 then 'urgent' when i % 7 = 0 then 'high' else 'normal' end,
      (array['Caseload page error','Cannot add client to caseload','Enrollment dates missing','Report export empty','Wrong org on client'])[1 + i % 5] || ' ' || i,
      'Details of request ' || i,
      case when i % 50 = 0 then ${aliceId}::int else (select id from people where email = 'person' || (1 + i % 500) || '@example.test') end,
      case when i % 5 = 1 then ${summerId}::int else null end,
      (array['ica_helpdesk','vendor_direct','self_service'])[1 + i % 3],
      (array['client_record','eligibility','reports','access'])[1 + i % 4],
      jsonb_build_array('AAAA' || lpad(i::text, 6, '0')),
      now() - (${TICKETS}::int - i) * interval '5 minutes', now() - (${TICKETS}::int - i) * interval '4 minutes'
    from generate_series(1, ${TICKETS}::int) i`;
  await sql`insert into participants (ticket_id, person_id, role) select id, submitter_id, 'submitter' from tickets`;
  await sql`insert into participants (ticket_id, person_id, role) select id, ${aliceId}::int, 'interested' from tickets where number % 97 = 0 and submitter_id <> ${aliceId}::int`;
  await sql`insert into participants (ticket_id, person_id, role) select id, assignee_id, 'assignee' from tickets where assignee_id is not null`;
  // Everyone's tickets have a few notes and their submitted event; alice's ticket 50 has 200.
  await sql`insert into notes (ticket_id, author_id, kind, body) select t.id, t.submitter_id, 'note', 'A note ' || n || ' on ' || t.ref from tickets t, generate_series(1, 3) n`;
  await sql`insert into outbox (ticket_id, event, actor_id, relayed_at) select id, 'submitted', submitter_id, now() from tickets`;
  const [{ id: bigId, ref: bigRef }] = await sql`select id, ref from tickets where number = 50` as unknown as [{ id: number; ref: string }];
  await sql`insert into notes (ticket_id, author_id, kind, body, internal)
    select ${bigId}::int, case when n % 2 = 0 then ${aliceId}::int else ${summerId}::int end, 'note',
      'Note ' || n || E': what I tried, what happened and what I expected.\nSecond line of the note with a few more words in it.', n % 10 = 0
    from generate_series(1, ${NOTES}::int) n`;
  await sql`insert into outbox (ticket_id, event, actor_id, relayed_at) select ${bigId}::int, (array['assigned','fixed','not_fixed'])[1 + n % 3], ${summerId}::int, now() from generate_series(1, 30) n`;
  await sql`analyze`;
  return { aliceId, bigRef };
}

async function load(url: string, cookie: string): Promise<{ times: number[]; non2xx: number; requests: number }> {
  const times: number[] = [];
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon({ url, connections: CONNECTIONS, duration: SECONDS, headers: { cookie } }, (err, res) => (err ? reject(err) : resolve(res)));
    instance.on('response', (_client, _status, _bytes, responseTime) => { times.push(responseTime); });
  });
  return { times, non2xx: result.non2xx, requests: result.requests.total };
}

export async function benchWeb(): Promise<WebBenchResult> {
  const scratch = await createTestDatabase();
  const database = openDatabase(scratch.url, { max: 10 });
  const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', { lazyConnect: false });
  const prefix = `bench${randomBytes(4).toString('hex')}`;
  const config = loadConfig({
    ...process.env, DATABASE_URL: scratch.url, QUEUE_PREFIX: prefix, IMAP_USER: 'helpdesk', IMAP_PASSWORD: 'x', HELPDESK_ADDRESS: 'helpdesk@example.test',
    SECRET_KEY: randomBytes(32).toString('hex'), ADMIN_EMAILS: 'summer@example.test', LOG_LEVEL: 'silent',
  });
  const app = await buildWebServer({
    config, db: database.db, redis, log: pino({ level: 'silent' }), relay: async () => 0,
    loadStaff: async () => ({ admins: ['summer@example.test'], staff: [{ email: 'summer@example.test', name: 'Summer' }] }),
    sendMail: async () => {}, requestsPerMinute: 10_000_000,
  });
  try {
    const t0 = Date.now();
    const { aliceId, bigRef } = await seedForBench(database.sql);
    const seedMs = Date.now() - t0;
    await app.listen({ host: '127.0.0.1', port: 0 });
    const address = app.server.address();
    const base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    const sessionOf = (res: { headers: Record<string, unknown> }) => {
      const set = res.headers['set-cookie'] as string | string[] | undefined;
      return (Array.isArray(set) ? set : [set ?? '']).find((c) => c.startsWith('deskmail_session='))!.split(';')[0]!;
    };
    // The link asks "Sign in as ...?"; its form (with the page's CSRF token) signs in.
    const cookieOf = async (personId: number) => {
      const token = makeSignInToken({ personId, ticketId: null, epoch: 0, expiresAt: new Date(Date.now() + 3_600_000) }, config.SECRET_KEY);
      const asked = await app.inject({ method: 'GET', url: `/sign-in/${token}` });
      const csrf = /name="_csrf" value="([^"]+)"/.exec(asked.body)![1]!;
      const res = await app.inject({
        method: 'POST', url: '/sign-in/confirm', payload: new URLSearchParams({ _csrf: csrf, token, next: '/' }).toString(),
        headers: { cookie: sessionOf(asked), 'content-type': 'application/x-www-form-urlencoded' },
      });
      return sessionOf(res);
    };
    const alice = await cookieOf(aliceId);
    const [{ id: summerId }] = await database.sql`select id from people where email = 'summer@example.test'` as unknown as [{ id: number }];
    const summer = await cookieOf(summerId);
    const pages: [string, string, string][] = [
      [`ticket page, ${NOTES} notes (submitter)`, `/tickets/${bigRef}`, alice],
      ['My Submitted Issues, first page', '/my', alice],
      ['My Submitted Issues, status filter', '/my?status=assigned&status=new', alice],
      ['My Submitted Issues, search', '/my?q=caseload', alice],
      ['admin queue, first page', '/admin', summer],
      ['admin queue, filtered + search', '/admin?status=new&priority=urgent&q=enrollment', summer],
    ];
    const rows: WebBenchRow[] = [];
    for (const [page, path, cookie] of pages) {
      const check = await app.inject({ method: 'GET', url: path, headers: { cookie } });
      if (check.statusCode !== 200) throw new Error(`${path} answered ${check.statusCode}`);
      const r = await load(`${base}${path}`, cookie);
      rows.push({ page, requests: r.requests, non2xx: r.non2xx, perSecond: r.requests / SECONDS, p50: percentile(r.times, 50), p95: percentile(r.times, 95), p99: percentile(r.times, 99), max: Math.max(...r.times) });
    }
    return { tickets: TICKETS, notes: NOTES, seedMs, connections: CONNECTIONS, seconds: SECONDS, rows };
  } finally {
    await app.close();
    const keys = await redis.keys(`${prefix}:*`);
    if (keys.length) await redis.del(...keys);
    redis.disconnect();
    await database.close();
    await scratch.drop();
  }
}
