// "Not fixed" or Reopen on a ticket closed more than REOPEN_DAYS ago opens a follow-up ticket: a new
// request, so it meets the limits a new request by mail or by the request form meets. Past the
// admins' hourly notices its notice waits for their summary; past the sender's hourly cap nothing is
// opened, the page says so, and what was written is held for an admin, whose retry files it as the
// late reply by mail it stands for: a follow-up on the closed ticket, through the person's own signed
// reply address, so it keeps the old ticket's summary, type, route and topic as the page would have.
import { expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { pino } from 'pino';
import { inboundMessages, outbox, tickets } from '../../src/adapters/db/schema.ts';
import { InboundStore } from '../../src/adapters/db/inbound-store.ts';
import { pipelineSettings } from '../../src/stage-settings.ts';
import { processMail } from '../../src/workers/process-mail.ts';
import { mainOf, useWebRig } from './support.ts';

const ALICE = 'alice@example.test';
const DAY = 86_400_000;

const rig = useWebRig({ NEW_REQUESTS_PER_SENDER_PER_HOUR: '2', ADMIN_NOTICES_PER_HOUR: '1' });

const followUpsOf = async (id: number) => rig.database.db.select().from(tickets).where(eq(tickets.previousTicketId, id)).orderBy(tickets.id);
/** Closes the follow-ups of ticket `id`: while one is open, what is written too late for the old ticket is a note on it, not another follow-up. */
const closeFollowUpsOf = async (id: number) => rig.database.db.update(tickets).set({ status: 'closed', resolution: 'verified', closedAt: new Date() }).where(eq(tickets.previousTicketId, id));
const adminNoticeOf = async (ticketId: number) =>
  (await rig.database.db.select({ payload: outbox.payload }).from(outbox).where(and(eq(outbox.ticketId, ticketId), eq(outbox.event, 'new_ticket_admin'))))[0]?.payload;

it('summarises the admins\' notice past their hourly number, holds a follow-up past the sender\'s cap, and an admin\'s retry files it', async () => {
  const old = await rig.ticket(ALICE, 'Caseload will not load');
  await rig.database.db.update(tickets).set({ status: 'closed', resolution: 'verified', closedAt: new Date(Date.now() - 20 * DAY) }).where(eq(tickets.id, old.id));
  const alice = rig.browser();
  await alice.signIn(await rig.link(ALICE, old.id));

  const first = await alice.post(`/tickets/${old.ref}`, { do: 'notfixed', note: 'The caseload is empty again.' });
  expect(first.statusCode).toBe(303);
  await closeFollowUpsOf(old.id);
  const second = await alice.post(`/tickets/${old.ref}`, { do: 'reopen', note: 'Still empty this afternoon.' });
  expect(second.statusCode).toBe(303);
  await closeFollowUpsOf(old.id);
  const [one, two] = await followUpsOf(old.id);
  expect([first.headers.location, second.headers.location]).toEqual([`/tickets/${one!.ref}`, `/tickets/${two!.ref}`]);
  // ADMIN_NOTICES_PER_HOUR=1: the second notice waits for the admins' summary.
  expect((await adminNoticeOf(one!.id))?.heldBy).toBeUndefined();
  expect(String((await adminNoticeOf(two!.id))?.heldBy)).toContain('admin notices per hour');

  // NEW_REQUESTS_PER_SENDER_PER_HOUR=2: the third opens nothing and says why.
  const third = await alice.post(`/tickets/${old.ref}`, { do: 'notfixed', note: 'And now the whole team sees an empty caseload.' });
  expect(third.statusCode).toBe(409);
  expect(mainOf(third.body)).toContain('held for an administrator, who can still file it');
  expect(await followUpsOf(old.id)).toHaveLength(2);
  const held = await rig.database.db.select({ id: inboundMessages.id, outcome: inboundMessages.outcome }).from(inboundMessages)
    .where(and(eq(inboundMessages.mailbox, 'web'), eq(inboundMessages.status, 'quarantined')));
  expect(held.map((h) => h.outcome)).toEqual(['quarantined:NEW_REQUEST_LIMIT']);

  // The admin's `deskmail quarantine retry`: the worker files it as the late reply it stands for.
  const inbound = new InboundStore(rig.database.db);
  expect(await inbound.release(held[0]!.id)).toBe(true);
  const outcome = await processMail({
    db: rig.database.db, inbound, tickets: rig.store, settings: pipelineSettings(rig.config, []), assessIntake: null,
    maxAttachmentBytes: rig.config.MAX_ATTACHMENT_MB * 1024 * 1024, log: pino({ level: 'silent' }), afterChange: async () => {},
  }, held[0]!.id);
  expect(outcome).toBe('created');
  const filed = (await followUpsOf(old.id))[2];
  expect(filed?.description).toContain('And now the whole team sees an empty caseload.');
  // The follow-up it would have been had it not been held: the old ticket's problem, its person proven.
  expect({ summary: filed?.summary, type: filed?.type, route: filed?.route, topic: filed?.topic, unverifiedSender: filed?.unverifiedSender })
    .toEqual({ summary: 'Caseload will not load', type: 'issue', route: 'ica_helpdesk', topic: 'other', unverifiedSender: null });
});
