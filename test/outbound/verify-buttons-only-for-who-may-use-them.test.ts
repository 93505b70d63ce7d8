// The "Mark the issue as verified" and "Mark the issue as not fixed" buttons in status mail start a
// #verified or #notfixed reply, which only the submitter or an admin may send
// (tickets/permissions.ts). Each recipient's mail offers them only when that recipient may use
// them: a colleague notified on the ticket, or the assignee, is not shown a button whose reply
// would be refused.
import { describe, expect, it } from 'vitest';
import { buildMailProps, type MailPropsInput } from '../../src/outbound/mail-props.ts';
import { renderEmail } from '../../src/outbound/render.ts';
import type { EventProps } from '../../src/outbound/templates.ts';
import type { ParticipantRole, TicketEvent } from '../../src/tickets/types.ts';
import { loadMailTemplates } from '../../src/workers/mail-templates.ts';

const templates = await loadMailTemplates();
const REPLY_ADDRESS = 'helpdesk+1-2-aaaaaaaaaaaaaaaa@example.test';

const base: MailPropsInput = {
  event: 'fixed', systemName: 'ClientTrack', publicUrl: 'https://help.example.test',
  ticket: { ref: 'Utah_RW-9', summary: 'Wrong Org AAAA111111', status: 'fixed_verify_needed', description: 'The Org is wrong.', clientIds: ['AAAA111111'] },
  payload: {}, note: { body: 'I moved the client to the Ogden org.', internal: false }, files: [],
  actor: { email: 'summer@example.test', name: 'Summer' }, assignee: { email: 'niko@example.test', name: 'Niko' },
  recipient: { email: 'bob@example.test', name: 'Bob' }, replyAddress: REPLY_ADDRESS, helpdeskAddress: 'helpdesk@example.test',
};

/** The commands the mail's buttons (mailto: links to the recipient's reply address) start. */
async function buttonCommands(event: TicketEvent, roles: ParticipantRole[], status = 'closed'): Promise<string[]> {
  const props = buildMailProps({ ...base, event, ticket: { ...base.ticket, status }, recipientRoles: roles, payload: event === 'auto_closed' ? { idleDays: 10 } : {} });
  const mail = await renderEmail(templates, event, props as EventProps[typeof event] as never);
  return [...mail.html.matchAll(/href="mailto:([^"?]*)\?[^"]*body=([^"&]*)/g)]
    .filter((m) => decodeURIComponent(m[1]!) === REPLY_ADDRESS)
    .map((m) => decodeURIComponent(m[2]!).split('\r\n')[0]!);
}

describe('the verify and not-fixed buttons in status mail', () => {
  it('are not in the fixed mail of a colleague notified on the ticket, nor of its assignee', async () => {
    for (const roles of [['interested'], ['assignee']] as ParticipantRole[][]) {
      const commands = await buttonCommands('fixed', roles, 'fixed_verify_needed');
      expect(commands, roles.join()).not.toContain('#verified');
      expect(commands, roles.join()).not.toContain('#notfixed');
      expect(commands, roles.join()).toContain('#stop');
    }
  });

  it('are in the fixed mail of the submitter and of an admin', async () => {
    for (const roles of [['submitter'], ['admin']] as ParticipantRole[][]) {
      expect(await buttonCommands('fixed', roles, 'fixed_verify_needed'), roles.join()).toEqual(['#verified', '#notfixed', '#stop']);
    }
  });

  it('offer "not fixed" on a closed ticket only to the submitter and admins', async () => {
    for (const event of ['verified', 'closed', 'auto_closed'] as const) {
      expect(await buttonCommands(event, ['submitter']), event).toContain('#notfixed');
      expect(await buttonCommands(event, ['admin']), event).toContain('#notfixed');
      expect(await buttonCommands(event, ['interested']), event).not.toContain('#notfixed');
    }
  });

  it('tells a colleague notified on the ticket that the submitter verifies, not to verify it themselves', async () => {
    const props = buildMailProps({ ...base, recipientRoles: ['interested'] });
    const mail = await renderEmail(templates, 'fixed', props);
    const text = mail.text.replace(/\s+/g, ' ');
    expect(text).not.toContain('#verified');
    expect(text).toMatch(/the person who submitted it is asked to verify/);
  });
});
