// What a ticket-page form does: turns the form into the actor and actions an email reply would
// carry, asks the one ticket decision (`decide()` in tickets/decide.ts: permission table,
// transition table) and has the ticket store apply the change in one transaction, then relays its
// status mail. The one place the web calls the ticket decision. I/O: database (store, uploads), the relay.
import { createHash } from 'node:crypto';
import { RetryableError } from '../errors.ts';
import type { ParticipantChange, TicketChange } from '../tickets/ticket-change.ts';
import type { ReplyCommand } from '../tickets/commands.ts';
import type { AttachmentInfo } from '../tickets/types.ts';
import { decide, type FollowUp, type OpenFollowUp, type Refusal, type ReplyAssessment } from '../tickets/decide.ts';
import { decideNewRequest, type IntakeAssessment } from '../tickets/new-request.ts';
import { namingOf, type AssessIntake } from '../inbound/pipeline.ts';
import { subjectTag, ticketPseudoId } from '../tickets/reference.ts';
import { makeReplyAddress } from '../tickets/reply-address.ts';
import type { ParsedMessage } from '../inbound/types.ts';
import { limitText, MAX_INTAKE_CHARS } from '../inbound/text-limits.ts';
import { forwardingRoutes } from '../intake/routes.ts';
import { describeAllowedRoles, isAllowed, type PermissionAction } from '../tickets/permissions.ts';
import type { Participant, ParticipantRole, TicketState } from '../tickets/types.ts';
import { TicketStore, type ApplyResult, type TicketRow } from '../adapters/db/ticket-store.ts';
import { InboundStore } from '../adapters/db/inbound-store.ts';
import { findPersonById, tokenEpochOf } from '../adapters/db/people.ts';
import { dropWebUpload, storeWebUpload, type Upload } from '../adapters/db/web-uploads.ts';
import { setPersonDetails } from '../adapters/db/web-people.ts';
import { ticketMuted } from '../adapters/db/ticket-page.ts';
import type { Viewer } from './auth.ts';
import { mayManagePerson } from './ticket-roles.ts';
import { detailsGiven, type DetailsGiven } from './details-given.ts';
import { helpDeskPeople } from '../tickets/staff.ts';
import { joinsVouched } from '../tickets/participant-limits.ts';
import type { WebDeps } from './deps.ts';
import { fileNewTicket, HELD_OVER_CAP, WEB_REQUEST_CLAIM_MS, webBrakeOf } from './submit-request.ts';

/** One submitted form, already read from the request. */
export type WebAction =
  | { kind: 'note'; text: string; internal: boolean; then: 'fixed' | 'close' | 'notfixed' | 'verified' | 'waiting' | null; files: Upload[]; tooLarge?: string[] }
  | { kind: 'fixed' | 'notfixed' | 'verified' | 'close' | 'reopen' | 'waiting' | 'escalate'; text: string }
  | { kind: 'assign'; target: string }
  | { kind: 'priority' | 'type' | 'topic'; value: string }
  /** `send`: the page's "Send it on" button, which routes an open ticket to the route it has already. */
  | { kind: 'route'; value: string; send?: boolean }
  | { kind: 'add_person'; email: string; name: string; phone: string }
  | { kind: 'edit_person'; email: string; name: string; phone: string }
  | { kind: 'stop_person' | 'resume_person'; email: string };

/**
 * What one submitted form keeps between its decisions (the page decides it again when the ticket
 * moved meanwhile): the follow-up it stored, so that the one message is filed, and counted against
 * its sender's hourly cap, once however often it is decided. The caller drops what is left unfiled
 * when it is done (settleAttempts).
 */
export interface FormAttempts { followUp?: { inboundId: number; attachments: AttachmentInfo[] } }

/** Drops a follow-up a form stored that none of its decisions filed (the ticket was reopened meanwhile, or kept moving). */
export async function settleAttempts(deps: Pick<WebDeps, 'db'>, attempts: FormAttempts): Promise<void> {
  const left = attempts.followUp;
  if (!left) return;
  delete attempts.followUp;
  await dropWebUpload(deps.db, left.inboundId, 'web follow-up not filed');
}

