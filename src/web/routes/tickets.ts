// The ticket page behind every status mail (PUBLIC_URL/tickets/<ref>): a personal link in the
// mail asks its person to sign in and then lands here; the page shows what that person's roles may see,
// and its files download only for them. I/O: through the ticket-page and attachment adapters.
import { randomBytes } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { readAttachment } from '../../adapters/db/attachment-store.ts';
import { isRowId } from '../../tickets/row-id.ts';
import { findRequestMail, findTicketByRef, findTicketFile, loadTicketPage, ticketParticipants, type TicketPage, type TicketRow } from '../../adapters/db/ticket-page.ts';
import { PRIORITIES, TICKET_TYPES, type Participant } from '../../tickets/types.ts';
import { phonesOf } from '../../adapters/db/web-people.ts';
import type { ParticipantRole } from '../../tickets/types.ts';
import { answerSignInLink, checkSignInLink, NO_SUCH_TICKET, refuseSignIn, requireViewer, setFlash } from '../auth.ts';
import { describeTooLong, MAX_FORM_FILES, MAX_NOTE_CHARS, readForm, typedIn, type Form } from '../forms.ts';
import { cleanMailHtml } from '../html.ts';
import { htmlWithoutPersonalLinks, withoutPersonalLinks } from '../../tickets/personal-links.ts';
import { parseMessage } from '../../inbound/parse.ts';
import { performTicketAction, settleAttempts, type FormAttempts, type WebAction } from '../ticket-actions.ts';
import { showError, type Kept } from '../pages.ts';
import { maySeeInternal, maySeeTicket, rolesOnTicket } from '../ticket-roles.ts';
import { FILES_ONLY_NOTE } from '../../tickets/decide.ts';
import { isFullAddress, labelChoices, readLabelName } from '../../tickets/commands.ts';
import { formatDay } from '../../tickets/shown-time.ts';
import { helpDeskPeople } from '../../tickets/staff.ts';
import { buildTicketView, type TicketView } from '../ticket-view.ts';
import type { AssessIntake } from '../../inbound/pipeline.ts';
import { loadIntakeAssessorModelsOnDemand } from '../../stage-settings.ts';

const NOT_YOURS = 'There is no such ticket, or it is not one of yours.';

/**
 * The request and notes as everyone on the ticket sees them: without a quoted status mail's personal
 * links, in the summary and subject too (a forward's subject may name a signed reply address).
 */
function shownToOthers(page: TicketPage, helpdeskAddress: string): TicketPage {
  const shown = (text: string) => withoutPersonalLinks(text, helpdeskAddress);
  return {
    ...page,
    ticket: { ...page.ticket, summary: shown(page.ticket.summary), originalSubject: shown(page.ticket.originalSubject), description: shown(page.ticket.description) },
    notes: page.notes.map((n) => ({ ...n, body: shown(n.body) })),
  };
}

