// End to end on real servers for intake: what the classifier decides about a new request shows
// up in the ticket and in the mail people get. A merge request without IDs asks for exactly the
// missing items and waits; the answer (the submitter's, or a colleague's notified on the ticket)
// sends it back to work. A NOFA question goes to MACCH. An urgent case reaches the admins at once.
// A poor subject gets a better summary. Admin corrections by reply land in `deskmail classify report`.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runDeskmail } from '../support/cli.ts';
import { startHarness, type Harness } from '../support/harness.ts';
import type { ParsedMessage } from '../../src/inbound/types.ts';

const ALICE = 'alice@example.test';
const BOB = 'bob@example.test';
const CAROL = 'carol@example.test';
const DANA = 'dana@example.test';
const MACCH = 'macch@example.test';
const SUMMER = 'summer@example.test';
const RAJ = 'raj@example.test';
const TAG = (ref: string) => `[ClientTrack Issues Tracking] Issue ${ref}`;

/** The list items of a status mail's text part ("Please reply ... with:" or "Attached files"), wrapped lines joined. */
function listAfter(mail: ParsedMessage, heading: RegExp): string[] {
  const lines = mail.text.split('\n');
  const start = lines.findIndex((l) => heading.test(l));
  if (start < 0) return [];
  const items: string[] = [];
  for (const line of lines.slice(start + 1)) {
    if (/^ \* /.test(line)) items.push(line.slice(3).trim());
    else if (/^ {3}\S/.test(line) && items.length) items[items.length - 1] += ` ${line.trim()}`;
    else if (items.length) break;
  }
  return items;
}
const askedQuestions = (mail: ParsedMessage) => listAfter(mail, /\bwith:\s*$/);

