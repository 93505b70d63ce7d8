// Reads a note written on a fix awaiting verification for whether it says the fix does not work
// ("still failing", "same error as before", "no, still can't log in", "didn't help") without the
// `#notfixed` command. The sweep leaves such a fix to the staff instead of reminding the submitter
// to verify it and closing it as if it worked (tickets/decide.ts, decideScheduled).
//
// Conservative: only plain words of failure count. Words that carry their own negation ("not
// working", "didn't help", "still can't log in", "no luck") count as they stand; words of a symptom
// ("still getting the error", "same error", "keeps crashing") not when a negation comes just before
// them ("haven't had the same problem since", "no one has had the same problem"); "still get" or
// "still see" only with a word of a symptom just after it (not "will I still get the weekly
// report"). A clause that says it works now ("it works now, thanks", "no longer failing", "that did
// the trick") answers a failure before it, so the latest word on it decides ("it didn't work
// yesterday, but it works now" works; "the list works now, but the report is still failing" does
// not). Nor is "works now" read where its clause denies or doubts it: "nothing works now" or "none
// of it is working" is a failure; "not sure it works yet", "it might work now", "I think it works
// now" and "hopefully it is fixed now" say neither way. A denial counts only right before "works
// now" and within its statement ("I was not able to save before and now it works fine" works).
// Words after it that it fails after all ("it used to work now it fails", "it was working now it
// is not") are a failure, and so is "it stopped working", and words that it worked with a limit
// after them ("it worked until today", "it worked for a day", "thanks, it worked once"; not "it
// worked once I cleared the cache"; "it worked the first time I tried" says neither way, since it
// may mean the first try); words that it works only in part ("it
// works now for some clients", "only for Ann", "sometimes") say neither way. Word of a new error
// ("now I get a different error") is a failure too. A clause that supposes ("if it is still
// failing tomorrow I will write") says nothing, and so do words that the writer is still at it
// ("I'm still working on it", "still checking that it works": a failure before them stands) and a
// note that says neither way ("me too", "same for me", "+1": readFixAnswer tells these apart,
// tickets/decide.ts findAnswersSinceFix); quoted lines ("> ...") are someone else's words.
// The phrases are looked up word by word (no expression over the note's text but a few single
// passes), so any note is read in linear time. Pure.

/** How much of a note is read: its answer is at its top, and a long note is read in bounded time. */
export const FIX_ANSWER_READ_CHARS = 4000;

// Phrases in words, `{a|b|}` choosing one of its words (empty: none); "n't" is read as " not".
const STILL_CANNOT_DO = '{log|sign|get|see|open|save|load|print|access|find|enter|use|submit|edit|change|add|run|upload|download|export|view|do|make|update|delete|remove|click|select|close|finish|complete|create|send|pull|search|reach}';
const WORKED = '{work|works|worked|working|help|helps|helped|fix|fixed|solve|solved|resolve|resolved}';

/** Failure in words that carry their own negation. */
const NEGATED = [
  '{not|never} {been|yet|quite|really|} {fixed|resolved|solved|sorted|working}',
  `{does|did|do|will|would|has|have|had|is|was|are|were} not {really|quite|even|} ${WORKED}`,
  `{does|did|do|will|would|has|have|had|is|was|are|were} not {seem|appear} to {have|} ${WORKED}`,
  '{does|did|do|has|have|had} not make {a|any} difference',
  'do not think {it|that|this} {is|was|has|} {been|} {fixed|working|resolved|solved|works|worked}',
  "do not think {it's|that's} {fixed|working|resolved|solved}",
  `still {can|could} not ${STILL_CANNOT_DO}`,
  `still {unable|} to ${STILL_CANNOT_DO}`,
  `still not able to ${STILL_CANNOT_DO}`,
  'still not {working|able|loading|saving|showing|opening|printing|fixed|resolved|solved|right|correct|there|appearing|updating|letting|going|visible|allowing|pulling|sending|finding}',
  'no longer {works|work|working|loads|saves|opens|lets}',
  'but not {today|now|anymore|for}',
  'but not any more',
  // Not "no change" or "any change" alone: "no change needed on our end", "let you know of any change".
  '{no|without} {luck|joy|success|difference|improvement}',
  'still no {luck|joy|success|change|difference|improvement}',
  "{nothing|nothing's} {has|is|} {changed|different|fixed|better}",
  // "Nothing works now", "none of it is working": not the "works now" inside them.
  "{nothing|nothing's|none|neither} {is|are|} {works|work|worked|working|helped}",
  'none of {it|them|this|that|these|those} {is|are|} {works|work|worked|working|helped}',
  'sigue sin funcionar',
  'sigue {fallando|igual}',
  'sigue con el {mismo|} {error|problema}',
  '{todavía|todavia|aún|aun} no {funciona|sirve|puedo|carga|guarda}',
  '{todavía|todavia|aún|aun} no se puede',
  'no {funciona|sirve}',
  'no se {arregló|arreglo|resolvió|resolvio|solucionó|soluciono}',
];

