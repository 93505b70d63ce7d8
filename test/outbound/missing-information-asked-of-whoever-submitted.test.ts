// What a request lacks is asked of whoever submitted it: an admin who files her own request is a
// requester there, and her "has been submitted" mail asks her for it ("Please reply above the line
// with"), as the waiting mail does; the rest of the staff (an admin hearing of a new request) read
// it as still needed from the requester.
import { describe, expect, it } from 'vitest';
import { buildMailProps, type MailPropsInput } from '../../src/outbound/mail-props.ts';
import { renderEmail } from '../../src/outbound/render.ts';
import type { ParticipantRole, TicketEvent } from '../../src/tickets/types.ts';
import { loadMailTemplates } from '../../src/workers/mail-templates.ts';

const templates = await loadMailTemplates();
const words = (t: string) => t.replace(/\s+/g, ' ');
const MISSING = 'Who: the Client ID of the client affected.';

const base: MailPropsInput = {
  event: 'submitted', systemName: 'ClientTrack', publicUrl: 'https://help.example.test',
  ticket: { ref: 'Utah_RW-7', summary: 'Exit date will not save', status: 'waiting_for_response', description: 'Nothing is saved.', clientIds: [] },
  payload: { missingInfo: [MISSING] }, note: null, files: [], actor: null, assignee: null,
  recipient: { email: 'becky@utah.test', name: 'Becky Tyler' }, recipientIsStaff: true, recipientRoles: ['submitter', 'admin'],
  replyAddress: 'helpdesk+7-3-aaaaaaaaaaaaaaaa@utah.test', helpdeskAddress: 'helpdesk@utah.test',
};

const textOf = async (event: TicketEvent, roles: ParticipantRole[], isStaff = true) =>
  words((await renderEmail(templates, event, buildMailProps({ ...base, event, recipientIsStaff: isStaff, recipientRoles: roles }))).text);

describe('the missing information of a request an admin filed herself', () => {
  it('is asked of her in her "has been submitted" mail, as of any requester', async () => {
    const text = await textOf('submitted', ['submitter', 'admin']);
    expect(text).toContain(`Please reply above the line with: * ${MISSING}`);
    expect(text).not.toContain('Still needed from the requester');
  });

  it('is told to another admin as still needed from the requester', async () => {
    const text = await textOf('new_ticket_admin', ['admin']);
    expect(text).toContain(`Still needed from the requester: * ${MISSING}`);
    expect(text).not.toContain('Please reply above the line with');
  });

  it('is asked of a requester who is not staff, as before', async () => {
    expect(await textOf('submitted', ['submitter'], false)).toContain(`Please reply above the line with: * ${MISSING}`);
  });
});
