// A request from the web form is filed once and within the same limits as mail: the same form
// sent twice (a double click) makes one ticket; its status mail failing to relay does not turn a
// filed request into an error to retry; and the sender's hourly cap on new requests holds, the
// request over it kept for an admin.
import { expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { useWebRig } from './support.ts';

let failRelay = false;
const rig = useWebRig({ NEW_REQUESTS_PER_SENDER_PER_HOUR: '3' }, { relay: async () => { if (failRelay) throw new Error('Redis is away'); return 0; } });

const form = (summary: string) => ({ type: 'issue', summary, description: `About: ${summary}`, name: 'Gina', phone: '555-0100' });
const ticketsOf = async (summary: string) =>
  (await rig.database.db.execute<{ n: number }>(sql`select count(*)::int as n from tickets where summary = ${summary}`))[0]!.n;

async function signedIn(email: string) {
  const anchor = await rig.ticket(email, `Earlier request of ${email}`);
  return rig.signedIn(email, anchor.id);
}

it('files a form sent twice at once as one ticket, and both answers lead to it', async () => {
  const gina = await signedIn('gina@example.test');
  expect((await gina.post('/new', { action: 'update', ...form('Report totals are wrong') })).statusCode).toBe(303);
  const [a, b] = await Promise.all([gina.post('/new', { action: 'submit', ...form('Report totals are wrong') }), gina.post('/new', { action: 'submit', ...form('Report totals are wrong') })]);
  expect([a.statusCode, b.statusCode]).toEqual([303, 303]);
  expect(a.headers.location).toMatch(/^\/tickets\//);
  expect(b.headers.location).toBe(a.headers.location);
  expect(await ticketsOf('Report totals are wrong')).toBe(1);
});

it('answers a filed request as filed when its status mail cannot be relayed yet', async () => {
  const hank = await signedIn('hank@example.test');
  failRelay = true;
  try {
    const res = await hank.post('/new', { action: 'submit', ...form('Cannot open the caseload page') });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toMatch(/^\/tickets\//);
  } finally {
    failRelay = false;
  }
  expect(await ticketsOf('Cannot open the caseload page')).toBe(1);
});

it('holds a request over the sender\'s hourly cap for an admin, as for mail', async () => {
  const ivy = await signedIn('ivy@example.test');
  for (const n of [1, 2, 3]) expect((await ivy.post('/new', { action: 'submit', ...form(`Question ${n} from ivy`) })).statusCode, `request ${n}`).toBe(303);
  const over = await ivy.post('/new', { action: 'submit', ...form('Question 4 from ivy') });
  expect(over.statusCode).toBe(422);
  expect(over.body).toContain('held for an administrator');
  expect(await ticketsOf('Question 4 from ivy')).toBe(0);
  const held = await rig.database.db.execute<{ outcome: string }>(sql`select outcome from inbound_messages where mailbox = 'web' and status = 'quarantined'`);
  expect(held.map((r) => r.outcome)).toEqual(['quarantined:NEW_REQUEST_LIMIT']);
});

it('files a request held over the cap once the hour allows, when it is sent again', async () => {
  const jo = await signedIn('jo@example.test');
  for (const n of [1, 2, 3]) expect((await jo.post('/new', { action: 'submit', ...form(`Question ${n} from jo`) })).statusCode, `request ${n}`).toBe(303);
  expect((await jo.post('/new', { action: 'submit', ...form('Question 4 from jo') })).statusCode).toBe(422);
  // The hour passes: the sender's counts are gone.
  const keys = await rig.redis.keys(`${rig.config.QUEUE_PREFIX}:*newreq*`);
  expect(keys.length).toBeGreaterThan(0);
  await rig.redis.del(...keys);
  const again = await jo.post('/new', { action: 'submit', ...form('Question 4 from jo') });
  expect(again.statusCode).toBe(303);
  expect(again.headers.location).toMatch(/^\/tickets\//);
  expect(await ticketsOf('Question 4 from jo')).toBe(1);
});
