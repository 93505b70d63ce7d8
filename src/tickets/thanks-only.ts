// Reads a reply to a closed ticket for whether it only thanks or says the fix works ("Thank you so
// much!", "Works now, thanks", "Thanks, will contact MACCH."). Such a reply is kept as a note on the
// closed ticket instead of reopening it or starting a follow-up (tickets/decide.ts): the guide's
// "has been verified as fixed, the ticket is closed, and no more action is needed".
//
// Conservative: every clause of the note must be one of a few known kinds: thanks (alone, with a
// name, or with a few plain words about the help: "thank you for fixing it so quickly"), words that
// it works (fix-answer.ts readFixAnswer 'works', with nothing more asked for in them), a plain "ok"
// or "sounds good" (or "no problem", "no more errors"), that the writer will contact whom the ticket sent them to ("will contact
// MACCH"), a greeting first, a closing ("Best regards") and a name last. A question ("?", or a
// clause that opens like one), a "but", words that the fix failed, a clause of any other kind or a
// long note, and it is not thanks-only: it reopens as any reply does. Looked up word by word, no
// expression over the note's text but a few single passes. Pure.
import { expandPhrase, readFixAnswer } from './fix-answer.ts';

/** Longer than this, a note says more than thanks. */
export const THANKS_ONLY_MAX_CHARS = 400;

// Phrases in words, `{a|b|}` choosing one of its words (empty: none), as in fix-answer.ts.

