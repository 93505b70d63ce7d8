// A "P.S." under the name is typed text, not a phone label ("P. 555 0111"): it stays in the note
// with what it says, so a client ID named there is read as any other
// (../shared/notes/reply-conventions.md: kept is what the person typed).
import { describe, expect, it } from 'vitest';
import { ALICE, mailFixture, PIPELINE_SETTINGS, REPLY_NOW } from '../support/pipeline-settings.ts';
import { loadIntakeAssessor } from '../../src/stage-settings.ts';
import { runPipeline, type ThreadLookup } from '../../src/inbound/pipeline.ts';
import { extractReplyText } from '../../src/inbound/reply-text.ts';
import type { TicketState } from '../../src/tickets/types.ts';

const assess = loadIntakeAssessor({ MACCH_ADDRESS: null, NMIS_ADDRESS: null });

const waitingForClient: TicketState = {
  id: 1, ref: 'Utah_RW-1', status: 'waiting_for_response', resolution: null, type: 'issue', priority: 'normal',
  summary: 'Enrollment will not save', assigneeEmail: null, closedAt: null, escalatedAt: null,
  route: 'ica_helpdesk', topic: 'client_record', missingInfo: ['client_id'],
};

const lookup: ThreadLookup = {
  findThread: async () => ({ ticket: waitingForClient, matchedBy: 'message-id', participants: [ALICE] }),
  personEmail: async (id) => (id === 1 ? ALICE.email : null),
  isAdmin: async () => false,
  duplicateOf: async () => undefined,
};

const QUOTE = 'On Tue, Mar 4, 2025 at 9:59 AM ClientTrack Help Desk <helpdesk@example.test> wrote:\n> Who: the Client ID of the client this is about.\n';
const replyOf = (typed: string): string => extractReplyText({ text: `${typed}\n\n${QUOTE}`, html: null }).replyText;

describe('a postscript under the name', () => {
  it('stays in the note, and the client ID it names answers the ticket', async () => {
    const r = await runPipeline(mailFixture('reply-postscript-names-the-client-id.eml'), PIPELINE_SETTINGS, lookup, assess, REPLY_NOW);
    expect(r.replyText).toMatch(/Thanks,\nMaria\nP\.S\. The client ID is ABCD123456\.$/);
    expect(r.decision.change).toMatchObject({ kind: 'update', patch: { status: 'new', missingInfo: [], clientIds: ['ABCD123456'] } });
  });

  it.each([
    'It still fails.\n\nThanks,\nMaria\nP.S. call me at (801) 555-0111 if you need me.',
    'It still fails.\n\nThanks,\nMaria\nP.P.S. The other record is BBBB222222.',
    'It still fails.\n\nThanks,\nMaria\nPS: Juan needs access too.',
  ])('is kept: %j', (typed) => {
    expect(replyOf(typed)).toBe(typed);
  });

  it('leaves a phone label a label: the contact block under the closing still goes', () => {
    expect(replyOf('It still fails.\n\nThanks,\nMaria Lopez\nCase Manager\nP. (801) 555-0111')).toBe('It still fails.\n\nThanks,');
    expect(replyOf('It still fails.\n\nThanks,\nMaria Lopez\nCase Manager\nP: 801.555.0111')).toBe('It still fails.\n\nThanks,');
  });
});
