// A reply whose whole text is a name with a title or an organisation's name answers the question
// it was asked ("who needs the training?", "which agency and program?"): a contact block is
// the signature only when it trails what the person typed (../shared/notes/reply-conventions.md;
// README: never cut an answer to remove a signature). A block that says how to reach its sender
// (a phone, an e-mail or street address) under nothing typed is still a signature, as before.
import { describe, expect, it } from 'vitest';
import { ALICE, mailFixture, PIPELINE_SETTINGS, REPLY_NOW } from '../support/pipeline-settings.ts';
import { loadIntakeAssessor } from '../../src/stage-settings.ts';
import { runPipeline, type ThreadLookup } from '../../src/inbound/pipeline.ts';
import { extractReplyText } from '../../src/inbound/reply-text.ts';
import type { TicketState } from '../../src/tickets/types.ts';

const assess = loadIntakeAssessor({ MACCH_ADDRESS: null, NMIS_ADDRESS: null });

const waiting = (overrides: Partial<TicketState>): TicketState => ({
  id: 1, ref: 'Utah_RW-1', status: 'waiting_for_response', resolution: null, type: 'question', priority: 'normal',
  summary: 'Help with a request', assigneeEmail: null, closedAt: null, escalatedAt: null, route: 'ica_helpdesk', topic: 'other', missingInfo: [], ...overrides,
});

const lookupFor = (ticket: TicketState): ThreadLookup => ({
  findThread: async () => ({ ticket, matchedBy: 'message-id', participants: [ALICE] }),
  personEmail: async (id) => (id === 1 ? ALICE.email : null),
  isAdmin: async () => false,
  duplicateOf: async () => undefined,
});

const OUTLOOK_QUOTE = [
  '________________________________',
  'From: ClientTrack Help Desk <helpdesk@example.test>',
  'Sent: Tuesday, March 4, 2025 9:59 AM',
  'To: Alice Example <alice@example.test>',
  'Subject: [ClientTrack Issues Tracking] Issue Utah_RW-1 is waiting for your response',
  '',
  'Who: the name of each person who needs the training.',
].join('\n');
const replyOf = (typed: string): string => extractReplyText({ text: `${typed}\n\n${OUTLOOK_QUOTE}\n`, html: null }).replyText;

describe('a reply that only names a person or an organisation', () => {
  it('is the note on a training ticket that asked who, and sends it back to work (Outlook)', async () => {
    const ticket = waiting({ topic: 'new_user_training', missingInfo: ['trainee_name'] });
    const r = await runPipeline(mailFixture('reply-names-the-trainee-outlook.eml'), PIPELINE_SETTINGS, lookupFor(ticket), assess, REPLY_NOW);
    expect(r.verdict.kind).toBe('person');
    expect(r.replyText).toBe('Jane Doe, Case Manager');
    expect(r.decision.change).toMatchObject({ kind: 'update', patch: { status: 'new', missingInfo: [] }, note: { body: 'Jane Doe, Case Manager', internal: false } });
  });

  it('is the note on a ticket that asked which agency and program, with no quote under it (iPhone)', async () => {
    const ticket = waiting({ topic: 'new_agency_program', missingInfo: ['agency_name', 'program_name'] });
    const r = await runPipeline(mailFixture('reply-names-the-agency-and-program-iphone.eml'), PIPELINE_SETTINGS, lookupFor(ticket), assess, REPLY_NOW);
    expect(r.replyText).toBe('Ogden Family Services\nRapid Rehousing');
    expect(r.decision.change).toMatchObject({ kind: 'update', patch: { status: 'new' }, note: { body: 'Ogden Family Services\nRapid Rehousing' } });
  });

  it.each([
    ['a name with its title', 'Jane Doe, Case Manager'],
    ['a name and its title on two lines', 'Jane Doe\nCase Manager'],
    ['an organisation and its program', 'Ogden Family Services\nRapid Rehousing'],
    ['the answer under a greeting', 'Hi Summer,\n\nJane Doe, Case Manager'],
    ['a block announced by the line above it', 'The trainees are:\n\nJane Doe\nCase Manager\n(801) 555-0111'],
  ])('keeps %s', (_, typed) => {
    expect(replyOf(typed).replace(/\s+/g, ' ')).toBe(typed.replace(/\s+/g, ' '));
  });

  it.each([
    ['the contact block under typed text', 'Thanks for the fix.\n\nJane Doe, Case Manager', 'Thanks for the fix.'],
    ['the contact block under a closing', 'Thanks,\nJane Doe\nCase Manager\n(801) 555-0111', 'Thanks,'],
    ['a signature that says how to reach its sender, with nothing typed', 'Jane Doe\nCase Manager | Ogden Family Services\n(801) 555-0111 | jane@ogden.example.test', ''],
  ])('still cuts %s', (_, typed, kept) => {
    expect(replyOf(typed)).toBe(kept);
  });
});
