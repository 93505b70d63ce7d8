// A reply on a ticket waiting for information whose answers are typed into our quoted status mail
// (Outlook's plain-text reply, the mail under "-----Original Message-----" without "> " marks)
// supplies what the mail asked for: the pipeline asks the store what that mail said, reads the reply
// again knowing it, and the ticket's missing items are cleared as the ticket goes back to work.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { mailFixture, PIPELINE_SETTINGS } from '../support/pipeline-settings.ts';
import { runPipeline, type ThreadLookup } from '../../src/inbound/pipeline.ts';
import { loadIntakeAssessor } from '../../src/stage-settings.ts';
import type { Participant, TicketState } from '../../src/tickets/types.ts';

const MARIA: Participant = { personId: 7, email: 'maria.lopez@harborhouse.example.test', name: 'Maria Lopez', role: 'submitter', notify: true };
const NOW = new Date('2025-03-05T16:30:00Z');
/** The "waiting for your response" mail the replies answer, as it went out. */
const SENT = readFileSync(path.join('test', 'fixtures', 'mail', 'reply-behaviours', 'answers-typed-into-status-mail.sent.txt'), 'utf8');
const SENT_ID = '20250305154100.7c41d9@deskmail.example.test';

const waiting: TicketState = {
  id: 212, ref: 'Utah_RW-212', status: 'waiting_for_response', resolution: null, type: 'question', priority: 'normal',
  summary: 'APR will not run for Harbor House RRH', assigneeEmail: null, closedAt: null, escalatedAt: null,
  route: 'ica_helpdesk', topic: 'hud_report_submission', missingInfo: ['report_name', 'reporting_period'], clientIds: [], version: 3,
};

/** What the store answers: the ticket, Maria on it, and the text of our mail with this Message-ID on it. */
function lookupWith(asked: Array<{ ticketId: number; messageIds: string[] }>): ThreadLookup {
  return {
    findThread: async () => ({ ticket: waiting, matchedBy: 'token', participants: [MARIA] }),
    personEmail: async (id) => (id === 7 ? MARIA.email : null),
    isAdmin: async () => false,
    duplicateOf: async () => undefined,
    sentMailText: async (ticketId, messageIds) => {
      asked.push({ ticketId, messageIds });
      return ticketId === waiting.id && messageIds[0] === SENT_ID ? SENT : null;
    },
  };
}

const assess = loadIntakeAssessor({ MACCH_ADDRESS: null, NMIS_ADDRESS: null });

describe('answers typed into our quoted status mail on a waiting ticket', () => {
  for (const [name, note] of [
    ['outlook-answers-typed-into-status-mail-marked', 'Summer - my answers are below, marked ML.\n\nMaria\n\nML: the APR\n\nML: 10/1/2023 - 9/30/2024'],
    ['outlook-answers-typed-into-status-mail-unmarked', 'See below.\n\nthe APR\n\n10/1/2023 - 9/30/2024\n\nWe picked it from the list.\nIt is the Harbor House RRH project.'],
  ] as const) {
    it(`clear the missing items and send the ticket back to work (${name})`, async () => {
      const asked: Array<{ ticketId: number; messageIds: string[] }> = [];
      const r = await runPipeline(mailFixture(`reply-behaviours/${name}.eml`), PIPELINE_SETTINGS, lookupWith(asked), assess, NOW);
      expect(asked).toEqual([{ ticketId: 212, messageIds: [SENT_ID, 'ticket-Utah_RW-212@deskmail.example.test'] }]);
      expect(r.replyText).toBe(note);
      expect(r.decision.change).toMatchObject({ kind: 'update', ticketId: 212, patch: { status: 'new', missingInfo: [] }, note: { body: note } });
    });
  }

  it('leave the missing items asked for when the store keeps no text of the mail', async () => {
    const lookup = { ...lookupWith([]), sentMailText: async () => null };
    const r = await runPipeline(mailFixture('reply-behaviours/outlook-answers-typed-into-status-mail-marked.eml'), PIPELINE_SETTINGS, lookup, assess, NOW);
    expect(r.replyText).toBe('Summer - my answers are below, marked ML.\n\nMaria');
    expect(r.decision.change).not.toHaveProperty('patch.missingInfo');
  });
});
