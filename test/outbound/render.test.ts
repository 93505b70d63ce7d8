import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPLY_ABOVE_MARKER } from '../../src/inbound/reply-marker.ts';
import { TICKET_EVENTS, type TicketEvent } from '../../src/tickets/types.ts';
import { buildMailtoUrl, renderEmail as renderWith } from '../../src/outbound/render.ts';
import { compileTemplateFile, loadMailTemplates, templateCompilationCount } from '../../src/workers/mail-templates.ts';
import { MAIL_TEMPLATES, SERVICE_EVENTS, STATUS_LABELS, type EventProps, type StatusMailProps } from '../../src/outbound/templates.ts';

const templates = await loadMailTemplates();
const renderEmail = <E extends TicketEvent>(event: E, props: EventProps[E]) => renderWith(templates, event, props);

const REPLY_ADDRESS = 'help+t180.k3x9@desk.example.org';

/**
 * Becky, the recipient, is the submitter: where a mail offers the verify buttons, she may use them;
 * the mails for staff are set for an admin, who may use every button they offer.
 */
function baseProps(overrides: Partial<StatusMailProps> = {}): StatusMailProps {
  return {
    systemName: 'ClientTrack',
    ticketRef: 'Utah_RW-180',
    summary: 'Application List AAAA111111 stuck in Draft',
    statusLabel: STATUS_LABELS.assigned,
    // The recipient's personal link (tickets/sign-in-link.ts), as send-mail builds it.
    ticketUrl: 'https://desk.example.org/tickets/Utah_RW-180?k=AQAAAAcAAAC0azWbAAAAAACCk-_FDuyUybVjGPYbBW-F',
    recipientName: 'Becky Tyler',
    replyAddress: REPLY_ADDRESS,
    actorName: 'Niko Hofmann',
    ...overrides,
  };
}

