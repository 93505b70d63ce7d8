// A note whose #internal is written in a form the command does not take (`#internal - staff only`,
// `#interal`, `#internal` under "Becky,", in mid-line or far down the note) was meant for staff: it
// is added for no one, nor are its files, and only its sender is told why and how to send it. A
// well-formed #internal stays an internal note, and the word "internal" in prose a public note.
import { describe, expect, it } from 'vitest';
import { parseReplyCommands } from '../../src/tickets/commands.ts';
import { decide, type Actor, type DecideContext, type TicketDecision } from '../../src/tickets/decide.ts';
import type { AttachmentInfo, Participant, TicketState } from '../../src/tickets/types.ts';

const NOW = new Date('2026-05-20T12:00:00Z');
const BECKY: Participant = { personId: 1, email: 'becky@utah.test', name: 'Becky Tyler', role: 'submitter', notify: true };
const SUMMER: Participant = { personId: 3, email: 'summer@utah.test', name: 'Summer Bammes', role: 'admin', notify: true };
const CONTEXT: DecideContext = {
  participants: [BECKY, SUMMER], staff: [{ email: SUMMER.email, name: SUMMER.name }], reopenDays: 14,
  helpdeskAddress: 'helpdesk@utah.test', supportAddress: null,
};
const admin: Actor = { email: SUMMER.email, personId: 3, roles: ['admin'], authenticated: true };
const TICKET: TicketState = {
  id: 180, ref: 'Utah_RW-180', status: 'assigned', resolution: null, type: 'issue', priority: 'normal',
  summary: 'Enrollment will not save', assigneeEmail: SUMMER.email, closedAt: null, escalatedAt: null,
};
const PDF: AttachmentInfo = { filename: 'intake-form.pdf', contentType: 'application/pdf', size: 125_000, checksum: 'b'.repeat(64), contentId: null, partId: '2', inline: false };
const SECRET = 'Client disclosed a new HIV diagnosis; do not share with the agency.';

/** A reply with a file, read by the command parser and decided as mail's replies are. */
function reply(text: string, actor: Actor = admin): TicketDecision {
  const parsed = parseReplyCommands(text);
  return decide(TICKET, actor, {
    commands: parsed.commands, problems: parsed.problems, noteText: parsed.noteText, attachments: [PDF], filesSent: true,
  }, NOW, CONTEXT);
}

function update(decision: TicketDecision) {
  if (decision.kind !== 'update') throw new Error(`expected an update, got ${decision.kind}`);
  return decision;
}

/** The reply's note was added for no one, with no file, and only its sender hears why and how to send it. */
function expectWithheld(decision: TicketDecision, sender = SUMMER.email): void {
  const change = update(decision);
  expect(change.note).toBeNull();
  expect(change.attachments).toEqual([]);
  expect(change.events.map((e) => e.event)).toEqual(['command_refused']);
  const refused = change.events[0]!;
  expect(refused.payload.to).toBe(sender);
  expect(refused.withNote).toBeFalsy();
  const refusals = refused.payload.refusals as { command: string; reason: string }[];
  expect(refusals.some((r) => /note was not added .*not shown to anyone.*#internal alone on the first line/.test(r.reason))).toBe(true);
  // Not a word of the note goes into the change beyond the line that said #internal.
  expect(JSON.stringify(change)).not.toContain('HIV');
}

describe('a reply that says #internal in a form it does not take', () => {
  it.each([
    '#internal - staff only',
    '#internal note',
    '#internal: staff only',
    '# internal note',
    '#interal',
    '#INTERNL',
    '#intenral',
    '#internal-only',
    'Hi Becky,\n#internal note',
  ])('withholds the note and its files when the commands say %j', (line) => {
    expectWithheld(reply(`${line}\n${SECRET}`));
  });

  it.each([
    'Becky,\n#internal',
    'Becky,\n\n*#Internal.*',
    'Becky, #internal: staff only',
    'FYI #interal',
    'Becky,\nThanks for the call.\n#internal',
  ])('withholds the note and its files when its first lines say %j', (top) => {
    expectWithheld(reply(`${top}\n${SECRET}`));
  });

  it('withholds a note with #internal alone on a line further down, which commands below the note never were', () => {
    const text = `Becky,\n\nThanks for the call this morning.\nThe enrollment saved after the fix.\nShe starts on Monday.\n\n#internal\n${SECRET}`;
    expectWithheld(reply(text));
  });

  it('withholds it from an actor the mail does not prove too, who may never add an internal note', () => {
    expectWithheld(reply(`#internal note\n${SECRET}`, { ...admin, authenticated: false }));
    expectWithheld(reply(`#interal\n${SECRET}`, { email: BECKY.email, personId: 1, roles: ['submitter'], authenticated: true }), BECKY.email);
  });

  it('still carries out the reply\'s other commands, as with a refused #internal', () => {
    const change = update(reply(`#waiting\n#interal\n${SECRET}`));
    expect(change.patch.status).toBe('waiting_for_response');
    expect(change.note).toBeNull();
    expect(change.attachments).toEqual([]);
    expect(change.events.find((e) => e.event === 'waiting')?.withNote).toBeFalsy();
  });

  it('tells the sender how to send it, naming the word that was read and never the note', () => {
    const refusals = update(reply(`Becky, #interal\n${SECRET}`)).events[0]!.payload.refusals;
    expect(refusals).toEqual([{
      command: '#interal',
      reason: '#interal is not a command, but it reads like #internal: the note was not added (nor any files with it), so it is not shown to anyone. '
        + 'To add it as an internal note, send it again with #internal alone on the first line and the note below it; '
        + 'to share it with everyone on the ticket, send it again without #interal',
    }]);
  });
});

describe('what is not #internal said amiss', () => {
  it('keeps a well-formed #internal an internal note, while the same under a name is withheld', () => {
    for (const line of ['#internal', '#Internal.', '*#INTERNAL*', 'Hi Becky,\n\n#internal']) {
      const change = update(reply(`${line}\n${SECRET}`));
      expect(change.note).toMatchObject({ internal: true });
      expect(change.attachments).toEqual([PDF]);
      expect(change.events.map((e) => e.event)).toEqual(['new_note']);
    }
    expectWithheld(reply(`Becky,\n#internal\n${SECRET}`));
  });

  it('publishes a note that speaks of internal things in prose or names another word, but not one that says #internal', () => {
    for (const text of [
      'Our internal system is down; we will call you tomorrow.',
      'The internal review found nothing wrong.\nInternal: nothing to add.\nSee #3 on the form.',
      '#external\nThe agency has the form now.',
      'Becky, the #internet at the clinic is down again.',
      'See https://wiki.utah.test/enrollment#internal-fields for the field list.',
    ]) {
      const change = update(reply(text));
      expect(change.note).toMatchObject({ internal: false });
      expect(change.events.map((e) => e.event)).toContain('new_note');
    }
    expectWithheld(reply('Becky, the #internal review found nothing wrong.'));
  });
});
