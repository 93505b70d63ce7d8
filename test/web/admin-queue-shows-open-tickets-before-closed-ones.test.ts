// The admin queue's first page is the work still to do: open tickets (every status but closed,
// fixed - verify needed included) come before closed ones, whatever their priority, and within
// each urgent first, then oldest first. An urgent ticket closed a year ago no longer tops the queue,
// and 55 closed tickets no longer push the open ones off page 1. The counts are left as they were.
import { beforeAll, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { tickets } from '../../src/adapters/db/schema.ts';
import { QUEUE_PER_PAGE } from '../../src/web/routes/admin.ts';
import type { Priority, TicketStatus } from '../../src/tickets/types.ts';
import type { Browser } from './support.ts';
import { useWebRig } from './support.ts';

const ALICE = 'alice@example.test';
const SUMMER = 'summer@example.test';
const rig = useWebRig();

const DAY = 86_400_000;
const refs = { closedUrgent: [] as string[], closed: [] as string[], openUrgent: '', openFixed: '', openWaiting: '' };
let summer: Browser;

async function seed(summary: string, status: TicketStatus, priority: Priority, daysAgo: number, resolution: 'verified' | 'closed' | null = null): Promise<string> {
  const { id, ref } = await rig.ticket(ALICE, summary);
  const createdAt = new Date(Date.now() - daysAgo * DAY);
  await rig.database.db.update(tickets).set({ status, priority, resolution, createdAt, closedAt: status === 'closed' ? new Date(createdAt.getTime() + DAY) : null }).where(eq(tickets.id, id));
  return ref;
}

beforeAll(async () => {
  refs.closedUrgent.push(await seed('Client kept from housing AAAA111111', 'closed', 'urgent', 400, 'verified'));
  refs.closedUrgent.push(await seed('Medication record missing AAAA222222', 'closed', 'urgent', 380, 'closed'));
  for (let i = 0; i < 55; i++) refs.closed.push(await seed(`Old question ${i}`, 'closed', 'normal', 300 - i, i % 2 ? 'verified' : 'closed'));
  refs.openFixed = await seed('Exit date would not save', 'fixed_verify_needed', 'normal', 20);
  refs.openWaiting = await seed('Report totals off by one', 'waiting_for_response', 'normal', 10);
  refs.openUrgent = await seed('Client needs a bed tonight AAAA444444', 'new', 'urgent', 2);
  summer = await rig.signedIn(SUMMER, (await rig.ticket(SUMMER, 'Sign-in ticket')).id);
}, 120_000);

const rowsOf = (html: string) => [...html.matchAll(/<tr data-ref="([^"]+)"/g)].map((m) => m[1]!);

it('page 1 starts with the open tickets, urgent first then oldest first, and the closed ones follow in the same order', async () => {
  const page = await summer.get('/admin');
  expect(page.statusCode).toBe(200);
  const rows = rowsOf(page.body);
  expect(rows).toHaveLength(QUEUE_PER_PAGE);
  const signInTicket = rows[3]!; // new, normal, made today: the newest open ticket
  expect(rows.slice(0, 4)).toEqual([refs.openUrgent, refs.openFixed, refs.openWaiting, signInTicket]);
  expect(rows.slice(4, 6)).toEqual(refs.closedUrgent);
  expect(rows.slice(6)).toEqual(refs.closed.slice(0, QUEUE_PER_PAGE - 6));

  const second = rowsOf((await summer.get('/admin?page=2')).body);
  expect(second).toEqual(refs.closed.slice(QUEUE_PER_PAGE - 6));
});

it('keeps the counts per status and the status filter as they were', async () => {
  const page = await summer.get('/admin');
  expect(page.body).toMatch(/status-closed">[^<]*<\/span> 57</);
  expect(page.body).toMatch(/status-new">[^<]*<\/span> 2</);
  const closedOnly = rowsOf((await summer.get('/admin?status=closed')).body);
  expect(closedOnly.slice(0, 2)).toEqual(refs.closedUrgent);
  const urgent = rowsOf((await summer.get('/admin?priority=urgent')).body);
  expect(urgent).toEqual([refs.openUrgent, ...refs.closedUrgent]);
});