/** Deterministic props for each event's golden files. */
function propsFor(event: TicketEvent): EventProps[TicketEvent] {
  switch (event) {
    case 'submitted':
      return baseProps({
        statusLabel: STATUS_LABELS.new,
        actorName: 'Becky Tyler',
        attachments: [
          { name: 'application-list.png', size: 184_320 },
          { name: 'export.csv', size: 912 },
        ],
        missingInfo: ['Which client is affected (Ryan White Client ID)?', 'What did you expect to happen?'],
        articles: [{ title: 'Application statuses explained', url: 'https://help.example.org/articles/12' }],
      });
    case 'new_ticket_admin':
      return baseProps({
        statusLabel: STATUS_LABELS.new,
        mayAssign: true,
        mayMarkFixed: true,
        mayEscalate: true,
        actorName: 'Becky Tyler',
        noteText: 'The application status shows as a Draft but there is an Application Submission Date.\nWhy is it still in Draft?',
        attachments: [{ name: 'application-list.png', size: 184_320 }],
      });
    case 'assigned':
      return baseProps({ assigneeName: 'Niko Hofmann', acknowledgements: ['The issue is assigned to Niko Hofmann.'] });
    case 'new_note':
      return baseProps({
        noteText: 'Could you send the Client ID again?\nThe one in the summary has a typo.\n\nThanks, Niko',
      });
    case 'fixed':
      return baseProps({
        statusLabel: STATUS_LABELS.fixed_verify_needed,
        mayVerify: true,
        mayMarkNotFixed: true,
        noteText: 'The submission date is now read from the application. Please reload the Application List.',
      });
    case 'verified':
      return baseProps({ statusLabel: STATUS_LABELS.closed, actorName: 'Becky Tyler', mayVerify: true, mayMarkNotFixed: true });
    case 'closed':
      return baseProps({
        statusLabel: STATUS_LABELS.closed,
        mayVerify: true,
        mayMarkNotFixed: true,
        reasonText: 'Same problem as the other ticket.',
        otherTicketRef: 'Utah_RW-176',
      });
    case 'not_fixed':
      return baseProps({
        forStaff: true,
        mayMarkFixed: true,
        mayEscalate: true,
        actorName: 'Becky Tyler',
        noteText: 'Still shows Draft for AAAA111111 after reloading.',
        refusals: [{ command: '#assign Summer', reason: 'only administrators can assign issues' }],
      });
    case 'reopened':
      return baseProps({ actorName: 'Summer Bammes', reasonText: 'The client came back with the same error.' });
    case 'waiting':
      return baseProps({
        statusLabel: STATUS_LABELS.waiting_for_response,
        missingInfo: ['Which page were you on when the error appeared?'],
        noteText: 'A screenshot would help too.',
      });
    case 'escalated':
      return baseProps({ actorName: 'Summer Bammes', reasonText: 'Needs a database fix on the vendor side.' });
    case 'routed':
      return baseProps({
        statusLabel: STATUS_LABELS.closed,
        routedTo: { name: 'Utah Medicaid Help Desk', why: 'Eligibility records are kept by Medicaid, not in ClientTrack.', forwarded: true },
        otherTicketRef: 'MED-5521',
      });
    case 'forwarded':
      return baseProps({
        statusLabel: STATUS_LABELS.closed,
        routedTo: { name: 'MACCH', why: 'MACCH, the CoC lead, handles NOFA questions.' },
        noteText: 'Which HMIS data do we need to submit with the NOFA application?',
        requesterAddress: 'becky@utah.test',
      });
    case 'reminder_verify':
      return baseProps({ statusLabel: STATUS_LABELS.fixed_verify_needed, actorName: 'ClientTrack', idleDays: 7 });
    case 'reminder_stale':
      return baseProps({ actorName: 'ClientTrack', idleDays: 14, recipientName: 'Niko Hofmann', forStaff: true, mayMarkFixed: true, mayEscalate: true });
    case 'reminder_waiting':
      return baseProps({
        statusLabel: STATUS_LABELS.waiting_for_response,
        actorName: 'ClientTrack',
        idleDays: 4,
        noteText: 'Which client ID is affected? A screenshot of the Application List would help too.',
      });
    case 'auto_closed':
      return baseProps({
        statusLabel: STATUS_LABELS.closed,
        mayVerify: true,
        mayMarkNotFixed: true,
        actorName: 'ClientTrack',
        idleDays: 21,
        reasonText: 'Nobody verified the fix or marked it as not fixed.',
      });
    case 'digest':
      return {
        systemName: 'ClientTrack',
        recipientName: 'Summer Bammes',
        replyAddress: 'help+digest.q1@desk.example.org',
        digest: [
          { ref: 'Utah_RW-171', summary: 'Wrong Org', status: 'assigned', priority: 'normal', ageDays: 9, url: 'https://desk.example.org/tickets/Utah_RW-171' },
          { ref: 'Utah_RW-180', summary: 'Draft status <AAAA111111>', status: 'new', priority: 'urgent', ageDays: 1, url: 'https://desk.example.org/tickets/Utah_RW-180' },
          { ref: 'Utah_RW-175', summary: 'Income needs cents', status: 'assigned', priority: 'urgent', ageDays: 4, url: 'https://desk.example.org/tickets/Utah_RW-175' },
          { ref: 'Utah_RW-177', summary: 'HIV status duplicating', status: 'assigned', priority: 'urgent', ageDays: 6, url: 'https://desk.example.org/tickets/Utah_RW-177' },
        ],
      };
    case 'command_refused':
      return baseProps({
        acknowledgements: ['Your note was added to the ticket.'],
        refusals: [
          { command: '#fixed', reason: 'only the assignee or an administrator can mark an issue as fixed' },
          { command: '#priority asap', reason: 'asap is not a priority; use urgent, high, normal or low' },
        ],
      });
    case 'bounce_notice':
      return baseProps({
        bounce: { address: 'beckytyler@utah.gov', diagnostic: '550 5.1.1 <beckytyler@utah.gov>: Recipient address rejected' },
      });
    case 'jobs_failed':
      return {
        systemName: 'ClientTrack',
        recipientName: 'Summer Bammes',
        replyAddress: 'help@desk.example.org',
        failedJobs: [
          { queue: 'send-mail', jobId: 'outbound-412', attempts: 8, reason: 'smtp temporarily unavailable: 451 4.3.0 Try again later' },
          { queue: 'process-mail', jobId: 'inbound-97', attempts: 8, reason: 'database unavailable' },
        ],
      };
    case 'limits_summary':
      return {
        systemName: 'ClientTrack',
        recipientName: 'Summer Bammes',
        replyAddress: 'help@desk.example.org',
        limitsSummary: { held: 12, summarised: 3, tooLarge: 2, since: '2025-03-04 09:15 UTC', senders: [{ address: 'abc@gmail.com', count: 12 }, { address: 'intake@agency.example.org', count: 3 }, { address: 'dana@clinic.example.test', count: 2 }] },
      };
    case 'message_too_large':
      return {
        systemName: 'ClientTrack',
        recipientName: 'dana@clinic.example.test',
        replyAddress: 'help@desk.example.org',
        answerText: 'Your message "Scanned intake forms for March" was too large (73.4 MB, limit 50 MB), so it was not read and no ticket was opened.\n\n'
          + 'Please send it again with files smaller than 35 MB in all, or share large files through a link.',
      };
  }
}

