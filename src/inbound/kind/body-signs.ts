// What the message's own words say about it: sentences only autoresponders write, an absence with
// a return date, someone who left, a mailbox nobody reads, a calendar that declined by itself, a
// help desk's acknowledgement, and whether an absence notice is all the sender wrote. Pure: the
// wording comes from the loaded mail signs (config/mail-signs.yaml); quoted history is left out
// first, so a person quoting an autoresponder is not one.
import { findQuoteBoundaryAt } from '../reply/quote-headers.ts';
import { isClosingLine } from '../reply/signature.ts';
import { extractReplyText, type TextPartReadings } from '../reply-text.ts';
import type { ParsedMessage } from '../types.ts';
import type { CompiledSigns } from './signs.ts';

/**
 * The message's own words: quoted lines and everything below a quote header are left out.
 * Reply extraction knows every client's header (an Outlook block "Von: Kurz, Anna / Gesendet:"
 * over a quoted autoresponder included); the line scan below is the fallback. `readings`: the
 * message's text parts read so far, which the reply stage reads again.
 */
export function ownText(msg: ParsedMessage, readings?: TextPartReadings): string {
  const text = (msg.text || (msg.html ?? '').replace(/<[^>]*>/g, ' ')).slice(0, 8 * 1024);
  const extracted = extractReplyText({ text, html: null }, readings).replyText;
  const scanned = scanOwnText(text);
  // The shorter reading wins: both only ever drop history, never the person's words.
  return extracted.trim() !== '' && extracted.length < scanned.length ? extracted.replace(/[ \t]+/g, ' ') : scanned;
}

function scanOwnText(text: string): string {
  const lines = text.split(/\r?\n/);
  const own: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    if (/^\s*>/.test(line)) continue;
    const boundary = findQuoteBoundaryAt(lines, i);
    if (boundary && !boundary.weak) {
      if (boundary.ownPrefix) own.push(boundary.ownPrefix);
      break;
    }
    own.push(line);
  }
  return own.join('\n').replace(/[ \t]+/g, ' ');
}

/** A sentence only machines write ("This is an automatic reply", "This mailbox is no longer monitored"). */
export function saysAutomatic(body: string, signs: CompiledSigns): boolean {
  return signs.autoReplyBody.test(body);
}

/** An absence in an autoresponder's words ("Ich bin nicht im Büro", "I will reply when I return"). */
export function saysAbsentNow(body: string, signs: CompiledSigns): boolean {
  return signs.absenceBody.test(body);
}