export type ActionResult =
  /** `ref`: the ticket the person is taken to when it is another one (a follow-up). */
  | { kind: 'done'; message: string; ref?: string }
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
    case 'stop_person':
    case 'resume_person': return [action.email.trim().toLowerCase() === viewer.email ? 'stop' : 'cc'];
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
    case 'fixed': case 'notfixed': case 'verified': case 'close': case 'reopen': case 'waiting':
      return { commands: [{ kind: action.kind }], noteText: action.text };
    // The page's "Note for the support team" is theirs: an internal note, mailed with the escalation only.
    case 'escalate': return { commands: [...(action.text ? [{ kind: 'internal' } as const] : []), { kind: 'escalate' }], noteText: action.text };
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
 * A note typed on the page as the intake rules read the reply by mail it stands for: its text
 * (`intakeText`, already bounded), no subject of its own (a reply to our status mail has none once
 * our tag is taken off), its files by name and type, as a mail's attachments count.
 */
function noteAsMessage(intakeText: string, files: Upload[]): ParsedMessage {
  return {
    messageId: null, inReplyTo: [], references: [], subject: '', from: null, to: [], cc: [], replyTo: [], deliveredTo: [], date: null,
    text: intakeText, html: null, headers: {}, contentType: 'text/plain', contentTypeParams: {},
    attachments: files.map((f) => ({ filename: f.filename, contentType: f.contentType, size: f.content.length, checksum: '', contentId: null, inline: false })),
  };
}

/**
 * A note read as the intake rules read a reply by mail (inbound/assess-intake.ts assessReply):
 * which items the ticket waits for it still leaves out, and the client IDs it names.
 */
function assessNote(assess: AssessIntake, ticket: TicketState, text: string, files: Upload[]): ReplyAssessment {
  const intakeText = limitText(text, MAX_INTAKE_CHARS);
  return assess.reply(noteAsMessage(intakeText, files), intakeText, { route: ticket.route ?? '', topic: ticket.topic ?? 'other', type: ticket.type, missingInfo: ticket.missingInfo ?? [], clientIds: ticket.clientIds ?? [] });
}

/**
 * What opens a follow-up, read as a late reply by mail is (inbound/pipeline.ts): as a request, for
 * how urgent it is and the client IDs it names (tickets/new-request.ts keeps the rest from the old ticket).
 */
function assessFollowUp(assess: AssessIntake, text: string, files: Upload[]): IntakeAssessment {
  const intakeText = limitText(text, MAX_INTAKE_CHARS);
  return assess.request(noteAsMessage(intakeText, files), intakeText);
}

/**
 * Carries out one form for `viewer` on `row`. Refuses (without changing anything) what their
 * roles may not do, exactly as the email permission table says; a transition the table does
 * not allow is refused with its reason. `assessIntake` gives the intake rules, asked for only when
 * the form carries a public note. `attempts`: what earlier decisions of the same form stored (see FormAttempts).
 */
