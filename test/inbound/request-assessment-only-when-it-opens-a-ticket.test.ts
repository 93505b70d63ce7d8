// A person's mail that names an earlier message (a reply's headers, a ticket reference) is assessed
// as a new request only when the decision opens a ticket with it: a note on its ticket never reads
// that assessment, and most such mail is a note. The ticket it opens is classified as if the
// assessment had been made up front.
import { describe, expect, it } from 'vitest';
import { ALICE, mailFixture, PIPELINE_SETTINGS, REPLY_NOW } from '../support/pipeline-settings.ts';
import { loadIntakeAssessor } from '../../src/stage-settings.ts';
import { preparePipeline, runPipeline, type AssessIntake, type ThreadLookup } from '../../src/inbound/pipeline.ts';
import type { TicketState } from '../../src/tickets/types.ts';

const NOW = REPLY_NOW;
const SETTINGS = PIPELINE_SETTINGS;
const TICKET: TicketState = {
  id: 1, ref: 'Utah_RW-1', status: 'waiting_for_response', resolution: null, type: 'question', priority: 'normal',
  summary: 'Merge duplicate client records', assigneeEmail: null, closedAt: null, escalatedAt: null,
  route: 'ica_helpdesk', topic: 'merge_request', missingInfo: ['duplicate_client_ids', 'correct_record'],
};

const lookup = (ticket: TicketState | null): ThreadLookup => ({
  findThread: async () => ({ ticket, matchedBy: ticket ? 'message-id' : 'none', participants: ticket ? [ALICE] : [] }),
  personEmail: async (id) => (id === 1 ? ALICE.email : null),
  isAdmin: async () => false,
  duplicateOf: async () => undefined,
});

const real = loadIntakeAssessor({ MACCH_ADDRESS: null, NMIS_ADDRESS: null })!;
/** The real assessor, counting the new-request assessments it makes. */
function counting(): { assess: AssessIntake; requests: () => number } {
  let requests = 0;
  return {
    assess: { request: (msg, text) => { requests++; return real.request(msg, text); }, reply: (msg, text, ticket) => real.reply(msg, text, ticket) },
    requests: () => requests,
  };
}

const reply = mailFixture('reply-merge-ids-supplied.eml');
/** The same mail with nothing that names an earlier message. */
const standalone = Buffer.from(reply.toString('utf8').replace(/^(In-Reply-To|References): .*\r\n/gm, '').replace(/^Subject: .*$/m, 'Subject: Please merge duplicate client records'));

describe('the new-request assessment of mail that names an earlier message', () => {
  it('is not made for a reply that lands on its ticket', async () => {
    const { assess, requests } = counting();
    const r = await runPipeline(reply, SETTINGS, lookup(TICKET), assess, NOW);
    expect(r.decision.change.kind).toBe('update');
    expect(requests()).toBe(0);
    expect(r.intake).toBeNull();
  });

  it('is made, once, when no ticket is found and the mail opens one', async () => {
    const { assess, requests } = counting();
    const r = await runPipeline(reply, SETTINGS, lookup(null), assess, NOW);
    expect(r.decision.change.kind).toBe('create');
    expect(requests()).toBe(1);
    expect(r.intake).not.toBeNull();
    const up = await runPipeline(standalone, SETTINGS, lookup(null), real, NOW);
    // Classified from the same text as mail that names nothing (the subject differs, so not the summary).
    const pick = (c: typeof r.decision.change) => c.kind === 'create' ? { route: c.ticket.route, topic: c.ticket.topic, type: c.ticket.type, priority: c.ticket.priority, clientIds: c.ticket.clientIds } : null;
    expect(pick(r.decision.change)).toEqual(pick(up.decision.change));
    expect(r.decision.change).toMatchObject({ ticket: { topic: 'merge_request', clientIds: expect.arrayContaining(['AAAA111111']) } });
  });

  it('is made before any lookup for mail that names nothing', async () => {
    const { assess, requests } = counting();
    const prepared = await preparePipeline(standalone, SETTINGS, assess);
    expect(prepared.intakeDeferred).toBe(false);
    expect(prepared.intake).not.toBeNull();
    expect(requests()).toBe(1);
    const deferred = await preparePipeline(reply, SETTINGS, assess);
    expect(deferred).toMatchObject({ intakeDeferred: true, intake: null });
    expect(requests()).toBe(1);
  });
});
