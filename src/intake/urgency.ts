// Decides whether a request is urgent on its own terms: a client kept from a basic need or a service
// (shelter, food, medication, a benefit, a placement, an enrolment) AND time pressure (tonight, today,
// a deadline, an eviction, a voucher running out) or the client waiting in person, said in one
// sentence or the next, with the model's urgency probability beside it. "URGENT" or "ASAP" alone, a
// signature, reports, trainings, suggestions and a program name ("emergency shelter program") never
// make it urgent. Pure.
import { tokensOf, wordsOf } from './linear-model.ts';
import { findConcepts, type ConceptHit, type Vocabulary } from './vocabulary.ts';

export interface UrgencyJudgement {
  urgent: boolean;
  /** One line for the admins: what the client is kept from and the time pressure, in the sender's words. */
  reason: string | null;
}

/** How many neighbouring sentences a need, a block and a time pressure may be spread over. */
const WINDOW = 2;
/** The model's urgency probability that the word groups must be backed by, and that alone is never enough. */
const BACKED = 0.02;
/** An issue with a need and time pressure but no blocking words needs this much backing from the model. */
const ISSUE_BACKED = 0.1;
/** Without the time pressure said outright, the model must be this sure (need and block still required). */
const MODEL_ALONE = 0.5;

interface SentenceGroups {
  need: string | null;
  blocked: string | null;
  pressure: string | null;
  presence: string | null;
}

/** Words after which a weekday or time lies in the past ("since Tuesday", "last Friday"). */
const PAST = new Set(['since', 'last', 'did', 'was', 'were', 'desde', 'pasado']);
/** A run of capitalised words holding one of these names a program ("Northside Emergency Shelter ES"). */
const PROGRAM_WORDS = new Set(['es', 'rrh', 'psh', 'th', 'so', 'shelter', 'program', 'project', 'center', 'centre', 'house', 'home', 'albergue', 'refugio', 'programa']);

/**
 * The urgency groups met per sentence. A need said as part of a name ("Northside Emergency Shelter",
 * capitalised mid-sentence, or in quotes) is a program, not a need; a time said as past is no pressure.
 */
function groupsPerSentence(content: string, vocabulary: Vocabulary): SentenceGroups[] {
  const paragraphs = content.slice(0, 20_000).split('\n').map((line) => line.trim()).join('\n').split('\n\n');
  return paragraphs.flatMap((p) => p.split(/[.!?;]\s/)).map((raw) => {
    const sentence = raw.replace(/"[^"\n]{0,80}"/g, ' ');
    const words = wordsOf(sentence);
    const tokens = tokensOf(sentence);
    const hits = findConcepts(words, vocabulary.urgencyIndex);
    const programs = hits.filter((h) => h.concept === 'program_names');
    const isName = (h: ConceptHit): boolean => programs.some((p) => h.at >= p.at && h.at < p.at + 4) || isInProgramName(tokens, h.at);
    const isPast = (h: ConceptHit): boolean => words.slice(Math.max(0, h.at - 4), h.at).some((w) => PAST.has(w)) || PAST.has(words[h.at + 1] ?? '');
    const first = (group: string): string | null => {
      const hit = hits.find((h) => h.concept === group && !(group === 'need' && isName(h)) && !(group === 'pressure' && isPast(h)));
      return hit ? words.slice(hit.at, hit.at + 3).join(' ') : null;
    };
    return { need: first('need'), blocked: first('blocked'), pressure: first('pressure'), presence: first('presence') };
  });
}

/** The token at `at` is inside a run of capitalised words that names a program. */
function isInProgramName(tokens: string[], at: number): boolean {
  const isCapital = (i: number): boolean => /^\p{Lu}/u.test(tokens[i] ?? '');
  if (!isCapital(at)) return false;
  let start = at;
  let end = at;
  while (start > 0 && isCapital(start - 1)) start--;
  while (end + 1 < tokens.length && isCapital(end + 1)) end++;
  return end > start && tokens.slice(start, end + 1).some((t) => PROGRAM_WORDS.has(t.toLowerCase()));
}

/** The strongest combination of groups found within the window, for the model's features. */
export function urgencySignals(content: string, vocabulary: Vocabulary): string[] {
  const found = groupsPerSentence(content, vocabulary);
  const out = new Set<string>();
  for (let i = 0; i < found.length; i++) {
    const window = found.slice(Math.max(0, i - WINDOW + 1), i + 1);
    const has = (g: keyof SentenceGroups): boolean => window.some((s) => s[g]);
    if (has('need') && has('blocked')) out.add('need-blocked');
    if (has('need') && has('blocked') && (has('pressure') || has('presence'))) out.add('need-blocked-now');
    if (has('presence')) out.add('client-present');
  }
  return [...out];
}

/**
 * content: subject and body without signature; topic and type as already decided; urgentProbability:
 * the priority model's probability of "urgent" for this request.
 */
export function judgeUrgency(content: string, decided: { topic: string; type: string }, vocabulary: Vocabulary, urgentProbability = 1): UrgencyJudgement {
  const notUrgent = vocabulary.urgency.not_urgent_topics;
  if (notUrgent.includes(decided.topic) || notUrgent.includes(decided.type)) return { urgent: false, reason: null };
  const found = groupsPerSentence(content, vocabulary);
  for (let i = 0; i < found.length; i++) {
    const window = found.slice(Math.max(0, i - WINDOW + 1), i + 1);
    const need = window.find((s) => s.need)?.need;
    const blocked = window.find((s) => s.blocked)?.blocked;
    const pressure = window.find((s) => s.pressure)?.pressure ?? window.find((s) => s.presence)?.presence;
    // The problem itself can be the block: an issue that keeps a client from a need under time pressure.
    const block = blocked ?? (decided.type === 'issue' && urgentProbability >= ISSUE_BACKED ? 'the problem reported' : null);
    if (!need || !block) continue;
    if (pressure && urgentProbability >= BACKED) return { urgent: true, reason: `client kept from ${need} (${block}), ${pressure}` };
    if (urgentProbability >= MODEL_ALONE) return { urgent: true, reason: `client kept from ${need} (${block})` };
  }
  return { urgent: false, reason: null };
}