export async function performTicketAction(
  deps: WebDeps, row: TicketRow, viewer: Viewer, roles: ParticipantRole[], participants: Participant[], action: WebAction,
  assessIntake: (() => AssessIntake) | null = null, attempts: FormAttempts = {},
): Promise<ActionResult> {
  const needed = requiredPermissions(action, viewer).find((p) => !isAllowed(p, roles));
  if (needed) return { kind: 'forbidden', message: `Only ${describeAllowedRoles(needed)} may do that on this ticket.` };
  const store = new TicketStore(deps.db, deps.config.TICKET_PREFIX);
  const version = { ticketId: row.id, version: row.version };
  const apply = async (change: TicketChange, inboundId: number | null = null, seen = version) => {
    const result = await store.apply(change, inboundId, { kind: 'web', maxAttachmentBytes: deps.config.MAX_ATTACHMENT_MB * 1024 * 1024, seen, now: new Date() });
    await deps.relay().catch(() => 0); // the recover task relays anything left behind
    return result;
  };

  try {
    if (action.kind === 'edit_person' || action.kind === 'stop_person' || action.kind === 'resume_person') {
      const target = participants.find((p) => p.email === action.email.trim().toLowerCase());
      // Not on the ticket, but said #stop on it (an admin): that stop is theirs to undo, as a participant's own is.
      if (!target && action.kind === 'resume_person' && action.email.trim().toLowerCase() === viewer.email
        && (await ticketMuted(deps.db, row.id)).some((m) => m.personId === viewer.personId)) {
        await apply(updateChange(row.id, { participantChanges: [{ kind: 'resume', email: viewer.email }] }));
        return { kind: 'done', message: 'You will receive updates on this ticket again.' };
      }
      if (!target) return { kind: 'refused', message: `${action.email} is not on this ticket.` };
      const targetRoles = participants.filter((p) => p.email === target.email).map((p) => p.role);
      const assigneeEmail = row.assigneeId ? (await findPersonById(deps.db, row.assigneeId))?.email ?? null : null;
      const helpDesk = helpDeskPeople(await deps.loadStaff(), deps.config.SUPPORT_ADDRESS, assigneeEmail);
      const may = mayManagePerson(roles, target.email === viewer.email, targetRoles, helpDesk.has(target.email));
      if (!may) return { kind: 'forbidden', message: `Only the help desk's staff may change the details or the updates of ${target.name || target.email} (${targetRoles.join(', ')} on this ticket).` };
      if (action.kind === 'edit_person') {
        await setPersonDetails(deps.db, target.email, { name: action.name.trim(), phone: action.phone.trim() }, { onlyMissing: may === 'complete' });
        return { kind: 'done', message: may === 'all' ? `Saved the details of ${action.name.trim() || target.email}.` : `Saved what was missing from the details of ${target.name || target.email}.` };
      }
      const self = target.email === viewer.email;
      if (action.kind === 'resume_person') {
        // A stop is undone by the person themselves or by staff, never by another requester.
        if (!self && may !== 'all') return { kind: 'forbidden', message: `Only ${target.name || target.email} or the help desk's staff may turn their updates on this ticket back on.` };
        const changes: ParticipantChange[] = [{ kind: 'resume', email: target.email }];
        // Staff turning someone's updates back on vouch for them, as their #cc does (tickets/decide.ts applyCcOfStopped).
        const unvouched = participants.some((p) => p.email === target.email && p.vouched === false);
        if (!self && unvouched && joinsVouched(roles, viewer.email, target.email)) changes.push({ kind: 'vouch', email: target.email });
        await apply(updateChange(row.id, { participantChanges: changes }));
        return { kind: 'done', message: self ? 'You will receive updates on this ticket again.' : `${target.name || target.email} will receive updates on this ticket again.` };
      }
      // Someone else's stop removes the person (their row and its record of who stopped whom go):
      // a person who already gets no mail is left as they are, but by staff, so that removing them
      // and adding them back never undoes a stop of their own (nor staff's). Staff's removal is kept
      // (keepOff): only staff add that person again, so a requester does not undo it in passing.
      const stopped = participants.filter((p) => p.email === target.email && !p.notify);
      if (!self && may !== 'all' && stopped.length > 0) return { kind: 'refused', message: refuseRemovalOfStopped(target, stopped.some((p) => p.stoppedByOther)) };
      await apply(updateChange(row.id, { participantChanges: [{ kind: 'stop', email: target.email, ...(self ? {} : { by: viewer.email, ...(may === 'all' ? { keepOff: true } : {}) }) }] }));
      return { kind: 'done', message: self || !targetRoles.includes('interested')
        ? `${target.name || target.email} will no longer receive updates on this ticket.`
        : `${target.name || target.email} was removed from this ticket: they no longer receive its updates or see it.` };
    }

    // The route form shows the ticket's route: sent back unchanged without its "Send it on" button,
    // it asks for nothing (an admin's `#route macch` by mail, or that button, routes an open ticket
    // intake left at macch, not every press of "Correct the route").
    if (action.kind === 'route' && !action.send && action.value === row.route) return { kind: 'done', message: `The route is already ${action.value}; nothing was changed.` };
    const asked = commandsOf(action);
    if (!asked) return { kind: 'refused', message: 'That is not something this page can do.' };
    const assignee = row.assigneeId ? await findPersonById(deps.db, row.assigneeId) : null;
    const files = action.kind === 'note' ? action.files : [];
    const state = TicketStore.toState(row, assignee?.email ?? null, await store.closedAfterFix(row));
    // Read as a reply by mail is: what it supplies of what the ticket waits for is cleared, the client IDs it names join the ticket's.
    const publicNote = asked.noteText !== '' && !(action.kind === 'note' && action.internal);
    const assessment = publicNote && assessIntake ? assessNote(assessIntake(), state, asked.noteText, files) : null;
    // A closed ticket's open follow-up, which what is written too late for this one goes into (as a late reply by mail).
    const openNext = await openFollowUpFor(store, state, publicNote ? (next) => (assessIntake ? assessNote(assessIntake(), next, asked.noteText, files) : null) : () => null);
    const decided = decide(
      state,
      // Signed in by a personal link: as trusted as a reply through the person's own signed address.
      { email: viewer.email, name: viewer.name, personId: viewer.personId, roles, authenticated: true },
      // A form says what it does: a note saved "and change nothing else" changes nothing else,
      // even on a closed ticket (the guide's "Save the note"; a reply by mail reopens one).
      { commands: asked.commands, noteText: asked.noteText, noteReopens: false, assessment },
      deps.now?.() ?? new Date(),
      { participants, removedByStaff: action.kind === 'add_person' ? await store.removedByStaff(row.id) : [],
        muted: action.kind === 'add_person' ? (await ticketMuted(deps.db, row.id)).map((m) => m.email) : [], staff: (await deps.loadStaff()).staff, reopenDays: deps.config.REOPEN_DAYS, helpdeskAddress: deps.config.HELPDESK_ADDRESS, supportAddress: deps.config.SUPPORT_ADDRESS,
        routes: forwardingRoutes(deps.config), openFollowUp: openNext },
    );
    if (decided.kind === 'new_ticket') {
      if (!decided.followUp) return { kind: 'refused', message: 'This ticket cannot take that. Submit a new request instead.' };
      return await openFollowUp(deps, store, row, viewer, decided.followUp, files, assessIntake, attempts);
    }
    if (decided.kind !== 'update') return { kind: 'refused', message: 'Nothing to do: write a note or choose an action.' };
    if (openNext && decided.ticketId === openNext.ticket.id) return await noteOnFollowUp(deps, row, viewer, decided, openNext.ticket, files, apply);
    // A form asks for one thing: when any part of it is refused, nothing is changed, and the
    // page (not a mail) says why.
    const refused = decided.events.find((e) => e.event === 'command_refused');
    if (refused) return { kind: 'refused', message: describeRefusals((refused.payload.refusals ?? []) as Refusal[]) };
    // The name and phone typed for the person added, as far as the viewer may give them (none for the help desk's own people but by staff).
    const details = action.kind === 'add_person' ? await detailsGivenOnPage(deps, row, viewer, roles, participants, action.email, action.phone) : null;
    const participantChanges: ParticipantChange[] = decided.participantChanges.map((c) =>
      c.kind === 'add' && details && action.kind === 'add_person' && c.person.email.toLowerCase() === action.email.trim().toLowerCase()
        ? { ...c, person: { ...c.person, name: action.name.trim() } } : c);
    const acknowledgements = decided.acknowledgements ?? [];

    let inboundId: number | null = null;
    let attachments: AttachmentInfo[] = [];
    if (decided.note && files.length > 0) {
      const stored = await storeWebUpload(deps.db, { from: viewer.email, helpdeskAddress: deps.config.HELPDESK_ADDRESS, ticketRef: row.ref, text: decided.note.body, files });
      inboundId = stored.inboundId;
      attachments = stored.attachments;
    }
    const note = decided.note;
    const change: TicketChange = { ...decided, participantChanges, attachments: note ? attachments : [] };
    try {
      await apply(change, inboundId);
    } catch (err) {
      if (inboundId !== null) await dropWebUpload(deps.db, inboundId, 'web note not filed').catch(() => {});
      throw err;
    }
    if (action.kind === 'add_person' && details?.phone) await setPersonDetails(deps.db, action.email, { phone: details.phone }, { onlyMissing: details.onlyMissing });
    const said = [...acknowledgements];
    if (said.length === 0) said.push(note ? (note.internal ? 'Internal note saved.' : 'Note saved.') : 'Done.');
    return { kind: 'done', message: said.join(' ') };
  } catch (err) {
    if (err instanceof RetryableError && err.code === 'TICKET_CHANGED') {
      return { kind: 'conflict', message: 'The ticket changed while you were looking at it. Check it below and try again.' };
    }
    throw err;
  }
}