/** Failure in words of a symptom: not when a negation comes just before them. */
const SYMPTOMS = [
  'still {failing|fails|failed|broken|broke|crashing|crashes|crashed|erroring|errors|freezing|freezes|froze|hanging|hangs|stuck|blank|missing|wrong|down|happening|happens|happened}',
  'still {timing|times} out',
  'still {the|an|that|this} {same|error|issue}',
  'still a problem',
  'still {have|has|having|had} {the|this|that|a|an|} {same|} {error|problem|issue|trouble|bug}',
  'same {error|errors|problem|problems|issue|issues|message|thing|result|behavior|behaviour|screen|bug}',
  'same as {before|yesterday|earlier}',
  'same as last time',
  // "Yes, that fixed it. Now I get a different error."
  '{different|new|another} error',
  '{keeps|keep|kept} {failing|crashing|freezing|erroring|happening|hanging|giving|showing|throwing|kicking|logging}',
  '{failing|fails|failed|broken|broke|crashing|crashes|crashed|happening|happens|happened|froze|freezing} again',
  '{error|problem|issue|bug} {is|has|was|} {back|returned|persists|remains}',
  '{error|problem|issue|bug} {has|} {come|came} back',
  '{persists|persisting}',
  // "It stopped working now": not "it has not stopped working since".
  '{stopped|stops|quit|quits|ceased|ceases} {working|work}',
  '{ceased|ceases} to work',
  'mismo {error|problema}',
];

/**
 * Words that it worked, in the past: with a limit after them (LIMITS: "it worked until today", "it
 * was working until yesterday", "it worked for a day", "it worked once") they say it does not work
 * now. Not just after a negation ("it never worked until I cleared the cache"), nor across a word
 * of a new statement (DENY_BREAKS: "it worked and then I left for a bit"), nor after HAS ("it has
 * worked for a week now" still works).
 */
const WORKED_ONCE = ['{worked|helped}', '{was|were} working', 'did work', 'used to work'];
/** "It has worked for a week now", "it's worked fine since": worked until now, so it works. */
const HAS = new Set(['has', 'have', "it's", 'its', "that's", "i've", 'ive', "we've", 'weve', "they've"]);
/** Limits on words that it worked: it worked up to a time, for a while, at first. */
const LIMITS = [
  '{until|till|til|untill|briefly|temporarily|initially}',
  'up {to|until|till}',
  'at first',
  'for {about|only|just|almost|maybe|} {a|an|one|two|three|several|some} {day|days|hour|hours|minute|minutes|moment|second|seconds|week|weeks|while|bit|time|little|few|couple|short|morning|afternoon|night}',
];
/**
 * "Before" limits words that it worked ("it worked before, thanks", "it worked before the update"),
 * but not after these ("it worked better than before", "it worked just as before").
 */
const BEFORE_NOT_AFTER = new Set(['than', 'as', 'like']);
/**
 * "Once" limits words that it worked only at the end of its clause or before one of these ("thanks,
 * it worked once", "it worked once or twice"): elsewhere it is "after" ("it worked once I cleared
 * the cache" works).
 */
