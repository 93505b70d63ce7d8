// What a person's reply did ("Done as you asked") is told to them alone. A fix verified by the
// submitter's note is announced to everyone on the ticket by one verified mail, whose event names
// whom its acknowledgements are for (tickets/decide.ts): her mail says how her note was read, the
// others' mail says only that the issue has been verified.
import { describe, expect, it } from 'vitest';
import { buildMailProps, type MailPropsInput } from '../../src/outbound/mail-props.ts';
import { renderEmail } from '../../src/outbound/render.ts';
import type { ParticipantRole } from '../../src/tickets/types.ts';
import { loadMailTemplates } from '../../src/workers/mail-templates.ts';

const templates = await loadMailTemplates();
const BECKY = { email: 'becky@example.test', name: 'Becky Tyler' };
const ACK = 'Your note says the fix works, so it was taken as verified and the ticket is closed.';

const verified: MailPropsInput = {
  event: 'verified', systemName: 'ClientTrack', publicUrl: 'https://help.example.test',
  ticket: { ref: 'Utah_RW-9', summary: 'Exit date will not save', status: 'closed', description: 'Nothing is saved.', clientIds: [] },
  payload: { acknowledgedTo: 'Becky@Example.test', acknowledgements: [ACK] }, note: { body: 'It works now, thank you!', internal: false }, files: [],
  actor: BECKY, assignee: { email: 'summer@example.test', name: 'Summer' },
  recipient: BECKY, replyAddress: 'helpdesk+1-2-aaaaaaaaaaaaaaaa@example.test', helpdeskAddress: 'helpdesk@example.test',
};

async function textFor(recipient: { email: string; name: string }, roles: ParticipantRole[]): Promise<string> {
  const mail = await renderEmail(templates, 'verified', buildMailProps({ ...verified, recipient, recipientRoles: roles }));
  return mail.text.replace(/\s+/g, ' ');
}

describe('acknowledgements in mail that goes to everyone on the ticket', () => {
  it('are in the mail of the person they answer', async () => {
    const text = await textFor(BECKY, ['submitter']);
    expect(text).toContain('Done as you asked');
    expect(text).toContain(ACK);
    expect(text).toContain('has been verified as fixed');
  });

  it('are not in anyone else\'s', async () => {
    for (const [recipient, roles] of [
      [{ email: 'ann@example.test', name: 'Ann' }, ['interested']],
      [{ email: 'summer@example.test', name: 'Summer' }, ['assignee', 'admin']],
    ] as const) {
      const text = await textFor(recipient, [...roles]);
      expect(text, recipient.email).not.toContain('Done as you asked');
      expect(text, recipient.email).not.toContain(ACK);
      expect(text, recipient.email).toContain('has been verified as fixed');
    }
  });

  it('in a refusal, which names no one but goes to its sender alone, are shown as before', () => {
    const props = buildMailProps({ ...verified, event: 'command_refused', payload: { to: BECKY.email, acknowledgements: ['Closed the ticket.'], refusals: [] } });
    expect(props.acknowledgements).toEqual(['Closed the ticket.']);
  });
});
