// Runs the pure stages on one raw message in order: parse -> quarantine check -> kind -> thread
// clues -> reply text (and a new request's text, with the mail it forwards) -> (new requests) intake
// -> decide. Ticket lookups come through the `ThreadLookup` port, so the worker passes the database
// and `inspect` passes a dry-run lookup.
import { attachedMessageText, readAttachedMessages, type AttachedMessage } from './attached-messages.ts';
import { mayAnswerAutomatically } from './auto-reply-guard.ts';
import { fingerprintContent } from './content-fingerprint.ts';
import { unreadableMailText } from './encrypted-mail.ts';
import { decideTicketChange, type DecideInput, type DecideSettings, type Decision, type IntakeAssessment, type ReplyAssessment } from './decide.ts';
import { detectMailKind, type MailSigns } from './mail-kind.ts';
import { defaultMailSigns } from './mail-signs.ts';
import { parseMessage, type ParseOptions } from './parse.ts';
import { SENDER_AUTH_OFF, senderVerdictFor, type SenderAuth } from './sender-auth.ts';
import { startBudget, type ProcessingBudget } from './processing-budget.ts';
import { limitMessageText, MAX_INTAKE_CHARS, limitText } from './text-limits.ts';
import { findQuarantineReason } from './processable.ts';
import { extractReplyText, quotesOwnMarker, type TextPartReadings } from './reply-text.ts';
import { isForwardSubject, requestTextOf } from './request-text.ts';
import { findThreadClues, type ThreadClues, type ThreadMatch } from './thread.ts';
import { formTypeOf, typedText, WEB_VERDICT } from './web-mailbox.ts';
import type { MailKindContext, MailKindVerdict, ParsedMessage } from './types.ts';
import { hostOf, LOOP_HEADER, stripSubjectTag, type TicketNaming } from '../tickets/reference.ts';
import { isReplyTokenExpired, readReplyToken, replyTokenPersonIds } from '../tickets/reply-address.ts';
import type { Participant, TicketState, TicketType } from '../tickets/types.ts';
import type { OpenFollowUp } from '../tickets/decide.ts';
import type { AskedTicket } from '../intake/missing-info.ts';

export interface PipelineSettings extends DecideSettings {
  systemName: string;
  prefix: string;
  secretKey: string;
  /** The automatic-mail signs; the shipped config/mail-signs.yaml when absent. */
  mailSigns?: MailSigns;
  /** The key before the last key change, still accepted on reply addresses ('' or absent: none). */
  secretKeyPrevious?: string;
  /** REPLY_ADDRESS_DAYS: a dated reply address older than this proves nobody (0 or absent: no expiry). */
  replyAddressDays?: number;
}

/** How the pipeline asks about stored tickets and people. */
export interface ThreadLookup {
  /**
   * The ticket the clues point at, with its people; for a closed one, also the newest open ticket
   * that follows up on it (`openFollowUp`, absent or null when none), which a late reply writes into.
   */
  findThread(clues: ThreadClues, tokenTicketId: number | null, senderEmail: string | null): Promise<{ ticket: TicketState | null; matchedBy: ThreadMatch; participants: Participant[]; removedByStaff?: string[]; muted?: string[]; openFollowUp?: OpenFollowUp | null }>;
  personEmail(personId: number): Promise<string | null>;
  /** Each named person's current reply-token epoch (absent: 0). */
  tokenEpochs?(personIds: number[]): Promise<ReadonlyMap<number, number>>;
  isAdmin(email: string): Promise<boolean>;
  /**
   * The text of our status mail on this ticket with one of these Message-IDs (a reply's, In-Reply-To
   * first), as it was sent, without its link targets; null when none is kept. A reply that quotes it
   * without "> " marks is read again knowing it, so answers typed into it are kept (reply-text.ts).
   */
  sentMailText?(ticketId: number, messageIds: string[]): Promise<string | null>;
  /** The recipient of the status mail we sent with one of these Message-IDs, or null. */
  bouncedRecipient?(messageIds: string[]): Promise<string | null>;
  /**
   * The ticket of an already handled message that is this same mail, or undefined when none: one
   * with this Message-ID and this content fingerprint (or none stored). A null fingerprint: any
   * handled message with this Message-ID.
   */
  duplicateOf(messageId: string | null, fingerprint: string | null): Promise<number | null | undefined>;
}