/** The action links in a rendered HTML part, decoded per RFC 6068. */
function mailtoLinks(html: string): { to: string; subject?: string; body?: string }[] {
  return [...html.matchAll(/href="(mailto:[^"]*)"/g)].map((match) => decodeMailto(match[1]!.replace(/&amp;/g, '&')));
}

function decodeMailto(url: string): { to: string; subject?: string; body?: string } {
  const [to = '', query = ''] = url.slice('mailto:'.length).split('?');
  const fields: Record<string, string> = {};
  for (const pair of query.split('&').filter(Boolean)) {
    const [name = '', value = ''] = pair.split('=');
    fields[name.toLowerCase()] = decodeURIComponent(value);
  }
  return { to: decodeURIComponent(to), subject: fields.subject, body: fields.body };
}

function stem(event: TicketEvent): string {
  return MAIL_TEMPLATES[event].file.replace(/\.mjml$/, '');
}

describe('status-mail templates', () => {
  it.each([...TICKET_EVENTS])('has a %s template that compiles under strict validation', async (event) => {
    const html = await compileTemplateFile(MAIL_TEMPLATES[event].file);
    // The partials really were included: the marker partial and the shared head.
    expect(html).toContain('{{marker}}');
    expect(html).toContain('{{subject}}');
    expect(html).not.toContain('<mj-');
  });

  it('refuses a template that breaks MJML rules under strict validation', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'deskmail-mjml-'));
    const file = path.join(dir, 'broken.mjml');
    await writeFile(file, '<mjml><mj-body><mj-section><mj-text>text outside a column</mj-text></mj-section></mj-body></mjml>');
    await expect(compileTemplateFile(file)).rejects.toThrow(/mj-text/);
  });

  it('refuses a template that prints a value unescaped', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'deskmail-mjml-'));
    const file = path.join(dir, 'raw.mjml');
    await writeFile(file, '<mjml><mj-body><mj-section><mj-column><mj-text>{{{noteText}}}</mj-text></mj-column></mj-section></mj-body></mjml>');
    await expect(compileTemplateFile(file)).rejects.toThrow(/unescaped/);
  });
});

