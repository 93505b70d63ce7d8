// What a ticket-page form does: turns the form into the actor and commands an email reply would
// carry, asks the same decision (`decideReplyActions`: permission table, transition table) and
// has the ticket store apply the result in one transaction, then relays its status mail. The
// one place the web calls the ticket decision. I/O: database (store, uploads), the relay.
import { RetryableError } from '../errors.ts';
import type { EventSpec, ParticipantChange, TicketChange, TicketPatch } from '../inbound/ticket-change.ts';
import type { ReplyCommand } from '../inbound/commands.ts';
import type { AttachmentInfo } from '../inbound/types.ts';
import { decideReplyActions, type Refusal } from '../tickets/lifecycle.ts';
import { describeAllowedRoles, isAllowed, type PermissionAction } from '../tickets/permissions.ts';
import type { Participant, ParticipantRole } from '../tickets/types.ts';
import { TicketStore, type TicketRow } from '../adapters/db/ticket-store.ts';
import { findPersonById } from '../adapters/db/people.ts';
import { dropWebUpload, storeWebUpload, type Upload } from '../adapters/db/web-uploads.ts';
import { setPersonDetails } from '../adapters/db/web-people.ts';
import type { Viewer } from './auth.ts';
import type { WebDeps } from './server.ts';

/** One submitted form, already read from the request. */
export type WebAction =
  | { kind: 'note'; text: string; internal: boolean; then: 'fixed' | 'close' | 'notfixed' | 'verified' | 'waiting' | null; files: Upload[] }
  | { kind: 'fixed' | 'notfixed' | 'verified' | 'close' | 'reopen' | 'waiting' | 'escalate'; text: string }
  | { kind: 'assign'; target: string }
  | { kind: 'priority' | 'type' | 'route' | 'topic'; value: string }
  | { kind: 'add_person'; email: string; name: string; phone: string }
  | { kind: 'edit_person'; email: string; name: string; phone: string }
  | { kind: 'stop_person'; email: string };

export type ActionResult =
  | { kind: 'done'; message: string }
  | { kind: 'forbidden'; message: string }
  | { kind: 'refused'; message: string }
  | { kind: 'conflict'; message: string };

/** The permission-table actions a form needs before anything is decided (all of them). */
export function requiredPermissions(action: WebAction, viewer: Viewer): PermissionAction[] {
  switch (action.kind) {
    case 'note': return [action.internal ? 'internal' : 'note', ...(action.then ? [action.then] : [])];
    case 'add_person': return ['cc'];
    // Anyone may stop or edit their own entry; someone else's needs the right to add people.
    case 'edit_person':
    case 'stop_person': return [action.email.trim().toLowerCase() === viewer.email ? 'stop' : 'cc'];
    default: return [action.kind];
  }
}

/** The reply commands a form stands for, and the note text that comes with them. */
export function commandsOf(action: WebAction): { commands: ReplyCommand[]; noteText: string } | null {
  switch (action.kind) {
    case 'note': {
      const commands: ReplyCommand[] = [];
      if (action.internal) commands.push({ kind: 'internal' });
      if (action.then) commands.push({ kind: action.then });
      return { commands, noteText: action.text };
    }
    case 'fixed': case 'notfixed': case 'verified': case 'close': case 'reopen': case 'waiting': case 'escalate':
      return { commands: [{ kind: action.kind }], noteText: action.text };
    case 'assign': return { commands: [{ kind: 'assign', target: action.target }], noteText: '' };
    case 'priority': return { commands: [{ kind: 'priority', value: action.value as never }], noteText: '' };
    case 'type': return { commands: [{ kind: 'type', value: action.value as never }], noteText: '' };
    case 'route': return { commands: [{ kind: 'route', value: action.value }], noteText: '' };
    case 'topic': return { commands: [{ kind: 'topic', value: action.value }], noteText: '' };
    case 'add_person': return { commands: [{ kind: 'cc', email: action.email }], noteText: '' };
    default: return null;
  }
}

const describeRefusals = (refusals: Refusal[]) => refusals.map((r) => `${r.command}: ${r.reason}.`).join(' ');

/**
 * Carries out one form for `viewer` on `row`. Refuses (without changing anything) what their
 * roles may not do, exactly as the email permission table says; a transition the table does
 * not allow is refused with its reason.
 */
