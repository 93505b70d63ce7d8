// What the message's own words say about it: sentences only autoresponders write, an absence with
// a return date, someone who left, a mailbox nobody reads, a calendar that declined by itself, a
// help desk's acknowledgement. Pure: the wording comes from the loaded mail signs
// (config/mail-signs.yaml); quoted history is left out first, so a person quoting an
// autoresponder is not one.
import { findQuoteBoundaryAt } from '../reply/quote-headers.ts';
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

/** A sentence only autoresponders write ("This is an automatic reply", "Ich bin nicht im Büro"). */
export function saysAutomatic(body: string, signs: CompiledSigns): boolean {
  return signs.autoReplyBody.test(body);
}

/**
 * An absence statement followed closely by a return date or a pointer for urgent matters, in
 * a message that asks nothing: autoresponders announce, people ask.
 */
export function saysAwayUntil(body: string, signs: CompiledSigns): boolean {
  if (body.includes('?')) return false;
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
  if (body.includes('?')) return false;
  const third = signs.mailboxSpeaksOfItself.test(body) ? signs.departedThirdPerson : [];
  return [...signs.departedFirstPerson, ...third].some((re) => {
    const m = re.exec(body);
    return m !== null && signs.pointsElsewhere.test(body.slice(m.index, m.index + m[0].length + 300));
  });
}

/** A mailbox that says nobody reads it, in a message that asks nothing ("messages sent to this inbox are not read?" is a complaint). */
export function saysUnmonitored(body: string, signs: CompiledSigns): boolean {
  return !body.includes('?') && signs.unmonitoredMailbox.test(body);
}

/** A calendar declined the invitation by itself. */
export function saysCalendarAutoDecline(body: string, signs: CompiledSigns): boolean {
  return signs.calendarAutoDecline.test(body);
}

/** A help desk's automatic acknowledgement ("Reply above this line", "A support agent will respond"). */
export function saysAcknowledgement(body: string, signs: CompiledSigns): boolean {
  return signs.acknowledgementBody.test(body);
}
