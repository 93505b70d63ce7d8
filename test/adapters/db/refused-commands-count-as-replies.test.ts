// A reply made only of refused commands leaves no note, only the refusal sent back; the loop
// judgement's history counts it as a reply all the same (without text), so such replies meet the
// hourly cap like any others. A refusal that came with a note of the same reply is not counted twice.
import { describe, expect, it } from 'vitest';
import { loadExchangeHistory } from '../../../src/adapters/db/exchange-history.ts';
import { TicketStore } from '../../../src/adapters/db/ticket-store.ts';
import { askBrake } from '../../../src/outbound/loop-brake.ts';
import type { TicketChange } from '../../../src/tickets/ticket-change.ts';
import { useScratchDatabase } from '../../support/harness.ts';

const ANN = { email: 'ann@example.test', name: '' };
const META = { kind: 'test', maxAttachmentBytes: 0, now: new Date() };
const refusal = { event: 'command_refused' as const, actor: ANN, payload: { to: ANN.email, refusals: [{ command: '#close', reason: 'not allowed' }] }, withNote: false };
const update = (ticketId: number, note: { body: string } | null): TicketChange => ({
  kind: 'update', ticketId, outcome: 'recorded', patch: {}, attachments: [], participantChanges: [], corrections: [], undeliverable: [], events: [refusal],
  note: note ? { author: ANN, kind: 'note', body: note.body, stripped: '', internal: false } : null,
} as TicketChange);

describe('replies made only of refused commands', () => {
  const scratch = useScratchDatabase();

  it('are judged, and counted once each in the sender\'s history', async () => {
    const store = new TicketStore(scratch.db, 'T');
    const { ticketId } = await store.apply({
      kind: 'create', submitter: ANN, participants: [], attachments: [], events: [],
      ticket: { summary: 's', originalSubject: 's', description: 'd', status: 'new', resolution: null, type: 'issue', priority: 'normal', route: null, topic: null, clientIds: [], missingInfo: [], previousTicketId: null },
    } as TicketChange, null, META);
    const commandsOnly = update(ticketId!, null);
    expect(askBrake(commandsOnly, { messageKind: 'reply', sender: ANN.email, senderProven: true, staff: [], released: false })).toEqual({ kind: 'reply', ticketId, sender: ANN.email, text: '' });
    await store.apply(commandsOnly, null, META);
    await store.apply(commandsOnly, null, META);
    await store.apply(update(ticketId!, { body: 'Please close it, it works' }), null, META);
    const history = await loadExchangeHistory(scratch.db, ticketId!, ANN.email, new Date(Date.now() + 1000), 0);
    // The two replies of commands only; the one with a note is counted by its note (which came
    // through no stored message here, so the notes' part does not list it).
    expect(history.earlier).toHaveLength(2);
    expect(history.earlier.every((r) => r.text === '')).toBe(true);
  });
});
