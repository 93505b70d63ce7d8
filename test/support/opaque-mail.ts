// What the opaque-mail tests share: the fixtures test/support/make-opaque-mail-fixtures.ts made, and
// running one through the pipeline as a new request or as a reply on an open ticket.
import { DRY_RUN_LOOKUP, runPipeline, type ThreadLookup } from '../../src/inbound/pipeline.ts';
import { loadIntakeAssessor } from '../../src/stage-settings.ts';
import type { TicketState } from '../../src/tickets/types.ts';
import { ALICE, mailFixture, PIPELINE_SETTINGS, REPLY_NOW } from './pipeline-settings.ts';

export const assess = loadIntakeAssessor({ MACCH_ADDRESS: null, NMIS_ADDRESS: null });
export const squash = (s: string): string => s.replace(/\s+/g, ' ').trim();
export const opaqueFixture = (name: string): Buffer => mailFixture(`opaque/${name}`);

/** The ticket the mail files as a new request (throws when it would do anything else). */
export async function filedWith(raw: Buffer): Promise<{ description: string; clientIds: string[] }> {
  const r = await runPipeline(raw, PIPELINE_SETTINGS, DRY_RUN_LOOKUP, assess, REPLY_NOW, { keepAttachmentContent: false });
  const change = r.decision.change;
  if (change.kind !== 'create') throw new Error(`expected a new ticket, got ${change.kind}`);
  return change.ticket;
}

/** The note the mail adds as a reply on an open ticket of that summary (throws when it would do anything else). */
export async function notedOnTicket(raw: Buffer, summary: string): Promise<string | undefined> {
  const ticket: TicketState = {
    id: 7, ref: 'Utah_RW-7', status: 'assigned', resolution: null, type: 'issue', priority: 'normal', summary,
    assigneeEmail: 'summer@example.test', closedAt: null, escalatedAt: null, route: 'ica_helpdesk', topic: 'login', missingInfo: [], clientIds: [],
  };
  const becky = { ...ALICE, email: 'becky@agency.example.test', name: 'Becky Tyler' };
  const onTicket: ThreadLookup = { ...DRY_RUN_LOOKUP, findThread: async () => ({ ticket, matchedBy: 'message-id', participants: [becky] }) };
  const r = await runPipeline(raw, PIPELINE_SETTINGS, onTicket, assess, REPLY_NOW, { keepAttachmentContent: false });
  const change = r.decision.change;
  if (change.kind !== 'update') throw new Error(`expected a note, got ${change.kind}`);
  return change.note?.body;
}