const ONCE_ENDS = new Set(['or', 'and', 'then', 'only', 'today', 'yesterday']);
/**
 * "It worked the first time I tried" may say it worked at the first try or only the first time:
 * after words that it works, the clause says neither way. A note missing a verification only waits
 * for the automatic close; one taken wrongly as verifying closes a fix that does not work.
 */
const FIRST_TIME = ['{the|} first time'];

/** Words that it works now: a later such clause answers an earlier failure. */
const WORKS = [
  '{works|work|working|worked|fixed|resolved|solved|sorted|fine|good|ok|okay} now',
  'now {works|work|working|fixed|resolved|solved|fine|good|ok|okay}',
  '{that|this|it} {worked|helped|works}',
  '{that|this|it} is working',
  '{works|working} {today|for}',
  'still {works|working}',
  '{that|this|it} did {it|the}',
  '{that|this|it} {fixed|solved} it',
  '{works|work|working|worked} {fine|great|perfectly|well|again}',
  'no longer',
  'problem solved',
  'can now',
  'ya funciona',
  'funciona {bien|ahora}',
];

/**
 * Words right before "works now" in its clause that deny it ("nothing works now", "not sure it works yet",
 * "none of it is working now") or only expect it ("it should work now", "it might work now", "it is
 * supposed to work now"): the clause does not say it works. Only within DENY_REACH words of it and
 * with no word of a new statement between (DENY_BREAKS): "I was not able to save before and now it
 * works fine" works.
 */
const DENIES_WORKS = [
  '{not|never|nothing|none|nobody|neither|nor|hardly|barely}',
  'no one',
  '{might|may|should|could|would|supposed}',
];
/** How many words before "works now" a denial governs it ("nobody on my team has it working now"). */
const DENY_REACH = 6;
/** Words that start a new statement between a denial or doubt and "works now": "could not save before and now it works". */
const DENY_BREAKS = new Set(['and', 'now', 'then', 'so', 'y']);
/**
 * Words before "works now" (not across DENY_BREAKS) or after it in its clause that doubt it ("I think
 * it works now", "works now I think", "hopefully it is fixed now").
 */
const DOUBTS_WORKS = [
  '{maybe|perhaps|probably|possibly|hopefully|supposedly|presumably|unsure|hope|doubt}',
  'i {think|guess|believe|suppose|assume|expect}',
  'not sure',
];
/** A negation just before a symptom undoes it ("I haven't had the same problem", "not seeing the same error"). */
const NEGATIONS = ['{not|never|nor|without|nobody|none}', 'no {longer|more|one}', 'ya no'];
/** How many words before a symptom a negation undoes it ("no one has had the same problem"). */
const NEGATION_REACH = 5;
/**
 * "Still" and a verb of seeing a symptom ("still getting the error", "still seeing the blank page"):
 * a symptom only with a word of one among the few words after it, not "will I still get the
 * weekly report", "I still get the emails for this ticket", "still getting used to it".
 */
const STILL_SEEING = ['still {getting|get|gets|got|seeing|see|sees|saw|receiving|receive|receives|showing|shows|throwing|throws|giving|gives}'];
const SYMPTOM_WORDS = new Set([
  'error', 'errors', 'problem', 'problems', 'issue', 'issues', 'bug', 'bugs', 'same', 'blank', 'message', 'failure', 'failures',
  'crash', 'crashes', 'exception', 'timeout', 'timeouts', 'spinner', 'fault', 'denied', 'failed', 'failing',
]);
/** How many words after "still get" a word of a symptom may come. */
const SEEING_REACH = 4;
/** A clause that supposes rather than tells: "if it is still failing", "in case it does not work". */
const SUPPOSES = ['{if|unless|whether|si}', 'in case', 'should it'];
/**
 * Words after "works now" in its clause that say it fails after all ("it used to work now it fails",
 * "it works now it is broken"): not just after a negation ("it works now and is not broken").
 */