/** What a thanks clause opens with. */
const THANKS = [
  '{thanks|thank|thankyou|thanx|thx|thnx|ty|tyvm|gracias|cheers}',
  'thank {you|u|ya}',
  '{many|much|big|huge|mil|muchas} {thanks|gracias}',
  '{i|we|} {really|truly|so|very|} {much|} appreciate {it|that|this|your|you|the|all}',
  '{much|greatly|really|truly|very|} {much|} appreciated',
];
/** Words a thanks clause may go on with: whom and what for, never what is still wanted. */
const THANKS_WORDS = new Set([
  'so', 'very', 'much', 'a', 'lot', 'bunch', 'ton', 'tons', 'again', 'all', 'everyone', 'everybody', 'guys', 'team', 'both', 'you',
  'your', 'for', 'the', 'this', 'that', 'it', 'my', 'our', 'me', 'us', 'of', 'to', 'on', 'into', 'at', 'out', 'back', 'with',
  'and', 'just', 'really', 'truly', 'kindly', 'greatly', 'sincerely', 'once', 'more', 'as', 'always',
  'help', 'helping', 'fix', 'fixing', 'fixed', 'update', 'updates', 'updating', 'reply', 'replying', 'response', 'responding',
  'quick', 'quickly', 'fast', 'prompt', 'promptly', 'speedy', 'swift', 'great', 'kind', 'wonderful', 'awesome', 'excellent',
  'looking', 'taking', 'care', 'sorting', 'getting', 'time', 'assistance', 'support', 'info', 'information', 'letting', 'know',
  'explaining', 'explanation', 'patience', 'everything', 'resolving', 'solving', 'handling', 'working', 'hard', 'work',
  'checking', 'clarifying', 'clarification', 'guidance', 'sharing', 'forwarding', 'passing', 'along', 'heads', 'up', 'news',
  'following', 'confirming', 'confirmation', 'effort', 'efforts', 'attention', 'turnaround', 'solution', 'today',
  'por', 'todo', 'la', 'ayuda',
]);
/** A clause that is only a plain yes-and-thanks word. */
const OK = [
  '{ok|okay|k|great|perfect|awesome|wonderful|excellent|fantastic|amazing|brilliant|super|cool|nice|lovely|sweet|yay|fine|good|noted|understood|excelente|perfecto|genial}',
  '{ok|okay|great|perfect|awesome|wonderful|excellent|fantastic|amazing|cool|nice|good} {then|news|stuff}',
  '{sounds|looks|all} {good|great|perfect|fine}',
  '{we|i|} {are|am|} all set',
  'got it',
  'will do',
  'good to know',
  // Harmless beside words that it works: "No problem, it works now", "It works now, no more errors".
  'no {problem|problems|worries|worry}',
  'no more {error|errors|issue|issues|problem|problems|trouble|crashes}',
  '{that|this|it} is {so|very|really|} {great|perfect|awesome|wonderful|excellent|fantastic|amazing|good|fine|helpful}',
  '{that|this|it} is {great|good|wonderful} news',
  'you are {awesome|amazing|great|wonderful}',
  'you are the best',
  'you rock',
];
/** A closing, standing on its own. */
const CLOSINGS = [
  '{regards|best|warmly|sincerely|respectfully|cordially|saludos|atentamente}',
  '{best|kind|warm|many|warmest|kindest} regards',
  'all the best',
  'best wishes',
  'take care',
  'talk soon',
  'have a {great|good|nice|wonderful|lovely|blessed} {day|weekend|week|evening|one|night}',
];
/** A greeting, only as the note's first clause: "Hi Summer", "Good morning all". */
const GREETINGS = ['{hi|hello|hey|dear|greetings|hola|morning|afternoon}', '{hi|hello} there', 'good {morning|afternoon|evening|day}'];
const GREETING_WORDS = new Set(['all', 'team', 'everyone', 'everybody', 'there', 'folks', 'guys', 'again']);
/** How many words a greeting may have, its names included. */
const GREETING_REACH = 4;
/** "Will contact MACCH", "I'll reach out to them directly": the writer takes it on elsewhere. */
const WILL_CONTACT = [
  '{i|we|} will {contact|call|email|phone}',
  '{i|we|} will {reach|send} out to',
  '{i|we|} will {get|be} in touch with',
  '{i|we|} will {write|talk|speak|go} to',
  '{i|we|} will follow up with',
];
/** Whom a writer says they will contact: the organisation (a name as written, "MACCH") or them. */
const CONTACTED_WORDS = new Set(['them', 'him', 'her', 'macch', 'nmis', 'the', 'directly', 'now', 'today', 'tomorrow', 'then', 'instead', 'myself', 'soon', 'asap', 'right', 'away']);
/** How many words may name whom they will contact. */
const CONTACTED_REACH = 5;
/** How many words a name may have ("Maria Lopez", "Case Manager"). */
const NAME_REACH = 5;
/** Words that ask for more in a clause that otherwise says it works: "it works now, also need Bob added". */
const ASKS_MORE = new Set(['need', 'needs', 'needed', 'want', 'wants', 'wanted', 'also', 'another', 'else', 'please', 'question', 'questions', 'only', 'other', 'others', 'if', 'when', 'whether']);
/** A clause that opens like a question asks one, "?" or not: "does it work now". */
const QUESTION_OPENERS = new Set(['can', 'could', 'would', 'will', 'should', 'shall', 'is', 'are', 'am', 'was', 'were', 'do', 'does', 'did', 'have', 'has', 'how', 'what', 'why', 'when', 'where', 'who', 'which', 'may', 'any']);
/** A turn says more than thanks: "it works now but the report is blank". */
const TURNS = new Set(['but', 'though', 'however', 'although', 'except', 'unless', 'pero', 'aunque']);
/** Where a clause that says it works joins another, each part read on its own: "it works now and the report is blank". */
const JOINS = new Set(['and', 'plus', 'also', 'y']);
/** "Yes", "Verified": a clause that answers the fix mail's question, harmless beside words that it works. */
const YES = ['{yes|yep|yeah|yup|si|sí|verified|confirmed}', 'yes {verified|confirmed|indeed}'];
/** Words that are never a name under a thanks ("Thanks!\nStill Broken", "Thanks. Nope."): words of a problem, a no or a doubt. */
const NOT_NAMES = new Set([
  ...ASKS_MORE, ...QUESTION_OPENERS, ...TURNS, 'error', 'errors', 'broken', 'problem', 'problems', 'issue', 'issues', 'bug', 'bugs',
  'fail', 'fails', 'failed', 'failing', 'wrong', 'missing', 'not', 'no', 'never', 'still', 'again', 'help', 'cannot', 'crash',
  'blank', 'same', 'urgent', 'asap', 'fix', 'fixed', 'works', 'working',
  'nope', 'nah', 'negative', 'nothing', 'none', 'nobody', 'neither', 'nor', 'nada', 'worse', 'unfortunately', 'sadly',
  'maybe', 'perhaps', 'probably', 'hopefully', 'unsure', 'yes', 'yep', 'yeah', 'yup',
]);
/** Words that tell a failure in the past, answered by a turn to words that it works: "It did not work yesterday, but it works now". */
const PAST = new Set([
  'did', "didn't", 'didnt', 'was', "wasn't", 'wasnt', 'were', "weren't", 'werent', 'had', "hadn't", 'hadnt',
  'yesterday', 'before', 'earlier', 'first', 'initially', 'previously', 'originally', 'last',
]);
/** Words that deny, in a failure told in the past: "I was not able to save before and now it works". */
const DENIAL_WORDS = new Set(['not', 'never', 'no', 'cannot', "can't", "couldn't", 'couldnt', "didn't", 'didnt', "wasn't", 'wasnt', "wouldn't", 'wouldnt', "weren't", 'werent']);
/** Words of the present in the turn that answers a past failure: "but it works now", not "but it works for AAAA111111". */
const NOW_WORDS = new Set(['now', 'today', 'again', 'anymore', 'finally']);

