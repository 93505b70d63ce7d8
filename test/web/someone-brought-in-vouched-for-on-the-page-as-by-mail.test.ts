// Someone a requester brought in from outside her organisation hears only what staff do until they
// write on the ticket or staff add them again (tickets/participant-limits.ts). The ticket page reads
// that as mail does: staff adding them again, already on the ticket, vouches for them as staff's
// `#cc` does, and so does a note of their own on the page, as one through their own signed address
// does. From then on they hear of the requester's notes too. Staff turning the updates of such a
// person back on, after a stop, vouch for them alike.
import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { participants } from '../../src/adapters/db/schema.ts';
import { useWebRig, type WebRig } from './support.ts';

const ALICE = 'alice@example.test';
const DAVE = 'dave@agency.example'; // another organisation's
const SUMMER = 'summer@example.test'; // an admin

const rig = useWebRig();

type Ticket = { id: number; ref: string };

const vouchedOf = async (ticketId: number, email: string) => (await rig.database.db.select({ vouched: participants.vouched }).from(participants)
  .where(and(eq(participants.ticketId, ticketId), eq(participants.personId, await rig.personId(email))))).map((r) => r.vouched);

/** A ticket of Alice's on which she added Dave on the page: he is on it, not vouched for, and hears nothing of her notes. */
async function daveBroughtIn(summary: string): Promise<Ticket> {
  const ticket = await rig.ticket(ALICE, summary);
  const alice = await rig.signedIn(ALICE, ticket.id);
  expect((await alice.post(`/tickets/${ticket.ref}`, { do: 'add_person', email: DAVE, name: 'Dave', phone: '' })).statusCode).toBe(303);
  expect(await vouchedOf(ticket.id, DAVE)).toEqual([false]);
  expect(await rig.signedReply(ALICE, ticket.id, 'Dave sees it on his side too.')).toBe('appended');
  expect((await rig.relay()).filter((m) => m.to === DAVE)).toEqual([]);
  return ticket;
}

/** Dave is vouched for: Alice's next note reaches him. */
async function expectVouched(ticket: Ticket): Promise<void> {
  expect(await vouchedOf(ticket.id, DAVE)).toEqual([true]);
  await rig.relay();
  expect(await rig.signedReply(ALICE, ticket.id, 'It happened again this morning.')).toBe('appended');
  expect((await rig.relay()).filter((m) => m.to === DAVE).map((m) => m.template)).toEqual(['new_note']);
}

const STAFF_ADDS: { way: string; add: (rig: WebRig, ticket: Ticket) => Promise<void> }[] = [
  {
    way: 'on the ticket page',
    add: async (rig, ticket) => {
      const summer = await rig.signedIn(SUMMER, ticket.id);
      expect((await summer.post(`/tickets/${ticket.ref}`, { do: 'add_person', email: DAVE, name: '', phone: '' })).statusCode).toBe(303);
    },
  },
  {
    way: 'by #cc',
    add: async (rig, ticket) => {
      expect(await rig.signedReply(SUMMER, ticket.id, `#cc ${DAVE}`)).toBe('updated');
    },
  },
];

describe.each(STAFF_ADDS)('staff adding someone already on the ticket $way', ({ add }) => {
  it('vouches for them, so they hear of the requester\'s notes from then on', async () => {
    const ticket = await daveBroughtIn('Client AAAA111111 missing from the caseload');
    await add(rig, ticket);
    await expectVouched(ticket);
  });
});

/**
 * Dave's updates stopped by Summer while he stays on the ticket: rows kept from before a stop by
 * someone else took an interested person off the ticket (stopped_by_id names staff, not him).
 */
async function stoppedByStaff(ticket: Ticket): Promise<void> {
  await rig.database.db.update(participants).set({ notify: false, stoppedById: await rig.personId(SUMMER) })
    .where(and(eq(participants.ticketId, ticket.id), eq(participants.personId, await rig.personId(DAVE))));
  await rig.relay();
  expect(await rig.signedReply(ALICE, ticket.id, 'Anything yet?')).toBe('appended');
  expect((await rig.relay()).filter((m) => m.to === DAVE)).toEqual([]);
}