/**
 * The newest open ticket that follows up on `state` when it is closed, as the decision takes it
 * (DecideContext.openFollowUp), its note read by `assess` against it; null when there is none.
 */
async function openFollowUpFor(store: TicketStore, state: TicketState, assess: (next: TicketState) => ReplyAssessment | null): Promise<OpenFollowUp | null> {
  if (state.status !== 'closed') return null;
  const found = await store.openFollowUpOf(state.id);
  if (!found) return null;
  const ticket = TicketStore.toState(found.ticket, found.assigneeEmail, found.closedAfterFix);
  return { ticket, participants: found.participants, removedByStaff: found.removedByStaff, muted: found.muted, assessment: assess(ticket) };
}

/**
 * Too late to bring a closed ticket back, whose follow-up an earlier late reply opened and is still
 * open: what the person wrote is a note on that follow-up (tickets/decide.ts noteOnOpenFollowUp), as
 * the same words by mail are, with the files sent with it; the person lands on it. The page's buttons
 * are no commands to report as refused: the page says where the note went.
 */
async function noteOnFollowUp(
  deps: WebDeps, row: TicketRow, viewer: Viewer, decided: Extract<TicketChange, { kind: 'update' }>, next: TicketState, files: Upload[],
  apply: (change: TicketChange, inboundId: number | null, seen: { ticketId: number; version: number }) => Promise<unknown>,
): Promise<ActionResult> {
  let inboundId: number | null = null;
  let attachments: AttachmentInfo[] = [];
  if (decided.note && files.length > 0) {
    const stored = await storeWebUpload(deps.db, { from: viewer.email, helpdeskAddress: deps.config.HELPDESK_ADDRESS, ticketRef: next.ref, text: decided.note.body, files });
    inboundId = stored.inboundId;
    attachments = stored.attachments;
  }
  const change: TicketChange = { ...decided, events: decided.events.filter((e) => e.event !== 'command_refused'), attachments: decided.note ? attachments : [] };
  try {
    await apply(change, inboundId, { ticketId: next.id, version: next.version ?? 0 });
  } catch (err) {
    if (inboundId !== null) await dropWebUpload(deps.db, inboundId, 'web note not filed').catch(() => {});
    throw err;
  }
  return { kind: 'done', ref: next.ref, message: `Issue ${row.ref} was closed more than ${deps.config.REOPEN_DAYS} days ago, so what you wrote was added to ${next.ref}, which follows up on it and is still open.` };
}

