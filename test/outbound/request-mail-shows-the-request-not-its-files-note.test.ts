// A request with files is filed with a system note that carries them ("Files sent with the
// request."), and the mails sent as it is filed ride with that note. The admins' notice and the
// forward to another organisation hand over the request itself: its text, then its files.
import { describe, expect, it } from 'vitest';
import { buildMailProps, type MailPropsInput } from '../../src/outbound/mail-props.ts';

const base: MailPropsInput = {
  event: 'new_ticket_admin', systemName: 'ClientTrack', publicUrl: 'https://help.example.test',
  ticket: { ref: 'Utah_RW-9', summary: 'ROI form for client AAAA111111', status: 'new', description: 'Please attach the signed ROI to client AAAA111111.', clientIds: ['AAAA111111'] },
  payload: {}, note: { body: 'Files sent with the request.', internal: false },
  files: [{ filename: 'roi.pdf', size: 120_000, stored: true }],
  actor: { email: 'alice@example.test', name: 'Alice' }, assignee: null, recipient: { email: 'summer@example.test', name: 'Summer' },
  replyAddress: 'helpdesk@example.test', helpdeskAddress: 'helpdesk@example.test',
};

describe('the mail sent as a request with files is filed', () => {
  it('gives the admins and the other organisation the request\'s text and its files', () => {
    for (const event of ['new_ticket_admin', 'forwarded'] as const) {
      const props = buildMailProps({ ...base, event });
      expect(props.noteText, event).toBe('Please attach the signed ROI to client AAAA111111.');
      expect(props.attachments, event).toEqual([{ name: 'roi.pdf', size: 120_000 }]);
    }
  });

  it('shows no files note as if it were a note in the requester\'s own mail', () => {
    expect(buildMailProps({ ...base, event: 'routed' }).noteText).toBeUndefined();
  });

  it('still shows a note that a later change rides with', () => {
    const note = { body: 'Escalating: the vendor must fix the export.', internal: false };
    // The escalation mail goes to the support team alone: the note written with it, then the request.
    const escalated = buildMailProps({ ...base, event: 'escalated', note }).noteText!;
    expect(escalated.startsWith(note.body)).toBe(true);
    expect(escalated).toContain(`The request, as submitted:\n${base.ticket.description}`);
    expect(buildMailProps({ ...base, event: 'new_note', note }).noteText).toBe(note.body);
  });
});
