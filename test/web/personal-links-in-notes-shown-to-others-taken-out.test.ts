// A reply that keeps a status mail's personal link in its own text (pasted, or a quote the reply
// reading did not cut) is shown to the others on the ticket, on its page and by
// `deskmail tickets show`, without it: the ticket's plain link and the help desk's own address
// stand in for the sign-in link and the signed reply address.
import { expect, it } from 'vitest';
import { makeReplyAddress } from '../../src/tickets/reply-address.ts';
import { runDeskmail } from '../support/cli.ts';
import { mainOf, useWebRig } from './support.ts';

const ALICE = 'alice@example.test';
const BOB = 'bob@example.test';
const rig = useWebRig();

it('shows the note on the ticket page and by the command line without her link or reply address', async () => {
  const ticket = await rig.ticket(ALICE, 'Caseload will not load', [BOB]);
  const link = await rig.link(ALICE, ticket.id);
  const token = /\?k=(\S+)/.exec(link)![1]!;
  const signed = makeReplyAddress(rig.config.HELPDESK_ADDRESS, { ticketId: ticket.id, personId: await rig.personId(ALICE) }, rig.config.SECRET_KEY, 0, new Date());
  expect(await rig.signedReply(ALICE, ticket.id, `Still empty. The mail said:\nOpen issue <https://desk.example.test${link}>\nor write to ${signed}`)).toBe('appended');

  const bob = await rig.signedIn(BOB, ticket.id);
  const page = mainOf((await bob.get(`/tickets/${ticket.ref}`)).body);
  expect(page).toContain('Still empty.');
  expect(page).toContain(`https://desk.example.test/tickets/${ticket.ref}&gt;`);
  expect(page).not.toContain(token);
  expect(page).not.toContain(signed);

  const shown = await runDeskmail(rig.config, ['tickets', 'show', ticket.ref, '--full']);
  expect(shown.code).toBe(0);
  expect(shown.stdout).toContain('Still empty.');
  expect(shown.stdout).not.toContain(token);
  expect(shown.stdout).not.toContain(signed);
  expect(shown.stdout).toContain(rig.config.HELPDESK_ADDRESS);
}, 60_000);
