// A fix closed without being verified (automatically after AUTO_CLOSE_DAYS, or by staff) can still
// be verified within REOPEN_DAYS, on the ticket page as by mail: the page offers its submitter
// "Mark the issue as verified", and the ticket stays closed, since when it was closed, now
// verified. A ticket already verified, routed to another organisation, closed while it was not
// marked fixed, or closed longer ago is not offered it.
import { describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { outbox, tickets } from '../../src/adapters/db/schema.ts';
import type { Resolution } from '../../src/tickets/types.ts';
import { mainOf, useWebRig } from './support.ts';

const ALICE = 'alice@example.test';
const DAY = 86_400_000;
const VERIFY_FORM = 'name="do" value="verified"';

const rig = useWebRig();

/** A ticket closed `daysAgo`; `fixed`: it announced a fix before the close (its mail already sent). */
async function closedTicket(summary: string, resolution: Resolution, daysAgo: number, fixed = resolution !== 'routed') {
  const ticket = await rig.ticket(ALICE, summary);
  const closedAt = new Date(Date.now() - daysAgo * DAY);
  if (fixed) await rig.database.db.insert(outbox).values({ ticketId: ticket.id, event: 'fixed', relayedAt: new Date() });
  await rig.database.db.update(tickets).set({ status: 'closed', resolution, closedAt }).where(eq(tickets.id, ticket.id));
  return { ...ticket, closedAt };
}

describe('verifying on the ticket page a fix closed unverified', () => {
  it('is offered to the submitter, and keeps the ticket closed since then, now verified', async () => {
    const ticket = await closedTicket('Exit page will not save for client AAAA111111', 'closed', 1);
    const alice = await rig.signedIn(ALICE, ticket.id);
    const page = mainOf((await alice.get(`/tickets/${ticket.ref}`)).body);
    expect(page).toContain(VERIFY_FORM);
    expect(page).toContain('the ticket stays closed, now verified');

    expect((await alice.post(`/tickets/${ticket.ref}`, { do: 'verified', note: '' })).statusCode).toBe(303);
    const after = (await rig.store.byId(ticket.id))!;
    expect([after.status, after.resolution, after.closedAt?.getTime()]).toEqual(['closed', 'verified', ticket.closedAt.getTime()]);
    const events = await rig.database.db.select({ event: outbox.event }).from(outbox).where(eq(outbox.ticketId, ticket.id));
    expect(events.map((e) => e.event)).toEqual(['fixed', 'verified']);
  });

  it.each([
    ['already verified', 'verified' as const, 1],
    ['routed to another organisation', 'routed' as const, 1],
    ['closed longer ago than REOPEN_DAYS', 'closed' as const, 30],
  ])('is not offered on a ticket %s', async (_what, resolution, daysAgo) => {
    const ticket = await closedTicket(`Income calculation needs cents ${resolution} ${daysAgo}`, resolution, daysAgo);
    const alice = await rig.signedIn(ALICE, ticket.id);
    expect(mainOf((await alice.get(`/tickets/${ticket.ref}`)).body)).not.toContain(VERIFY_FORM);
  });

  it('is neither offered nor done on a ticket closed while it was not marked fixed', async () => {
    const ticket = await closedTicket('Duplicate client DDDD444444', 'closed', 1, false);
    const alice = await rig.signedIn(ALICE, ticket.id);
    expect(mainOf((await alice.get(`/tickets/${ticket.ref}`)).body)).not.toContain(VERIFY_FORM);
    const answer = await alice.post(`/tickets/${ticket.ref}`, { do: 'verified', note: '' });
    expect(mainOf(answer.body)).toContain('there is no fix to verify');
    expect(await rig.store.byId(ticket.id)).toMatchObject({ status: 'closed', resolution: 'closed' });
  });
});
