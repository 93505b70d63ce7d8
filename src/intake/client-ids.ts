// Finds the client identifiers a request refers to: ClientTrack-style IDs (4 letters + 6 digits,
// upper-cased; also written "ABCD 123456" / "ABCD-123456", and in any CSV column not named otherwise),
// numeric Clarity IDs introduced as client IDs, named as a person's records or profiles, asked to be
// merged, given as a bare "ID 40217" about a client or as a person's number in the system, listed with the
// other members of a household ("mom is client ID 77302, kids are 77303 and 77305"), or listed under a
// client-ID column of a CSV or of a table in the mail, or named as the record a merge goes into. Grant,
// contract, ticket, case, invoice, phone and date look-alikes are left out, whether their label stands
// before or after them, as is a value named as some other thing's number ("site code"). A phone number is
// never a client ID, even right after "the client's number" or "Client #": "402 555 0173", "(402) 555-0173",
// "+1 402...", "555 0173", or seven or ten digits run together where its clause speaks of a phone, a number or
// a call ("El numero de la clienta es 4025550173"). An ID the writer takes
// back as mistyped ("typo, I mean ...", "33105 - sorry, 33015") gives way to the one that corrects it.
// Pure; every scan looks at a bounded window, so it stays linear.
import { allMatches, compilePattern, hasMatchAtEnd, normalizeText } from './patterns.ts';
import type { IntakeRules } from './rules.ts';

export interface ClientIdSource {
  subject: string;
  text: string;
  attachmentTexts?: string[];
  /** Attachment names: "ABCD123456 release.pdf" names its client. */
  attachments?: { filename: string }[];
}

type ClientIdRules = IntakeRules['clientIds'];

interface Mention {
  id: string;
  index: number;
  end: number;
}

/**
 * A listed number, perhaps as a bulleted or numbered item ("- 40217", "2. 40217"); not part of a date
 * ("3/4/1980"), though IDs may be split by a slash ("40217/40218").
 */