/** The intake rules, as the pipeline uses them (src/inbound/assess-intake.ts loads them). */
export interface AssessIntake {
  /**
   * A new request: where it belongs, what it lacks, what to call it. `chosenType`: the type chosen on
   * the request form (web-mailbox.ts formTypeOf), which intake follows; null or absent for mail.
   */
  request(msg: ParsedMessage, replyText: string, chosenType?: TicketType | null): IntakeAssessment;
  /** A reply on a ticket: the client IDs it names, and which asked-for items it still leaves out. */
  reply(msg: ParsedMessage, replyText: string, ticket: AskedTicket): ReplyAssessment;
}

export interface PipelineResult {
  parsed: ParsedMessage;
  verdict: MailKindVerdict;
  clues: ThreadClues;
  matchedBy: ThreadMatch;
  ticket: TicketState | null;
  /**
   * The ticket the change was decided on, whose version the store checks: the one the clues found,
   * or the open follow-up a late reply to it went into.
   */
  decidedOn: TicketState | null;
  replyText: string;
  quotedText: string;
  /** The text a new ticket is filed with: the reply text, and the mail it forwards (request-text.ts). */
  requestText: string;
  intake: IntakeAssessment | null;
  mayAnswer: boolean;
  /** The mail proves its sender: a DMARC pass, or their own signed reply address for the ticket it is filed on. */
  senderProven: boolean;
  /** The sender verdict it was decided with: the check's, as it speaks for the sender parse took (senderVerdictFor). */
  senderAuth: SenderAuth;
  /** What tells this mail from other mail under the same Message-ID (content-fingerprint.ts). */
  fingerprint: string;
  decision: Decision;
}

/** Our Message-IDs live under their own name, so staff mail from the help desk's own domain is never mistaken for ours. */
export function namingOf(settings: Pick<PipelineSettings, 'systemName' | 'prefix' | 'helpdeskAddress'>): TicketNaming {
  return { systemName: settings.systemName, prefix: settings.prefix, host: `deskmail.${hostOf(settings.helpdeskAddress)}` };
}

/** What tells our own mail and loops apart, for detectMailKind and the automatic-answer guard. */
export function mailKindContextOf(settings: Pick<PipelineSettings, 'systemName' | 'prefix' | 'helpdeskAddress'>): MailKindContext {
  return { ownAddresses: [settings.helpdeskAddress], loopHeader: LOOP_HEADER, ownMessageIdDomain: namingOf(settings).host };
}

/**
 * What the pure stages conclude from the raw bytes alone, before any lookup: plain data only, so it
 * can be made on another thread and handed over (src/workers/pipeline-threads.ts).
 */
export interface PreparedMail {
  parsed: ParsedMessage;
  /** The content fingerprint, of the whole message as parsed (before its text was bounded). */
  fingerprint: string;
  verdict: MailKindVerdict;
  quarantine: ReturnType<typeof findQuarantineReason>;
  clues: ThreadClues;
  replyText: string;
  quoted: string;
  /** A new request's text: the reply text, and under it the mail it forwards (request-text.ts). */
  requestText: string;
  summarySubject: string;
  /** The start of the visible reply text that intake reads. */
  intakeText: string;
  /** The start of the whole text that intake reads (the HTML never again). */
  intakeBody: string;
  /** The new-request assessment of a person's mail, else null (and null while deferred). */
  intake: IntakeAssessment | null;
  /**
   * A person's mail that names an earlier message: its new-request assessment is made only when the
   * decision opens a ticket with it (runPipeline), since such mail mostly lands on its ticket as a note.
   */
  intakeDeferred: boolean;
}