const FAILS_AFTER_WORKS = new Set(['fails', 'fail', 'failing', 'failed', 'broken', 'broke', 'crashes', 'crashing', 'crashed', 'erroring']);
/** "It was working now it is not", "it used to work now it does not": a bare negated verb ends the clause. */
const NOT_AFTER_WORKS = ['{is|are|was|were|does|do|did|has|have|will|can} not'];
/** Words that may end a clause after NOT_AFTER_WORKS ("now it is not anymore"). */
const NOT_AFTER_TAIL = new Set(['anymore', 'any', 'more', 'now', 'today', 'again', 'still']);
/**
 * Words that it works only in part: anywhere in its clause ("it partly works now", "it works now,
 * but only sometimes"), or after "works now" (PART_AFTER_WORKS: "it works now for some clients",
 * "it works now only for Ann"; not "for some reason it works now"). The clause says neither way.
 */
const PART_WORKS = new Set(['sometimes', 'partly', 'partially', 'intermittently', 'occasionally', 'mostly', 'half']);
const PART_AFTER_WORKS = ['only', 'for some', 'some of', 'not {all|every|everyone|everybody|always}', 'except'];
/**
 * Words that the writer is still at it (trying the fix, looking into it): they say neither way, and
 * nor does what they are checking for after them ("still checking that it works"). Not the fix
 * "still working" ("it's still working, thanks", "still working fine"): only the person's own
 * work, or work "on it".
 */
const AT_IT = [
  // "I'm still working on it", "we are still looking": the person still at work, not the fix.
  "{i'm|im|we're|i|we} {am|are|} still {working|looking|testing|checking|trying|reviewing|investigating|verifying}",
  // Work on the fix, not the fix working ("it's still working on my computer" works).
  'still working on {it|this|that|them|testing|checking|verifying}',
  'still {looking|digging} into',
  'still looking at {it|this|that}',
  'still {testing|checking|trying|reviewing|investigating|verifying|confirming}',
];

/** The word sequences a phrase stands for (`{a|b|}` choosing one of its words; empty: none). */
export function expandPhrase(phrase: string): string[] {
  let found: string[][] = [[]];
  for (const word of phrase.split(' ')) {
    const choices = word.startsWith('{') ? word.slice(1, -1).split('|') : [word];
    found = found.flatMap((words) => choices.map((choice) => (choice === '' ? words : [...words, choice])));
  }
  return found.map((words) => words.join(' '));
}

interface PhraseSet { phrases: ReadonlySet<string>; longest: number }

function phraseSet(phrases: readonly string[]): PhraseSet {
  const all = new Set(phrases.flatMap(expandPhrase));
  return { phrases: all, longest: Math.max(...[...all].map((p) => p.split(' ').length)) };
}

const NEGATED_SET = phraseSet(NEGATED);
const SYMPTOM_SET = phraseSet(SYMPTOMS);
const WORKS_SET = phraseSet(WORKS);
const NEGATION_SET = phraseSet(NEGATIONS);
const SUPPOSES_SET = phraseSet(SUPPOSES);
const STILL_SEEING_SET = phraseSet(STILL_SEEING);
const AT_IT_SET = phraseSet(AT_IT);
const DENIES_WORKS_SET = phraseSet(DENIES_WORKS);
const DOUBTS_WORKS_SET = phraseSet(DOUBTS_WORKS);
const NOT_AFTER_WORKS_SET = phraseSet(NOT_AFTER_WORKS);
const PART_AFTER_WORKS_SET = phraseSet(PART_AFTER_WORKS);
const WORKED_ONCE_SET = phraseSet(WORKED_ONCE);
const LIMITS_SET = phraseSet(LIMITS);
const FIRST_TIME_SET = phraseSet(FIRST_TIME);

/** Where the first phrase of the set starts among the words (from `from`, before `until`); -1 when none. */
function findPhrase(words: readonly string[], set: PhraseSet, from = 0, until = words.length): number {
  for (let i = Math.max(0, from); i < until; i++) {
    for (let n = 1; n <= set.longest && i + n <= words.length; n++) {
      if (set.phrases.has(words.slice(i, i + n).join(' '))) return i;
    }
  }
  return -1;
}

