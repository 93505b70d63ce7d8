// A request the web form stored and the worker files later (held and released, or recovered) opens
// its own ticket, as the page files it: a summary that mentions another ticket ("Same as
// Utah_RW-12") is no reply to that ticket, though mail with that subject from one of its people is.
import { describe, expect, it } from 'vitest';
import { composeRequestMail } from '../../src/web/submit-request.ts';
import { runPipeline, type PipelineSettings, type ThreadLookup } from '../../src/inbound/pipeline.ts';
import type { Config } from '../../src/config.ts';
import type { Participant, TicketState } from '../../src/tickets/types.ts';
import type { ThreadClues } from '../../src/inbound/thread.ts';

const NOW = new Date('2026-05-20T17:00:00Z');
const BECKY: Participant = { personId: 1, email: 'becky@utah.test', name: 'Becky Tyler', role: 'submitter', notify: true };
const SETTINGS: PipelineSettings = {
  helpdeskAddress: 'helpdesk@utah.test', adminEmails: ['summer@utah.test'], supportAddress: null, reopenDays: 14, staff: [],
  systemName: 'ClientTrack', prefix: 'Utah_RW', secretKey: 'unit-test-secret-key-0123456789',
};
const OTHER: TicketState = {
  id: 12, ref: 'Utah_RW-12', status: 'fixed_verify_needed', resolution: null, type: 'issue', priority: 'normal',
  summary: 'Exit dates will not save', assigneeEmail: 'summer@utah.test', closedAt: null, escalatedAt: null,
};
/** As the store finds a thread by a ticket named in the subject, for one of that ticket's people. */
const lookup: ThreadLookup = {
  findThread: async (clues: ThreadClues, _token, sender) => (clues.bareSubjectRef === OTHER.ref && sender === BECKY.email
    ? { ticket: OTHER, matchedBy: 'subject-tag', participants: [BECKY] }
    : { ticket: null, matchedBy: 'none', participants: [] }),
  personEmail: async () => null,
  isAdmin: async () => false,
  duplicateOf: async () => undefined,
};

describe('a request from the web form, filed later by the worker', () => {
  it('opens its own ticket when its summary names another one, with the type chosen on the form', async () => {
    const raw = await composeRequestMail({
      type: 'question', summary: `Same as ${OTHER.ref}: a user account for Maria`, description: 'Please add a user account for Maria Lopez.',
      submitter: { name: 'Becky Tyler', email: BECKY.email, phone: '' }, additional: [], files: [],
    }, { HELPDESK_ADDRESS: SETTINGS.helpdeskAddress } as Config, NOW);
    const { decision } = await runPipeline(raw, SETTINGS, lookup, null, NOW, {}, undefined, { verified: 'none', reason: 'web' }, undefined, NOW, true);
    expect(decision.kind).toBe('new');
    const change = decision.change;
    if (change.kind !== 'create') throw new Error(`expected a new ticket, got ${change.kind}`);
    expect(change.ticket.type).toBe('question');
    expect(change.ticket.summary).toContain('user account for Maria');
  });
});