/**
 * Too late to bring a closed ticket back (REOPEN_DAYS): what the person wrote opens a new ticket
 * that names it, as a late reply by mail does (inbound/decide.ts): read like any request for its
 * urgency and the client IDs it names, with the files sent with it, and within the limits of a new
 * request (the sender's hourly cap, the admins' notice summary), filed as the request form files one.
 * Stored once per form: decided again after the ticket moved, the same stored message is filed, so
 * the sender's cap counts it once (the count is kept per message).
 */
async function openFollowUp(
  deps: WebDeps, store: TicketStore, row: TicketRow, viewer: Viewer, followUp: FollowUp, files: Upload[], assessIntake: (() => AssessIntake) | null,
  attempts: FormAttempts,
): Promise<ActionResult> {
  const { config } = deps;
  const now = deps.now?.() ?? new Date();
  const naming = namingOf({ systemName: config.SYSTEM_NAME, prefix: config.TICKET_PREFIX, helpdeskAddress: config.HELPDESK_ADDRESS });
  // Stored as the late reply it stands for (naming the closed ticket, the old summary for a subject,
  // sent through the person's own signed reply address on it, as their session proves them): held
  // over the cap, an admin's retry files it as that reply by mail is filed, the follow-up it would
  // have been; left behind by a process that stopped, recovery does. Keyed by what it is (this
  // ticket, this person, these words and files): pressed again after an error, or after the server
  // stopped before filing it, it meets the message stored the first time, which is filed once, and
  // the page leads to the follow-up that filing opened.
  const stored = attempts.followUp ??= await storeWebUpload(deps.db, {
    from: viewer.email, helpdeskAddress: config.HELPDESK_ADDRESS, ticketRef: row.ref, text: followUp.noteText, files, key: followUpKey(row.id, viewer.personId, followUp.noteText, files),
    asReply: {
      subject: `Re: ${row.summary} ${subjectTag(config.SYSTEM_NAME, row.ref)}`, references: [`<${ticketPseudoId(naming, row.ref)}>`],
      to: makeReplyAddress(config.HELPDESK_ADDRESS, { ticketId: row.id, personId: viewer.personId }, config.SECRET_KEY, await tokenEpochOf(deps.db, viewer.personId), now),
    },
    claimedUntil: new Date(now.getTime() + WEB_REQUEST_CLAIM_MS),
  });
  const change = decideNewRequest({
    submitter: { email: viewer.email, name: viewer.name }, subject: row.summary, summarySubject: row.summary, text: followUp.noteText,
    attachments: stored.attachments, unstoredFilesLine: null, copied: [], mayAnswer: true,
    // Read as the same words by mail are: like any request, for their urgency and client IDs.
    intake: assessIntake ? assessFollowUp(assessIntake(), followUp.noteText, files) : null,
    // The page says what happened; its buttons are no commands to report as refused.
  }, { ...followUp, refusals: [] });
  let filed: ApplyResult | null;
  try {
    filed = await fileNewTicket({ tickets: store, inbound: new InboundStore(deps.db) }, webBrakeOf(config, deps.redis), { change, inboundId: stored.inboundId, sender: viewer.email }, {
      kind: 'web', maxAttachmentBytes: config.MAX_ATTACHMENT_MB * 1024 * 1024, seen: { ticketId: row.id, version: row.version }, now: new Date(),
    }, now);
  } catch (err) {
    // The ticket moved: kept for the form's next decision, which files (and counts) this same message.
    if (!(err instanceof RetryableError && err.code === 'TICKET_CHANGED')) await settleAttempts(deps, attempts).catch(() => {});
    throw err;
  }
  delete attempts.followUp; // filed, or held for an admin over the cap
  const late = `Issue ${row.ref} was closed more than ${config.REOPEN_DAYS} days ago, so what you wrote`;
  // Held now, or by an earlier sending of the same follow-up (met again as already handled).
  if (!filed || filed.outcome.startsWith('already-handled:quarantined')) return { kind: 'refused', message: `${late} would open a new issue, but ${HELD_OVER_CAP}.` };
  await deps.relay().catch(() => 0); // the recover task relays anything left behind
  // Filed by an earlier sending (the ticket store names only the ticket): the follow-up it opened.
  const ref = filed.ref ?? (filed.ticketId !== null ? (await store.byId(filed.ticketId))?.ref ?? null : null);
  if (!ref) return { kind: 'refused', message: 'The new ticket could not be opened. Try again.' };
  return { kind: 'done', ref, message: `${late} opened this new issue, ${ref}, which follows up on it.` };
}

