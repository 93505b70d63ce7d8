// The reminder of a ticket Waiting for Response reaches whoever the question may be for, which
// includes staff copied on the request (an admin the requester put in Cc). As the `waiting` mail does,
// it tells them in words for them that the ticket still waits on the requester, and asks them for
// nothing; the requester, an admin who submitted the request herself too, is reminded in the words
// it always had.
import { describe, expect, it } from 'vitest';
import { buildMailProps, type MailPropsInput } from '../../src/outbound/mail-props.ts';
import { renderEmail } from '../../src/outbound/render.ts';
import type { ParticipantRole } from '../../src/tickets/types.ts';
import { loadMailTemplates } from '../../src/workers/mail-templates.ts';

const templates = await loadMailTemplates();
const words = (t: string) => t.replace(/\s+/g, ' ');
const QUESTION = 'Which exit date did you enter? A screenshot of the Exit page would help too.';
const STAFF_SUBJECT = '[ClientTrack Issues Tracking] Issue Utah_RW-10 is still waiting for a response from the requester';
const REQUESTER_SUBJECT = '[ClientTrack Issues Tracking] Issue Utah_RW-10 is still waiting for your response';

const reminder: MailPropsInput = {
  event: 'reminder_waiting', systemName: 'ClientTrack', publicUrl: 'https://help.example.test',
  ticket: { ref: 'Utah_RW-10', summary: 'Report problem', status: 'waiting_for_response', description: 'The report will not run.', clientIds: [] },
  payload: { idleDays: 3 }, note: null, files: [], actor: null, assignee: null,
  recipient: { email: 'alice@agency.test', name: 'Alice' }, recipientIsStaff: false, recipientRoles: ['submitter'],
  replyAddress: 'helpdesk+10-3-aaaaaaaaaaaaaaaa@utah.test', helpdeskAddress: 'helpdesk@utah.test',
};

async function mailFor(recipient: { email: string; name: string }, isStaff: boolean, roles: ParticipantRole[], over: Partial<MailPropsInput> = {}) {
  return renderEmail(templates, 'reminder_waiting', buildMailProps({ ...reminder, ...over, recipient, recipientIsStaff: isStaff, recipientRoles: roles }));
}

const SUMMER = { email: 'summer@utah.test', name: 'Summer Bammes' };

describe('the waiting reminder to an admin copied on the request', () => {
  it('tells her the ticket still waits on the requester and lists what is still needed from them, asking her for nothing', async () => {
    const mail = await mailFor(SUMMER, true, ['interested', 'admin'], { payload: { idleDays: 3, missingInfo: ['Which: which report are you running?'] } });
    expect(mail.subject).toBe(STAFF_SUBJECT);
    const text = words(mail.text);
    expect(text).toContain('Hello Summer Bammes, Issue Utah_RW-10 has been waiting for a response from the requester for 3 days.');
    expect(text).toContain('Nothing is needed from you until then. You will get an email when they answer');
    expect(text).toContain('Still needed from the requester: * Which: which report are you running?');
    for (const asking of ['your response', 'Please reply above the line', 'hear back from you', 'we need a little more information']) {
      expect(text).not.toContain(asking);
    }
  });

  it('quotes the question the admin\'s note asked, as the question the requester is to answer', async () => {
    const mail = await mailFor(SUMMER, true, ['interested', 'admin'], { note: { body: QUESTION, internal: false } });
    expect(mail.subject).toBe(STAFF_SUBJECT);
    const text = words(mail.text);
    expect(text).toContain('Issue Utah_RW-10 has been waiting for a response from the requester for 3 days, to the question below.');
    expect(text).toContain(QUESTION);
    expect(text).not.toContain('your response');
  });
});

describe('the waiting reminder to whom it waits on', () => {
  it('keeps the requester\'s words, for an admin who submitted the request herself too; staff copied on it read theirs', async () => {
    const requesters = [
      await mailFor({ email: 'alice@agency.test', name: 'Alice' }, false, ['submitter']),
      await mailFor(SUMMER, true, ['submitter', 'admin']),
    ];
    for (const mail of requesters) {
      expect(mail.subject).toBe(REQUESTER_SUBJECT);
      expect(words(mail.text)).toContain('Issue Utah_RW-10 has been waiting for your response for 3 days.');
    }
    expect((await mailFor(SUMMER, true, ['interested', 'admin'])).subject).toBe(STAFF_SUBJECT);
  });
});