// A web address is a pointer elsewhere, never a sentence's end or a question ("help?topic=hmis").
const WEB_ADDRESS = /\bhttps?:\/\/[^\s<>]{1,300}|\bwww\.[^\s<>]{1,300}/gi;
const LINK_MARK = 'LINK';
// Where a sentence ends: a stop and a space before a capital or a letter of a script without case
// ("do 20. 8. čerpám" goes on), an opening "¿", or a line break.
const SENTENCE_END = /(?<=[.!?…])\s+(?=[¿¡"“(]|\p{Lu}|\p{Lo})|\n/gu;
// "(801) 555-0111", "555-010-2290": a phone number's last groups.
const PHONE_NUMBER = /\d{3}[\s.-]\d{4}(?!\d)/;

/** A piece of the text and where it starts in it. */
interface Span {
  text: string;
  start: number;
}

/** The text as the notice readers see it: bounded, with each web address one word. */
function noticeText(body: string): string {
  return body.slice(0, 8 * 1024).replace(WEB_ADDRESS, LINK_MARK);
}

function sentencesOf(text: string): Span[] {
  const spans: Span[] = [];
  let from = 0;
  const push = (to: number): void => {
    const piece = text.slice(from, to);
    const lead = piece.length - piece.trimStart().length;
    if (piece.trim() !== '') spans.push({ text: piece.trim(), start: from + lead });
  };
  for (const m of text.matchAll(SENTENCE_END)) {
    push(m.index);
    from = m.index + m[0].length;
  }
  push(text.length);
  return spans;
}

/**
 * A question the writer asks: a sentence with "?" that is not an autoresponder's offer to point
 * elsewhere ("Need immediate help? Please contact ..."). A "?" inside a web address asks nothing.
 */
export function asksSomething(body: string, signs: CompiledSigns): boolean {
  if (!body.includes('?')) return false;
  return sentencesOf(noticeText(body)).some((s) => s.text.includes('?') && !signs.noticeQuestion.test(s.text));
}

/**
 * Whether an absence notice is the whole of the sender's own words: every sentence, and every part
 * of one after a turning word ("but", "pero"), states the absence, the return, a pointer or contact
 * elsewhere or one of a notice's remarks, with at most a greeting above and a sign-off below
 * ("Kind regards," "Alice"). "I am on vacation until 3/10 but the report still shows the wrong
 * totals" is a person writing about the request while away.
 */
export function saysNothingButAbsence(body: string, signs: CompiledSigns): boolean {
  const text = noticeText(body);
  const sentences = sentencesOf(text);
  // The sign-off: short lines with no sentence's end, at the bottom ("Mit freundlichen Grüßen", "Alice").
  while (sentences.length > 1 && isSignOffLine(sentences.at(-1)!.text)) sentences.pop();
  // The greeting: "Hello,", "Dzień dobry,", "Olá!".
  if (sentences.length > 1 && isGreeting(sentences[0]!.text, signs)) sentences.shift();
  // The absence statements are found in the whole text: "ich bin vom 3. bis 14. März im Urlaub"
  // reads as two sentences, and both are the statement.
  const absences = [...signs.absenceStatements, signs.absenceBody]
    .map((re) => re.exec(text))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => ({ start: m.index, end: m.index + m[0].length }));
  const inAbsence = (c: Span): boolean => absences.some((a) => a.start < c.start + c.text.length && c.start < a.end);
  return sentences.length > 0 && sentences.every((sentence) => clausesOf(sentence, signs).every((clause) => inAbsence(clause) || isNoticeClause(clause.text, signs)));
}

function wordCount(text: string): number {
  return text.split(/\s+/).filter((w) => /[\p{L}\d]/u.test(w)).length;
}

function isSignOffLine(line: string): boolean {
  return isClosingLine(line) || (wordCount(line) <= 4 && !/[.!?…:;]$/.test(line));
}

function isGreeting(sentence: string, signs: CompiledSigns): boolean {
  if (wordCount(sentence) > 4) return false;
  return /[,،:]$/.test(sentence) || signs.greeting.test(sentence);
}

function clausesOf(sentence: Span, signs: CompiledSigns): Span[] {
  const clauses: Span[] = [];
  let rest = sentence.text;
  let at = sentence.start;
  for (let m = signs.clauseTurn.exec(rest); m; m = signs.clauseTurn.exec(rest)) {
    clauses.push({ text: rest.slice(0, m.index), start: at });
    at += m.index + m[0].length;
    rest = rest.slice(m.index + m[0].length);
  }
  clauses.push({ text: rest, start: at });
  return clauses.filter((c) => /[\p{L}\d]/u.test(c.text));
}

function isNoticeClause(clause: string, signs: CompiledSigns): boolean {
  if (clause.includes('?')) return signs.noticeQuestion.test(clause);
  return (
    signs.absenceStatements.some((re) => re.test(clause)) ||
    signs.absenceBody.test(clause) ||
    signs.autoReplyBody.test(clause) ||
    signs.returnCue.test(clause) ||
    signs.pointsElsewhere.test(clause) ||
    signs.noticeRemark.test(clause) ||
    clause.includes(LINK_MARK) ||
    PHONE_NUMBER.test(clause)
  );
}

/**
 * An absence statement followed closely by a return date or a pointer for urgent matters, in
 * a message that asks nothing: autoresponders announce, people ask.
 */
export function saysAwayUntil(body: string, signs: CompiledSigns): boolean {
  if (asksSomething(body, signs)) return false;
  for (const re of signs.absenceStatements) {
    const m = re.exec(body);
    if (!m) continue;
    // The sentence around the statement: the return date may come first ("do 20. 8. čerpám dovolenou").
    const head = body.slice(Math.max(0, m.index - 120), m.index);
    const before = head.split(/\n|[.!]\s+(?=\p{Lu})/u).pop() ?? '';
    const after = body.slice(m.index, m.index + m[0].length + 200);
    const sentence = before + after;
    const firstSentence = before + (after.split(/[.!\n](?:\s|$)/)[0] ?? '');
    if (signs.returnCue.test(sentence) && !signs.aheadOfTime.test(firstSentence)) return true;
  }
  return false;
}

/**
 * Someone who left, pointing elsewhere, in a message that asks nothing (a person may write "I am
 * no longer with X, please update me?"). The third person counts only when the mail also speaks of
 * the mailbox itself: "Dan has left the company, please disable dan@..." is a colleague's request.
 */
export function saysDeparted(body: string, signs: CompiledSigns): boolean {
  if (asksSomething(body, signs)) return false;
  const third = signs.mailboxSpeaksOfItself.test(body) ? signs.departedThirdPerson : [];
  return [...signs.departedFirstPerson, ...third].some((re) => {
    const m = re.exec(body);
    return m !== null && signs.pointsElsewhere.test(body.slice(m.index, m.index + m[0].length + 300));
  });
}

/** A mailbox that says nobody reads it, in a message that asks nothing ("messages sent to this inbox are not read?" is a complaint). */
export function saysUnmonitored(body: string, signs: CompiledSigns): boolean {
  return !asksSomething(body, signs) && signs.unmonitoredMailbox.test(body);
}

/** A calendar declined the invitation by itself. */
export function saysCalendarAutoDecline(body: string, signs: CompiledSigns): boolean {
  return signs.calendarAutoDecline.test(body);
}

/** A help desk's automatic acknowledgement ("Reply above this line", "A support agent will respond"). */
export function saysAcknowledgement(body: string, signs: CompiledSigns): boolean {
  return signs.acknowledgementBody.test(body);
}
