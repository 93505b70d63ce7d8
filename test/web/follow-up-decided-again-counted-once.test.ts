// A follow-up (what is written on a ticket closed more than REOPEN_DAYS ago opens a new ticket) is a
// new request, counted against its sender's hourly cap: once, however often it is decided. A
// follow-up that meets a ticket moved meanwhile is decided again, on the page as by mail, and the
// second decision does not count it again.
import { randomBytes } from 'node:crypto';
import { expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import { pino } from 'pino';
import { inboundMessages, tickets } from '../../src/adapters/db/schema.ts';
import { InboundStore } from '../../src/adapters/db/inbound-store.ts';
import { makeReplyAddress } from '../../src/tickets/reply-address.ts';
import { pipelineSettings } from '../../src/stage-settings.ts';
import { processMail } from '../../src/workers/process-mail.ts';
import { webBrakeOf } from '../../src/web/submit-request.ts';
import { useWebRig } from './support.ts';

const ALICE = 'alice@example.test';
const CAROL = 'carol@example.test';
const DAY = 86_400_000;

let bumps = 0;
let ticketId = 0;
const bump = async () => rig.database.db.update(tickets).set({ version: sql`${tickets.version} + 1` }).where(eq(tickets.id, ticketId));
// Each time the server reads the staff list while `bumps` lasts, someone else changes the ticket.
const rig = useWebRig({ NEW_REQUESTS_PER_SENDER_PER_HOUR: '2' }, {
  onLoadStaff: async () => {
    if (bumps <= 0 || ticketId === 0) return;
    bumps -= 1;
    await bump();
  },
});

/** A ticket of `submitter`'s, closed well before REOPEN_DAYS. */
async function closedLongAgo(submitter: string, summary: string): Promise<{ id: number; ref: string }> {
  const old = await rig.ticket(submitter, summary);
  await rig.database.db.update(tickets).set({ status: 'closed', resolution: 'verified', closedAt: new Date(Date.now() - 20 * DAY) }).where(eq(tickets.id, old.id));
  return old;
}

const followUpsOf = async (id: number) => rig.database.db.select({ id: tickets.id }).from(tickets).where(eq(tickets.previousTicketId, id));
/** Closes the follow-ups of `id`: a late reply while one is open is a note on it, not a second follow-up. */
const closeFollowUpsOf = async (id: number) => rig.database.db.update(tickets).set({ status: 'closed', resolution: 'verified', closedAt: new Date() }).where(eq(tickets.previousTicketId, id));

it('on the page: counts a follow-up decided again after the ticket moved once against the sender\'s cap', async () => {
  const old = await closedLongAgo(ALICE, 'Caseload will not load');
  ticketId = old.id;
  const alice = await rig.signedIn(ALICE, old.id);
  const token = await alice.csrf();
  bumps = 2; // the request's sign-in check, then the decision: the follow-up meets a moved ticket
  const first = await alice.post(`/tickets/${old.ref}`, { _csrf: token, do: 'notfixed', note: 'The caseload is empty again.' }, { csrf: false });
  expect(bumps).toBe(0);
  expect(first.statusCode).toBe(303);
  expect(await followUpsOf(old.id)).toHaveLength(1);
  // One message stored for it, filed by the second decision: none left behind unfiled.
  expect(await rig.database.db.select({ status: inboundMessages.status }).from(inboundMessages).where(eq(inboundMessages.mailbox, 'web'))).toEqual([{ status: 'processed' }]);

  // NEW_REQUESTS_PER_SENDER_PER_HOUR=2: her second follow-up this hour (the first one closed) is still within it.
  await closeFollowUpsOf(old.id);
  const second = await alice.post(`/tickets/${old.ref}`, { do: 'reopen', note: 'Still empty this afternoon.' });
  expect(second.statusCode).toBe(303);
  expect(await followUpsOf(old.id)).toHaveLength(2);
});

it('by mail: counts a late reply decided again after the ticket moved once against the sender\'s cap', async () => {
  const old = await closedLongAgo(CAROL, 'Report totals wrong');
  ticketId = old.id;
  const inbound = new InboundStore(rig.database.db);
  const lateReply = async (body: string, uid: number) => {
    const now = new Date();
    const to = makeReplyAddress(rig.config.HELPDESK_ADDRESS, { ticketId: old.id, personId: await rig.personId(CAROL) }, rig.config.SECRET_KEY, 0, now);
    const raw = Buffer.from([
      `From: ${CAROL}`, `To: ${to}`, `Subject: Re: [${rig.config.SYSTEM_NAME} Issues Tracking] Issue ${old.ref} has been closed`,
      `Message-ID: <late-${randomBytes(6).toString('hex')}@client.example.test>`, `Date: ${now.toUTCString()}`,
      'MIME-Version: 1.0', 'Content-Type: text/plain; charset=utf-8', '', body, '',
    ].join('\r\n'));
    return (await inbound.store({ mailbox: 'INBOX', uidValidity: 1, uid, raw })).id;
  };
  // The real counters; the first time the limits are asked, someone else changes the ticket (between
  // the decision's read and its write), so the late reply is decided again.
  const { counters, limits } = webBrakeOf(rig.config, rig.redis);
  let asked = 0;
  const moving = Object.assign(Object.create(counters) as typeof counters, {
    countNewRequest: async (...args: Parameters<typeof counters.countNewRequest>) => {
      if (++asked === 1) await bump();
      return counters.countNewRequest(...args);
    },
  });
  const deps = {
    db: rig.database.db, inbound, tickets: rig.store, settings: pipelineSettings(rig.config, []), assessIntake: null,
    maxAttachmentBytes: rig.config.MAX_ATTACHMENT_MB * 1024 * 1024, log: pino({ level: 'silent' }), afterChange: async () => {},
    brake: { counters: moving, limits }, decideAgainWaitsMs: [0, 0, 0],
  };
  expect(await processMail(deps, await lateReply('The totals are wrong again this month.', 2_000_001))).toBe('created');
  expect(asked).toBe(2); // decided twice
  expect(await followUpsOf(old.id)).toHaveLength(1);
  await closeFollowUpsOf(old.id);
  expect(await processMail(deps, await lateReply('And the March totals too.', 2_000_002))).toBe('created');
  expect(await followUpsOf(old.id)).toHaveLength(2);
});