describe('intake on real servers', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ users: [ALICE, BOB, CAROL, DANA, MACCH, SUMMER, RAJ], env: { ADMIN_EMAILS: `${SUMMER},${RAJ}`, MACCH_ADDRESS: MACCH } });
  });
  afterAll(async () => {
    await h?.stop();
  });

  it('asks a merge request without duplicate IDs for exactly the missing items and waits for the answer', async () => {
    await h.send(`Alice Example <${ALICE}>`, {
      subject: 'Merge duplicate client records',
      text: 'Hi,\n\nWe have a client who was entered twice by two different programs. Please merge the duplicate records.\n\nThanks,\nAlice',
    });
    const ack = await h.waitForMail(ALICE, (m) => m.subject === `${TAG('Utah_RW-1')} has been submitted`);
    expect(askedQuestions(ack)).toEqual([
      'Who: all the duplicate Client IDs (or the completed Client Merge Request Form).',
      'What: which record contains the correct information (the one to keep)?',
    ]);
    const ticket = await h.waitForTicket('Utah_RW-1', () => true);
    expect(ticket.status).toBe('waiting_for_response');
    expect(ticket.topic).toBe('merge_request');
    expect(ticket.missingInfo).toEqual(['duplicate_client_ids', 'correct_record']);
  });

  it('moves the merge request back to work and clears what was missing once the submitter answers', async () => {
    const ack = await h.waitForMail(ALICE, (m) => m.subject === `${TAG('Utah_RW-1')} has been submitted`);
    await h.reply(ALICE, ack, 'The duplicates are AAAA111111 and BBBB222222. Please keep AAAA111111, it has the correct information.\n\nThanks,\nAlice');
    const ticket = await h.waitForTicket('Utah_RW-1', (t) => t.notes.some((n) => n.kind === 'note'));
    expect(ticket.status).toBe('new');
    expect(ticket.missingInfo).toEqual([]);
    expect(ticket.notes.filter((n) => n.kind === 'note').map((n) => n.body)).toEqual([
      'The duplicates are AAAA111111 and BBBB222222. Please keep AAAA111111, it has the correct information.\n\nThanks,\nAlice',
    ]);
  });

  it('forwards a NOFA question to MACCH, tells the user who handles it and why, and closes the ticket as routed', async () => {
    const question = 'When is the deadline for the CoC NOFA project application this year, and where do we send our letter of intent?';
    await h.send(`Bob Builder <${BOB}>`, { subject: 'NOFA question', text: `Hello,\n\n${question}\n\nThanks,\nBob` });
    const forward = await h.waitForMail(MACCH, (m) => m.subject.startsWith(TAG('Utah_RW-2')));
    expect(forward.text.replace(/\s+/g, ' ')).toContain(question);
    // The organisation answers the requester directly.
    expect(forward.subject).toBe(`${TAG('Utah_RW-2')} forwarded to you`);
    expect(forward.replyTo[0]?.address).toBe(BOB);
    const told = await h.waitForMail(BOB, (m) => m.subject === `${TAG('Utah_RW-2')} has been forwarded`);
    const text = told.text.replace(/\s+/g, ' ');
    expect(text).toContain('has been forwarded to MACCH');
    expect(text).toContain('MACCH is the go-to for NOFA questions/submissions');
    const ticket = await h.waitForTicket('Utah_RW-2', (t) => t.status === 'closed');
    expect(ticket.resolution).toBe('routed');
    expect(ticket.route).toBe('macch');
    // Routed away: the admins' queue does not hear of it, and Bob gets no "has been submitted".
    expect((await h.mailbox(BOB)).map((m) => m.subject)).toEqual([`${TAG('Utah_RW-2')} has been forwarded`]);
  });

  it('brings an urgent benefits case to every admin at once, as an urgent ticket', async () => {
    const sentAt = Date.now();
    await h.send(`Carol Case <${CAROL}>`, {
      subject: 'Client cannot get housing',
      text: 'Our client AAAA111111 is being kept from moving into housing today because the benefits enrollment will not save, and she cannot get her medication without it. She is waiting in our office right now.\n\nPlease help,\nCarol',
    });
    const subject = `${TAG('Utah_RW-3')} has been submitted and is not yet assigned`;
    const adminMails = await Promise.all([SUMMER, RAJ].map((admin) => h.waitForMail(admin, (m) => m.subject === subject, 10_000)));
    // The reason in one line: what keeps the client from what, and why it cannot wait.
    for (const mail of adminMails) expect(mail.text).toMatch(/URGENT: [^\n]*(housing|medication|benefit)[^\n]*\./i);
    const elapsed = Date.now() - sentAt;
    const ticket = await h.waitForTicket('Utah_RW-3', () => true);
    expect(ticket.priority).toBe('urgent');
    expect(ticket.clientIds).toEqual(['AAAA111111']);
    expect(elapsed).toBeLessThan(10_000);
  });

  it('gives a poor subject a better summary and keeps the original subject for `tickets show`', async () => {
    await h.send(`Dana Data <${DANA}>`, {
      subject: "It won't work",
      text: 'When I try to run the APR for our Emergency Shelter program it spins and then shows an error "Report failed". This started yesterday after the update.\n\nThanks,\nDana',
    });
    const ack = await h.waitForMail(DANA, (m) => m.subject === `${TAG('Utah_RW-4')} has been submitted`);
    const ticket = await h.waitForTicket('Utah_RW-4', () => true);
    expect(ticket.originalSubject).toBe("It won't work");
    expect(ticket.summary).not.toBe("It won't work");
    expect(ticket.summary.length).toBeGreaterThan(3);
    expect(ack.text).toContain(ticket.summary);
    const shown = await runDeskmail(h.stack.config, ['tickets', 'show', 'Utah_RW-4']);
    expect(shown.stderr).toBe('');
    expect(shown.code).toBe(0);
    expect(shown.stdout).toContain(`Utah_RW-4: ${ticket.summary}`);
    expect(shown.stdout).toMatch(/^ {2}subject {5}It won't work$/m);
    const json = JSON.parse((await runDeskmail(h.stack.config, ['tickets', 'show', 'Utah_RW-4', '--json'])).stdout) as { summary: string; originalSubject: string };
    expect(json).toMatchObject({ summary: ticket.summary, originalSubject: "It won't work" });
  });

  it('stores an admin\'s #route and #topic corrections sent through their signed address and reports them', async () => {
    const before = await h.waitForTicket('Utah_RW-4', () => true);
    expect(before.route).toBe('ica_helpdesk');
    const fromTopic = before.topic;
    expect(fromTopic).not.toBe('data_quality');
    const adminMail = await h.waitForMail(SUMMER, (m) => m.subject === `${TAG('Utah_RW-4')} has been submitted and is not yet assigned`);
    await h.reply(SUMMER, adminMail, '#topic data_quality\n#route self_service');
    const ticket = await h.waitForTicket('Utah_RW-4', (t) => t.topic === 'data_quality' && t.route === 'self_service');
    expect(ticket.status).toBe(before.status);
    // An outsider's (or unsigned) #route is not a correction.
    await h.send(DANA, { subject: `RE: ${adminMail.subject}`, text: '#route nmis' });
    const report = await runDeskmail(h.stack.config, ['classify', 'report', '--json']);
    expect(report.stderr).toBe('');
    const rows = JSON.parse(report.stdout) as { field: string; from: string | null; to: string; count: number }[];
    expect(rows).toEqual(expect.arrayContaining([
      { field: 'topic', from: fromTopic, to: 'data_quality', count: 1 },
      { field: 'route', from: 'ica_helpdesk', to: 'self_service', count: 1 },
    ]));
    await new Promise((r) => setTimeout(r, 1500));
    const after = JSON.parse((await runDeskmail(h.stack.config, ['classify', 'report', '--json'])).stdout) as unknown[];
    expect(after).toHaveLength(2);
    expect((await h.ticket('Utah_RW-4'))!.route).toBe('self_service');
  });

  it('moves a waiting merge request back to work when the colleague notified on it answers, and the admins see it is no longer waiting', async () => {
    await h.send(`Alice Example <${ALICE}>`, {
      cc: [`Carol Colleague <${CAROL}>`],
      subject: 'Merge duplicate client records for our family',
      text: 'Hi,\n\nA client in our program was entered twice. Please merge the duplicate records.\n\nThanks,\nAlice',
    });
    const carolsAck = await h.waitForMail(CAROL, (m) => m.subject === `${TAG('Utah_RW-5')} has been submitted`);
    expect((await h.waitForTicket('Utah_RW-5', () => true)).status).toBe('waiting_for_response');
    await h.reply(CAROL, carolsAck, 'The duplicates are CCCC333333 and DDDD444444. Please keep CCCC333333, it has the correct information.\n\nCarol');
    const ticket = await h.waitForTicket('Utah_RW-5', (t) => t.notes.some((n) => n.kind === 'note'));
    expect(ticket.status).toBe('new');
    expect(ticket.missingInfo).toEqual([]);
    const told = await h.waitForMail(SUMMER, (m) => m.subject === `${TAG('Utah_RW-5')} New Note`);
    const text = told.text.replace(/\s+/g, ' ');
    expect(text).toContain('The duplicates are CCCC333333 and DDDD444444.');
    expect(text).toMatch(/Status:? New\b/);
  });

  it('sends an open ticket an admin routes to MACCH there, as intake would have, and tells the requester with the admin\'s note', async () => {
    const request = 'Our new case manager starts on Monday and needs a Clarity user account with access to our Emergency Shelter program.';
    await h.send(`Dana Data <${DANA}>`, { subject: 'User account for a new case manager', text: `Hi,\n\n${request}\n\nThanks,\nDana` });
    const adminMail = await h.waitForMail(SUMMER, (m) => m.subject === `${TAG('Utah_RW-6')} has been submitted and is not yet assigned`);
    const before = await h.waitForTicket('Utah_RW-6', () => true);
    expect(before.status).not.toBe('closed');
    await h.reply(SUMMER, adminMail, '#route macch\nAccounts for Coordinated Entry staff are set up by MACCH; they will answer you directly.');
    const ticket = await h.waitForTicket('Utah_RW-6', (t) => t.status === 'closed');
    expect(ticket).toMatchObject({ resolution: 'routed', route: 'macch' });
    // MACCH gets the request itself, answering the requester directly.
    const forward = await h.waitForMail(MACCH, (m) => m.subject === `${TAG('Utah_RW-6')} forwarded to you`);
    expect(forward.text.replace(/\s+/g, ' ')).toContain(request);
    expect(forward.replyTo[0]?.address).toBe(DANA);
    // The requester hears who handles it and why, with the admin's note.
    const told = await h.waitForMail(DANA, (m) => m.subject === `${TAG('Utah_RW-6')} has been forwarded`);
    const text = told.text.replace(/\s+/g, ' ');
    expect(text).toContain('has been forwarded to MACCH');
    expect(text).toContain('Accounts for Coordinated Entry staff are set up by MACCH');
  });

  it('forwards a ticket an admin routes away without the files of the admin\'s note, an internal one least of all', async () => {
    await h.send(`Dana Data <${DANA}>`, { subject: 'Account for our new outreach worker', text: 'Hi,\n\nOur new outreach worker needs a Clarity user account for the Street Outreach program.\n\nThanks,\nDana' });
    const adminMail = await h.waitForMail(SUMMER, (m) => m.subject === `${TAG('Utah_RW-7')} has been submitted and is not yet assigned`);
    // The admin's reply, through their signed address, with a file meant for staff alone.
    await h.send(SUMMER, {
      to: adminMail.replyTo[0]?.address ?? adminMail.from!.address,
      subject: `Re: ${adminMail.subject}`,
      text: '#internal\n#route macch\nShe is known to us, see the attached list.',
      inReplyTo: `<${adminMail.messageId}>`, references: [`<${adminMail.messageId}>`],
      attachments: [{ filename: 'staff-only-client-list.csv', content: 'id,name\nAAAA111111,someone\n', contentType: 'text/csv' }],
    });
    const ticket = await h.waitForTicket('Utah_RW-7', (t) => t.status === 'closed');
    expect(ticket).toMatchObject({ resolution: 'routed', route: 'macch' });
    const forward = await h.waitForMail(MACCH, (m) => m.subject === `${TAG('Utah_RW-7')} forwarded to you`);
    const text = forward.text.replace(/\s+/g, ' ');
    expect(text).toContain('Street Outreach program');
    expect(text).not.toContain('staff-only-client-list.csv');
    expect(forward.html).not.toContain('staff-only-client-list.csv');
    expect(text).not.toContain('known to us');
  });
});
