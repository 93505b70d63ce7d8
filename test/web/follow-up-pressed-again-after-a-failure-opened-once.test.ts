// "Mark the issue as not fixed" on a ticket closed more than REOPEN_DAYS ago opens a follow-up from
// the message the page stores first. Should the filing not happen (the server stopped, or the
// database failed both the filing and the page's clean-up), that message waits for recovery; the
// person, shown an error, presses again. The second press meets the same stored message: one
// follow-up, the words in it once, one set of status mail, however recovery comes to it later.
import { expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import { pino } from 'pino';
import { inboundMessages, notes, outbox, tickets } from '../../src/adapters/db/schema.ts';
import { InboundStore } from '../../src/adapters/db/inbound-store.ts';
import { pipelineSettings } from '../../src/stage-settings.ts';
import { processMail } from '../../src/workers/process-mail.ts';
import { WEB_MAILBOX } from '../../src/inbound/web-mailbox.ts';
import { useWebRig } from './support.ts';

const ALICE = 'alice@example.test';
const DAY = 86_400_000;
const rig = useWebRig();

const onceOf = (html: string) => /name="once" value="([^"]+)"/.exec(html)?.[1];

/** A ticket of alice's closed as verified 20 days ago, past REOPEN_DAYS. */
async function closedLongAgo(summary: string) {
  const ticket = await rig.ticket(ALICE, summary);
  await rig.database.db.update(tickets).set({ status: 'closed', resolution: 'verified', closedAt: new Date(Date.now() - 20 * DAY) }).where(eq(tickets.id, ticket.id));
  return ticket;
}

/**
 * The database fails what the page writes: opening a ticket, and (`dropToo`) marking the stored
 * message dropped, as a passing failure may fail both, and as a process that stopped leaves it.
 */
async function failWrites(dropToo: boolean) {
  const db = rig.database.db;
  await db.execute(sql`create or replace function test_refuse() returns trigger language plpgsql as $$ begin raise exception 'database went away for a moment'; end $$`);
  await db.execute(sql`create trigger test_refuse_ticket before insert on tickets for each row execute function test_refuse()`);
  if (dropToo) await db.execute(sql`create trigger test_refuse_drop before update on inbound_messages for each row when (new.status = 'dropped') execute function test_refuse()`);
}

async function healWrites() {
  await rig.database.db.execute(sql`drop trigger if exists test_refuse_ticket on tickets`);
  await rig.database.db.execute(sql`drop trigger if exists test_refuse_drop on inbound_messages`);
}

/** The recover task once the page's claims ran out: every pending message processed as mail. */
async function recoverLater() {
  const db = rig.database.db;
  await db.update(inboundMessages).set({ claimedUntil: new Date(Date.now() - 1000) }).where(eq(inboundMessages.mailbox, WEB_MAILBOX));
  const inbound = new InboundStore(db);
  for (const id of await inbound.pendingIds()) {
    await processMail({
      db, inbound, tickets: rig.store, settings: pipelineSettings(rig.config, []), assessIntake: null,
      maxAttachmentBytes: 10 * 1024 * 1024, log: pino({ level: 'silent' }), afterChange: async () => {},
    }, id);
  }
}

/** The one follow-up of `oldId`, the notes on it, and the status mail made for it. */
async function followUpOf(oldId: number) {
  const db = rig.database.db;
  const found = await db.select().from(tickets).where(eq(tickets.previousTicketId, oldId));
  expect(found).toHaveLength(1);
  const onIt = await db.select({ body: notes.body }).from(notes).where(eq(notes.ticketId, found[0]!.id));
  const mail = await db.select({ event: outbox.event }).from(outbox).where(eq(outbox.ticketId, found[0]!.id));
  return { ticket: found[0]!, notes: onIt.map((n) => n.body), events: mail.map((m) => m.event).sort() };
}

it('pressed again from the same page after the filing and its clean-up failed, opens one follow-up with the words once', async () => {
  const old = await closedLongAgo('Caseload will not load for client AAAA111111');
  const alice = rig.browser();
  const once = onceOf((await alice.signIn(await rig.link(ALICE, old.id))).body)!;
  const form = { once, do: 'notfixed', note: 'The caseload is empty again.' };
  await failWrites(true);
  try {
    expect((await alice.post(`/tickets/${old.ref}`, form)).statusCode).toBe(500);
  } finally {
    await healWrites();
  }
  const again = await alice.post(`/tickets/${old.ref}`, form);
  expect(again.statusCode).toBe(303);
  await recoverLater();
  const next = await followUpOf(old.id);
  expect(again.headers.location).toBe(`/tickets/${next.ticket.ref}`);
  expect(next.ticket.description).toContain('The caseload is empty again.');
  expect(next.notes).toEqual([]);
  expect(next.events).toEqual(['new_ticket_admin', 'submitted']);
});

it('pressed again from the page loaded anew after the server stopped before filing it, opens one follow-up with the words once', async () => {
  const old = await closedLongAgo('Exit form will not save for client AAAA222222');
  const alice = rig.browser();
  const first = onceOf((await alice.signIn(await rig.link(ALICE, old.id))).body)!;
  const words = 'The exit form still will not save.';
  await failWrites(true);
  try {
    expect((await alice.post(`/tickets/${old.ref}`, { once: first, do: 'notfixed', note: words })).statusCode).toBe(500);
  } finally {
    await healWrites();
  }
  // After a server that stopped, the same page is "sent already" (its key was never let go): she loads the page anew.
  const fresh = onceOf((await alice.get(`/tickets/${old.ref}`)).body)!;
  expect(fresh).not.toBe(first);
  const again = await alice.post(`/tickets/${old.ref}`, { once: fresh, do: 'notfixed', note: words });
  expect(again.statusCode).toBe(303);
  await recoverLater();
  const next = await followUpOf(old.id);
  expect(again.headers.location).toBe(`/tickets/${next.ticket.ref}`);
  expect(next.ticket.description).toContain(words);
  expect(next.notes).toEqual([]);
  expect(next.events).toEqual(['new_ticket_admin', 'submitted']);
});

it('pressed again after a failed filing the page cleaned up, opens the follow-up then', async () => {
  const old = await closedLongAgo('Income page will not save for client AAAA333333');
  const alice = rig.browser();
  const once = onceOf((await alice.signIn(await rig.link(ALICE, old.id))).body)!;
  const form = { once, do: 'notfixed', note: 'The income page shows an error again.' };
  await failWrites(false);
  try {
    expect((await alice.post(`/tickets/${old.ref}`, form)).statusCode).toBe(500);
  } finally {
    await healWrites();
  }
  const again = await alice.post(`/tickets/${old.ref}`, form);
  expect(again.statusCode).toBe(303);
  await recoverLater();
  const next = await followUpOf(old.id);
  expect(again.headers.location).toBe(`/tickets/${next.ticket.ref}`);
  expect(next.ticket.description).toContain('The income page shows an error again.');
  expect(next.events).toEqual(['new_ticket_admin', 'submitted']);
});
