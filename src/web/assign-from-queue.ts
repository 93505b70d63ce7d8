// Assigning a ticket from the admin queue: the same decision as an admin's `#assign PERSON`
// reply through their signed address (permissions, transitions, status mail), so the queue can
// never do what the mail command may not. The signed-in session stands in for the signed
// address. I/O: the ticket store and the relay.
import type { Config } from '../config.ts';
import type { Db } from '../adapters/db/client.ts';
import { findPersonById } from '../adapters/db/people.ts';
import { TicketStore } from '../adapters/db/ticket-store.ts';
import { decideTicketChange } from '../inbound/decide.ts';
import { pipelineSettings } from '../stage-settings.ts';
import type { ParsedMessage } from '../inbound/types.ts';
import type { Viewer } from './auth.ts';

export interface AssignDeps {
  config: Config;
  db: Db;
  loadStaff(): Promise<{ admins: string[]; staff: { email: string; name: string }[] }>;
  relay(): Promise<number>;
  now?: () => Date;
}

export type AssignResult = { kind: 'assigned'; ref: string } | { kind: 'refused'; reason: string };

/** The reply an admin would have written, as the decision reads it. */
function commandMessage(viewer: Viewer, subject: string, text: string, now: Date): ParsedMessage {
  return {
    messageId: null, inReplyTo: [], references: [], subject, from: { address: viewer.email, name: viewer.name },
    to: [], cc: [], replyTo: [], deliveredTo: [], date: now, text, html: null, headers: {}, contentType: 'text/plain', contentTypeParams: {}, attachments: [],
  };
}

export async function assignFromQueue(deps: AssignDeps, viewer: Viewer, ref: string, assignee: string): Promise<AssignResult> {
  const now = deps.now?.() ?? new Date();
  const store = new TicketStore(deps.db, deps.config.TICKET_PREFIX);
  const row = await store.byRef(ref);
  if (!row) return { kind: 'refused', reason: 'There is no such ticket.' };
  const current = row.assigneeId ? await findPersonById(deps.db, row.assigneeId) : null;
  const settings = pipelineSettings(deps.config, (await deps.loadStaff()).staff);
  const decision = decideTicketChange({
    msg: commandMessage(viewer, `Issue ${row.ref}`, `#assign ${assignee}`, now),
    verdict: { kind: 'person', reason: 'web form' },
    quarantine: null,
    duplicateOfTicketId: undefined,
    replyText: `#assign ${assignee}`,
    quotedText: '',
    mayAnswer: true,
    thread: { ticket: TicketStore.toState(row, current?.email ?? null), matchedBy: 'token', participants: await store.participantsOf(row.id) },
    tokenPerson: { email: viewer.email, ticketId: row.id },
    senderIsAdmin: viewer.isAdmin,
    intake: null,
    settings,
    now,
  });
  const change = decision.change;
  if (change.kind !== 'update' || !change.patch.assignee) {
    // A refusal is shown on the page; nothing is written and no refusal mail is sent.
    const refusal = change.kind === 'update' ? change.events.find((e) => e.event === 'command_refused')?.payload.refusals : undefined;
    const reason = Array.isArray(refusal) && refusal.length ? refusal.map((r: { reason?: string }) => r.reason ?? '').filter(Boolean).join('; ') : 'The ticket could not be assigned.';
    return { kind: 'refused', reason };
  }
  // Only the assignment's own announcement: the "done as you asked" note is for mail.
  change.events = change.events.filter((e) => e.event !== 'command_refused');
  try {
    await store.apply(change, null, { kind: 'reply', maxAttachmentBytes: 0, seen: { ticketId: row.id, version: row.version }, now: new Date() });
  } catch (err) {
    // Decided on a version someone else changed meanwhile: nothing was written; the admin looks again.
    if ((err as { code?: string }).code === 'TICKET_CHANGED') return { kind: 'refused', reason: 'The ticket changed meanwhile. Look at it again and retry.' };
    throw err;
  }
  await deps.relay();
  return { kind: 'assigned', ref: row.ref };
}
