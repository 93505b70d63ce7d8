// A summary is taken from the request's subject, and a forward's subject may carry the
// requester's signed reply address or personal sign-in link, either of which acts as her. The web
// pages others see show the summary as they show the request and notes: without them, the
// ticket's plain link and the help desk's own address in their place. On the ticket page (its
// heading, title and original subject), the request as mailed, My Submitted Issues of someone she
// added, and the admin queue.
import { expect, it } from 'vitest';
import { InboundStore } from '../../src/adapters/db/inbound-store.ts';
import { makeReplyAddress } from '../../src/tickets/reply-address.ts';
import { mainOf, useWebRig } from './support.ts';

const ALICE = 'alice@example.test';
const BOB = 'bob@example.test';
const SUMMER = 'summer@example.test'; // an admin
const rig = useWebRig();

it('shows a summary naming her reply address and sign-in link without them', async () => {
  const first = await rig.ticket(ALICE, 'Caseload will not load', [BOB]);
  const link = await rig.link(ALICE, first.id);
  const token = /\?k=(\S+)/.exec(link)![1]!;
  const signed = makeReplyAddress(rig.config.HELPDESK_ADDRESS, { ticketId: first.id, personId: await rig.personId(ALICE) }, rig.config.SECRET_KEY, 0, new Date());
  const subject = `Fwd: Caseload still empty, write to ${signed} or open https://desk.example.test${link}`;
  const ticket = await rig.ticket(ALICE, subject, [BOB]);
  // The request came in by mail, with that subject.
  const { id: requestId } = await new InboundStore(rig.database.db).store({
    mailbox: 'INBOX', uidValidity: 1, uid: 1, raw: Buffer.from(`From: ${ALICE}\r\nTo: ${rig.config.HELPDESK_ADDRESS}\r\nSubject: ${subject}\r\nMessage-ID: <forwarded@example.test>\r\n\r\nSee the subject.\r\n`),
  });
  await rig.database.sql`update inbound_messages set status = 'processed', outcome = 'created', ticket_id = ${ticket.id}, processed_at = now() where id = ${requestId}`;

  const bob = await rig.signedIn(BOB, ticket.id);
  const admin = await rig.signedIn(SUMMER, (await rig.ticket(SUMMER, 'Export has no rows')).id);
  const pages = {
    ticket: (await bob.get(`/tickets/${ticket.ref}`)).body,
    original: (await bob.get(`/tickets/${ticket.ref}/original`)).body,
    my: (await bob.get('/my')).body,
    queue: (await admin.get('/admin')).body,
  };
  for (const [name, body] of Object.entries(pages)) {
    expect(mainOf(body), name).toContain('Caseload still empty, write to');
    expect(body, name).not.toContain(token);
    expect(body, name).not.toContain(signed);
    expect(mainOf(body), name).toContain(`write to ${rig.config.HELPDESK_ADDRESS} or open https://desk.example.test/tickets/${first.ref}`);
  }
  expect(/<title>([^<]*)<\/title>/.exec(pages.ticket)?.[1]).toContain(`write to ${rig.config.HELPDESK_ADDRESS}`);
});
