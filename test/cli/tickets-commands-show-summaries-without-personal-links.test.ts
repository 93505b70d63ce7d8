// A subject that carries a status mail's personal link (a reply's subject pasted into a new
// request, say) becomes the ticket's summary; `deskmail tickets list` and `tickets show` print it,
// and its original subject, without the link or a signed reply address, as the web pages do.
import { expect, it } from 'vitest';
import { makeReplyAddress } from '../../src/tickets/reply-address.ts';
import { runDeskmail } from '../support/cli.ts';
import { useWebRig } from '../web/support.ts';

const ALICE = 'alice@example.test';
const rig = useWebRig();

it('prints the summary without the sign-in link or the signed reply address', async () => {
  const first = await rig.ticket(ALICE, 'Caseload will not load');
  const link = await rig.link(ALICE, first.id);
  const token = /\?k=(\S+)/.exec(link)![1]!;
  const signed = makeReplyAddress(rig.config.HELPDESK_ADDRESS, { ticketId: first.id, personId: await rig.personId(ALICE) }, rig.config.SECRET_KEY, 0, new Date());
  const ticket = await rig.ticket(ALICE, `Again https://desk.example.test${link} ${signed}`);

  const list = await runDeskmail(rig.config, ['tickets', 'list']);
  expect(list.code).toBe(0);
  expect(list.stdout).toContain('Again');
  expect(list.stdout).not.toContain(token);
  expect(list.stdout).not.toContain(signed);

  const json = await runDeskmail(rig.config, ['tickets', 'list', '--json']);
  expect(json.stdout).not.toContain(token);

  const shown = await runDeskmail(rig.config, ['tickets', 'show', ticket.ref]);
  expect(shown.code).toBe(0);
  expect(shown.stdout).toContain(`${ticket.ref}: Again`);
  expect(shown.stdout).not.toContain(token);
  expect(shown.stdout).not.toContain(signed);
}, 60_000);