/** The settings the stages before any lookup read. */
export type PrepareSettings = Pick<PipelineSettings, 'systemName' | 'prefix' | 'helpdeskAddress' | 'mailSigns'>;

/**
 * Makes the PreparedMail of one raw message: preparePipeline here, or the same on another thread.
 * `writtenByWebPage`: the web pages stored it, and it is read as the page reads it (preparePipeline).
 */
export type PipelinePreparer = (raw: Buffer, settings: PrepareSettings, parseOptions: ParseOptions, budget: ProcessingBudget, writtenByWebPage?: boolean) => Promise<PreparedMail>;

/**
 * The stages that need no lookup, wherever they run: preparing a message, and the new-request
 * assessment a decision asks for later (mail that names an earlier message and still opens a
 * ticket). Both read the trained models, so a pool of pipeline threads (workers/pipeline-threads.ts)
 * runs both and the main thread never loads them.
 */
export interface PipelineStages {
  prepare: PipelinePreparer;
  /** The new-request assessment of `msg` (its bounded text, no HTML; the subject without our tag), as AssessIntake.request. */
  assessRequest(msg: ParsedMessage, replyText: string, chosenType?: TicketType | null): Promise<IntakeAssessment>;
}

/** The stages on this thread, with this assessor. */
export function stagesOnThisThread(assessIntake: AssessIntake | null): PipelineStages {
  return {
    prepare: (raw, settings, parseOptions, budget, writtenByWebPage) => preparePipeline(raw, settings, assessIntake, parseOptions, budget, writtenByWebPage),
    assessRequest: async (msg, replyText, chosenType) => {
      if (!assessIntake) throw new Error('no intake assessment is configured');
      return assessIntake.request(msg, replyText, chosenType);
    },
  };
}

/**
 * The stages that need no lookup: parse, kind, quarantine reason, thread clues, reply text, request assessment.
 * `writtenByWebPage`: the web pages stored this message (inbound/web-mailbox.ts), and it is read as
 * the page reads what the person typed: a person's (WEB_VERDICT), its text whole (typedText), with
 * nothing quoted; a mail's reading (its kind from its words, its reply text cut from signatures,
 * sign-offs and quoted history) would lose what the page keeps.
 */