const NUMERIC = /^\s*(?:(?:[-*\u2022#]|\d{1,2}[.)]\s)\s*)?(\d{3,10})(?![\d-]|\/\d{1,2}(?!\d))/;
/** A year ("and 2024 enrollments") ends a list of longer or shorter IDs. */
const YEAR = /^(?:19|20)\d\d$/;
/** Seven digits or more: a phone number ("5550133", "4025550133"); Clarity IDs are shorter. */
const PHONE_DIGITS = 7;
/**
 * A phone number in groups, which no client ID is written as: 3-3-4 ("402 555 0173", "402.555.0173",
 * "(402) 555-0173", "1-402-555-0173"; after "+1" too) or 3-4 ("555 0173"), not part of a longer run of digits or groups.
 */
const PHONE_GROUPS = /(?<![\d./-])(?:1[ .-])?(?:\(\d{3}\) ?|\d{3}[ .-])\d{3}[ .-]\d{4}(?![\d/-]|\.\d)/g;
/** The same, local: 3-4 ("555 0173", "555-0173"). */
const PHONE_LOCAL = /(?<![\d./-])\d{3}[ .-]\d{4}(?![\d/-]|\.\d)/g;
/** "+14025550173": a +1 makes any run of digits a phone number. */
const PHONE_PLUS = /\+1[ .-]?\d{10}(?!\d)/g;
/** Seven or ten digits run together (eleven after a 1, checked by the caller): a phone number when its clause says so (PHONE_WORD). */
const PHONE_RUN = /(?<![\w./-])(?:\d{7}|\d{10,11})(?![\w/-]|\.\d)/g;
/**
 * Words of a clause about a phone: "phone", "cell", "number", "call", "reach", "text", "telefono", "numero",
 * "llamarla". "Client number 4025550173" and "Number de cliente: 5550173" name the client's phone: Clarity IDs are
 * shorter (four to six digits), so a client's "number" of seven or ten digits is the one to call.
 */
const PHONE_WORD = /\b(?:(?:tele)?phones?|tel|telefonos?|cell(?:phone)?|celular|mobile|movil|numbers?|numeros?|num|call(?:ed|ing)?|llam\w*|texts?|reach|contact\w*|whatsapp|fax)\b/i;
/** Where a phone number's clause ends: a line break, or a sentence end before a capital ("1234567. Please ..."). */
const CLAUSE_END = /\.(?=\s+[A-Z])|[!?;\n]/g;
/** How far before and after a run of digits its clause is read for PHONE_WORD. */
const PHONE_REACH = 40;
/** What may stand between an introducer and its number: "client ID's", "number", "no.", "is", "es", ":". */
const POSSESSIVE = /^'?s\b/;
const TAIL_WORD = /^\s*(?:numbers?|num\.?|no\.?|#|is|are|was|es|son|[:=-]|(?:in|en) (?:the |el )?(?:system|sistema|clarity|hmis))(?![a-z])/i;
/** "ABCD 123456", "abcd-123456": upper-case letters, or lower case shortly after the word client. */
const SEPARATED = /(?<![\w-])([A-Za-z]{4})[ -](\d{6})(?![\w-])/g;
const CLIENT_WORD = /\b(?:client[ea]?s?|hmis|clarity)\b/i;
/** An introducer that says what the number identifies: a client, a Clarity/HMIS record, a profile, a merge. */
const NAMES_RECORD = /client|hmis|clarity|personal|record|registro|profile|perfil|dup|merg/i;
/** A few words, no sentence or clause break: "client ", " the ID ". */
const SAME_CLAUSE = /^[^.!?;\n]{0,20}$/;
/** The word a bare "ID" is written after: "Ortiz (ID", "Grant, ID". */
const LEADING_WORD = /^[A-Za-z]+(?= \(|, )/;
const FIRST_WORD = /^[A-Za-z]+/;
/** A correction names the right one: "it's", "is", "es", "the right one", "I mean", "sorry,", ":". */
const CORRECTION_CUE = /\b(?:it'?s|is|es|was|be|read|right|correct|meant?|decir|sorry|perdon)\b|[:=>]/i;
/** A short note after a listed number: "40217 (keep)". */
const NOTE = /^\s*\([^)\n]{0,30}\)/;
/** A date after a listed number: "40217 on 12/03/2024", "40217, DOB 3/4/1980". */
const DATED = /^,?[ \t]*(?:on|dob|born)\b[ \t:]*\d\d?\/\d\d?(?:\/\d\d(?:\d\d)?)?(?![\d/])/i;
/** The next item of a list written one number per line ("- 40233"), the number alone on its line. */
const LIST_ITEM = /^[ \t]*\r?\n[ \t]*(?:(?:[-*\u2022]|\d{1,2}[.)])[ \t]+)?(\d{3,10}[ \t]*(?:\([^)\n]{0,30}\)[ \t]*)?)(?=\r?\n|$)/;
/**
 * Another member of the household after a listed ID: "mom is client ID 77302, kids are 77303", "and her
 * daughter 40218", "y el de su hija es 40218".
 */
const MEMBER = /^(?:(?:el|la|los|las) de )?(?:(?:her|his|their|the|su|sus) )?(?:mom|mother|dad|father|son|daughter|kids?|child(?:ren)?|baby|wife|husband|partner|sister|brother|hij[oa]s?|mama|papa|esposo|esposa) (?:(?:is|are|es|son) )?/i;
/** Before the next number of a list, a hedge ("and maybe 71229") or the introducer again ("ID 80115 and ID 80998"). */
const LIST_LEAD = /^(?:(?:maybe|perhaps|possibly|probably|also|quizas|tal vez) |(?:client[ea]? )?(?:ids?|#|n[uo]mero|numbers?)\b ?[#:]? ?)/i;
/** A header naming one kind of record's IDs: "Duplicate IDs", "Profile ID". */
const RECORD_IDS = /^([a-z]+) ids?$/i;
/** One word before a header's introducer, not itself a look-alike label: checked by the caller. */
const QUALIFIER = /^(?:[a-z]{2,12} )?$/i;
/** After a header's introducer: a note ("(keep)") or one qualifying word ("mantener"), then a few characters. */
const HEADER_TAIL = /^(?:\(.*\)|[a-z]{2,12})?.{0,6}$/i;
/** "ABCD123456 under subaward ...": a word linking a value to a label after it says the label names another value. */
const LINKS = '(?:under|for|from|by|in|on|with|of|to|per|via|and|or|y|o|en|de|con|para)\\b';
/** "The client ID is not 30412 but 30421", "isn't 30412, it's 30421": the number after "but" is the ID. */
const NOT_BUT = /^\s*(?:not|isn'?t)\s+#?\d{3,10}[\s,;]*(?:but|it'?s|rather)\b/i;
/**
 * "The client ID is 58831, not 58813": what an ID is, and is not, sets the number after "not" aside as
 * mistaken wherever else it appears ("keep 40217, not 40218" names a duplicate, so it does not count).
 */
const IS_NOT = /\b(?:ids?|numbers?|#|n[uo]mero|client[ea]?)\s+(?:is|es|was|should (?:be|read))\s+#?([a-z]{4}\d{6}|\d{3,10}),?\s+(?:and\s+)?not?\s+#?([a-z]{4}\d{6}|\d{3,10})(?![\w/-])/gi;
/**
 * A value named as some thing's number, code or ID ("agreement number", "site code ... is", "HUD project ID"):
 * the thing's word, unless it names a client record or only qualifies the ID, says what the value numbers.
 */
const NUMBER_OF = /\b([a-z][a-z-]{2,})[ -](?:numbers?|nos?\.|#|codes?|keys?|identifiers?|ids?)(?![a-z])(?:(?:(?!client)[^.;!?\n]){0,40}(?:\b(?:is|was|es)|:))?[\s:#=]*$/i;
/**
 * After a value, the writer's own number named as some thing's: "SUPP204411 is our supplier number", "PAYE204411
 * (our payee ID)", "ESGS240118 es nuestro numero de subvencion". Only "our" or "my": "the older ID", "her HoH number"
 * still qualify a client's ID.
 */
const NUMBER_AFTER = /^[\s(,-]{0,3}(?:(?:(?:is|are|was|were) )?(?:our|my) ([a-z]{3,})[ -](?:numbers?|nos?\.|#|codes?|keys?|identifiers?|ids?)(?![a-z])|(?:es|son) (?:nuestr[ao]s?|mis?) (?:numeros?|codigos?|ids?) de (?:la )?([a-z]{3,}))/i;
/** Words that qualify a client's ID rather than name another thing: "her ID", "the right number", "new ID". */
const QUALIFIES_ID = /^(?:the|and|or|his|her|their|your|my|our|its|this|that|same|right|correct|wrong|new|old|other|first|second|last|real|actual|unique|main|primary|keep|kept|surviving|person|participant|guest|resident)$/i;
/** The record a merge goes into, or a duplicate copies, is a client's: "merge it into 50812", "a dup of 40218". */
const MERGE_TARGET = String.raw`\b(?:merg\w*(?: (?:it|them|both|those|these|all))? into|dup\w* of) (?!(?:19|20)\d\d\b)(?=\d)`;
/** A merge request's numbered pairs of records: "Pair 1: 20551 / 20573", "Par 2: 31008 y 31442". */
const RECORD_PAIR = String.raw`\b(?:pair|par|pareja) ?\d{0,2}: ?(?=\d)`;
/** A value right after a label: "invoice INVC204417", "ticket #40217", "case: 00418827"; a year is none ("grant 2024-25"). */
const OWN_VALUE = /^[\s#:]*(?:[a-z]{4}[ -]?\d{6}|(?!(?:19|20)\d\d(?!\d))\d{3,})/i;
/** What may open a row before its value: indentation, a quote mark, a bullet. */
const ROW_OPENING = /^[\s>]*(?:[-*\u2022][ \t]*)?$/;
/** A line that begins with a value, as an item of a list one value per line does. */
const LISTED_VALUE = /^[\s>]*(?:[-*\u2022][ \t]*)?([a-z]{4}[ -]?\d{6}|\d{3,10})(?![\w/-])/i;
const LOOK_BEHIND = 60;
const LOOK_AHEAD = 60;
const RETRACT_REACH = 60;

export function extractClientIds(source: ClientIdSource, rules: ClientIdRules): string[] {
  const text = normalizeText(`${source.subject}\n\n${source.text}`);
  const candidates = shapedCandidates(text, rules);
  const phones = phoneDigits(text);
  // A phone number's digits are no ID wherever they stand: after an introducer, in a table, as a correction.
  const mentions = [...shapedIds(text, rules, candidates), ...introducedNumbers(text, rules, phones), ...tableNumbers(text, rules)]
    .filter((m) => !phones.has(m.index));
  mentions.sort((a, b) => a.index - b.index);
  const { retracted, corrections } = readRetractions(text, mentions, rules, phones);
  const found = new Map<string, number>();
  for (const m of [...mentions, ...corrections]) {
    if (!retracted.has(m.id) && !found.has(m.id)) found.set(m.id, m.index);
  }
  // A number introduced once may be referred back to earlier or later ("keep 71503"): order by first mention.
  const ordered = [...found.keys()].map((id) => ({ id, index: firstMention(text, id, found.get(id)!) }));
  ordered.sort((a, b) => a.index - b.index);
  const ids = ordered.map((o) => o.id);
  const add = (id: string): void => {
    if (!ids.includes(id)) ids.push(id);
  };
  // A file named by a value the text mentions but does not take as a client ID ("invoice ICAL250117",
  // "ICAL250117.pdf") is that value's document.
  const setAside = new Set(candidates.map((c) => c.id).filter((id) => !ids.includes(id)));
  for (const { filename } of source.attachments ?? []) {
    for (const m of shapedIds(normalizeText(filename ?? '').replace(/[_.]/g, ' '), rules)) if (!setAside.has(m.id)) add(m.id);
  }
  for (const csv of source.attachmentTexts ?? []) readCsvClientIds(csv, rules).forEach(add);
  return ids;
}

/**
 * ClientTrack-shaped IDs, joined or separated, that no look-alike label names. A label covers the list
 * it opens or closes ("invoices A and B", "A and B are our grant numbers"), and a value named as a
 * look-alike once (a subaward in the body) is one wherever it appears (the same number in the subject).
 */
function shapedIds(text: string, rules: ClientIdRules, found: readonly Candidate[] = shapedCandidates(text, rules)): Mention[] {
  // Look-alike labels spread over lists on copies: the caller may read the candidates again.
  const candidates = found.map((c) => ({ ...c }));
  spreadOverLists(text, candidates, rules);
  const lookAlikes = new Set([...candidates.filter((c) => c.lookAlike).map((c) => c.id), ...tableLookAlikes(text, rules)]);
  return candidates.filter((c) => !lookAlikes.has(c.id)).map(({ id, index, end }) => ({ id, index, end }));
}

interface Candidate extends Mention {
  lookAlike: boolean;
}

function shapedCandidates(text: string, rules: ClientIdRules): Candidate[] {
  const out: Candidate[] = [];
  const addresses = webAddressSpans(text);
  const inAddress = (index: number): boolean => addresses.some(([start, end]) => index > start && index < end);
  for (const match of allMatches(rules.letterDigit, text)) {
    if (inAddress(match.index)) continue;
    const end = match.index + match[0].length;
    out.push({ id: match[0].toUpperCase(), index: match.index, end, lookAlike: isLookAlike(text, match.index, end, rules) });
  }
  // One person's records share their letters: "PTRS204418 and ptrs 204481" names a second record.
  const letterParts = new Set(out.map((c) => c.id.slice(0, 4)));
  for (const match of text.matchAll(SEPARATED)) {
    const [whole, letters, digits] = match as unknown as [string, string, string];
    if (inAddress(match.index)) continue;
    const end = match.index + whole.length;
    const near = text.slice(Math.max(0, match.index - 30), match.index).split('\n').pop()!;
    const known = letters === letters.toUpperCase() || letterParts.has(letters.toUpperCase());
    if (!known && !CLIENT_WORD.test(near.slice(near.lastIndexOf('.') + 1))) continue;
    // The letters may themselves be the label ("CASE 204417").
    const lookAlike = isLookAlike(text, match.index, end, rules) || isLookAlike(text, end - digits.length, end, rules);
    out.push({ id: `${letters}${digits}`.toUpperCase(), index: match.index, end, lookAlike });
  }
  return out.sort((a, b) => a.index - b.index);
}

/**
 * A web address, with or without its scheme: its path names a page ("help.example.com/articles/clnd200417"),
 * not a client the writer means, unless the address itself opens a client's record (".../client/ABCD123456",
 * "?ClientID=ABCD123456").
 */
const WEB_ADDRESS = /^(?:https?:\/\/|www\.|[a-z][\w-]*(?:\.[a-z][\w-]*)+\/)/i;
/** What ends a run of characters an address may hold. */
const ADDRESS_BREAK = /[\s<>"()[\]]/;
/** What every web address holds: a slash, or "www." at its start. Only the runs holding one are read. */
const ADDRESS_MARK = /\/|www\./gi;
const OPENS_CLIENT = /client(?:s|_?id)?\b/i;

/**
 * Where the web addresses of a text begin and end, from the start of each to the first client record it opens. Each
 * run of characters an address may hold is read once, from its start, so the scan stays linear.
 */
function webAddressSpans(text: string): [number, number][] {
  const spans: [number, number][] = [];
  let read = 0;
  for (const mark of text.matchAll(ADDRESS_MARK)) {
    if (mark.index < read) continue;
    let start = mark.index;
    while (start > read && !ADDRESS_BREAK.test(text[start - 1]!)) start--;
    let end = mark.index;
    while (end < text.length && !ADDRESS_BREAK.test(text[end]!)) end++;
    const run = text.slice(start, end);
    if (WEB_ADDRESS.test(run)) {
      const opens = OPENS_CLIENT.exec(run);
      spans.push([start, start + (opens ? opens.index : run.length)]);
    }
    read = end;
  }
  return spans;
}

/** Neighbours joined only by a list separator share a look-alike label, forwards and backwards. */
function spreadOverLists(text: string, candidates: Candidate[], rules: ClientIdRules): void {
  if (candidates.length < 2) return;
  const joiner = new RegExp(`^\\s*(?:${compilePattern(rules.listSeparator).source})\\s*$`, 'iu');
  const joined = candidates.map((c, i) => i > 0 && joiner.test(text.slice(candidates[i - 1]!.end, c.index)));
  for (let i = 1; i < candidates.length; i++) if (joined[i] && candidates[i - 1]!.lookAlike) candidates[i]!.lookAlike = true;
  for (let i = candidates.length - 1; i > 0; i--) if (joined[i] && candidates[i]!.lookAlike) candidates[i - 1]!.lookAlike = true;
}

/**
 * Where the digits of the text's phone numbers stand (see PHONE_GROUPS, PHONE_LOCAL, PHONE_PLUS, PHONE_RUN). A run of seven or ten
 * digits is read in its own clause, a bounded window either side, so the scan stays linear.
 */
function phoneDigits(text: string): Set<number> {
  const digits = new Set<number>();
  const mark = (start: number, end: number): void => {
    for (let i = start; i < end; i++) if (/\d/.test(text[i]!)) digits.add(i);
  };
  for (const m of [...text.matchAll(PHONE_GROUPS), ...text.matchAll(PHONE_LOCAL), ...text.matchAll(PHONE_PLUS)]) mark(m.index, m.index + m[0].length);
  for (const m of text.matchAll(PHONE_RUN)) {
    if (m[0].length === 11 && !m[0].startsWith('1')) continue;
    const end = m.index + m[0].length;
    const before = text.slice(Math.max(0, m.index - PHONE_REACH), m.index);
    const after = text.slice(end, end + PHONE_REACH);
    const clauseStart = Math.max(0, ...[...before.matchAll(CLAUSE_END)].map((c) => c.index + c[0].length));
    const clauseEnd = [...after.matchAll(CLAUSE_END)][0]?.index ?? after.length;
    if (PHONE_WORD.test(before.slice(clauseStart)) || PHONE_WORD.test(after.slice(0, clauseEnd))) mark(m.index, end);
  }
  return digits;
}

/** "client IDs 101, 102 and 103", "número de cliente es 45123": the numbers after an introducer. */
function introducedNumbers(text: string, rules: ClientIdRules, phones: ReadonlySet<number>): Mention[] {
  const out: Mention[] = [];
  for (const introducer of [...rules.introducers, MERGE_TARGET, RECORD_PAIR]) {
    for (const match of allMatches(introducer, text)) {
      const bare = !NAMES_RECORD.test(match[0]);
      // A bare ID belongs to the word it follows ("the Hope Grant (ID 40217)"), which may be a look-alike label;
      // a record word may itself close one ("medical record 554120").
      const labelEnd = match.index + ((bare ? LEADING_WORD : FIRST_WORD).exec(match[0])?.[0].length ?? 0);
      if (isLookAlike(text, labelEnd, labelEnd, rules, true)) continue;
      const start = match.index + match[0].length;
      const tail = afterTail(text, start);
      const listed = readIdList(text, tail + (NOT_BUT.exec(text.slice(tail, tail + 40))?.[0].length ?? 0), rules, phones);
      // A bare "ID 40217" names no kind of record, so a label after it may still name another system's.
      out.push(...(bare ? listed.filter((m) => !isLookAlike(text, m.index, m.end, rules)) : listed));
    }
  }
  return out;
}

/** Skips "'s", "number", "is", ":" and the like after an introducer (a few words at most). */
function afterTail(text: string, start: number): number {
  let position = start + (POSSESSIVE.exec(text.slice(start, start + 3))?.[0].length ?? 0);
  for (let words = 0; words < 4; words++) {
    const word = TAIL_WORD.exec(text.slice(position, position + 20));
    if (!word) break;
    position += word[0].length;
  }
  return position;
}

/** The numbers right after an introducer, joined by list separators; a phone number, first or later, ends the list. */
function readIdList(text: string, start: number, rules: ClientIdRules, phones: ReadonlySet<number>): Mention[] {
  const out: Mention[] = [];
  let position = start;
  const separator = new RegExp(`^\\s*(?:${compilePattern(rules.listSeparator).source})\\s*`, 'iu');
  for (;;) {
    const rest = text.slice(position, position + 40);
    const number = NUMERIC.exec(rest);
    if (!number || (out.length && isYearAmongIds(number[1]!, out[0]!.id))) break;
    const index = position + number[0].length - number[1]!.length;
    if (phones.has(index)) break;
    out.push({ id: number[1]!, index, end: index + number[1]!.length });
    position += number[0].length;
    position += noteLength(text.slice(position, position + 40));
    const sep = separator.exec(text.slice(position, position + 40));
    const item = sep ? null : LIST_ITEM.exec(text.slice(position, position + 60));
    if (sep) position += sep[0].length + listLead(text.slice(position + sep[0].length, position + sep[0].length + 40));
    else if (item) position += item[0].length - item[1]!.length;
    else break;
  }
  return out;
}

/** The length of what may open the next item of a list: a household member, a hedge, the introducer again. */
function listLead(rest: string): number {
  return (MEMBER.exec(rest) ?? LIST_LEAD.exec(rest))?.[0].length ?? 0;
}

/** The length of a bracketed note or a date written after a listed number, or 0. */
function noteLength(rest: string): number {
  return (NOTE.exec(rest) ?? DATED.exec(rest))?.[0].length ?? 0;
}

/**
 * "Client IDs 30412 and 2024 enrollments", "client ID 40217, 5550133": a year or a phone number
 * after IDs of another length ends the list.
 */
function isYearAmongIds(value: string, firstId: string): boolean {
  return (YEAR.test(value) || value.length >= PHONE_DIGITS) && firstId.length !== value.length;
}

/** Whether a label names the value at [index, end) as a grant, invoice, case, ticket, phone... */
function isLookAlike(text: string, index: number, end: number, rules: ClientIdRules, sameLine = false): boolean {
  // For an introducer ("client ID ...") only its own line counts: a subject ending in "enrollment" does
  // not turn the body's "Client ID 40217" into an enrollment reference. A bare look-alike may sit under its
  // label or after a wrapped line, but within its paragraph ("Ms. Hawkins (HWKS218830)" after a subject).
  // A value opening a row under a table row or another list item is read on its own line: the words above
  // describe their own column or item ("Keep | Merge | PHA voucher #", "KLMN482910 - has his docs").
  const window = text.slice(Math.max(0, index - LOOK_BEHIND), index);
  const ownLine = sameLine || opensRowUnderRow(text, index, end);
  const before = ownLine ? window.slice(window.lastIndexOf('\n') + 1) : window.slice(paragraphStart(window));
  const { labelBefore, labelInClause, labelAfter } = labelPatterns(rules);
  if ([...rules.excludeBefore, labelBefore, labelInClause].some((label) => hasMatchAtEnd(label, before))) return true;
  const after = text.slice(end, end + LOOK_AHEAD).split('\n')[0]!;
  return !sameLine && (namesOtherNumber(before) || namesOtherNumberAfter(after) || labelsValueBefore(after, labelAfter));
}

/**
 * Whether a value opens its line, and its line and the line above are rows of a table, or the line above
 * begins with a value of the same shape (the item before it in a list one value per line; a wrapped
 * sentence may begin with a year).
 */
function opensRowUnderRow(text: string, index: number, end: number): boolean {
  const lineStart = text.lastIndexOf('\n', index - 1) + 1;
  if (lineStart === 0 || !ROW_OPENING.test(text.slice(lineStart, index))) return false;
  const above = text.slice(text.lastIndexOf('\n', lineStart - 2) + 1, lineStart - 1);
  const lineEnd = text.indexOf('\n', index);
  const line = text.slice(lineStart, lineEnd < 0 ? text.length : lineEnd);
  if (tableCells(above).length >= 2 && tableCells(line).length >= 2) return true;
  const item = LISTED_VALUE.exec(above)?.[1];
  return !!item && valueShape(item) === valueShape(text.slice(index, end));
}

/** "ABCD123456", "abcd-123456" -> "LLLLDDDDDD"; "40217" -> "DDDDD". */
function valueShape(value: string): string {
  return value.replace(/[ -]/g, '').replace(/[a-z]/gi, 'L').replace(/\d/g, 'D');
}

/** A label after a value names it, unless the label brings its own value ("MRTN204417 (invoice INVC204417 is separate)"). */
function labelsValueBefore(after: string, labelAfter: string): boolean {
  const label = compilePattern(labelAfter).exec(after);
  return !!label && !OWN_VALUE.test(after.slice(label.index + label[0].length));
}

/** Whether the words before a value name it as another thing's number ("our site code is", "agreement number"). */
function namesOtherNumber(before: string): boolean {
  return isOtherThing(NUMBER_OF.exec(before)?.[1]);
}

/** Whether the words after a value name it as another thing's number ("is our supplier number"). */
function namesOtherNumberAfter(after: string): boolean {
  const named = NUMBER_AFTER.exec(after);
  return isOtherThing(named?.[1] ?? named?.[2]);
}

/** A thing's word that names neither a client record nor only qualifies the ID. */
function isOtherThing(thing: string | undefined): boolean {
  return !!thing && !NAMES_RECORD.test(thing) && !QUALIFIES_ID.test(thing);
}

/** The look-alike labels as patterns: right before a value, earlier in its clause, right after it in its sentence. */
function labelPatterns(rules: ClientIdRules): LabelPatterns {
  let patterns = labelPatternCache.get(rules);
  if (!patterns) labelPatternCache.set(rules, (patterns = buildLabelPatterns(rules)));
  return patterns;
}

interface LabelPatterns {
  labelBefore: string;
  labelInClause: string;
  labelAfter: string;
}

const labelPatternCache = new WeakMap<ClientIdRules, LabelPatterns>();

function buildLabelPatterns(rules: ClientIdRules): LabelPatterns {
  const all = [...rules.labels, ...rules.references].join('|');
  const references = [...rules.references, ...rules.clientParts].join('|');
  return {
    // A bracket, comma or dash may stand between a paper's label and its value: "grant (ESGS240118)", "Contract - CNTR240009",
    // also after a short clause saying whose paper it is ("the invoice we received (LICN240933)"); not after a
    // reference word, as "enrollment (KLMN482915)" is the client's enrollment. A client's own part names its
    // own number only as such: "enrollment ID ENRL240118", not "enrollment PRLT502214".
    labelBefore: `\\b(?:(?:${all})s?[\\s#:=]*(?:nos?\\.?|ids?|num\\w*)?[\\s#:=]*`
      + `|(?:${rules.clientParts.join('|')})s?[\\s:=]*(?:#|nos?\\.?|ids?|num\\w*|ref(?:erence)?\\b\\.?)[\\s#:=]*`
      + `|(?:${rules.labels.join('|')})s?(?: (?:we|you|they|i)(?: \\w+){1,2})?\\s?[(,-] ?)$`,
    // The label's clause may run up to the value through a verb of filing: "our grant is billed under ESGP240117".
    labelInClause: `\\b(?:${all}|${rules.clientParts.join('|')})s?\\b(?:(?!client)[^.;]){0,40}`
      + `(?:\\b(?:is|was|reads|es)(?: \\w+ed (?:under|as))?\\s*:?|:)\\s*$`,
    labelAfter: `^(?:(?![.!?]\\s)\\W){0,3}(?:(?:is|are|was|were|es|son|as) )?(?:(?:the|our|my|an?|la|el|nuestr[ao]s?) )?(?:(?!${LINKS})[\\w-]+ )?`
      + `(?:(?:${rules.labels.join('|')})s?\\b|(?:${references}) ?(?:no\\b|num|#|id\\b))`,
  };
}

/** Where the window's last paragraph begins: after its last blank line. */
function paragraphStart(window: string): number {
  const lines = window.split('\n');
  let start = 0;
  let offset = 0;
  lines.forEach((line, i) => {
    if (i > 0 && i < lines.length - 1 && line.trim() === '') start = offset + line.length + 1;
    offset += line.length + 1;
  });
  return Math.min(start, window.length);
}

/**
 * "Client ID 40217 - sorry, I mistyped, it is 40271": the ID just before a retraction gives way to the
 * same-shaped ID that follows it. A retraction naming the ID itself ("ignore the ID in my last email
 * (A); the right one is B") may also come before it. "The ID is A, not B" sets the same-shaped B aside.
 */
function readRetractions(text: string, mentions: Mention[], rules: ClientIdRules, phones: ReadonlySet<number>): { retracted: Set<string>; corrections: Mention[] } {
  const retracted = new Set<string>();
  const corrections: Mention[] = [];
  for (const spec of rules.retract) {
    for (const marker of allMatches(spec, text)) {
      const markerEnd = marker.index + marker[0].length;
      const next = firstFrom(mentions, marker.index);
      const previous = mentions[next - 1];
      const before = previous && previous.end <= marker.index && marker.index - previous.end <= RETRACT_REACH ? previous : undefined;
      const namesId = /(?:id|number)$/i.test(marker[0]);
      const taken = before ?? (namesId ? within(mentions, markerEnd)[0] : undefined);
      if (!taken || text.slice(taken.end, marker.index).includes('\n\n')) continue;
      const from = Math.max(taken.end, markerEnd);
      const correction = within(mentions, from).find((m) => sameShape(m.id, taken.id)) ?? sameLengthNumberAfter(text, from, taken.id, phones);
      if (!correction || !namesCorrection(marker[0], text.slice(from, correction.index))) continue;
      retracted.add(taken.id);
      corrections.push(correction);
    }
  }
  for (const match of text.matchAll(IS_NOT)) {
    const [, right, wrong] = match as unknown as [string, string, string];
    if (sameShape(right.toUpperCase(), wrong.toUpperCase())) retracted.add(wrong.toUpperCase());
  }
  for (const c of corrections) retracted.delete(c.id);
  return { retracted, corrections };
}

/**
 * Whether the words between a retraction and the next ID say it is the right one ("typo, it's 30421"),
 * or the retraction says so itself and the ID follows in the same clause ("I mean client 30421", not
 * "I mean every day. Client 30421 too").
 */
function namesCorrection(marker: string, between: string): boolean {
  return CORRECTION_CUE.test(between) || (CORRECTION_CUE.test(marker) && SAME_CLAUSE.test(between));
}

/** Index of the first mention at or after a position (mentions are sorted): a binary search keeps this linear. */
function firstFrom(mentions: Mention[], position: number): number {
  let low = 0;
  let high = mentions.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (mentions[mid]!.index < position) low = mid + 1;
    else high = mid;
  }
  return low;
}

/** The mentions that start within reach after a position. */
function within(mentions: Mention[], position: number): Mention[] {
  const out: Mention[] = [];
  for (let i = firstFrom(mentions, position); i < mentions.length && mentions[i]!.index - position <= RETRACT_REACH; i++) out.push(mentions[i]!);
  return out;
}

/** A typo keeps an ID's shape: same letters part and length, a few digits changed. */
function sameShape(a: string, b: string): boolean {
  return a !== b && a.length === b.length && a.replace(/\d/g, '') === b.replace(/\d/g, '');
}

function sameLengthNumberAfter(text: string, from: number, id: string, phones: ReadonlySet<number>): Mention | undefined {
  if (!/^\d+$/.test(id)) return undefined;
  const window = text.slice(from, from + RETRACT_REACH);
  const match = [...window.matchAll(/(?<![\w/.-])\d+(?![\w/-])/g)].find((m) => m[0].length === id.length && m[0] !== id && !phones.has(from + m.index));
  return match ? { id: match[0], index: from + match.index, end: from + match.index + match[0].length } : undefined;
}

function firstMention(text: string, id: string, fallback: number): number {
  const re = new RegExp(`(?<![\\w-])${id}(?![\\w/-])`, 'i');
  const match = re.exec(text);
  return match ? Math.min(match.index, fallback) : fallback;
}

/**
 * Whether a column header names client IDs: an introducer opens it ("Client ID (keep)", "HMIS ID",
 * "client_id"), perhaps after or before one qualifying word ("duplicate_client_id", "Keep Client ID",
 * "client_id_keep"), or a record word does ("Duplicate IDs"). A bare "ID" column may number anything.
 */
function isIdHeader(name: string, rules: ClientIdRules): boolean {
  // Camel case reads as words: "PersonalID" is "Personal ID".
  const header = normalizeText(name).replace(/([a-z])(?=[A-Z])/g, '$1 ').replace(/[_-]/g, ' ').trim();
  const recordWord = RECORD_IDS.exec(header)?.[1];
  if (recordWord && NAMES_RECORD.test(recordWord)) return true;
  return rules.introducers.some((introducer) => {
    const match = compilePattern(introducer).exec(header);
    return !!match && NAMES_RECORD.test(match[0]) && QUALIFIER.test(header.slice(0, match.index)) && HEADER_TAIL.test(header.slice(match.index + match[0].length).trim());
  });
}

/**
 * A merge request's table names its columns for the side each record takes ("Keep (correct record)", "Duplicate to
 * merge", "Surviving record"), not "Client ID": once one header of the row says merging, such a column holds client IDs.
 */
const MERGE_HEADER = /\b(?:keep|kept|retain\w*|surviv\w*|duplicated?|dup|merg\w*|fusion\w*|mantener|conservar|duplicad[oa])\b/i;
const RECORD_HEADER = /\b(?:record|registro|profile|perfil)\b/i;
/** A column of other things in the same table: its date, the client's phone or birth date, a count. */
const OTHER_HEADER = /\b(?:dates?|dob|birth|fecha|phone|tel|telefono|count|total|how many|number of|age|grant|ssn)\b/i;
/** A merge table's ID is no count: at least four digits. */
const MERGE_TABLE_ID = /^\d{4,10}$/;

/** The columns of a header row that name client IDs: by an introducer, or by the side of a merge (see MERGE_HEADER). */
function idColumns(row: string[], rules: ClientIdRules): { columns: number[]; value: RegExp } {
  const named = row.flatMap((cell, i) => (isIdHeader(cell, rules) ? [i] : []));
  if (named.length || !row.some((cell) => MERGE_HEADER.test(cell))) return { columns: named, value: /^\d{3,10}$/ };
  const sides = row.flatMap((cell, i) => ((MERGE_HEADER.test(cell) || RECORD_HEADER.test(cell)) && !OTHER_HEADER.test(cell) ? [i] : []));
  return { columns: sides, value: MERGE_TABLE_ID };
}

/** Numbers under a client-ID column of a table written in the mail (tabs, pipes or wide spaces). */
function tableNumbers(text: string, rules: ClientIdRules): Mention[] {
  const out: Mention[] = [];
  let columns: number[] = [];
  let value = /^\d{3,10}$/;
  let offset = 0;
  for (const line of text.split('\n')) {
    const row = tableCells(line);
    if (row.length < 2) columns = [];
    else if (columns.length) {
      for (const column of columns) {
        const cell = row[column] ?? '';
        if (value.test(cell)) out.push({ id: cell, index: offset + line.indexOf(cell), end: offset + line.indexOf(cell) + cell.length });
      }
    } else ({ columns, value } = idColumns(row, rules));
    offset += line.length + 1;
  }
  return out;
}

/** ClientTrack-shaped values under a column of a table in the mail whose header names another thing ("Grant", "Voucher #"). */
function tableLookAlikes(text: string, rules: ClientIdRules): string[] {
  const out: string[] = [];
  let header: string[] = [];
  for (const line of text.split('\n')) {
    const row = tableCells(line);
    if (row.length < 2) header = [];
    else if (!header.length) header = row;
    else row.forEach((cell, i) => namesOtherThing(header[i] ?? '', rules) && out.push(...allMatches(rules.letterDigit, cell).map((m) => m[0].toUpperCase())));
  }
  return out;
}

/** Whether a column header names a look-alike ("grant_number", "Invoice", "enrollment_id"). */
function namesOtherThing(header: string, rules: ClientIdRules): boolean {
  const label = normalizeText(header).replace(/[_-]/g, ' ');
  return isLookAlike(label, label.length, label.length, rules, true);
}

function tableCells(line: string): string[] {
  const row = line.replace(/^[>\s]+/, '').trim();
  if (/^[|:\s-]+$/.test(row) && row.includes('-')) return ['-', '-'];
  const cells = row.includes('|') ? row.replace(/^\||\|$/g, '').split('|') : row.split(row.includes('\t') ? '\t' : /\s{2,}/);
  return cells.map((c) => c.trim());
}

/** How many title or date rows an export may put before its header. */
const CSV_PREAMBLE_ROWS = 3;

/** The delimiter a header row uses: semicolons, tabs or commas. */
function csvDelimiter(header: string): string {
  return header.includes(';') && !header.includes(',') ? ';' : header.includes('\t') ? '\t' : ',';
}

/** The cells of a CSV row, quotes removed. */
function csvCells(line: string, delimiter: string): string[] {
  return line.split(delimiter).map((c) => c.trim().replace(/^"|"$/g, '').trim());
}

/** Values under every column whose header names client IDs, and ClientTrack-shaped IDs in any column not named otherwise. */
export function readCsvClientIds(csv: string, rules: ClientIdRules): string[] {
  const all = csv.replace(/^\uFEFF/, '').split(/\r?\n/).filter((l) => l.trim());
  // An export may open with a title or run date: the header is the first of its first rows to name a
  // client-ID column (a row holding a number is data, not a header).
  const start = Math.max(0, all.slice(0, CSV_PREAMBLE_ROWS + 1).findIndex((line) => !/\d{3}/.test(line) && csvCells(line, csvDelimiter(line)).some((name) => isIdHeader(name, rules))));
  const lines = all.slice(start);
  const header = lines[0];
  if (!header) return [];
  const delimiter = csvDelimiter(header);
  const cells = (line: string): string[] => csvCells(line, delimiter);
  const names = cells(header);
  // Columns named by an introducer, or a merge file's sides ("keep", "merge"), as in a table in the mail.
  const { columns, value: idValue } = idColumns(names, rules);
  const named = names.map((_, column) => columns.includes(column));
  // A ClientTrack-shaped value is a client ID in any column ("duplicate_of", "keep", "notes"), as in the
  // text, unless the header names it as something else ("enrollment_id", "grant").
  const other = names.map((name) => namesOtherThing(name, rules));
  const ids: string[] = [];
  const add = (id: string): void => {
    if (!ids.includes(id)) ids.push(id);
  };
  // Row by row, left to right: a file of duplicate pairs lists each pair together.
  for (const line of lines.slice(1)) {
    cells(line).forEach((value, column) => {
      if (named[column] && idValue.test(value)) add(value);
      else if (named[column] || !other[column]) shapedIds(normalizeText(value), rules).forEach((m) => add(m.id));
    });
  }
  return ids;
}
