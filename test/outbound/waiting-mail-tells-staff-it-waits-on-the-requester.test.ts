// A ticket set Waiting for Response (an admin's #waiting with a question) waits on its submitter, not
// on the staff: the submitter and the people notified on it are asked for their response; the staff
// on it (its assignee, an admin copied on the request) are told, in words for them, that it waits for
// the requester's response and what was asked. An admin who submitted the request herself is asked,
// like any requester.
import { describe, expect, it } from 'vitest';
import { buildMailProps, type MailPropsInput } from '../../src/outbound/mail-props.ts';
import { renderEmail } from '../../src/outbound/render.ts';
import type { ParticipantRole } from '../../src/tickets/types.ts';
import { loadMailTemplates } from '../../src/workers/mail-templates.ts';

const templates = await loadMailTemplates();
const words = (t: string) => t.replace(/\s+/g, ' ');
const QUESTION = 'Which exit date did you enter? A screenshot of the Exit page would help too.';

const waiting: MailPropsInput = {
  event: 'waiting', systemName: 'ClientTrack', publicUrl: 'https://help.example.test',
  ticket: { ref: 'Utah_RW-7', summary: 'Exit date will not save', status: 'waiting_for_response', description: 'Nothing is saved.', clientIds: [] },
  payload: {}, note: { body: QUESTION, internal: false }, files: [],
  actor: { email: 'summer@utah.test', name: 'Summer Bammes' }, assignee: { email: 'niko@utah.test', name: 'Niko Hofmann' },
  recipient: { email: 'alice@utah.test', name: 'Alice' }, recipientIsStaff: false, recipientRoles: ['submitter'],
  replyAddress: 'helpdesk+7-3-aaaaaaaaaaaaaaaa@utah.test', helpdeskAddress: 'helpdesk@utah.test',
};

async function mailFor(recipient: { email: string; name: string }, isStaff: boolean, roles: ParticipantRole[]) {
  return renderEmail(templates, 'waiting', buildMailProps({ ...waiting, recipient, recipientIsStaff: isStaff, recipientRoles: roles }));
}

describe('the waiting mail to the staff on the ticket', () => {
  it('tells its assignee it waits for the requester\'s response, with the question, and asks nothing of him', async () => {
    const mail = await mailFor({ email: 'niko@utah.test', name: 'Niko Hofmann' }, true, ['assignee']);
    expect(mail.subject).toBe('[ClientTrack Issues Tracking] Issue Utah_RW-7 is waiting for a response from the requester');
    const text = words(mail.text);
    expect(text).toContain('Hello Niko Hofmann, Issue Utah_RW-7 is waiting for a response from the requester: Summer Bammes needs it before work on the issue can go on, and asked the question below.');
    expect(text).toContain('You will get an email when they answer');
    expect(text).toContain(QUESTION);
    expect(text).not.toContain('needs your response');
    expect(text).not.toContain('Please reply above the line');
  });

  it('tells an admin copied on the request the same', async () => {
    const mail = await mailFor({ email: 'becky@utah.test', name: 'Becky Tyler' }, true, ['interested', 'admin']);
    expect(mail.subject).toBe('[ClientTrack Issues Tracking] Issue Utah_RW-7 is waiting for a response from the requester');
    expect(words(mail.text)).not.toContain('needs your response');
  });

  it('lists what is still needed from the requester, not asking the staff for it', async () => {
    const props = { ...buildMailProps({ ...waiting, recipient: { email: 'niko@utah.test', name: 'Niko' }, recipientIsStaff: true, recipientRoles: ['assignee'] }), missingInfo: ['Which client is affected?'] };
    const text = words((await renderEmail(templates, 'waiting', props)).text);
    expect(text).toContain('Still needed from the requester: * Which client is affected?');
    expect(text).not.toContain('we need a little more information');
  });
});

describe('the waiting mail to whom it waits on and to the staff', () => {
  it('asks the submitter for her response in the words it always had, an admin who submitted the request too; the assignee is told whose it waits for', async () => {
    const requesters = [
      await mailFor({ email: 'alice@utah.test', name: 'Alice' }, false, ['submitter']),
      await mailFor({ email: 'becky@utah.test', name: 'Becky Tyler' }, true, ['submitter', 'admin']),
    ];
    for (const mail of requesters) {
      expect(mail.subject).toBe('[ClientTrack Issues Tracking] Issue Utah_RW-7 is waiting for your response');
      expect(words(mail.text)).toContain('Summer Bammes needs your response before work on issue Utah_RW-7 can go on.');
    }
    const assignee = await mailFor({ email: 'niko@utah.test', name: 'Niko Hofmann' }, true, ['assignee']);
    expect(assignee.subject).toBe('[ClientTrack Issues Tracking] Issue Utah_RW-7 is waiting for a response from the requester');
  });
});
