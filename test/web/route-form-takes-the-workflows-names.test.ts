// A route the ticket page's form sends by the Communication Escalation Workflow's name for its
// organisation ("ICA Help Desk", "Bitfocus") corrects the route to intake's name, as `#route` by mail
// does; a near miss is still refused with intake's names.
import { eq } from 'drizzle-orm';
import { expect, it } from 'vitest';
import { tickets } from '../../src/adapters/db/schema.ts';
import { ROUTES } from '../../src/tickets/types.ts';
import { mainOf, useWebRig } from './support.ts';

const BOB = 'bob@example.test';
const SUMMER = 'summer@example.test'; // an admin

const rig = useWebRig();

it('corrects the route named as the workflow names it, and refuses a near miss', async () => {
  const ticket = await rig.ticket(BOB, 'APR totals look wrong');
  await rig.database.db.update(tickets).set({ route: 'self_service' }).where(eq(tickets.id, ticket.id));
  const summer = await rig.signedIn(SUMMER, ticket.id);

  expect((await summer.post(`/tickets/${ticket.ref}`, { do: 'route', value: 'ICA Help Desk' })).statusCode).toBe(303);
  expect((await rig.store.byId(ticket.id))!.route).toBe('ica_helpdesk');
  expect(mainOf((await summer.get(`/tickets/${ticket.ref}`)).body)).toContain('Route corrected to ica_helpdesk.');

  expect((await summer.post(`/tickets/${ticket.ref}`, { do: 'route', value: 'Bitfocus' })).statusCode).toBe(303);
  expect((await rig.store.byId(ticket.id))!.route).toBe('vendor_direct');

  const refused = await summer.post(`/tickets/${ticket.ref}`, { do: 'route', value: 'ica hlep desk' });
  expect(refused.statusCode).toBe(400);
  expect(mainOf(refused.body)).toContain(`The route must be one of ${ROUTES.join(', ')}. Nothing was changed.`);
  expect((await rig.store.byId(ticket.id))!.route).toBe('vendor_direct');
});
