// The page's "Note for the support team", written with an escalation, is for the support team (it
// may name a client's health details): it rides in the one escalation mail the team gets, and is an
// internal note on the page; the submitter gets no "New Note" with it.
import { expect, it } from 'vitest';
import { mainOf, useWebRig } from './support.ts';

const ALICE = 'alice@example.test';
const CAROL = 'carol@example.test';
const SUMMER = 'summer@example.test'; // an admin
const SUPPORT = 'vendor-team@support.example';
const NOTE = 'Client AAAA111111 was discharged from the detox program on 3/2; the enrollment still shows open.';

const rig = useWebRig({ SUPPORT_ADDRESS: SUPPORT });

it('sends the escalation note to the support team once, and to nobody else', async () => {
  const ticket = await rig.ticket(ALICE, 'Enrollment still open for client AAAA111111', [CAROL]);
  const summer = await rig.signedIn(SUMMER, ticket.id);
  await rig.relay();
  expect((await summer.post(`/tickets/${ticket.ref}`, { do: 'escalate', note: NOTE })).statusCode).toBe(303);
  const mails = await rig.relay();
  expect(mails.filter((m) => m.to === ALICE || m.to === CAROL)).toEqual([]);
  const toTeam = mails.filter((m) => m.to === SUPPORT);
  expect(toTeam.map((m) => m.template)).toEqual(['escalated']);
  expect(toTeam[0]!.props.noteText).toContain(NOTE);

  const alice = await rig.signedIn(ALICE, ticket.id);
  expect(mainOf((await alice.get(`/tickets/${ticket.ref}`)).body)).not.toContain('discharged from the detox program');
  const team = await rig.signedIn(SUPPORT, ticket.id);
  expect(mainOf((await team.get(`/tickets/${ticket.ref}`)).body)).toContain('discharged from the detox program');
});