const RESUME_ON_THE_PAGE = {
  way: 'with "Resume updates to this person" on the ticket page',
  add: async (rig: WebRig, ticket: Ticket) => {
    const summer = await rig.signedIn(SUMMER, ticket.id);
    expect((await summer.post(`/tickets/${ticket.ref}`, { do: 'resume_person', email: DAVE })).statusCode).toBe(303);
  },
};

describe.each([...STAFF_ADDS, RESUME_ON_THE_PAGE])('someone brought in whose updates staff stopped, turned back on by staff $way', ({ add }) => {
  it('is vouched for, so they hear of the requester\'s notes again', async () => {
    const ticket = await daveBroughtIn('Household members missing for AAAA222222');
    await stoppedByStaff(ticket);
    await add(rig, ticket);
    await expectVouched(ticket);
  });
});

describe('someone brought in who stopped their own updates, turned back on by staff on the ticket page', () => {
  it('is vouched for, so they hear of the requester\'s notes again', async () => {
    const ticket = await daveBroughtIn('Assessment dates shifted for AAAA444444');
    const dave = await rig.signedIn(DAVE, ticket.id);
    expect((await dave.post(`/tickets/${ticket.ref}`, { do: 'stop_person', email: DAVE })).statusCode).toBe(303);
    expect(await vouchedOf(ticket.id, DAVE)).toEqual([false]);
    await RESUME_ON_THE_PAGE.add(rig, ticket);
    await expectVouched(ticket);
  });
});

const OWN_NOTES: { way: string; write: (rig: WebRig, ticket: Ticket) => Promise<void> }[] = [
  {
    way: 'on the ticket page, signed in',
    write: async (rig, ticket) => {
      const dave = await rig.signedIn(DAVE, ticket.id);
      expect((await dave.post(`/tickets/${ticket.ref}`, { do: 'note', note: 'I see the same on our side.', then: '' })).statusCode).toBe(303);
    },
  },
  {
    way: 'through their own signed address',
    write: async (rig, ticket) => {
      expect(await rig.signedReply(DAVE, ticket.id, 'I see the same on our side.')).toBe('appended');
    },
  },
];

describe.each(OWN_NOTES)('someone brought in writing $way', ({ write }) => {
  it('ends their wait for a voucher', async () => {
    const ticket = await daveBroughtIn('Service dates wrong for AAAA333333');
    await write(rig, ticket);
    await expectVouched(ticket);
  });
});

describe('a requester adding someone on the ticket page', () => {
  it('vouches for a colleague at her organisation\'s own domain, who hears her notes', async () => {
    const bob = 'bob@example.test';
    const ticket = await rig.ticket(ALICE, 'Client AAAA555555 shows the wrong office');
    const alice = await rig.signedIn(ALICE, ticket.id);
    expect((await alice.post(`/tickets/${ticket.ref}`, { do: 'add_person', email: bob, name: 'Bob', phone: '' })).statusCode).toBe(303);
    expect(await vouchedOf(ticket.id, bob)).toEqual([true]);
    await rig.relay();
    expect(await rig.signedReply(ALICE, ticket.id, 'Bob sees it too.')).toBe('appended');
    expect((await rig.relay()).filter((m) => m.to === bob).map((m) => m.template)).toEqual(['new_note']);
  });

  it('does not vouch for someone at the same free-mail domain: gmail.com makes nobody her colleague', async () => {
    const stranger = 'stranger@gmail.com';
    const victim = 'victim0@gmail.com';
    const ticket = await rig.ticket(stranger, 'Cannot log in to the reports page');
    const page = await rig.signedIn(stranger, ticket.id);
    expect((await page.post(`/tickets/${ticket.ref}`, { do: 'add_person', email: victim, name: '', phone: '' })).statusCode).toBe(303);
    expect(await vouchedOf(ticket.id, victim)).toEqual([false]);
    await rig.relay();
    expect(await rig.signedReply(stranger, ticket.id, 'Cheap watches at http://spam.example.test/buy')).toBe('appended');
    expect((await rig.relay()).filter((m) => m.to === victim)).toEqual([]);
  });
});