describe('renderEmail', () => {
  it.each([...TICKET_EVENTS])('renders the %s mail as in its golden files', async (event) => {
    const mail = await renderEmail(event, propsFor(event));
    await expect(mail.html).toMatchFileSnapshot(`./__snapshots__/${stem(event)}.html`);
    await expect(`Subject: ${mail.subject}\n\n${mail.text}\n`).toMatchFileSnapshot(`./__snapshots__/${stem(event)}.txt`);
  });

  // Mails worded for the recipient: the staff on a waiting ticket are told whose response it waits
  // for, and so are staff copied on it when it is reminded of; whom a reassignment took the ticket
  // from, that it is no longer theirs.
  const variants: { name: string; event: 'waiting' | 'reminder_waiting' | 'assigned'; props: () => StatusMailProps }[] = [
    { name: 'waiting-staff', event: 'waiting', props: () => ({ ...propsFor('waiting'), recipientName: 'Niko Hofmann', actorName: 'Summer Bammes', forStaff: true, missingFromRequester: true }) as StatusMailProps },
    { name: 'reminder-waiting-staff', event: 'reminder_waiting', props: () => ({ ...propsFor('reminder_waiting'), recipientName: 'Summer Bammes', forStaff: true, missingFromRequester: true, noteText: undefined, missingInfo: ['Which page were you on when the error appeared?'] }) as StatusMailProps },
    { name: 'assigned-reassigned-away', event: 'assigned', props: () => ({ ...propsFor('assigned'), recipientName: 'Summer Bammes', forStaff: true, reassignedAway: true, acknowledgements: undefined }) as StatusMailProps },
  ];
  it.each(variants)('renders the $name mail as in its golden files', async ({ name, event, props }) => {
    const mail = await renderEmail(event, props() as never);
    await expect(mail.html).toMatchFileSnapshot(`./__snapshots__/${name}.html`);
    await expect(`Subject: ${mail.subject}\n\n${mail.text}\n`).toMatchFileSnapshot(`./__snapshots__/${name}.txt`);
  });

  it.each([...TICKET_EVENTS])('starts the %s mail with the reply marker in both parts and fills every placeholder', async (event) => {
    const mail = await renderEmail(event, propsFor(event));
    expect(mail.text.split('\n')[0]).toBe(REPLY_ABOVE_MARKER);
    const body = mail.html.slice(mail.html.indexOf('<body'));
    const firstText = body.replace(/<!--[\s\S]*?-->/g, '').replace(/<[^>]+>/g, ' ').trim().split(/\s{2,}/)[0];
    expect(firstText).toBe(REPLY_ABOVE_MARKER);
    expect(mail.html).not.toMatch(/\{\{|\}\}/);
    expect(mail.text).not.toMatch(/\{\{|\}\}/);
  });

  it('uses the user guide subjects word for word', async () => {
    const subjects = await Promise.all(
      (['submitted', 'assigned', 'new_note', 'fixed', 'verified'] as const).map(
        async (event) => (await renderEmail(event, propsFor(event) as StatusMailProps)).subject,
      ),
    );
    expect(subjects).toEqual([
      '[ClientTrack Issues Tracking] Issue Utah_RW-180 has been submitted',
      '[ClientTrack Issues Tracking] Issue Utah_RW-180 has been assigned',
      '[ClientTrack Issues Tracking] Issue Utah_RW-180 New Note',
      '[ClientTrack Issues Tracking] Issue Utah_RW-180 has been fixed',
      '[ClientTrack Issues Tracking] Issue Utah_RW-180 has been verified',
    ]);
  });

  it('starts every ticket subject with the tag replies are threaded by, for any system name and prefix', async () => {
    for (const event of TICKET_EVENTS.filter((e) => !SERVICE_EVENTS.has(e))) {
      const mail = await renderEmail(event, { ...propsFor(event), systemName: 'HelpLine', ticketRef: 'ACME-7' } as StatusMailProps);
      expect(mail.subject.startsWith('[HelpLine Issues Tracking] Issue ACME-7 ')).toBe(true);
    }
  });

  it('names messages too large in the limits summary, and says nothing of them when there were none', async () => {
    const props = propsFor('limits_summary') as EventProps['limits_summary'];
    const both = await renderEmail('limits_summary', props);
    expect(both.subject).toBe('[ClientTrack Issues Tracking] 15 new requests held or limited, 2 messages too large');
    expect(both.text.replace(/\s+/g, ' ')).toContain('2 messages were over MAX_MESSAGE_MB');
    const onlyLarge = await renderEmail('limits_summary', { ...props, limitsSummary: { ...props.limitsSummary, held: 0, summarised: 0, tooLarge: 1 } });
    expect(onlyLarge.subject).toBe('[ClientTrack Issues Tracking] 1 message too large');
    const none = await renderEmail('limits_summary', { ...props, limitsSummary: { ...props.limitsSummary, tooLarge: 0 } });
    expect(none.subject).toBe('[ClientTrack Issues Tracking] 15 new requests held or limited');
    expect(none.text).not.toContain('MAX_MESSAGE_MB');
  });

  it('answers a message too large with its own subject and the decided text', async () => {
    const mail = await renderEmail('message_too_large', propsFor('message_too_large') as EventProps['message_too_large']);
    expect(mail.subject).toBe('[ClientTrack Issues Tracking] Your message was too large');
    expect(mail.text.replace(/\s+/g, ' ')).toContain('(73.4 MB, limit 50 MB)');
  });

  it('counts the open issues in the digest subject', async () => {
    const mail = await renderEmail('digest', propsFor('digest') as EventProps['digest']);
    expect(mail.subject).toBe('[ClientTrack Issues Tracking] Daily digest: 4 open issues');
  });

  it('names who added the recipient, and how to stop, only in the mail that says so', async () => {
    const first = await renderEmail('new_note', { ...(propsFor('new_note') as EventProps['new_note']), addedBy: 'Becky Tyler <becky@utah.gov>' });
    expect(first.text).toContain('Becky Tyler <becky@utah.gov> added you to issue Utah_RW-180');
    expect(first.text).toContain('To stop them, reply with #stop as the first line');
    expect(mailtoLinks(first.html).some((link) => link.body?.startsWith('#stop'))).toBe(true);
    const later = await renderEmail('new_note', propsFor('new_note') as EventProps['new_note']);
    expect(later.text).not.toContain('added you');
    expect(later.text).toContain('You get this email because you are on issue Utah_RW-180.');
  });

  it('escapes user text so it can never add markup', async () => {
    const mail = await renderEmail(
      'new_note',
      baseProps({
        summary: '<img src=x onerror=alert(1)>',
        recipientName: 'Eve "the" <b>tester</b>',
        noteText: 'hello <script>alert("x")</script> & bye',
        ticketUrl: 'https://desk.example.org/tickets/Utah_RW-180?a="><script>alert(2)</script>',
        attachments: [{ name: '<svg onload=alert(3)>.png', size: 10 }],
        articles: [{ title: 'Bad link', url: 'javascript:alert(4)' }],
      }) as EventProps['new_note'],
    );
    expect(mail.html).not.toMatch(/<script|<img src=x|<svg|<b>tester|javascript:/i);
    expect(mail.html).toContain('hello &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; bye');
    expect(mail.html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(mail.html).toContain('Bad link');
    // The text part is plain text: the same words, shown literally.
    expect(mail.text).toContain('hello <script>alert("x")</script> & bye');
  });

  it('refuses a ticket link that is not a web address', async () => {
    await expect(renderEmail('submitted', baseProps({ ticketUrl: 'javascript:alert(1)' }))).rejects.toThrow(/ticketUrl/);
  });

  it('refuses to render an event without the field it is about', async () => {
    await expect(renderEmail('assigned', baseProps() as never)).rejects.toThrow(/assigneeName/);
    await expect(renderEmail('bounce_notice', baseProps() as never)).rejects.toThrow(/bounce/);
  });

  it('links the fixed mail to replies that carry #verified and #notfixed', async () => {
    const mail = await renderEmail('fixed', propsFor('fixed') as EventProps['fixed']);
    const links = mailtoLinks(mail.html);
    for (const link of links) {
      expect(link.to).toBe(REPLY_ADDRESS);
      expect(link.subject).toBe(`Re: ${mail.subject}`);
    }
    const bodies = links.map((link) => link.body);
    expect(bodies).toEqual(['#verified\r\n', '#notfixed\r\nWhat is still wrong: ', '#stop\r\n']);
    // The text part shows the same links as text plus the full mailto: URL.
    expect(mail.text).toMatch(/Mark the issue as verified\n?\s*<mailto:help\+t180\.k3x9@desk\.example\.org\?subject=Re%3A%20/);
  });

  it('gives administrators assign, fix and escalate links on a new ticket', async () => {
    const mail = await renderEmail('new_ticket_admin', propsFor('new_ticket_admin') as EventProps['new_ticket_admin']);
    const commands = mailtoLinks(mail.html).map((link) => link.body?.split('\r\n')[0]);
    expect(commands).toEqual(['#assign me', '#fixed', '#escalate', '#stop']);
  });

  it('percent-encodes mailto URLs as RFC 6068 asks', () => {
    const url = buildMailtoUrl('a+b@example.org', {
      subject: 'Re: [X] 100% & more = ok? #1 Über',
      body: 'line one\nline+two',
    });
    expect(url).toBe(
      'mailto:a+b@example.org?subject=Re%3A%20%5BX%5D%20100%25%20%26%20more%20%3D%20ok%3F%20%231%20%C3%9Cber&body=line%20one%0D%0Aline%2Btwo',
    );
    expect(decodeMailto(url)).toEqual({
      to: 'a+b@example.org',
      subject: 'Re: [X] 100% & more = ok? #1 Über',
      body: 'line one\r\nline+two',
    });
  });

  it('groups the digest by priority, urgent first, then status, oldest first', async () => {
    const mail = await renderEmail('digest', propsFor('digest') as EventProps['digest']);
    const order = [...mail.html.matchAll(/>(Utah_RW-\d+)</g)].map((match) => match[1]);
    expect(order).toEqual(['Utah_RW-180', 'Utah_RW-177', 'Utah_RW-175', 'Utah_RW-171']);
    expect(mail.text.indexOf('Urgent priority, New')).toBeLessThan(mail.text.indexOf('Urgent priority, Assigned'));
    expect(mail.text.indexOf('Urgent priority, Assigned')).toBeLessThan(mail.text.indexOf('Normal priority, Assigned'));
  });

  it('compiles each template once and reuses it for every later mail', async () => {
    await renderEmail('submitted', propsFor('submitted') as EventProps['submitted']);
    const before = templateCompilationCount();
    for (let i = 0; i < 100; i += 1) {
      const mail = await renderEmail('submitted', baseProps({ ticketRef: `Utah_RW-${1000 + i}` }));
      expect(mail.subject).toBe(`[ClientTrack Issues Tracking] Issue Utah_RW-${1000 + i} has been submitted`);
    }
    expect(await loadMailTemplates()).toBe(templates);
    expect(templateCompilationCount()).toBe(before);
  });
});

describe('the not-fixed mail', () => {
  it('asks only the people working the ticket to work on it again, with their buttons; the requester is told it went to them', async () => {
    const staff = await renderEmail('not_fixed', { ...propsFor('not_fixed'), forStaff: true } as StatusMailProps);
    const words = (t: string) => t.replace(/\s+/g, ' ');
    expect(words(staff.text)).toContain('work on the ticket again');
    expect(staff.html).toContain('Mark as fixed');
    expect(staff.html).toContain('Escalate');
    const requester = await renderEmail('not_fixed', { ...propsFor('not_fixed'), forStaff: false } as StatusMailProps);
    expect(words(requester.text)).not.toContain('work on the ticket again');
    expect(words(requester.text)).toContain('went to the people working on it');
    expect(requester.html).not.toContain('Mark as fixed');
    expect(requester.html).not.toContain('>Escalate<');
  });
});

describe('the routed mail', () => {
  it('says "has been forwarded" only when the request was, and otherwise whom to contact', async () => {
    const words = (t: string) => t.replace(/\s+/g, ' ');
    const routedTo = { name: 'NMIS', why: 'NMIS handles the ROI.' };
    const forwarded = await renderEmail('routed', baseProps({ routedTo: { ...routedTo, forwarded: true } }) as EventProps['routed']);
    expect(forwarded.subject).toBe('[ClientTrack Issues Tracking] Issue Utah_RW-180 has been forwarded');
    expect(words(forwarded.text)).toContain('has been forwarded to NMIS');
    const told = await renderEmail('routed', baseProps({ routedTo: { ...routedTo, forwarded: false } }) as EventProps['routed']);
    expect(told.subject).toBe('[ClientTrack Issues Tracking] Issue Utah_RW-180 belongs with NMIS');
    expect(words(told.text)).not.toMatch(/forwarded/i);
    expect(words(told.text)).toContain('please contact NMIS about it directly');
  });
});

describe('the reminder that a ticket has had no update', () => {
  const commandsIn = (html: string) => mailtoLinks(html).map((link) => link.body?.split('\r\n')[0]);
  const words = (t: string) => t.replace(/\s+/g, ' ');

  it('offers "Mark as fixed" on a ticket being worked', async () => {
    const mail = await renderEmail('reminder_stale', propsFor('reminder_stale') as StatusMailProps);
    expect(commandsIn(mail.html)).toEqual(['#fixed', '#escalate', '#stop']);
    expect(words(mail.text)).toContain('mark it as fixed, or escalate it');
  });

  it('on a fix awaiting verification said not to work, says so and offers "not fixed" to whoever may mark it so, never "Mark as fixed"', async () => {
    const awaiting = { ...propsFor('reminder_stale'), statusLabel: STATUS_LABELS.fixed_verify_needed, fixAwaitingVerification: true } as StatusMailProps;
    const admin = await renderEmail('reminder_stale', { ...awaiting, mayMarkNotFixed: true });
    expect(words(admin.text)).toContain('the latest answer to its fix says it does not work');
    expect(words(admin.text)).toContain('mark it as not fixed, close it, or escalate it');
    expect(commandsIn(admin.html)).toEqual(['#notfixed', '#escalate', '#stop']);
    // An assignee who is not an admin may neither mark it not fixed nor escalate it.
    const assignee = await renderEmail('reminder_stale', { ...awaiting, mayMarkNotFixed: false, mayEscalate: false });
    expect(words(assignee.text)).toContain('Please add a note with where it stands.');
    expect(commandsIn(assignee.html)).toEqual(['#stop']);
  });
});

describe('the reminder that a ticket waits for a response', () => {
  const words = (t: string) => t.replace(/\s+/g, ' ');

  it('says how long it has waited, in the guide\'s words, and quotes the question it waits on', async () => {
    const mail = await renderEmail('reminder_waiting', propsFor('reminder_waiting') as StatusMailProps);
    expect(mail.subject).toBe('[ClientTrack Issues Tracking] Issue Utah_RW-180 is still waiting for your response');
    expect(words(mail.text)).toContain('Issue Utah_RW-180 has been waiting for your response for 4 days.');
    expect(words(mail.text)).toContain('The ClientTrack Support Team will move on to other tickets until they hear back from you.');
    expect(words(mail.text)).toContain('Please reply above the line to the question below. Note Which client ID is affected?');
  });

  it('asks again for the information a request came in without', async () => {
    const mail = await renderEmail('reminder_waiting', { ...propsFor('reminder_waiting'), noteText: undefined, missingInfo: ['Which client ID is affected?'] } as StatusMailProps);
    expect(words(mail.text)).toContain('Please reply above the line with: * Which client ID is affected?');
    expect(words(mail.text)).not.toContain('open the ticket to see what was asked');
  });

  it('without a question to quote, sends the reader to the ticket, with its summary and link', async () => {
    const mail = await renderEmail('reminder_waiting', { ...propsFor('reminder_waiting'), noteText: undefined } as StatusMailProps);
    expect(words(mail.text)).toContain('Please open the ticket to see what was asked, and reply above the line.');
    expect(words(mail.text)).toContain('Application List AAAA111111 stuck in Draft');
    expect(mail.html).toContain('href="https://desk.example.org/tickets/Utah_RW-180?k=');
  });
});
