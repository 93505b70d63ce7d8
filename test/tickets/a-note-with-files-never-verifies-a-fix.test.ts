// Files sent with a note are for someone to look at: "It works now, thanks." with error.png does not
// verify the fix. On a fix awaiting verification it stays a note for whoever works the ticket; on a
// fix closed unverified the reply reopens it, as "Thanks!" with a file does. Images shown inline
// (a signature's logo) are no files sent: such a note still verifies.
import { describe, expect, it } from 'vitest';
import { parseReplyCommands } from '../../src/tickets/commands.ts';
import { decide, type Actor, type DecideContext, type TicketActions } from '../../src/tickets/decide.ts';
import type { AttachmentInfo, Participant, TicketState } from '../../src/tickets/types.ts';

const DAY = 86_400_000;
const NOW = new Date('2026-05-20T12:00:00Z');
const BECKY: Participant = { personId: 1, email: 'becky@utah.test', name: 'Becky Tyler', role: 'submitter', notify: true };
const NIKO: Participant = { personId: 4, email: 'niko@clienttrack.test', name: 'Niko', role: 'assignee', notify: true };
const submitter: Actor = { email: BECKY.email, personId: 1, roles: ['submitter'], authenticated: true };
const context: DecideContext = {
  participants: [BECKY, NIKO], staff: [{ email: NIKO.email, name: 'Niko Hofmann' }], reopenDays: 14, helpdeskAddress: 'helpdesk@utah.test', supportAddress: null,
};
const fixed: TicketState = {
  id: 180, ref: 'Utah_RW-180', status: 'fixed_verify_needed', resolution: null, type: 'issue', priority: 'normal',
  summary: 'Wrong Org', assigneeEmail: NIKO.email, closedAt: null, escalatedAt: null,
};
const closedUnverified: TicketState = { ...fixed, status: 'closed', resolution: 'closed', closedAfterFix: true, closedAt: new Date(NOW.getTime() - 3 * DAY) };

const ERROR_PNG: AttachmentInfo = { filename: 'error.png', contentType: 'image/png', size: 1000, checksum: 'a'.repeat(64), contentId: null, partId: '2', inline: false };
const LOGO: AttachmentInfo = { filename: 'logo.png', contentType: 'image/png', size: 900, checksum: 'b'.repeat(64), contentId: 'logo@sig', partId: '3', inline: true };

function replyBy(text: string, ticket: TicketState, files: Partial<TicketActions>) {
  const parsed = parseReplyCommands(text);
  const change = decide(ticket, submitter, { commands: parsed.commands, problems: parsed.problems, noteText: parsed.noteText, ...files }, NOW, context);
  if (change.kind !== 'update') throw new Error(`expected an update, got ${change.kind}`);
  return change;
}

describe('"It works now, thanks." from the submitter with a file', () => {
  const withFile = { filesSent: true, attachments: [ERROR_PNG] };

  it('leaves a fix awaiting verification waiting, a note for whoever works it', () => {
    const change = replyBy('It works now, thanks.', fixed, withFile);
    expect(change.patch).toEqual({});
    expect(change.events.map((e) => e.event)).toEqual(['new_note']);
    expect((change.acknowledgements ?? []).join(' ')).not.toContain('Your note says the fix works');
  });

  it('reopens a fix closed unverified, as "Thanks!" with a file does', () => {
    for (const text of ['It works now, thanks.', 'Thanks!']) {
      const change = replyBy(text, closedUnverified, withFile);
      expect(change.patch).toMatchObject({ status: 'assigned', resolution: null });
      expect(change.events.map((e) => e.event)).toEqual(['reopened']);
    }
  });

  it('reopens it when only the attachments tell of the file', () => {
    const change = replyBy('It works now, thanks.', closedUnverified, { attachments: [ERROR_PNG] });
    expect(change.events.map((e) => e.event)).toEqual(['reopened']);
  });
});

describe('"It works now, thanks." from the submitter with only an inline image', () => {
  it.each<[string, Partial<TicketActions>]>([
    ['with filesSent false', { filesSent: false, attachments: [LOGO] }],
    ['with only the attachments', { attachments: [LOGO] }],
  ])('%s verifies the fix', (_how, files) => {
    expect(replyBy('It works now, thanks.', fixed, files).patch).toMatchObject({ status: 'closed', resolution: 'verified' });
    expect(replyBy('It works now, thanks.', closedUnverified, files).patch).toEqual({ resolution: 'verified' });
  });
});