export async function preparePipeline(raw: Buffer, settings: PrepareSettings, assessIntake: AssessIntake | null, parseOptions: ParseOptions = {}, budget: ProcessingBudget = startBudget(), writtenByWebPage = false): Promise<PreparedMail> {
  const whole = await parseMessage(raw, parseOptions);
  const fingerprint = fingerprintContent(whole);
  // Every later stage reads bounded text (src/inbound/text-limits.ts); the raw mail keeps every byte.
  const parsed = limitMessageText(whole);
  budget.check('parse');
  const naming = namingOf(settings);
  // The mail kind and the reply text read the same text part: read once, for this message only.
  const readings: TextPartReadings = new Map();
  const verdict = writtenByWebPage ? WEB_VERDICT : detectMailKind(parsed, mailKindContextOf(settings), settings.mailSigns ?? defaultMailSigns(), readings);
  const quarantine = findQuarantineReason(parsed, raw.length, verdict.kind);
  const clues = findThreadClues(parsed, naming);
  if (verdict.bounce) {
    // A bounce names our original mail; thread by that mail's ids.
    clues.messageIds = [...new Set([...bounceIds(verdict.bounce), ...clues.messageIds])];
  }
  // The typed text is read from the whole parse: the page keeps it as typed, and the page's limits
  // (MAX_NOTE_CHARS, MAX_DESCRIPTION_CHARS) already bound it; intake still reads it bounded below.
  // Encrypted mail, and S/MIME that could not be opened, hold no text we can read: it is filed or
  // noted with a line that says so.
  const unreadable = unreadableMailText(parsed);
  const reading = writtenByWebPage ? { replyText: typedText(whole), quoted: '', htmlOnlyText: undefined }
    : unreadable !== null ? { replyText: unreadable, quoted: '', htmlOnlyText: undefined }
    : extractReplyText({ text: parsed.text, html: parsed.html }, readings);
  const { replyText, quoted, htmlOnlyText } = reading;
  budget.check('reply text');
  // "Forward as attachment": the mail passed on is read like a forward written inline (a person's only).
  const attached: AttachedMessage[] = verdict.kind === 'person' && !writtenByWebPage ? await readAttachedMessages(parsed) : [];
  budget.check('attached messages');
  const requestText = writtenByWebPage ? replyText : requestTextOf(reading, isForwardSubject(parsed.subject, settings.mailSigns ?? defaultMailSigns()), attached);
  // Every person's mail is assessed: a reply that is refused on its ticket opens a new one.
  const summarySubject = stripSubjectTag(naming, parsed.subject);
  // Intake reads the start of the text the reply stage already made visible, never the HTML again
  // (converting deeply nested HTML without limits overflows the stack). Of HTML-only mail that is the
  // HTML's visible text (a table one row a line, its cells apart), as intake-input.ts reads it, not
  // the parser's made-up text part, which runs a table's cells together ("Client IDNameAction").
  const intakeText = limitText(replyText, MAX_INTAKE_CHARS);
  const body = htmlOnlyText ?? (parsed.text.trim() !== '' ? parsed.text : `${replyText}\n\n${quoted}`);
  const intakeBody = limitText([body, ...attached.map(attachedMessageText)].join('\n\n'), MAX_INTAKE_CHARS);
  const intakeDeferred = verdict.kind === 'person' && namesEarlierMail(clues);
  const intake = verdict.kind === 'person' && !intakeDeferred && assessIntake
    ? assessIntake.request(requestMessage(parsed, intakeBody, summarySubject), intakeText, chosenTypeOf(parsed, writtenByWebPage))
    : null;
  budget.check('intake');
  return { parsed, fingerprint, verdict, quarantine, clues, replyText, quoted, requestText, summarySubject, intakeText, intakeBody, intake, intakeDeferred };
}

/**
 * The type chosen on the request form, which intake follows (its checklist, its priority) as the page
 * keeps it on the ticket (web-mailbox.ts): read only from a message the web pages stored, never from
 * mail, whose headers anyone writes.
 */
function chosenTypeOf(parsed: ParsedMessage, writtenByWebPage: boolean): TicketType | null {
  return writtenByWebPage ? formTypeOf(parsed) : null;
}

/** Does the mail name an earlier message (a reply's headers, our pseudo ids, a ticket reference in the subject)? */
function namesEarlierMail(clues: ThreadClues): boolean {
  return clues.messageIds.length > 0 || clues.pseudoRefs.length > 0 || clues.subjectRef !== null || clues.bareSubjectRef !== null;
}

/**
 * A person's mail as the new-request assessment reads it: bounded text, no HTML, the subject
 * without our tag; its attachments as parsed (a table's client IDs are read from its text).
 */
function requestMessage(parsed: ParsedMessage, intakeBody: string, summarySubject: string): ParsedMessage {
  return { ...intakeMessage(parsed, intakeBody), subject: summarySubject };
}

/**
 * The ids of our mail that a bounce names, in the order they speak for it: the returned mail's own
 * Message-ID (the mail that came back), then the mail it answered, nearest first.
 */
function bounceIds(bounce: NonNullable<MailKindVerdict['bounce']>): string[] {
  return [bounce.originalMessageId, ...bounce.originalReferences].filter((id): id is string => Boolean(id));
}

/** The message as intake reads it: bounded text, no HTML. */
function intakeMessage(parsed: ParsedMessage, intakeBody: string): ParsedMessage {
  return { ...parsed, html: null, text: intakeBody };
}

