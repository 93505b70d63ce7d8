import { describe, expect, it } from 'vitest';
import { ALICE, mailFixture, PIPELINE_SETTINGS, REPLY_NOW } from '../support/pipeline-settings.ts';
import { loadIntakeAssessor } from '../../src/stage-settings.ts';
import { runPipeline, type ThreadLookup } from '../../src/inbound/pipeline.ts';
import type { Participant, TicketState } from '../../src/tickets/types.ts';

const NOW = REPLY_NOW;
const SETTINGS = PIPELINE_SETTINGS;

/** A merge request that waits for the duplicate IDs and the record to keep. */
const waitingMerge = (overrides: Partial<TicketState> = {}): TicketState => ({
  id: 1, ref: 'Utah_RW-1', status: 'waiting_for_response', resolution: null, type: 'question', priority: 'normal',
  summary: 'Merge duplicate client records', assigneeEmail: null, closedAt: null, escalatedAt: null,
  route: 'ica_helpdesk', topic: 'merge_request', missingInfo: ['duplicate_client_ids', 'correct_record'], ...overrides,
});

const lookupFor = (ticket: TicketState): ThreadLookup => ({
  findThread: async () => ({ ticket, matchedBy: 'message-id', participants: [ALICE] }),
  personEmail: async (id) => (id === 1 ? ALICE.email : null),
  isAdmin: async () => false,
  duplicateOf: async () => undefined,
});

const assess = loadIntakeAssessor({ MACCH_ADDRESS: null, NMIS_ADDRESS: null });
const raw = mailFixture('reply-merge-ids-supplied.eml');

describe('a reply to a ticket that waits for information', () => {
  it('clears the asked-for items the reply supplies and sends the ticket back to work', async () => {
    const r = await runPipeline(raw, SETTINGS, lookupFor(waitingMerge()), assess, NOW);
    expect(r.decision.change).toMatchObject({ kind: 'update', patch: { status: 'new', missingInfo: [] } });
  });

  it('keeps asking for what the reply still leaves out', async () => {
    const onlyIds = Buffer.from(raw.toString('utf8').replace('Please keep AAAA111111, it has\r\nthe correct information.', 'Can you merge them?'));
    const r = await runPipeline(onlyIds, SETTINGS, lookupFor(waitingMerge()), assess, NOW);
    expect(r.decision.change).toMatchObject({ kind: 'update', patch: { missingInfo: ['correct_record'] } });
  });

  it('counts the client IDs the ticket knows with those the reply names', async () => {
    // The request named one record; the reply names the other.
    const other = Buffer.from(raw.toString('utf8').replace(/The duplicates are[\s\S]*?information\.\r\n/, 'The other record is BBBB222222.\r\n'));
    const namedOne = waitingMerge({ missingInfo: ['duplicate_client_ids'], clientIds: ['AAAA111111'] });
    const r = await runPipeline(other, SETTINGS, lookupFor(namedOne), assess, NOW);
    expect(r.decision.change).toMatchObject({ kind: 'update', patch: { missingInfo: [], clientIds: ['AAAA111111', 'BBBB222222'] } });
  });

  it('does not read the quoted questions as answers', async () => {
    const nothing = Buffer.from(raw.toString('utf8').replace(/The duplicates are[\s\S]*?information\.\r\n/, 'I will look them up tomorrow.\r\n'));
    const r = await runPipeline(nothing, SETTINGS, lookupFor(waitingMerge()), assess, NOW);
    expect(r.decision.change.kind).toBe('update');
    expect(r.decision.change).not.toHaveProperty('patch.missingInfo');
  });

  it('leaves the missing items alone on a ticket that asked for nothing', async () => {
    const r = await runPipeline(raw, SETTINGS, lookupFor(waitingMerge({ status: 'new', missingInfo: [] })), assess, NOW);
    expect(r.decision.change).not.toHaveProperty('patch.missingInfo');
  });

  it('names what an admin correction corrected', async () => {
    const summer: Participant = { personId: 2, email: 'summer@example.test', name: 'Summer', role: 'admin', notify: true };
    const fromSummer = Buffer.from(raw.toString('utf8').replace('From: Alice Example <alice@example.test>', 'From: Summer <summer@example.test>')
      .replace('helpdesk+1-1-k2pcyedgsrt7ay7a@example.test', 'helpdesk+1-2-52jntktwkmggrmt2@example.test').replace(/The duplicates are[\s\S]*?Alice\r\n/, '#topic client_record\r\n'));
    const lookup = { ...lookupFor(waitingMerge()), findThread: async () => ({ ticket: waitingMerge(), matchedBy: 'message-id' as const, participants: [ALICE, summer] }) };
    const lookup2 = { ...lookup, personEmail: async (id: number) => (id === 2 ? summer.email : null) };
    const r = await runPipeline(fromSummer, SETTINGS, lookup2, assess, NOW);
    expect(r.decision.change).toMatchObject({ kind: 'update', patch: { topic: 'client_record' }, corrections: [{ field: 'topic', from: 'merge_request', to: 'client_record' }] });
    // A command is no answer: the asked-for items stay.
    expect(r.decision.change).not.toHaveProperty('patch.missingInfo');
  });
});