/** What one follow-up is the sending of: the closed ticket, the person, what they wrote and the files they chose. */
function followUpKey(ticketId: number, personId: number, text: string, files: Upload[]): string {
  const hash = (data: string | Buffer) => createHash('sha256').update(data).digest('hex');
  return `follow-up:${ticketId}:${personId}:${hash(JSON.stringify([text, ...files.map((f) => [f.filename, f.contentType, hash(f.content)])]))}`;
}

/** Why someone who is not staff may not remove a person whose updates are already stopped. */
function refuseRemovalOfStopped(target: Participant, byStaff: boolean): string {
  const who = target.name || target.email;
  const why = byStaff ? `the help desk stopped the updates to ${who} on this ticket` : `${who} asked not to receive updates on this ticket`;
  return `${who} already receives no updates: ${why}. Only the help desk's staff can take them off the ticket.`;
}

/** What `viewer` may give as the details of the person they add (web/details-given.ts), with the help desk's people as this ticket has them. */
async function detailsGivenOnPage(
  deps: WebDeps, row: TicketRow, viewer: Viewer, roles: ParticipantRole[], participants: Participant[], email: string, phone: string,
): Promise<DetailsGiven | null> {
  const address = email.trim().toLowerCase();
  const assigneeEmail = row.assigneeId ? (await findPersonById(deps.db, row.assigneeId))?.email ?? null : null;
  const helpDesk = helpDeskPeople(await deps.loadStaff(), deps.config.SUPPORT_ADDRESS, assigneeEmail);
  const personRoles = participants.filter((p) => p.email === address).map((p) => p.role);
  return detailsGiven(roles, { self: address === viewer.email, roles: personRoles, isHelpDesk: helpDesk.has(address) }, phone);
}

function updateChange(ticketId: number, parts: { participantChanges: ParticipantChange[] }): TicketChange {
  return { kind: 'update', ticketId, outcome: 'updated', patch: {}, note: null, attachments: [], participantChanges: parts.participantChanges, corrections: [], undeliverable: [], events: [] };
}