/** Contractions written out, so "I'll" reads as "I will" and "that's" as "that is". */
const CONTRACTIONS: Record<string, string[]> = {
  "i'll": ['i', 'will'], "we'll": ['we', 'will'], "i'm": ['i', 'am'], "we're": ['we', 'are'], "you're": ['you', 'are'],
  "that's": ['that', 'is'], "it's": ['it', 'is'], ill: ['i', 'will'], im: ['i', 'am'], thats: ['that', 'is'], youre: ['you', 'are'],
};

interface Word {
  norm: string;
  /** Written with a capital, as a name is ("Maria", "MACCH"). */
  capital: boolean;
}

/** A clause's words, lower case, with contractions written out and the punctuation around them gone. */
function words(clause: string): Word[] {
  const out: Word[] = [];
  for (const raw of clause.split(/\s/)) {
    const bare = raw.replace(/[\u2018\u2019\u02bc`]/g, "'").replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}']+$/gu, '');
    const norm = bare.toLowerCase().replace(/[^a-z0-9'\u00e0-\u00ff]/g, '');
    if (norm === '') continue;
    const capital = /^\p{Lu}/u.test(bare) && !/\d/.test(norm);
    for (const w of CONTRACTIONS[norm] ?? [norm]) out.push({ norm: w, capital });
  }
  return out;
}

// Written phrases are read as notes are: "we're" as "we are".
const setOf = (phrases: readonly string[]): ReadonlySet<string> => new Set(phrases.flatMap(expandPhrase).map((p) => words(p).map((w) => w.norm).join(' ')));
const THANKS_SET = setOf(THANKS);
const OK_SET = setOf(OK);
const CLOSING_SET = setOf(CLOSINGS);
const GREETING_SET = setOf(GREETINGS);
const WILL_CONTACT_SET = setOf(WILL_CONTACT);
const YES_SET = setOf(YES);
const LONGEST_OPENING = Math.max(...[...THANKS_SET, ...GREETING_SET, ...WILL_CONTACT_SET].map((p) => p.split(' ').length));

const joined = (ws: readonly Word[]): string => ws.map((w) => w.norm).join(' ');

/** How many words of the clause's start make up a phrase of the set (the longest); 0 when none. */
function opening(ws: readonly Word[], set: ReadonlySet<string>): number {
  for (let n = Math.min(LONGEST_OPENING, ws.length); n > 0; n--) {
    if (set.has(joined(ws.slice(0, n)))) return n;
  }
  return 0;
}

/** A word that may be a name: written with a capital, and not a word about the ticket. */
const mayBeName = (w: Word): boolean => w.capital && !NOT_NAMES.has(w.norm);

/** A name as written: a few words, each with a capital ("Maria Lopez", "Case Manager", "-K"). */
function isName(ws: readonly Word[]): boolean {
  return ws.length <= NAME_REACH && ws.every((w) => mayBeName(w) || w.norm === 'and');
}

/** "Thank you so much for fixing it", "Thanks Summer": thanks, with plain words of it or a name. */
function isThanks(ws: readonly Word[]): boolean {
  const n = opening(ws, THANKS_SET);
  if (n === 0) return false;
  const others = ws.slice(n).filter((w) => !THANKS_WORDS.has(w.norm));
  return others.length <= 2 && others.every(mayBeName);
}

/**
 * "It works now", "That did the trick", "It works now and thank you": readFixAnswer's 'works' in a
 * part, every other part thanks or a failure told in the past that the next part answers with words
 * that it works now ("I was not able to save before and now it works fine"), nothing more asked for.
 */
function saysItWorks(ws: readonly Word[]): boolean {
  if (QUESTION_OPENERS.has(ws[0]!.norm) || ws.some((w) => ASKS_MORE.has(w.norm))) return false;
  const parts: Word[][] = [[]];
  for (const w of ws) {
    if (JOINS.has(w.norm)) parts.push([]);
    else parts.at(-1)!.push(w);
  }
  const works = parts.map((part) => part.length > 0 && readFixAnswer(joined(part)) === 'works');
  const answered = (i: number): boolean =>
    works[i + 1] === true && parts[i + 1]!.some((w) => NOW_WORDS.has(w.norm)) && parts[i]!.some((w) => PAST.has(w.norm)) &&
    (parts[i]!.some((w) => DENIAL_WORDS.has(w.norm)) || readFixAnswer(joined(parts[i]!)) === 'failed');
  return works.some(Boolean) && parts.every((part, i) => works[i] || (part.length > 0 && (isThanks(part) || answered(i))));
}

/** "Will contact MACCH", "I'll reach out to them directly". */
function willContact(ws: readonly Word[]): boolean {
  const n = opening(ws, WILL_CONTACT_SET);
  const whom = ws.slice(n);
  return n > 0 && whom.length > 0 && whom.length <= CONTACTED_REACH && whom.every((w) => CONTACTED_WORDS.has(w.norm) || mayBeName(w));
}

function isGreeting(ws: readonly Word[]): boolean {
  const n = opening(ws, GREETING_SET);
  return n > 0 && ws.length <= GREETING_REACH && ws.slice(n).every((w) => GREETING_WORDS.has(w.norm) || mayBeName(w));
}

/** What a clause is: thanks (with "ok" and the like), words that it works, that the writer will contact someone, a yes, ... or other. */
type ClauseKind = 'thanks' | 'works' | 'contact' | 'yes' | 'closing' | 'greeting' | 'name' | 'other';

function kindOf(ws: readonly Word[], first: boolean): ClauseKind {
  if (ws.some((w) => TURNS.has(w.norm))) return 'other';
  if (first && isGreeting(ws)) return 'greeting';
  const all = joined(ws);
  if (CLOSING_SET.has(all)) return 'closing';
  if (YES_SET.has(all)) return 'yes';
  if (OK_SET.has(all) || isThanks(ws)) return 'thanks';
  if (willContact(ws)) return 'contact';
  if (saysItWorks(ws)) return 'works';
  // "Great thank you", "Perfect it works now": a plain word before the thanks.
  if (ws.length > 1 && OK_SET.has(ws[0]!.norm)) {
    if (isThanks(ws.slice(1))) return 'thanks';
    if (saysItWorks(ws.slice(1))) return 'works';
  }
  return isName(ws) ? 'name' : 'other';
}

/** The note's clauses: split at sentence ends, commas and line breaks, and before a turn ("but it works now"). */
interface Clause {
  words: Word[];
  /** Opened by a turn ("but", "though"), the turn left out of its words. */
  turned: boolean;
}

function clausesOf(own: string): Clause[] {
  const clauses: Clause[] = [];
  for (const ws of own.split(/[.!;:,\n]/).map(words)) {
    let clause: Clause = { words: [], turned: false };
    for (const w of ws) {
      if (!TURNS.has(w.norm)) {
        clause.words.push(w);
        continue;
      }
      if (clause.words.length > 0 || clause.turned) clauses.push(clause);
      clause = { words: [], turned: true };
    }
    if (clause.words.length > 0 || clause.turned) clauses.push(clause);
  }
  return clauses;
}

/** A name only signs the note: after its thanks, words that it works or closing, with nothing but names after it. */
function signed(kinds: readonly string[]): boolean {
  const firstName = kinds.indexOf('name');
  const signs = (k: string): boolean => k === 'thanks' || k === 'works' || k === 'contact' || k === 'closing';
  return firstName < 0 || (kinds.slice(0, firstName).some(signs) && kinds.slice(firstName).every((k) => k === 'name'));
}

/**
 * Whether a note's text (the reply as stored: what the person wrote, without quoted history) only
 * thanks or says the fix works, and asks or reports nothing more.
 */
export function isThanksOnly(text: string): boolean {
  const own = ownLines(text);
  if (own === '' || own.length > THANKS_ONLY_MAX_CHARS || own.includes('?') || own.includes('\u00bf')) return false;
  if (readFixAnswer(own) === 'failed') return false;
  const kinds = own.split(/[.!;:,\n]/).map(words).filter((ws) => ws.length > 0).map((ws, i) => kindOf(ws, i === 0));
  const thanks = (k: ClauseKind): boolean => k === 'thanks' || k === 'works' || k === 'contact';
  return kinds.some(thanks) && kinds.every((k) => thanks(k) || k === 'closing' || k === 'greeting' || k === 'name') && signed(kinds);
}

/** The note's own lines: a line quoted with ">" is someone else's. */
const ownLines = (text: string): string => text.split('\n').filter((line) => !line.trimStart().startsWith('>')).join('\n').trim();

/**
 * Whether a short note says the fix works and nothing more: what a note must say to verify a fix by
 * itself (tickets/decide.ts); a note that says more goes to whoever works the ticket instead. Every
 * clause is of a harmless kind, at least one says it works (readFixAnswer's 'works': not "nothing
 * works now", "not sure it works yet", "I think it works now"), and none asks (a "?", or a clause
 * that opens like a question: "Is it working now"), asks for more ("Works now, can you also add
 * Bob") or reports anything else ("BBBB222222 still shows Salt Lake", "The service dates are
 * missing"). The harmless kinds: words that it works, thanks or "ok" ("no problem", "no more
 * errors"), a "yes" ("Yes, it is working now", "Verified, works now"), a greeting first, a closing and
 * a name to sign it. A failure is
 * harmless only when it is told in the past and a turn right after it says it works now ("It did not
 * work yesterday, but it works now"; not "It works, but the report is blank"). Notes longer than
 * THANKS_ONLY_MAX_CHARS say more.
 */
export function saysOnlyItWorks(text: string): boolean {
  const own = ownLines(text);
  if (own === '' || own.length > THANKS_ONLY_MAX_CHARS || own.includes('?') || own.includes('\u00bf')) return false;
  if (readFixAnswer(own) !== 'works') return false;
  const clauses = clausesOf(own);
  // "Have a great day" opens like a question and is a closing.
  const asks = (ws: readonly Word[]): boolean => (QUESTION_OPENERS.has(ws[0]!.norm) && !CLOSING_SET.has(joined(ws))) || ws.some((w) => ASKS_MORE.has(w.norm));
  if (clauses.some((c) => c.words.length > 0 && asks(c.words))) return false;
  const kinds = clauses.map((c, i) => verifyingKindOf(c, i === 0, clauses[i + 1]));
  return kinds.includes('works') && kinds.every((k) => k !== 'other') && signed(kinds);
}

/**
 * A clause's kind where it may verify a fix: as kindOf says, but that the writer will contact
 * someone is more than that it works; after a turn, only words that it works ("but it works now",
 * not "but the report is blank"); and a failure told in the past that the next clause turns to
 * words that it works now ("It did not work yesterday, but it works now"; not "It did not work for
 * BBBB222222, but it works for AAAA111111") is answered.
 */
function verifyingKindOf(clause: Clause, first: boolean, next: Clause | undefined): ClauseKind | 'answered' {
  if (clause.words.length === 0) return 'other';
  const kind = kindOf(clause.words, first);
  if (clause.turned) return kind === 'works' ? 'works' : 'other';
  if (kind !== 'other') return kind === 'contact' ? 'other' : kind;
  const turnsToWorks = next !== undefined && next.turned && next.words.length > 0 && kindOf(next.words, false) === 'works' && next.words.some((w) => NOW_WORDS.has(w.norm));
  const pastFailure = clause.words.some((w) => PAST.has(w.norm)) && readFixAnswer(joined(clause.words)) === 'failed';
  return turnsToWorks && pastFailure ? 'answered' : 'other';
}
