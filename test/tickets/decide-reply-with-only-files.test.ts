// A reply that is only a file (the screenshot staff asked for, a PDF, a phone's photo) is a note
// that carries it, worded as the ticket page words a note of files alone ("Files added."), and it
// counts exactly as a note would: it answers a waiting ticket, is announced in the new-note mail,
// reopens a closed ticket within the window, may be internal, and says neither way of a fix. A
// reply with no text and no file of the sender's own stays without effect, as before.
import { describe, expect, it } from 'vitest';
import { decide, findAnswersSinceFix, FILES_ONLY_NOTE, type Actor, type DecideContext, type TicketActions } from '../../src/tickets/decide.ts';
import { readFixAnswer } from '../../src/tickets/fix-answer.ts';
import type { TicketChange } from '../../src/tickets/ticket-change.ts';
import type { AttachmentInfo, Participant, TicketState } from '../../src/tickets/types.ts';

const NOW = new Date('2026-05-20T12:00:00Z');
const BECKY: Participant = { personId: 1, email: 'becky@utah.test', name: 'Becky Tyler', role: 'submitter', notify: true };
const SUMMER: Participant = { personId: 3, email: 'summer@utah.test', name: 'Summer Bammes', role: 'admin', notify: true };
const CONTEXT: DecideContext = {
  participants: [BECKY, SUMMER], staff: [{ email: SUMMER.email, name: SUMMER.name }], reopenDays: 14,
  helpdeskAddress: 'helpdesk@utah.test', supportAddress: null,
};

const submitter: Actor = { email: BECKY.email, personId: 1, roles: ['submitter'], authenticated: true };
const admin: Actor = { email: SUMMER.email, personId: 3, roles: ['admin'], authenticated: true };

const SCREENSHOT: AttachmentInfo = { filename: 'image.png', contentType: 'image/png', size: 48_213, checksum: 'a'.repeat(64), contentId: 'ii_mp2k9x4r0', partId: '2', inline: true };
const PDF: AttachmentInfo = { filename: 'enrollment-error.pdf', contentType: 'application/pdf', size: 125_000, checksum: 'b'.repeat(64), contentId: null, partId: '2', inline: false };

function ticket(overrides: Partial<TicketState> = {}): TicketState {
  return {
    id: 180, ref: 'Utah_RW-180', status: 'waiting_for_response', resolution: null, type: 'issue', priority: 'normal',
    summary: 'Enrollment will not save', assigneeEmail: SUMMER.email, closedAt: null, escalatedAt: null, ...overrides,
  };
}

function decided(state: TicketState, actor: Actor, actions: Partial<TicketActions>): TicketChange {
  const change = decide(state, actor, { commands: [], noteText: '', ...actions }, NOW, CONTEXT);
  if (change.kind === 'new_ticket') throw new Error('expected a change on the ticket, got a new ticket');
  return change;
}

function update(change: TicketChange) {
  if (change.kind !== 'update') throw new Error(`expected an update, got ${JSON.stringify(change)}`);
  return change;
}

/** What a reply does to the ticket, leaving out the note's wording and its files. */
const effect = (change: ReturnType<typeof update>) => ({
  outcome: change.outcome, patch: change.patch, internal: change.note?.internal,
  events: change.events.map((e) => [e.event, e.withNote]),
});