/**
 * `arrivedAt`: when the message reached us (its stored time; `now` when not given). A signed reply
 * address proves its person if it was not yet too old then (REPLY_ADDRESS_DAYS): mail an admin
 * releases days after it arrived, or that waited out an outage, is not judged by the day it is handled.
 * `writtenByWebPage`: the web pages stored this message (inbound/web-mailbox.ts), and it is read and
 * decided as the page reads and decides it (preparePipeline, DecideInput.writtenByWebPage).
 */
export async function runPipeline(raw: Buffer, settings: PipelineSettings, lookup: ThreadLookup, assessIntake: AssessIntake | null, now: Date, parseOptions: ParseOptions = {}, budget: ProcessingBudget = startBudget(), senderAuth: SenderAuth = SENDER_AUTH_OFF, stages: PipelineStages = stagesOnThisThread(assessIntake), arrivedAt: Date = now, writtenByWebPage = false): Promise<PipelineResult> {
  const ready = await stages.prepare(raw, settings, parseOptions, budget, writtenByWebPage);
  const { parsed, fingerprint, verdict, quarantine, clues, requestText, summarySubject, intakeBody, intake: prepared, intakeDeferred } = ready;
  const kindContext = mailKindContextOf(settings);
  const sender = parsed.from?.address ?? null;
  // What the check says about the sender we took: nothing proven by a From naming several authors,
  // nor by a pass for another domain than the sender's. The web pages wrote their From themselves.
  const auth = writtenByWebPage ? senderAuth : senderVerdictFor(senderAuth, parsed);
  const epochs = lookup.tokenEpochs ? await lookup.tokenEpochs(replyTokenPersonIds(clues.recipientAddresses, settings.helpdeskAddress)) : null;
  const signed = readReplyToken(clues.recipientAddresses, settings.helpdeskAddress, [settings.secretKey, settings.secretKeyPrevious ?? ''], epochs);
  // An expired address counts as unsigned: it proves nobody and names no ticket. Its age is the one
  // it had when the mail arrived (never later than now); the key and the person's epoch are today's,
  // so an address revoked meanwhile (`deskmail people revoke`) proves nothing when the mail is handled.
  const expired = signed !== null && isReplyTokenExpired(signed, arrivedAt < now ? arrivedAt : now, settings.replyAddressDays ?? 0);
  const token = expired ? null : signed;
  // A request the web form stored names no thread, as the page files it (web/submit-request.ts): a
  // summary that mentions a ticket ("Same as Utah_RW-12") is no reply to it. What the pages store as
  // a follow-up is written to its person's signed reply address, and threads by that.
  const thread = writtenByWebPage && !token
    ? { ticket: null, matchedBy: 'none' as const, participants: [] }
    : await lookup.findThread(clues, token?.ticketId ?? null, sender);
  const tokenEmail = token ? await lookup.personEmail(token.personId) : null;
  const { replyText, quoted, intakeText } = await readAgainstSentMail(ready, thread.ticket, lookup, writtenByWebPage);
  budget.check('thread');
  const assessReplyOn = (ticket: TicketState | null | undefined) => verdict.kind === 'person' && ticket && assessIntake
    ? assessIntake.reply(intakeMessage(parsed, intakeBody), intakeText, { route: ticket.route ?? '', topic: ticket.topic ?? 'other', type: ticket.type, missingInfo: ticket.missingInfo ?? [], clientIds: ticket.clientIds ?? [] })
    : null;
  const replyAssessment = assessReplyOn(thread.ticket);
  // A late reply may go into the closed ticket's open follow-up: read against that ticket too.
  const followUpAssessment = assessReplyOn(thread.openFollowUp?.ticket);
  budget.check('intake');
  // The page answers what the person wrote on it (WEB_VERDICT); the guard reads a mail's headers.
  const mayAnswer = writtenByWebPage || mayAnswerAutomatically(parsed, kindContext, verdict).ok;
  const input: DecideInput = {
    msg: parsed,
    verdict,
    quarantine,
    duplicateOfTicketId: await lookup.duplicateOf(parsed.messageId, fingerprint),
    replyText,
    quotedText: quoted,
    requestText,
    mayAnswer,
    thread,
    tokenPerson: token && tokenEmail ? { email: tokenEmail, ticketId: token.ticketId } : null,
    replyAddressExpired: expired,
    senderIsAdmin: sender ? await lookup.isAdmin(sender) : false,
    intake: prepared,
    summarySubject,
    bouncedRecipient: verdict.bounce && lookup.bouncedRecipient ? await lookup.bouncedRecipient(bounceIds(verdict.bounce)) : null,
    replyAssessment,
    followUpAssessment,
    senderAuth: auth,
    writtenByWebPage,
    settings,
    now,
  };
  let decision = decideTicketChange(input);
  let intake = prepared;
  if (intakeDeferred && assessIntake && decision.change.kind === 'create') {
    // Mail that names an earlier message and still opens a ticket (none found, or refused on it):
    // assessed now, and decided again with the assessment. A follow-up of a closed ticket is read
    // for what its reply says: what it quotes below is the old ticket's (our status mail, the old
    // request), whose client IDs and urgency are not the new mail's.
    const followUp = decision.change.ticket.previousTicketId !== null;
    intake = await stages.assessRequest(requestMessage(parsed, followUp ? intakeText : intakeBody, summarySubject), intakeText, chosenTypeOf(parsed, writtenByWebPage));
    budget.check('intake');
    decision = decideTicketChange({ ...input, intake });
  }
  budget.check('decide');
  const senderProven = auth.verified === 'pass' || (input.tokenPerson !== null && sender !== null && input.tokenPerson.email.toLowerCase() === sender.toLowerCase()
    && (thread.ticket === null || input.tokenPerson.ticketId === thread.ticket.id));
  const change = decision.change;
  const followUp = thread.openFollowUp?.ticket ?? null;
  const decidedOn = followUp && change.kind === 'update' && change.ticketId === followUp.id ? followUp : thread.ticket;
  return { parsed, verdict, clues, matchedBy: thread.matchedBy, ticket: thread.ticket, decidedOn, replyText, quotedText: quoted, requestText, intake, mayAnswer, senderProven, senderAuth: auth, fingerprint, decision };
}