/** Verbs whose "n't" (or "nt") is read as " not": "doesn't" as "does not", "can't" as "can not". */
const CONTRACTED: Record<string, string> = {
  do: 'do', does: 'does', did: 'did', is: 'is', was: 'was', were: 'were', are: 'are', has: 'has', have: 'have', had: 'had',
  ca: 'can', can: 'can', could: 'could', would: 'would', should: 'should', wo: 'will', sha: 'shall', ai: 'is', must: 'must', need: 'need',
};
/** Words a new clause starts at: "it works now, but the report is still failing". */
const TURNS = new Set(['but', 'though', 'however', 'although', 'pero']);

function writtenOut(word: string): string[] {
  if (word === 'cannot') return ['can', 'not'];
  const stem = word.endsWith("n't") ? word.slice(0, -3) : word.endsWith('nt') ? word.slice(0, -2) : null;
  const verb = stem === null ? undefined : CONTRACTED[stem];
  return verb === undefined ? [word] : [verb, 'not'];
}

/** Clauses as words, lower case, with "n't" and "cannot" written out: sentences, split at commas and before "but". */
function clausesOf(text: string): string[][] {
  const own = text.slice(0, FIX_ANSWER_READ_CHARS).split('\n').filter((line) => !line.trimStart().startsWith('>'));
  const clauses: string[][] = [];
  for (const part of own.join('\n').toLowerCase().replace(/[\u2018\u2019\u02bc`]/g, "'").split(/[.!?;:\n,]/)) {
    let clause: string[] = [];
    for (const word of part.split(/\s/).map((w) => w.replace(/[^a-z0-9'\u00e0-\u00ff]/g, '')).filter((w) => w !== '').flatMap(writtenOut)) {
      if (TURNS.has(word) && clause.length > 0) {
        clauses.push(clause);
        clause = [];
      }
      clause.push(word);
    }
    if (clause.length > 0) clauses.push(clause);
  }
  return clauses;
}

function failsIn(words: readonly string[]): boolean {
  const supposedAt = findPhrase(words, SUPPOSES_SET);
  const supposedBefore = (at: number) => supposedAt >= 0 && supposedAt < at;
  const negated = findPhrase(words, NEGATED_SET);
  if (negated >= 0 && !supposedBefore(negated)) return true;
  for (let at = findPhrase(words, SYMPTOM_SET); at >= 0; at = findPhrase(words, SYMPTOM_SET, at + 1)) {
    if (supposedBefore(at)) return false;
    if (findPhrase(words, NEGATION_SET, at - NEGATION_REACH, at) < 0) return true;
  }
  for (let at = findPhrase(words, STILL_SEEING_SET); at >= 0; at = findPhrase(words, STILL_SEEING_SET, at + 1)) {
    if (supposedBefore(at)) return false;
    if (!words.slice(at + 2, at + 2 + SEEING_REACH).some((w) => SYMPTOM_WORDS.has(w))) continue;
    if (findPhrase(words, NEGATION_SET, at - NEGATION_REACH, at) < 0) return true;
  }
  for (let at = findPhrase(words, WORKED_ONCE_SET); at >= 0; at = findPhrase(words, WORKED_ONCE_SET, at + 1)) {
    if (supposedBefore(at)) return false;
    if (HAS.has(words[at - 1] ?? '') || findPhrase(words, NEGATION_SET, at - NEGATION_REACH, at) >= 0) continue;
    if (limitedAfter(words, at + 1)) return true;
  }
  return false;
}

/** Whether a limit (LIMITS, "before", "once") follows words that it worked, from `from`, before a word of a new statement. */
function limitedAfter(words: readonly string[], from: number): boolean {
  for (let at = from; at < words.length && !DENY_BREAKS.has(words[at]!); at++) {
    if (findPhrase(words, LIMITS_SET, at, at + 1) === at) return true;
    if (words[at] === 'before' && !BEFORE_NOT_AFTER.has(words[at - 1]!)) return true;
    if (words[at] === 'once' && (at + 1 === words.length || ONCE_ENDS.has(words[at + 1]!))) return true;
  }
  return false;
}

/** Whether a phrase of the set, at or after `from` before "works now" at `works`, governs it: no word of a new statement between. */
function governs(words: readonly string[], set: PhraseSet, from: number, works: number): boolean {
  let last = -1;
  for (let at = findPhrase(words, set, from, works); at >= 0; at = findPhrase(words, set, at + 1, works)) last = at;
  return last >= 0 && !words.slice(last + 1, works).some((w) => DENY_BREAKS.has(w));
}

/** Whether the words after "works now" say it fails after all: a word of failure not just after a negation, or a bare "it is not". */
function failsAfter(words: readonly string[], after: number): boolean {
  for (let at = after; at < words.length; at++) {
    // "It no longer fails": the negation may be the words that it works.
    if (FAILS_AFTER_WORKS.has(words[at]!) && findPhrase(words, NEGATION_SET, at - NEGATION_REACH, at) < 0) return true;
  }
  for (let at = findPhrase(words, NOT_AFTER_WORKS_SET, after); at >= 0; at = findPhrase(words, NOT_AFTER_WORKS_SET, at + 1)) {
    if (words.slice(at + 2).every((w) => NOT_AFTER_TAIL.has(w))) return true;
  }
  return false;
}

/**
 * What a clause says of the fix by words that it works: 'works', but 'neither' when it supposes,
 * denies or doubts them (DENIES_WORKS right before them, DOUBTS_WORKS before or after them), says
 * it works only in part (PART_WORKS) or is what the writer is still checking (AT_IT); 'failed' when
 * words after them say it fails after all ("it used to work now it fails").
 */
function worksIn(words: readonly string[]): FixAnswerReading {
  const works = findPhrase(words, WORKS_SET);
  if (works < 0 || findPhrase(words, SUPPOSES_SET) >= 0) return 'neither';
  // The phrase's own words ("works now") are at most two; what follows is read as after it.
  const after = works + 1;
  if (failsAfter(words, after)) return 'failed';
  if (governs(words, DENIES_WORKS_SET, works - DENY_REACH, works) || governs(words, DOUBTS_WORKS_SET, 0, works)) return 'neither';
  if (findPhrase(words, DOUBTS_WORKS_SET, after) >= 0 || findPhrase(words, FIRST_TIME_SET, after) >= 0) return 'neither';
  if (words.some((w) => PART_WORKS.has(w))) return 'neither';
  for (let at = findPhrase(words, PART_AFTER_WORKS_SET, after); at >= 0; at = findPhrase(words, PART_AFTER_WORKS_SET, at + 1)) {
    if (words[at] !== 'for' || words[at + 2] !== 'reason') return 'neither';
  }
  // "It works now and I'm still testing the report" works; "I'm still working on it" does not.
  const atIt = findPhrase(words, AT_IT_SET);
  return atIt < 0 || works < atIt ? 'works' : 'neither';
}

/** What a note on a fix awaiting verification says of it: that it does not work, that it works, or neither. */
export type FixAnswerReading = 'failed' | 'works' | 'neither';

/**
 * What a note's text (the reply as stored: what the person wrote, without quoted history) says of
 * the fix. The latest clause that says either way decides; a note that says neither ("me too",
 * "same for me", "+1", "I will test it on Monday") is 'neither', and so is one whose words that it
 * works a later clause says hold only in part ("it works now, but only sometimes").
 */
export function readFixAnswer(text: string): FixAnswerReading {
  let reading: FixAnswerReading = 'neither';
  for (const words of clausesOf(text)) {
    const said = failsIn(words) ? 'failed' : worksIn(words);
    if (said !== 'neither') reading = said;
    // "It works now, but only sometimes": the works before it only in part.
    else if (reading === 'works' && words.some((w) => w === 'only' || PART_WORKS.has(w))) reading = 'neither';
  }
  return reading;
}

/** Whether a note's text says the fix does not work (readFixAnswer). */
export function saysFixFailed(text: string): boolean {
  return readFixAnswer(text) === 'failed';
}
