// A reply that gives the asked-for Client ID only in the name of the file it sends ("See attached.",
// "ABCD123456 intake form.pdf") supplies it: the question is cleared and the ID joins the ticket's, as
// the same file name on a new request is found. Clearing the question without the ID would leave a
// ticket that no longer asks for a Client ID and has none.
import { describe, expect, it } from 'vitest';
import { ALICE, mailFixture, PIPELINE_SETTINGS, REPLY_NOW } from '../support/pipeline-settings.ts';
import { loadIntakeAssessor } from '../../src/stage-settings.ts';
import { runPipeline, type ThreadLookup } from '../../src/inbound/pipeline.ts';
import type { TicketState } from '../../src/tickets/types.ts';

/** A client-record ticket that waits for the Client ID. */
const WAITING: TicketState = {
  id: 1, ref: 'Utah_RW-1', status: 'waiting_for_response', resolution: null, type: 'issue', priority: 'normal',
  summary: 'Income will not save', assigneeEmail: null, closedAt: null, escalatedAt: null,
  route: 'ica_helpdesk', topic: 'client_record', missingInfo: ['client_id'], clientIds: [],
};

const lookup = (ticket: TicketState | null): ThreadLookup => ({
  findThread: async () => ({ ticket, matchedBy: ticket ? 'message-id' : 'none', participants: ticket ? [ALICE] : [] }),
  personEmail: async (id) => (id === 1 ? ALICE.email : null),
  isAdmin: async () => false,
  duplicateOf: async () => undefined,
});

const assess = loadIntakeAssessor({ MACCH_ADDRESS: null, NMIS_ADDRESS: null })!;
const raw = mailFixture('reply-client-id-only-in-attachment-name.eml');

describe('a reply naming the Client ID only in its file name', () => {
  it('clears the question and adds the ID to the ticket', async () => {
    const r = await runPipeline(raw, PIPELINE_SETTINGS, lookup(WAITING), assess, REPLY_NOW);
    expect(r.decision.change).toMatchObject({ kind: 'update', patch: { status: 'new', missingInfo: [], clientIds: ['ABCD123456'] } });
  });

  it('is read as a new request reads the same file name', async () => {
    const r = await runPipeline(raw, PIPELINE_SETTINGS, lookup(null), assess, REPLY_NOW);
    expect(r.decision.change).toMatchObject({ kind: 'create', ticket: { clientIds: ['ABCD123456'] } });
  });
});
