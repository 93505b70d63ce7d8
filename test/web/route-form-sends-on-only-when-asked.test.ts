// The ticket page's route form shows the ticket's route. On a request intake routed to MACCH but
// could not forward (no MACCH_ADDRESS), pressing "Correct the route" with the route as shown asks
// for nothing: the ticket stays open. Its "Send it on to MACCH" button routes it, as an admin's
// `#route macch` by mail does: closed as routed, the requester told whom to contact. A route or topic
// that is not one of intake's names is refused with the names it may be.
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { outbox, tickets } from '../../src/adapters/db/schema.ts';
import { ROUTES, TOPICS } from '../../src/tickets/types.ts';
import { mainOf, useWebRig } from './support.ts';

const BOB = 'bob@example.test';
const SUMMER = 'summer@example.test'; // an admin

const rig = useWebRig();

/** A NOFA question of Bob's that intake left New at route macch, and the admin's browser on its page. */
async function leftAtMacch(summary: string) {
  const ticket = await rig.ticket(BOB, summary);
  await rig.database.db.update(tickets).set({ route: 'macch' }).where(eq(tickets.id, ticket.id));
  return { ticket, summer: await rig.signedIn(SUMMER, ticket.id) };
}
const stateOf = async (id: number) => {
  const t = (await rig.store.byId(id))!;
  return { status: t.status, resolution: t.resolution, route: t.route };
};
const eventsOf = async (id: number) => (await rig.database.db.select({ event: outbox.event }).from(outbox).where(eq(outbox.ticketId, id))).map((e) => e.event);

describe('the ticket page\'s route form', () => {
  it('leaves the ticket open when the route is sent back as shown', async () => {
    const { ticket, summer } = await leftAtMacch('NOFA letter of intent');
    const page = mainOf((await summer.get(`/tickets/${ticket.ref}`)).body);
    expect(page).toMatch(/<option value="macch" selected>macch<\/option>/);
    expect(page).toContain('Send it on to MACCH');
    const res = await summer.post(`/tickets/${ticket.ref}`, { do: 'route', value: 'macch' });
    expect(res.statusCode).toBe(303);
    expect(mainOf((await summer.get(`/tickets/${ticket.ref}`)).body)).toContain('The route is already macch; nothing was changed.');
    expect(await stateOf(ticket.id)).toEqual({ status: 'new', resolution: null, route: 'macch' });
    expect(await eventsOf(ticket.id)).not.toContain('routed');
  });

  it('routes it when its "Send it on" button is pressed, and offers the button no more', async () => {
    const { ticket, summer } = await leftAtMacch('NOFA scoring question');
    expect((await summer.post(`/tickets/${ticket.ref}`, { do: 'route', value: 'macch', send: 'yes' })).statusCode).toBe(303);
    expect(await stateOf(ticket.id)).toEqual({ status: 'closed', resolution: 'routed', route: 'macch' });
    expect(await eventsOf(ticket.id)).toContain('routed');
    const mail = (await rig.relay()).find((m) => m.to === BOB && m.template === 'routed');
    expect(mail?.props).toMatchObject({ routedTo: { name: 'MACCH', forwarded: false } });
    expect(mainOf((await summer.get(`/tickets/${ticket.ref}`)).body)).not.toContain('Send it on to');
  });

  it('refuses a route or topic that is not one of intake\'s, and keeps the ticket\'s', async () => {
    const { ticket, summer } = await leftAtMacch('NOFA deadline');
    const route = await summer.post(`/tickets/${ticket.ref}`, { do: 'route', value: 'macc' });
    expect(route.statusCode).toBe(400);
    expect(mainOf(route.body)).toContain(`The route must be one of ${ROUTES.join(', ')}. Nothing was changed.`);
    const topic = await summer.post(`/tickets/${ticket.ref}`, { do: 'topic', value: 'reprots' });
    expect(topic.statusCode).toBe(400);
    expect(mainOf(topic.body)).toContain(`The topic must be one of ${TOPICS.join(', ')}. Nothing was changed.`);
    expect((await rig.store.byId(ticket.id))!).toMatchObject({ route: 'macch', topic: 'other' });
  });
});