/**
 * The reply text again, read knowing the status mail it answers, when it quotes our marker and the
 * store keeps that mail's text: answers typed into our mail quoted without "> " marks join the note
 * (reply-text.ts). Else, and for what the web pages wrote, the reading made before any lookup.
 */
async function readAgainstSentMail(ready: PreparedMail, ticket: TicketState | null, lookup: ThreadLookup, writtenByWebPage: boolean): Promise<Pick<PreparedMail, 'replyText' | 'quoted' | 'intakeText'>> {
  const before = { replyText: ready.replyText, quoted: ready.quoted, intakeText: ready.intakeText };
  if (writtenByWebPage || ready.verdict.kind !== 'person' || !ticket || !lookup.sentMailText || !quotesOwnMarker(ready.quoted)) return before;
  const sentText = await lookup.sentMailText(ticket.id, ready.clues.messageIds);
  if (!sentText) return before;
  const again = extractReplyText({ text: ready.parsed.text, html: ready.parsed.html }, undefined, sentText);
  if (again.replyText === ready.replyText) return before;
  return { replyText: again.replyText, quoted: again.quoted, intakeText: limitText(again.replyText, MAX_INTAKE_CHARS) };
}

/** A lookup with no stored tickets: what the service would do with this message on its own. */
export const DRY_RUN_LOOKUP: ThreadLookup = {
  findThread: async () => ({ ticket: null, matchedBy: 'none', participants: [] }),
  personEmail: async () => null,
  isAdmin: async () => false,
  duplicateOf: async () => undefined,
};
