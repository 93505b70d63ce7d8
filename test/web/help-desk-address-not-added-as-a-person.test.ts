// The help desk's own address (HELPDESK_ADDRESS, or one of its signed reply addresses) is never
// added to a ticket: mail to it comes back in as mail to the help desk. Asked for on the page or
// with #cc, it is refused with that reason, rather than "nothing to do" or a claim that it will
// receive updates.
import { expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { participants, people } from '../../src/adapters/db/schema.ts';
import { mainOf, useWebRig } from './support.ts';

const ALICE = 'alice@example.test';
const SUMMER = 'summer@example.test'; // an admin
const OURS = ['helpdesk@example.test', 'helpdesk+1-2-aaaaaaaaaaaaaaaa@example.test', 'HelpDesk@Example.test'];

const rig = useWebRig();

/** The interested people on the ticket, by address. */
const interested = async (ticketId: number) => (await rig.database.db.select({ email: people.email }).from(participants)
  .innerJoin(people, eq(people.id, participants.personId)).where(and(eq(participants.ticketId, ticketId), eq(participants.role, 'interested')))).map((r) => r.email);

it('refuses to add it on the page, and says why, to the submitter and to an admin', async () => {
  const ticket = await rig.ticket(ALICE, 'Cannot add client to caseload AAAA111111');
  for (const who of [ALICE, SUMMER]) {
    const browser = await rig.signedIn(who, ticket.id);
    for (const address of OURS) {
      const res = await browser.post(`/tickets/${ticket.ref}`, { do: 'add_person', email: address, name: 'Help Desk', phone: '' });
      expect(res.statusCode, `${who} ${address}`).toBe(409);
      expect(mainOf(res.body)).toContain(`${address.toLowerCase()} is the help desk&#39;s own address, which cannot be added to a ticket.`);
    }
  }
  expect(await interested(ticket.id)).toEqual([]);
});

it('refuses #cc of it by mail, with the same reason, rather than saying it will receive updates', async () => {
  const ticket = await rig.ticket(ALICE, 'Report totals wrong for client AAAA222222');
  expect(await rig.signedReply(ALICE, ticket.id, '#cc helpdesk@example.test\n\nPlease keep the desk informed.')).toBe('appended');
  const mails = await rig.relay();
  const refused = mails.find((m) => m.template === 'command_refused' && m.to === ALICE);
  expect(refused?.props.refusals).toEqual([{ command: '#cc helpdesk@example.test', reason: 'helpdesk@example.test is the help desk\'s own address, which cannot be added to a ticket' }]);
  expect(mails.flatMap((m) => m.props.acknowledgements ?? [])).not.toContain('helpdesk@example.test will receive updates on this ticket.');
  expect(await interested(ticket.id)).toEqual([]);
});
