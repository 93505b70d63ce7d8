// An assignee who said #stop on a ticket keeps their stop when the ticket is given to someone else,
// by a colleague's "#assign me" or by an admin's assign form on the ticket page: the assignee row
// that carried it leaves the ticket with the change, and they, an admin, would otherwise hear of it
// again as an admin (here an urgent ticket, which admins hear of). The stop stays theirs: their own
// #cc turns it back on, and so does the ticket assigned to them again. The new assignee is told.
import { expect, it } from 'vitest';
import { useWebRig } from './support.ts';

const ALICE = 'alice@example.test';
const SUMMER = 'summer@example.test';
const BECKY = 'becky@example.test';
const NIKO = 'niko@example.test';

const rig = useWebRig({ ADMIN_EMAILS: [SUMMER, BECKY, NIKO].join(',') });

/** An urgent ticket of Alice's, assigned to Niko on the page, whose updates Niko then stopped by mail. */
async function nikosStoppedTicket(summary: string) {
  const ticket = await rig.ticket(ALICE, summary);
  const summer = await rig.signedIn(SUMMER, ticket.id);
  expect(await rig.signedReply(SUMMER, ticket.id, '#priority urgent')).toBe('updated');
  expect((await summer.post(`/tickets/${ticket.ref}`, { do: 'assign', assignee: NIKO })).statusCode).toBe(303);
  expect(await rig.signedReply(NIKO, ticket.id, '#stop')).toBe('updated');
  await rig.relay();
  return { ticket, summer };
}

const to = (mails: { to: string; template: string }[], who: string) => mails.filter((m) => m.to === who).map((m) => m.template);

it('keeps the stop of whom a reassignment by mail took the ticket from, until they turn it back on', async () => {
  const { ticket } = await nikosStoppedTicket('Wrong Org AAAA111111');

  expect(await rig.signedReply(BECKY, ticket.id, '#assign me')).toBe('updated');
  const reassigned = await rig.relay();
  expect(to(reassigned, ALICE)).toEqual(['assigned']);
  expect(to(reassigned, NIKO)).toEqual([]);

  expect(await rig.signedReply(ALICE, ticket.id, 'It still shows the wrong organisation.')).toBe('appended');
  const note = await rig.relay();
  expect(to(note, BECKY)).toEqual(['new_note']);
  expect(to(note, NIKO)).toEqual([]);

  // His own #cc turns his mail back on, as for any admin who said #stop on a ticket not theirs.
  expect(await rig.signedReply(NIKO, ticket.id, `#cc ${NIKO}`)).toBe('updated');
  await rig.relay();
  expect(await rig.signedReply(ALICE, ticket.id, 'Any news?')).toBe('appended');
  expect(to(await rig.relay(), NIKO)).toEqual(['new_note']);
});

it('keeps it through a reassignment on the page; the new assignee is told, and the ticket given back to him turns it back on', async () => {
  const { ticket, summer } = await nikosStoppedTicket('Exit date AAAA111111');

  expect((await summer.post(`/tickets/${ticket.ref}`, { do: 'assign', assignee: BECKY })).statusCode).toBe(303);
  const reassigned = await rig.relay();
  expect(to(reassigned, BECKY)).toEqual(['assigned']);
  expect(to(reassigned, NIKO)).toEqual([]);

  expect(await rig.signedReply(ALICE, ticket.id, 'It still will not save.')).toBe('appended');
  const note = await rig.relay();
  expect(to(note, BECKY)).toEqual(['new_note']);
  expect(to(note, NIKO)).toEqual([]);

  // Whoever works the ticket hears of it: assigned to him again, his stop ends (README, #stop).
  expect((await summer.post(`/tickets/${ticket.ref}`, { do: 'assign', assignee: NIKO })).statusCode).toBe(303);
  expect(to(await rig.relay(), NIKO)).toEqual(['assigned']);
});