export async function performTicketAction(
  deps: WebDeps, row: TicketRow, viewer: Viewer, roles: ParticipantRole[], participants: Participant[], action: WebAction,
): Promise<ActionResult> {
  const needed = requiredPermissions(action, viewer).find((p) => !isAllowed(p, roles));
  if (needed) return { kind: 'forbidden', message: `Only ${describeAllowedRoles(needed)} may do that on this ticket.` };
  const store = new TicketStore(deps.db, deps.config.TICKET_PREFIX);
  const actor = { email: viewer.email, name: viewer.name };
  const version = { ticketId: row.id, version: row.version };
  const apply = async (change: TicketChange, inboundId: number | null = null) => {
    const result = await store.apply(change, inboundId, { kind: 'web', maxAttachmentBytes: deps.config.MAX_ATTACHMENT_MB * 1024 * 1024, seen: version });
    await deps.relay().catch(() => 0); // the recover task relays anything left behind
    return result;
  };

  try {
    if (action.kind === 'edit_person' || action.kind === 'stop_person') {
      const target = participants.find((p) => p.email === action.email.trim().toLowerCase());
      if (!target) return { kind: 'refused', message: `${action.email} is not on this ticket.` };
      if (action.kind === 'edit_person') {
        await setPersonDetails(deps.db, target.email, { name: action.name.trim(), phone: action.phone.trim() });
        return { kind: 'done', message: `Saved the details of ${action.name.trim() || target.email}.` };
      }
      await apply(updateChange(row.id, { participantChanges: [{ kind: 'stop', email: target.email }] }));
      return { kind: 'done', message: `${target.name || target.email} will no longer receive updates on this ticket.` };
    }

    const asked = commandsOf(action);
    if (!asked) return { kind: 'refused', message: 'That is not something this page can do.' };
    const assignee = row.assigneeId ? await findPersonById(deps.db, row.assigneeId) : null;
    const decision = decideReplyActions({
      ticket: TicketStore.toState(row, assignee?.email ?? null),
      participants,
      // Signed in by a personal link: as trusted as a reply through the person's own signed address.
      actor: { email: viewer.email, personId: viewer.personId, roles, authenticated: true },
      commands: asked.commands,
      noteText: asked.noteText,
      staff: (await deps.loadStaff()).staff,
      now: deps.now?.() ?? new Date(),
      reopenDays: deps.config.REOPEN_DAYS,
    });
    if (decision.kind === 'ignore') return { kind: 'refused', message: 'Nothing to do: write a note or choose an action.' };
    if (decision.kind === 'open_new_ticket') return { kind: 'refused', message: `${decision.reason}. Submit a new request instead.` };
    // A form asks for one thing: when any part of it is refused, nothing is changed.
    if (decision.refusals.length > 0) return { kind: 'refused', message: describeRefusals(decision.refusals) };

    const patch: TicketPatch = {};
    const after = decision.ticket;
    if (after.status !== row.status) patch.status = after.status;
    if (after.resolution !== row.resolution) patch.resolution = after.resolution;
    if (after.type !== row.type) patch.type = after.type;
    if (after.priority !== row.priority) patch.priority = after.priority;
    if (decision.escalate) patch.escalated = true;
    if (decision.corrections.route) patch.route = decision.corrections.route;
    if (decision.corrections.topic) patch.topic = decision.corrections.topic;
    const participantChanges: ParticipantChange[] = [];
    for (const c of decision.participantChanges) {
      if (c.kind === 'assign') patch.assignee = { email: c.email, name: c.name };
      else if (c.kind === 'add_interested') {
        // As with #cc: adding people never overrides a person's own "stop updating me".
        const stopped = participants.some((p) => p.email === c.email && !p.notify);
        const name = action.kind === 'add_person' ? action.name.trim() : '';
        if (stopped) return { kind: 'refused', message: `${c.email} asked to stop receiving updates on this ticket, so they are not added again.` };
        participantChanges.push({ kind: 'add', person: { email: c.email, name }, role: 'interested' });
      } else participantChanges.push({ kind: 'stop', email: c.email });
    }
    if (decision.escalate && deps.config.SUPPORT_ADDRESS) {
      participantChanges.push({ kind: 'add', person: { email: deps.config.SUPPORT_ADDRESS, name: 'Support team' }, role: 'support' });
    }
    const corrections = (['route', 'topic'] as const)
      .filter((f) => decision.corrections[f])
      .map((field) => ({ field, from: row[field] ?? null, to: decision.corrections[field]!, by: actor }));
    const note = decision.note ? { author: actor, kind: 'note' as const, body: decision.note.text, stripped: '', internal: decision.note.internal } : null;
    // The same status mail as by email; the web shows refusals on the page, so none is mailed.
    const events: EventSpec[] = decision.events.filter((e) => e !== 'command_refused').map((event) => ({
      event, actor, payload: {}, withNote: note !== null && (decision.note?.announcedWith === event || event === 'new_note'),
    }));

    const files = action.kind === 'note' ? action.files : [];
    let inboundId: number | null = null;
    let attachments: AttachmentInfo[] = [];
    if (note && files.length > 0) {
      const stored = await storeWebUpload(deps.db, { from: viewer.email, helpdeskAddress: deps.config.HELPDESK_ADDRESS, ticketRef: row.ref, text: note.body, files });
      inboundId = stored.inboundId;
      attachments = stored.attachments;
    }
    const change: TicketChange = {
      kind: 'update', ticketId: row.id,
      outcome: decision.events.includes('reopened') ? 'reopened' : note ? 'appended' : 'updated',
      patch, note, attachments, participantChanges, corrections, undeliverable: [], events,
    };
    try {
      await apply(change, inboundId);
    } catch (err) {
      if (inboundId !== null) await dropWebUpload(deps.db, inboundId, 'web note not filed').catch(() => {});
      throw err;
    }
    if (action.kind === 'add_person' && action.phone.trim()) await setPersonDetails(deps.db, action.email, { phone: action.phone.trim() });
    const said = [...decision.acknowledgements];
    if (note && said.length === 0) said.push(note.internal ? 'Internal note saved.' : 'Note saved.');
    return { kind: 'done', message: said.join(' ') };
  } catch (err) {
    if (err instanceof RetryableError && err.code === 'TICKET_CHANGED') {
      return { kind: 'conflict', message: 'The ticket changed while you were looking at it. Check it below and try again.' };
    }
    throw err;
  }
}

function updateChange(ticketId: number, parts: { participantChanges: ParticipantChange[] }): TicketChange {
  return { kind: 'update', ticketId, outcome: 'updated', patch: {}, note: null, attachments: [], participantChanges: parts.participantChanges, corrections: [], undeliverable: [], events: [] };
}