export default async function ticketRoutes(app: FastifyInstance): Promise<void> {
  const { deps } = app;
  // The intake rules read a note as they read a reply; loaded on the first note (about a second).
  let assessIntake: AssessIntake | null = null;
  const intake = () => (assessIntake ??= loadIntakeAssessorModelsOnDemand(deps.config));

  /**
   * The ticket named in the address and the viewer's roles on it. Answers 404 (and returns null)
   * when there is no such ticket or the viewer has no role on it: nobody learns it exists.
   */
  async function ticketFor(request: FastifyRequest, reply: FastifyReply, kept?: Kept): Promise<Found | null> {
    const { ref } = request.params as { ref: string };
    const ticket = await findTicketByRef(deps.db, ref);
    const participants = ticket ? await ticketParticipants(deps.db, ticket.id) : [];
    const roles = ticket && request.viewer ? rolesOnTicket(request.viewer, participants) : [];
    if (!ticket || !maySeeTicket(roles)) {
      await showError(reply.code(404), 404, NOT_YOURS, kept);
      return null;
    }
    return { ticket, roles, participants };
  }

  app.get('/tickets/:ref', async (request, reply) => {
    const token = (request.query as { k?: unknown }).k;
    if (typeof token === 'string') {
      // A personal link: asks "Sign in as ...?" (a GET signs nobody in), or, for the person signed in
      // here already, shows the clean address (the token leaves the address bar and history).
      const ticket = await findTicketByRef(deps.db, (request.params as { ref: string }).ref);
      if (!ticket) {
        const check = await checkSignInLink(deps, token, NO_SUCH_TICKET);
        return refuseSignIn(deps, reply, check.kind === 'refused' ? check.reason : 'other_ticket');
      }
      return answerSignInLink(deps, request, reply, await checkSignInLink(deps, token, ticket.id), token, { kind: 'ticket', ref: ticket.ref });
    }
    await requireViewer(request, reply);
    if (reply.sent) return reply;
    const found = await ticketFor(request, reply);
    if (!found) return reply;
    return showTicket(request, reply, found);
  });

  /**
   * The ticket page as it stands. `refusal`: a form of the page that was refused, shown with why and
   * with what it said put back into that form (or shown to copy when the page no longer offers it).
   */
  async function showTicket(request: FastifyRequest, reply: FastifyReply, found: Found, refusal?: { message: string; kept: KeptForm; field?: string }): Promise<FastifyReply> {
    const page = shownToOthers(await loadTicketPage(deps.db, found.ticket), deps.config.HELPDESK_ADDRESS);
    const everyStaff = await deps.loadStaff();
    const view = buildTicketView(page, found.roles, request.viewer!.personId, helpDeskPeople(everyStaff, deps.config.SUPPORT_ADDRESS, page.assignee?.email ?? null),
      { now: deps.now?.() ?? new Date(), days: deps.config.REOPEN_DAYS }, { admins: everyStaff.admins, supportAddress: deps.config.SUPPORT_ADDRESS }, deps.config.TIME_ZONE);
    const staff = view.may.assign ? everyStaff.staff : [];
    const phones = Object.fromEntries(await phonesOf(deps.db, view.participants.map((p) => p.personId)));
    // One key per page shown, sent back by each of its forms: a form sent twice (a double click, a
    // resend) is carried out once.
    const once = randomBytes(16).toString('base64url');
    return reply.page('ticket', { title: `Issue ${view.ref}: ${view.summary}`, t: view, staff, phones, once, maxNoteChars: MAX_NOTE_CHARS, refusal: refusal ? refusalView(refusal, view) : null });
  }

  // The request as it was mailed: its HTML cleaned (sanitize-html), else its text, escaped; without
  // the sign-in links and signed reply addresses of any status mail it quotes (they act as their
  // recipient, and this page is for everyone on the ticket).
  app.get('/tickets/:ref/original', { preHandler: requireViewer }, async (request, reply) => {
    const found = await ticketFor(request, reply);
    if (!found) return reply;
    const mail = await findRequestMail(deps.db, found.ticket.id);
    const parsed = mail?.kind === 'mail' ? await parseMessage(mail.raw) : null;
    return reply.page('original', {
      title: `Issue ${found.ticket.ref}: the request as mailed`,
      ref: found.ticket.ref,
      clearedOn: mail?.kind === 'cleared' ? formatDay(mail.clearedAt, deps.config.TIME_ZONE) : null,
      subject: parsed ? withoutPersonalLinks(parsed.subject, deps.config.HELPDESK_ADDRESS) : null,
      from: parsed?.from ? parsed.from.address : null,
      html: parsed?.html ? htmlWithoutPersonalLinks(cleanMailHtml(parsed.html), deps.config.HELPDESK_ADDRESS) : null,
      text: parsed && !parsed.html ? withoutPersonalLinks(parsed.text, deps.config.HELPDESK_ADDRESS) : null,
    });
  });

  // Files are always downloads (never shown inline), only for people who may see the ticket,
  // and an internal note's files only for those who may see internal notes.
  app.get('/tickets/:ref/files/:id', { preHandler: requireViewer }, async (request, reply) => {
    const found = await ticketFor(request, reply);
    if (!found) return reply;
    const id = Number((request.params as { id: string }).id);
    const file = isRowId(id) ? await findTicketFile(deps.db, found.ticket.id, id) : null;
    if (!file || (file.internal && !maySeeInternal(found.roles))) return showError(reply.code(404), 404, 'There is no such file on this ticket.');
    const stored = await readAttachment(deps.db, file.checksum, file.carriedBy);
    // Gone for good, and said so: the mail that carried it was cleared under the retention setting.
    if (stored.kind === 'cleared') return showError(reply.code(410), 410, fileRemoved(file.filename, formatDay(stored.clearedAt, deps.config.TIME_ZONE), deps.config.RAW_MAIL_DAYS));
    if (stored.kind === 'missing') return showError(reply.code(404), 404, 'The file could not be read back.');
    const ascii = file.filename.replace(/[^\x20-\x7e]|["\\]/g, '_');
    return reply
      .header('Content-Type', 'application/octet-stream')
      .header('Content-Disposition', `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(file.filename)}`)
      .header('Cache-Control', 'private, no-store')
      .send(stored.file.content);
  });

  // Every action of the page posts here; `do` names it. Permissions are checked again here (a
  // form can be posted without the page), by the same table as an email command.
  app.post('/tickets/:ref', { preHandler: requireViewer, config: { rateLimit: { max: 60, timeWindow: 60_000 } } }, async (request, reply) => {
    const form = readForm(request);
    // Whatever refuses this form, what it said is given back: put back into the page's form, or
    // shown to copy where the ticket cannot be shown; the files it chose are named, to choose again.
    const kept = keptForm(form);
    const typed = typedIn(request);
    let found = await ticketFor(request, reply, typed);
    if (!found) return reply;
    // `field`: the id of the field the refusal is about, marked on the page (aria-invalid, described by the message).
    const refuse = (status: number, message: string, field?: string) => showTicket(request, reply.code(status), found!, { message, kept, field });
    // A note longer than a note takes is refused and shown back whole (as far as the server read it), never saved cut.
    const tooLong = describeTooLong(form.text('note'), form.cut().includes('note'), MAX_NOTE_CHARS, 'A note');
    if (tooLong) return refuse(400, `${tooLong} Nothing was saved.`, noteFieldOf(form.text('do')));
    const action = await actionOf(form);
    const here = `/tickets/${encodeURIComponent(found.ticket.ref)}`;
    // What is missing or wrong is named, and its field marked, as the request form does.
    if (action.kind === 'problem') return refuse(400, action.message, action.field ?? undefined);
    const overLimit = (names: string[]) => `${names.join(', ')} ${names.length === 1 ? 'is' : 'are'} larger than ${deps.config.MAX_ATTACHMENT_MB} MB, the most one file may be, and ${names.length === 1 ? 'was' : 'were'} not added.`;
    if (action.kind === 'too_large') return refuse(400, `${overLimit(action.names)} Nothing was saved.`);
    if (action.kind === 'too_many') {
      return refuse(400, `A note takes at most ${MAX_FORM_FILES} files, and ${action.chosen} were chosen (${action.names.join(', ')} past the ${MAX_FORM_FILES}th). Nothing was saved: send at most ${MAX_FORM_FILES} with this note and the rest with another.`);
    }
    const once = form.text('once');
    const onceKey = ONCE.test(once) ? `${deps.config.QUEUE_PREFIX}:web-form-sent:${request.viewer!.personId}:${once}` : null;
    if (onceKey && (await deps.redis.set(onceKey, '1', 'EX', ONCE_SECONDS, 'NX')) === null) {
      setFlash(request, 'That form was sent already; this is the ticket as it stands.');
      return reply.redirect(here, 303);
    }
    let result: Awaited<ReturnType<typeof performTicketAction>> | null = null;
    // A follow-up stored by one decision is filed by the next one, not stored (and counted) again.
    const attempts: FormAttempts = {};
    try {
      result = await performTicketAction(deps, found.ticket, request.viewer!, found.roles, found.participants, action, intake, attempts);
      // The ticket moved meanwhile (a reply filed, another person's form): decided again on what is
      // there now, as a reply by mail is, rather than throwing away a typed note and its files.
      for (let again = 0; result.kind === 'conflict' && again < DECIDE_AGAIN; again++) {
        found = await ticketFor(request, reply, typed);
        if (!found) return reply;
        result = await performTicketAction(deps, found.ticket, request.viewer!, found.roles, found.participants, action, intake, attempts);
      }
    } finally {
      await settleAttempts(deps, attempts).catch(() => {});
      // Kept only for a form carried out: anything else (a refusal, a failure) may be sent again.
      if (onceKey && result?.kind !== 'done') await deps.redis.del(onceKey).catch(() => 0);
    }
    if (result.kind === 'done') {
      setFlash(request, action.kind === 'note' && action.tooLarge?.length ? `${result.message} ${overLimit(action.tooLarge)}` : result.message);
      return reply.redirect(result.ref ? `/tickets/${encodeURIComponent(result.ref)}` : here, 303);
    }
    return refuse(result.kind === 'forbidden' ? 403 : 409, result.message);
  });
}

type Found = { ticket: TicketRow; roles: ParticipantRole[]; participants: Participant[] };

/** What a refused form of the ticket page said: its action, its typed fields, and the names of the files it chose. */
interface KeptForm { do: string; note: string; then: string; internal: boolean; name: string; email: string; phone: string; files: string[] }

function keptForm(form: Form): KeptForm {
  return {
    do: form.text('do'), note: form.text('note'), then: form.text('then'), internal: form.text('internal') === 'yes',
    name: form.text('name'), email: form.text('email'), phone: form.text('phone'), files: form.chosen('files'),
  };
}

/** The forms of the page that take typed text, each with the field a refusal's text goes back into. */
const TEXT_FORMS: Record<string, { field: string; shown: (view: TicketView) => boolean }> = {
  note: { field: 'note-text', shown: (v) => v.may.note },
  notfixed: { field: 'notfixed-text', shown: (v) => v.offer.notfixed },
  fixed: { field: 'fixed-text', shown: (v) => v.offer.fixed },
  waiting: { field: 'waiting-text', shown: (v) => v.offer.waiting },
  escalate: { field: 'escalate-text', shown: (v) => v.offer.escalate },
  reopen: { field: 'reopen-text', shown: (v) => v.offer.reopen && v.followUpAfterDays !== null },
  add_person: { field: 'add-email', shown: (v) => v.may.cc },
};

/** The id of the note field of the form that does `kind`, when it has one. */
function noteFieldOf(kind: string): string | undefined {
  return kind !== 'add_person' && Object.hasOwn(TEXT_FORMS, kind) ? TEXT_FORMS[kind]!.field : undefined;
}

/**
 * A refusal as the ticket page shows it: why, the form that holds what was typed again (`keptIn`,
 * the action, and `field` to go to), or when the page no longer offers that form the text to copy;
 * `invalid`: the field the refusal is about, when it is one, marked on the page.
 */
function refusalView({ message, kept, field: invalid }: { message: string; kept: KeptForm; field?: string }, view: TicketView) {
  const form = Object.hasOwn(TEXT_FORMS, kept.do) ? TEXT_FORMS[kept.do] : undefined;
  const keptIn = form?.shown(view) ? kept.do : null;
  // The people forms name their person in a hidden field: not something typed.
  const emailTyped = !['edit_person', 'stop_person', 'resume_person'].includes(kept.do);
  const texts = keptIn ? [] : [
    { label: 'Your note', text: kept.note }, { label: 'Name', text: kept.name }, { label: 'Email address', text: emailTyped ? kept.email : '' }, { label: 'Phone number', text: kept.phone },
  ].filter((k) => k.text.trim() !== '');
  return { message, kept, keptIn, field: keptIn ? invalid ?? form!.field : null, invalid: invalid ?? null, texts };
}

/** What a download of a file whose mail was cleared (on `clearedOn`, as the page shows a day) answers (410 Gone). */
function fileRemoved(filename: string, clearedOn: string, days: number): string {
  return `${filename} was removed on ${clearedOn}: this help desk keeps mail and the files sent with it ${days > 0 ? `for ${days} days` : 'for a set time'} after its ticket is closed (RAW_MAIL_DAYS). The notes on the ticket are kept; ask the sender for the file again if it is still needed.`;
}

/** A page's form key (base64url of 16 random bytes), and how long a sent one is remembered. */
const ONCE = /^[A-Za-z0-9_-]{22}$/;
const ONCE_SECONDS = 86_400;
/** Times a form is decided again on a ticket that changed under it before the person is asked to look again. */
const DECIDE_AGAIN = 3;
const NOTE_THEN = new Set(['fixed', 'close', 'notfixed', 'verified', 'waiting']);
const SIMPLE = new Set(['fixed', 'notfixed', 'verified', 'close', 'reopen', 'waiting', 'escalate']);
const VALUED = new Set(['priority', 'type', 'route', 'topic']);
/** The values the page's lists offer, as `#type` and `#priority` by mail take them (tickets/commands.ts). */
const CHOICES: Partial<Record<string, readonly string[]>> = { type: TICKET_TYPES, priority: PRIORITIES };

/** A field of the page's forms missing or wrong: its id (null when the page has no field for it) and what to do, naming the field. */
type FormProblem = { kind: 'problem'; field: string | null; message: string };
const problem = (field: string | null, message: string): FormProblem => ({ kind: 'problem', field, message });
/** What a form that lacks what it needs, and has no field to name, is told. */
const INCOMPLETE = 'That form is incomplete: fill in the required fields and try again.';

/** The action a submitted form asks for, or the problem with it: what is missing or wrong, and in which field. */
async function actionOf(form: Form): Promise<WebAction | { kind: 'too_large'; names: string[] } | { kind: 'too_many'; chosen: number; names: string[] } | FormProblem> {
  const kind = form.text('do');
  const text = form.text('note').trim();
  if (kind === 'note') {
    const chosen = form.chosen('files');
    if (chosen.length > MAX_FORM_FILES) return { kind: 'too_many', chosen: chosen.length, names: chosen.slice(MAX_FORM_FILES) };
    const then = form.text('then');
    const files = await form.files('files');
    const tooLarge = await form.tooLarge('files');
    if (text === '' && files.length === 0) return tooLarge.length ? { kind: 'too_large', names: tooLarge } : problem('note-text', 'Write your note in "Add a new note", or attach a file, then save the note.');
    return { kind: 'note', text: text || FILES_ONLY_NOTE, internal: form.text('internal') === 'yes', then: NOTE_THEN.has(then) ? (then as 'fixed') : null, files, tooLarge };
  }
  if (SIMPLE.has(kind)) {
    // The guide: say what is still wrong.
    if (kind === 'notfixed' && text === '') return problem('notfixed-text', 'Fill in "What is still wrong?": the help desk needs to know before the issue is marked as not fixed.');
    return { kind: kind as 'fixed', text };
  }
  if (kind === 'assign') return form.text('assignee') ? { kind: 'assign', target: form.text('assignee') } : problem('assignee', 'Choose whom to assign the ticket to.');
  if (VALUED.has(kind)) {
    const value = form.text('value').trim();
    if (!value) return problem(kind, `Choose the ${kind}.`);
    if (kind === 'route' || kind === 'topic') {
      // Intake's own names only, as `#route` and `#topic` by mail take them (tickets/commands.ts).
      const name = readLabelName(kind, value);
      if (!name) return problem(kind, `The ${labelChoices(kind)}. Nothing was changed.`);
      // The route form shows the ticket's route: sent back as it is, it routes only when its "Send it on" button asked.
      return kind === 'route' ? { kind, value: name, send: form.text('send') === 'yes' } : { kind, value: name };
    }
    const choices = CHOICES[kind];
    if (choices && !choices.includes(value.toLowerCase())) return problem(kind, `The ${kind} must be one of ${choices.join(', ')}. Nothing was changed.`);
    return { kind: kind as 'priority', value: choices ? value.toLowerCase() : value };
  }
  const email = form.text('email').trim().toLowerCase();
  if (kind === 'add_person') {
    // The same rule as `#cc` and the request form's additional people (tickets/commands.ts).
    if (email === '') return problem('add-email', 'Enter the email address of the person to add.');
    if (!isFullAddress(email)) return problem('add-email', 'Enter a full email address for the person to add, such as name@agency.org.');
    return { kind, email, name: form.text('name').trim().slice(0, 200), phone: form.text('phone').trim().slice(0, 50) };
  }
  // The people forms below name a person on the ticket in a hidden field (one a Cc header brought in
  // may have any address): nothing typed to check or mark; performTicketAction finds them or says not.
  if (kind === 'edit_person') {
    return email ? { kind, email, name: form.text('name').trim().slice(0, 200), phone: form.text('phone').trim().slice(0, 50) } : problem(null, INCOMPLETE);
  }
  if (kind === 'stop_person' || kind === 'resume_person') return email ? { kind, email } : problem(null, INCOMPLETE);
  return problem(null, INCOMPLETE);
}
