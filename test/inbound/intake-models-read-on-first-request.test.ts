// The main thread of a worker whose pipeline threads read the requests loads the trained models
// only when it reads a request itself (loadIntakeAssessorModelsOnDemand): a reply is judged by the
// rules alone. Every result, for requests and for replies on waiting tickets of each topic, is the
// same as the assessor that loads everything at once gives, over the project's own mail.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ALICE, PIPELINE_SETTINGS, REPLY_NOW, mailFixture } from '../support/pipeline-settings.ts';
import { loadIntakeAssessor, loadIntakeAssessorModelsOnDemand, loadIntakeRules } from '../../src/stage-settings.ts';
import { runPipeline, type AssessIntake, type ThreadLookup } from '../../src/inbound/pipeline.ts';
import type { TicketState } from '../../src/tickets/types.ts';

const FOLDER = join(import.meta.dirname, '..', 'fixtures', 'mail');
const MAIL = [
  ...readdirSync(FOLDER).filter((f) => f.endsWith('.eml')),
  ...readdirSync(join(FOLDER, 'intake')).filter((f) => f.endsWith('.eml')).map((f) => join('intake', f)),
];
const CONFIG = { MACCH_ADDRESS: 'macch@example.test', NMIS_ADDRESS: null };
const rules = loadIntakeRules();

/** A ticket waiting for every item of its topic's checklist. */
const waiting = (topic: string): TicketState => ({
  id: 1, ref: 'Utah_RW-1', status: 'waiting_for_response', resolution: null, type: 'question', priority: 'normal',
  summary: 'A request', assigneeEmail: null, closedAt: null, escalatedAt: null,
  route: 'ica_helpdesk', topic, missingInfo: [...(rules.checklists[topic as keyof typeof rules.checklists] ?? [])],
});

const lookup = (ticket: TicketState | null): ThreadLookup => ({
  findThread: async () => ({ ticket, matchedBy: ticket ? 'message-id' : 'none', participants: ticket ? [ALICE] : [] }),
  personEmail: async (id) => (id === 1 ? ALICE.email : null),
  isAdmin: async () => false,
  duplicateOf: async () => undefined,
});

const outcome = async (name: string, ticket: TicketState | null, assess: AssessIntake) => {
  const r = await runPipeline(mailFixture(name), PIPELINE_SETTINGS, lookup(ticket), assess, REPLY_NOW);
  return { decision: r.decision, intake: r.intake };
};

describe('intake models read when the first request is', () => {
  const everything = loadIntakeAssessor(CONFIG);

  it('judges replies on waiting tickets of every topic as the assessor with the models does', async () => {
    const onDemand = loadIntakeAssessorModelsOnDemand(CONFIG);
    const topics = Object.keys(rules.checklists).filter((t) => (rules.checklists[t as keyof typeof rules.checklists] ?? []).length > 0);
    expect(topics.length).toBeGreaterThan(3);
    let changed = 0;
    for (const name of MAIL) {
      for (const topic of topics) {
        const [a, b] = [await outcome(name, waiting(topic), everything), await outcome(name, waiting(topic), onDemand)];
        expect(b, `${name} on a ${topic} ticket`).toEqual(a);
        if (a.decision.change.kind === 'update' && 'missingInfo' in (a.decision.change.patch ?? {})) changed++;
      }
    }
    // The comparison covers replies that answer something, not only mail that changes nothing.
    expect(changed).toBeGreaterThan(0);
  });

  it('reads new requests as the assessor with the models does, before and after replies', async () => {
    const onDemand = loadIntakeAssessorModelsOnDemand(CONFIG);
    let read = 0;
    for (const name of MAIL) {
      const [a, b] = [await outcome(name, null, everything), await outcome(name, null, onDemand)];
      expect(b, name).toEqual(a);
      read += a.intake ? 1 : 0;
    }
    expect(read).toBeGreaterThan(20);
    await outcome(MAIL[0]!, waiting('merge_request'), onDemand);
    for (const name of MAIL.slice(0, 10)) expect(await outcome(name, null, onDemand), name).toEqual(await outcome(name, null, everything));
  });
});