describe('a reply that is only a file', () => {
  it('answers a waiting ticket with a note that carries the file, as a typed answer would', () => {
    const files = update(decided(ticket(), submitter, { noteText: '', filesSent: true, attachments: [SCREENSHOT] }));
    expect(files.note).toMatchObject({ author: { email: BECKY.email }, kind: 'note', body: 'Files added.', internal: false });
    expect(files.attachments).toEqual([SCREENSHOT]);
    const typed = update(decided(ticket(), submitter, { noteText: 'Here is the screenshot.', attachments: [SCREENSHOT] }));
    expect(effect(files)).toEqual(effect(typed));
    expect(effect(files)).toEqual({ outcome: 'appended', patch: { status: 'assigned' }, internal: false, events: [['new_note', true]] });
  });

  it('uses the ticket page\'s wording for a note of files alone, and names the files too large to keep', () => {
    expect(FILES_ONLY_NOTE).toBe('Files added.');
    const line = 'Not stored: scan.pdf (30 MB) was over the 25 MB limit for attached files. Please share it another way if the help desk needs it.';
    const change = update(decided(ticket(), submitter, { filesSent: true, attachments: [PDF], unstoredFilesLine: line }));
    expect(change.note?.body).toBe(`Files added.\n\n${line}`);
  });

  it('keeps the quoted history beside the note, as for any reply', () => {
    const change = update(decided(ticket(), submitter, { filesSent: true, attachments: [PDF], quotedText: '> Please send a screenshot' }));
    expect(change.note?.stripped).toBe('> Please send a screenshot');
  });

  it('stays without effect when the reply carries no file of its sender\'s own (a signature logo alone)', () => {
    const logo: AttachmentInfo = { ...SCREENSHOT, filename: 'image001.png', contentId: 'image001.png@01DCE8A1.5B3C2D10', size: 2_140 };
    expect(decided(ticket(), submitter, { filesSent: false, attachments: [logo] })).toEqual({ kind: 'ignore', reason: 'empty-reply', ticketId: 180 });
    expect(decided(ticket(), submitter, { attachments: [] })).toEqual({ kind: 'ignore', reason: 'empty-reply', ticketId: 180 });
  });

  it('keeps the note the person typed, the files riding on it', () => {
    const change = update(decided(ticket(), submitter, { noteText: 'Here it is.', filesSent: true, attachments: [PDF] }));
    expect(change.note?.body).toBe('Here it is.');
    expect(change.attachments).toEqual([PDF]);
  });

  it('rides with the commands it came with: an admin\'s #internal file is an internal note', () => {
    const change = update(decided(ticket({ status: 'assigned' }), admin, { commands: [{ kind: 'internal' }], filesSent: true, attachments: [PDF] }));
    expect(change.note).toMatchObject({ body: 'Files added.', internal: true });
    expect(change.attachments).toEqual([PDF]);
  });

  it('says what is still wrong under the "Mark as not fixed" button\'s unanswered question', () => {
    const fixed = ticket({ status: 'fixed_verify_needed', resolution: null });
    const change = update(decided(fixed, submitter, { commands: [{ kind: 'notfixed' }], noteText: 'What is still wrong: ', filesSent: true, attachments: [SCREENSHOT] }));
    expect(change.patch.status).toBe('assigned');
    expect(change.note?.body).toBe('Files added.');
    expect(change.events.map((e) => e.event)).toEqual(['not_fixed']);
  });

  it('reopens a closed ticket within the window, as a note does', () => {
    const closed = ticket({ status: 'closed', resolution: 'verified', closedAt: new Date(NOW.getTime() - 86_400_000) });
    const change = update(decided(closed, submitter, { filesSent: true, attachments: [PDF] }));
    expect(change.outcome).toBe('reopened');
    expect(change.note?.body).toBe('Files added.');
  });

  it('is a public note at most from mail that does not prove its sender, and leaves the wait', () => {
    const change = update(decided(ticket(), { ...submitter, authenticated: false }, { filesSent: true, attachments: [PDF] }));
    expect(change.patch).toEqual({});
    expect(change.note).toMatchObject({ body: 'Files added.', internal: false });
    expect(change.events.map((e) => e.event)).toEqual(['new_note']);
  });

  it('answers a fix awaiting verification, saying neither way', () => {
    const fixed = update(decided(ticket({ status: 'fixed_verify_needed', resolution: null }), submitter, { filesSent: true, attachments: [SCREENSHOT] }));
    expect(effect(fixed)).toEqual({ outcome: 'appended', patch: {}, internal: false, events: [['new_note', true]] });
    expect(readFixAnswer(FILES_ONLY_NOTE)).toBe('neither');
    const fixAt = new Date(NOW.getTime() - 3 * 86_400_000);
    const answers = findAnswersSinceFix([
      { ticketId: 180, authorEmail: BECKY.email, roles: ['submitter'], at: fixAt, text: 'Still failing for me.' },
      { ticketId: 180, authorEmail: BECKY.email, roles: ['submitter'], at: NOW, text: FILES_ONLY_NOTE },
    ], { admins: [SUMMER.email], supportAddress: null });
    expect(answers.get(180)).toEqual({ at: NOW, saysFailed: true });
    const alone = findAnswersSinceFix([{ ticketId: 180, authorEmail: BECKY.email, roles: ['submitter'], at: NOW, text: FILES_ONLY_NOTE }], { admins: [], supportAddress: null });
    expect(alone.get(180)).toEqual({ at: NOW, saysFailed: false });
  });
});
