// Decides which checklist items of the request's topic the sender left out, following the
// checklists in the rules file (seed lists from the escalation workflow plus our additions), and
// words the question to ask for each. A doubtful topic or type asks only what holds either way. Where the checklist
// item models are loaded (item-models.ts), an item's model that is sure of the other verdict overturns the rules'. Pure.
import { buildContext, emptyFormFieldLabels, type IntakeContext } from './context.ts';
import { hasDate, hasDateRange, hasPeriod } from './dates.ts';
import { decidePresent, FIND_ABOVE, itemFeatures, presentProbability } from './item-models.ts';
import { wordsOf } from './linear-model.ts';
import { requestFeatures } from './model-features.ts';
import { allMatches, compilePattern, hasAnyMatch, normalizeText, scopeText, type PatternSpec } from './patterns.ts';
import type { IntakeRules } from './rules.ts';
import { findConcepts } from './vocabulary.ts';
import { namesSeveralPrograms, signOffLines } from './several-programs.ts';
import { writtenInForm } from './web-form.ts';
import type { Classification, FieldConfidence, IntakeInput } from './types.ts';

type Decided = Omit<Classification, 'missingInfo'>;
type ItemRule = IntakeRules['items'][string];

/**
 * Below this probability the decided topic (or type) is a doubt, and only what holds either way is
 * reported; chosen on the leave-one-set-out estimate from a small grid (0.4-0.7 / 0.5-0.7; route 0.55-0.8).
 * The topic is a doubt only when it is less likely than not: at 0.6, a topic the model gave 0.5-0.6 (a
 * report that does not look right, a program's setup) lost the items of its own checklist that a weaker
 * runner-up lacks, mostly rightly asked; on sets W-AB and A-F, each held out of the training, 0.5 gave
 * missing-info F1 0.808 and 0.872 against 0.803 and 0.866 at 0.6 (0.4: 0.803 and 0.867). Leave-one-set-out
 * (36 sets): mean 0.857 either way (14 fewer items left out, 13 more asked wrongly); sets W-AB 0.794 -> 0.800.
 */
export const DOUBTFUL_BELOW = { topic: 0.5, type: 0.6, route: 0.6 };

/**
 * Checklist items absent from the request, in checklist order; [] where the help desk does not own it.
 * When the model doubts the topic, only items the runner-up topic's checklist also has are reported
 * (a wrong topic would otherwise ask for the wrong things); when it doubts that the request is an
 * issue, nothing that applies to issues only (when it started, the steps followed) is reported.
 */
export function findMissingInfo(input: IntakeInput, decided: Decided, rules: IntakeRules, context?: IntakeContext): string[] {
  if (!rules.missingInfoRoutes.includes(decided.route) || decided.type === 'suggestion') return [];
  if (mayBeRoutedAway(decided, rules)) return [];
  const ctx = context ?? buildContext(input, rules);
  const shared = sharedWithRunnerUp(decided, rules);
  const typeDoubt = isDoubtful(decided.confidence?.type);
  return judgeChecklist(input, decided, rules, ctx)
    .filter((judged) => {
      if (shared && !shared.has(judged.reportAs)) return false;
      if (typeDoubt && rules.items[judged.id]!.appliesTo?.types) return false;
      return !judged.present;
    })
    .map((judged) => judged.reportAs);
}

/** One checklist item that applies to the request, and whether the rules find it in the mail. */
export interface ItemJudgement {
  id: string;
  reportAs: string;
  present: boolean;
}

/**
 * The applicable items of the decided topic's checklist, in checklist order, each judged present or absent:
 * by the rules, and where the item models are loaded, overturned when an item's model is sure of the other verdict.
 */
export function judgeChecklist(input: IntakeInput, decided: Decided, rules: IntakeRules, ctx: IntakeContext): ItemJudgement[] {
  const judged = judgeByRules(input, decided, rules, ctx);
  const itemModels = rules.itemModels;
  if (!itemModels || !rules.vocabulary || judged.length === 0) return judged;
  const words = requestFeatures(ctx, rules.vocabulary);
  return judged.map((j) => {
    const probability = presentProbability(itemModels, j.id, itemFeatures(words, decided.topic, j.present));
    return { ...j, present: decidePresent(j.present, probability, itemModels.overturnAbove, itemModels.findAbove ?? FIND_ABOVE) };
  });
}

/** The rules' verdict alone, for every applicable item (what the item models learn to correct). */
export function judgeByRules(input: IntakeInput, decided: Decided, rules: IntakeRules, ctx: IntakeContext): ItemJudgement[] {
  return (rules.checklists[decided.topic] ?? []).flatMap((id) => {
    const rule = rules.items[id];
    if (!rule || !isApplicable(rule, decided, ctx)) return [];
    return [{ id, reportAs: reportedAs(id, rules), present: isPresent(id, rule, input, decided, ctx, rules) }];
  });
}

/** A doubtful route whose runner-up the help desk does not own (MACCH, NMIS, a Help Center article): nothing is asked. */
function mayBeRoutedAway(decided: Decided, rules: IntakeRules): boolean {
  const route = decided.confidence?.route;
  return !!route && isDoubtful(route, DOUBTFUL_BELOW.route) && !rules.missingInfoRoutes.includes(route.runnerUp as Decided['route']);
}

function reportedAs(item: string, rules: IntakeRules): string {
  return rules.items[item]?.reportAs ?? item;
}

function isDoubtful(confidence: FieldConfidence | undefined, below = DOUBTFUL_BELOW.type): boolean {
  return confidence !== undefined && confidence.runnerUp !== null && confidence.probability < below;
}

/** The items (as reported) of the runner-up topic's checklist when the decided topic is doubtful; null when it is not. */
function sharedWithRunnerUp(decided: Decided, rules: IntakeRules): Set<string> | null {
  const topic = decided.confidence?.topic;
  if (!topic || !isDoubtful(topic, DOUBTFUL_BELOW.topic)) return null;
  return new Set((rules.checklists[topic.runnerUp as Decided['topic']] ?? []).map((item) => reportedAs(item, rules)));
}

/** The sentence that asks the user for one item; the item id itself when the rules do not know it. */
export function describeMissingItem(item: string, rules: IntakeRules): string {
  const rule = rules.items[item] ?? Object.values(rules.items).find((r) => r.reportAs === item);
  return rule?.ask ?? item;
}

function isApplicable(rule: ItemRule, decided: Decided, ctx: IntakeContext): boolean {
  if (rule.appliesTo?.types && !rule.appliesTo.types.includes(decided.type)) return false;
  if (rule.appliesWhen && !hasAnyMatch(rule.appliesWhen, ctx.content)) return false;
  return true;
}

function isPresent(id: string, rule: ItemRule, input: IntakeInput, decided: Decided, ctx: IntakeContext, rules: IntakeRules): boolean {
  const p = rule.present;
  if (hasEmptyFormField(id, input.text)) return false;
  if (id === 'program_name' && namesSeveralPrograms(signOffLines(normalizeText(input.text ?? ''), ctx.signature))) return false;
  if (p.clientIdsAtLeast !== undefined && decided.clientIds.length >= p.clientIdsAtLeast) return true;
  if (p.attachmentNames && input.attachments.some((a) => hasAnyMatch(p.attachmentNames, a.filename))) return true;
  if (p.attachedAs && input.attachments.length > 0 && hasAnyMatch(p.attachedAs, ctx.content)) return true;
  // Vague phrases ("some changes", "update the program") say nothing specific: blanked before looking.
  const inScope = p.in === 'all' ? ctx.all : aboveSignOffDelimiter(scopeText(ctx, p.in));
  const scoped = p.names ? withoutSenderFields(inScope, input.text) : inScope;
  const written = withoutPhrases(p.past ? pastOnly(scoped) : scoped, p.vague ?? []);
  const text = p.fileNames ? `${written}\n${fileNamesAsWords(input)}` : written;
  if (p.any && (p.notSenderIn?.includes(decided.topic) ? hasNameNotTheSender(p.any, text, ctx.signature) : hasAnyMatch(p.any, text))) return true;
  if (id === 'report_name' && namesReportRun(text)) return true;
  const index = rules.itemWords?.get(id);
  // A denying word governs only its own sentence ("cant enroll X" as the subject, "trying to enroll" in the body).
  const denied = new Set(p.deniedAfter ?? []);
  if (index && text.split(/[.!?\n]+/).some((sentence) => hasAffirmedWord(wordsOf(sentence), index, denied))) return true;
  if (p.dates === 'range' && hasDateRange(text)) return true;
  if (p.dates === true && hasDate(withoutDateRanges(ownPartOfReply(text, ctx.subject)), new Set(p.notAfter ?? []))) return true;
  if (p.periods && (hasPeriod(text, p.periods === 'chosen') || namesReportYear(text))) return true;
  if (p.names && findPersonNames(`${withoutSenderFields(withoutSignOff(ctx.content), input.text)}\n${evenedRows(input.text, ctx.signature)}\n${listedLines(ctx.signature)}\n${fileNamesAsWords(input)}`).length > 0) return true;
  if (p.minContentWords !== undefined && countContentWords(withoutNames(describedIn(input, ctx)), p.vague ?? []) >= p.minContentWords) return true;
  return false;
}

/**
 * A web form's own field for the item left empty ("When did this start:" with nothing after it, "Steps tried: n/a"): the
 * sender was asked and gave nothing, whatever the description seems to say ("since his intake" is when he was assigned).
 */
function hasEmptyFormField(id: string, text: string): boolean {
  const label = FORM_FIELD_OF[id];
  if (!label || !text.includes(':')) return false;
  // A label may be a question ("When did this start?:", "¿Cuándo empezó?:"): read without its question marks.
  return emptyFormFieldLabels(normalizeText(text).replace(/^([ \t]*)\u00BF/gm, '$1').replace(/\?(?=:)/g, '')).some((field) => label.test(field));
}

/** The form labels that ask for an item, by their first word. */
const FORM_FIELD_OF: Record<string, RegExp> = {
  when_started: /^(?:when|cuando)\b/i,
  where_in_system: /^(?:where|donde)\b/i,
  steps_followed: /^(?:steps|pasos)\b/i,
  report_parameters: /^(?:parameters|parametros)\b/i,
  program_name: /^(?:program|programa)$/i,
};

/**
 * The attached files' names, one a line, read as words: a sender who attaches the export often names the report and its
 * period only there ("HUDX-227_APR_Q1FY25.csv", "APR_2023-10-01_to_2024-09-30.csv"), and a form its person ("LRF_Ana_Ruiz.pdf").
 */
function fileNamesAsWords(input: IntakeInput): string {
  return input.attachments.map((a) => normalizeText(a.filename).replace(/\.\w{2,4}$/, '').replace(/_+/g, ' ')).join('\n');
}

/**
 * What the sender wrote above the conventional "-- " sign-off delimiter: the name, title, agency and disclaimer below it
 * ("Casa Esperanza del Valle", "AVISO DE CONFIDENCIALIDAD") name no program, report or screen of the request. A message
 * forwarded or quoted below the sign-off ("---------- Forwarded message ---------") is kept: a forward's request is often there.
 */
export function aboveSignOffDelimiter(text: string): string {
  // The delimiter opens a line; the lines after it may already be joined into one.
  const delimiter = /\n--(?:\s|$)/.exec(text);
  if (!delimiter) return text;
  const above = text.slice(0, delimiter.index);
  const quoted = text.slice(delimiter.index).search(/-{5}|_{10}/);
  return quoted < 0 ? above : `${above}${text.slice(delimiter.index + quoted)}`;
}

/**
 * A match that is not the sender's own agency: read on to the last word of its capitalised name ("Good Shepherd Pantry"
 * is "Good Shepherd Pantry Network"), the name is not a line or part of the sign-off ("Finance Manager, Northside Food Pantry").
 * The agency names itself there; a program of it is named in the request.
 */
function hasNameNotTheSender(specs: PatternSpec[], text: string, signature: string): boolean {
  const own = new Set(signature.split(/[\n|,]/).map((part) => part.trim().toLowerCase()).filter(Boolean));
  return specs.some((spec) => allMatches(spec, text).some((m) => !own.has(wholeName(text, m).toLowerCase())));
}

/** The match read on to the last capitalised word of its name, on its own line (a subject above it is no part of it). */
function wholeName(text: string, match: RegExpExecArray): string {
  const rest = /^(?: [A-Z][\w&'/-]*)*/.exec(text.slice(match.index + match[0].length))![0];
  return `${match[0]}${rest}`.split('\n').pop()!.trim();
}

/**
 * The text without the sign-off under a "-- " delimiter, up to a quoted or forwarded message below it ("-----Original
 * Message-----"): the sender's own name there is not the person a request is about; a name in the quoted mail may be.
 */
function withoutSignOff(text: string): string {
  return text.replace(SIGN_OFF, '\n');
}

/**
 * A web form's fields for who sent it ("Name:   Ana Ruiz", "Email: aruiz@example.org") blanked wherever their values
 * recur: the sender, not the person a request is about (whose account, who is to be trained); the sender asking for
 * themself says so in the request. Read from the form's own lines, since a paragraph's lines are joined by then.
 */
function withoutSenderFields(text: string, raw: string): string {
  const values = [...normalizeText(raw).matchAll(SENDER_FIELD)].map((m) => m[1]!.trim());
  return values.reduce((t, value) => t.split(value).join(' '.repeat(value.length)), text);
}

const SENDER_FIELD = /^[ \t]*(?:your |requester |contact )?(?:name|nombre|e-?mail(?: address)?|correo)[ \t]*:[ \t]*(\S[^\n]*)/gim;

/** From a "-- " line to the end, or to the dashes that open a forwarded or quoted message below it. */
const SIGN_OFF = /\n--(?:\s[\s\S]*?)?(?=-{5}|$)/;

/** A HUD report named with its year ("PIT 2025", "the 2024 APR", "CAPER FY24") names its reporting period. */
// Two expressions rather than one alternation: each is proven linear by the ReDoS check in about a second.
const REPORT_YEAR = [/\b(?:PIT|HIC|APR|CAPER|LSA) (?:FY ?|20)\d\d\b/i, /\b(?:FY ?|20)\d\d (?:PIT|HIC|APR|CAPER|LSA)\b/i];

/** ... also with a word or two between ("our 2025 unsheltered PIT"); read word by word, which keeps each expression provably linear. */
function namesReportYear(text: string): boolean {
  if (REPORT_YEAR.some((r) => r.test(text))) return true;
  const words = text.split(/\s+/);
  return words.some((word, i) => YEAR_WORD.test(word) && words.slice(i + 2, i + 4).some((later) => HUD_REPORT_WORD.test(later)));
}

/**
 * A report named as what was run ("When I run Households Served for ...", "we exported Program Details"): two or more
 * capitalised words right after the verb; "ran the report", "export Hi Bitfocus" (a subject then a greeting) name none.
 */
export function namesReportRun(text: string): boolean {
  const words = text.split(/[ \t]+/);
  return words.some((word, i) => RUN_WORDS.has(word.toLowerCase()) && isTitleWord(words[i + 1]) && !NOT_A_REPORT.has(words[i + 1]!)
    && isTitleWord(words[i + 2]?.replace(/[,.]$/, '')));
}

const isTitleWord = (word: string | undefined): boolean => !!word && /^\p{Lu}[\p{L}-]+$/u.test(word);
const RUN_WORDS = new Set(['run', 'ran', 'running', 'runs', 'pull', 'pulled', 'pulling', 'export', 'exported', 'exporting', 'corri', 'corro', 'corrimos']);
const NOT_A_REPORT = new Set(['The', 'It', 'Our', 'This', 'My', 'An', 'Clarity', 'HMIS', 'We', 'El', 'La', 'Los', 'Las', 'Reports', 'Hi', 'Hello', 'Hola']);

const YEAR_WORD = /^(?:fy)?(?:20)?\d\d$/i;
const HUD_REPORT_WORD = /^(?:PIT|HIC|APR|CAPER|LSA)\b/i;

const DAY = '(?:\\d{1,2}/\\d{1,2}(?:/\\d{2,4})?|\\d{4}-\\d{2}-\\d{2}|[a-z]{3,9}\\.? \\d{1,2}(?:st|nd|rd|th)?(?:,? \\d{4})?)';
// With the word that opens it ("ran it for 12/1 to 12/31 yesterday"): that "for" is the range's, not the next time's.
const DATE_RANGE = new RegExp(`(?:\\b(?:for|from|covering|para|del) )?${DAY} ?(?:-|to|through|thru|until|al|hasta) ?${DAY}`, 'gi');

/**
 * What a reply to the help desk ("RE: New User Training - October 15") says itself: its subject and the help desk's own
 * mail quoted below it are that mail's, so their times are not when the problem now written about began. The sender's
 * own earlier mail quoted in a reply is kept (the problem is often told there), as is a forward's.
 */
export function ownPartOfReply(text: string, subject: string): string {
  if (!REPLY_SUBJECT.test(subject) || !text.startsWith(subject)) return text;
  const quoted = text.search(QUOTED_MAIL);
  const isOurs = quoted >= 0 && HELP_DESK.test(text.slice(quoted, quoted + 200));
  if (!isOurs) return `${' '.repeat(subject.length)}${text.slice(subject.length)}`;
  // Our notice may quote the sender's request in turn ("Original request: ..."): that part is the sender's again.
  const theirs = text.slice(quoted).search(THEIR_REQUEST);
  return `${' '.repeat(subject.length)}${text.slice(subject.length, quoted)}${theirs < 0 ? '' : `\n${text.slice(quoted + theirs)}`}`;
}

const HELP_DESK = /\bhelp ?desk\b|\bmesa de ayuda\b/i;
const THEIR_REQUEST = /\b(?:original request|your request|you wrote|solicitud original)\b/i;

/** Where a quoted earlier mail opens: "-----Original Message-----", its "From:" line, "On ... wrote:", or "> " lines. */
const QUOTED_MAIL = /-{5}|^(?:>|from:)|\bwrote:$/im;
const REPLY_SUBJECT = /^(?:re|rv|aw)\s?:/i;

/** A date range ("Jan 1 2024 - Dec 31 2024", "for 7/1 to 9/30") is a reporting period, not when something began: blanked. */
export function withoutDateRanges(text: string): string {
  return text.replace(DATE_RANGE, (range) => ' '.repeat(range.length));
}

/**
 * A vocabulary hit not right after a denying word ("none of us entered", "anything not saved"), nor a passive ("a note has
 * been entered", "it was changed"): what was done to a thing, by whoever, is no step the sender took.
 */
function hasAffirmedWord(words: string[], index: Parameters<typeof findConcepts>[1], denied: ReadonlySet<string>): boolean {
  return findConcepts(words, index).some((hit) => !ownClause(words.slice(Math.max(0, hit.at - 3), hit.at)).some((w) => denied.has(w))
    && !(PASSIVE_AFTER.has(words[hit.at - 1] ?? '') && words[hit.at]!.endsWith('ed')));
}

/** The words before a hit from the last "and" or "then" on: "change it to No and click Save" denies no click. */
function ownClause(before: string[]): string[] {
  const joined = before.map((w) => CLAUSE_JOINS.has(w)).lastIndexOf(true);
  return joined < 0 ? before : before.slice(joined + 1);
}

const CLAUSE_JOINS = new Set(['and', 'then', 'y', 'luego']);

const PASSIVE_AFTER = new Set(['been', 'being', 'was', 'were', 'is', 'are', 'be', 'get', 'gets', 'got', 'getting']);

/**
 * Clauses that tell of a deadline, a condition, a plan or another event under way ("closes at 5 today", "if she can't move
 * in Friday", "her job starts Monday", "is being discharged this afternoon", "el autobús sale a las 4:10", "nowhere to sleep
 * tonight", "a monitoring visit on March 14") blanked: their times are not when the problem began. "Hoy en la mañana" is this
 * morning, not tomorrow. Commas and brackets part clauses too: "I ran it this morning, they close at noon" keeps its morning.
 */
export function pastOnly(text: string): string {
  return text.replace(/[^.!?;,\n]+/g, (clause) => (STAY.test(clause) && SINCE.test(clause) ? blank(clause) : clause)).replace(/[^.!?;,()\n]+/g, (sentence) => (isAnotherEvent(sentence.toLowerCase()) ? blank(sentence) : sentence));
}

const blank = (part: string): string => ' '.repeat(part.length);

/**
 * A sentence still ahead (above; "tonight" not once someone has arrived), or one telling when the sender's own case or ticket was opened ("I opened case 00841272
 * with the vendor two weeks ago", "following up on my ticket #4410 from Monday"), unless it says when something began or
 * was noticed.
 */
function isAnotherEvent(sentence: string): boolean {
  // "He came in tonight": tonight has come already for someone who arrived.
  const ahead = AHEAD_SENTENCE.test(ARRIVED.test(sentence) ? sentence.replace(/\btonight\b/g, '') : sentence);
  return (ahead || OWN_CASE.test(sentence)) && !BEGAN.test(sentence);
}

const ARRIVED = /\b(?:came|went|arrived|showed up|walked in|llego|vino)\b/;

const AHEAD_SENTENCE = new RegExp(['\\b(?:if|unless|tomorrow|will|next|deadline|due|closes?|expires?|starts|restarts?|begins|si|proxim[oa]|cierra|cierran|vence)\\b|(?<!esta |la )\\bmanana\\b',
  '\\b(?:being|leaves|leaving|departs|tonight|visit|visita|appointment|cita)\\b|\\b(?:esta noche|salen? a las)\\b'].join('|'));
const BEGAN = /\b(?:since|started|starting|began|noticed|desde|empezo|comenzo)\b/;
const OWN_CASE = /\b(?:case|ticket|caso) ?(?:#|no\.? ?|number )?\d{3}|\bopened (?:a |an |the )?(?:case|ticket)\b/;
/** A clause of a person's stay told with since ("has been with us since March", "sitting in our lobby since 4"): no start. */
const STAY = /\b(?:with us|lobby|sitting|staying|stayed|con nosotros)\b/i;
const SINCE = /\b(?:since|desde)\b/i;

/**
 * Where the sender says what is wrong: a form's own fields ("Description:", "Steps already tried:"), without the fields
 * that say who filed it and how and without the form's notice and subject (its category and agency); else subject and body.
 */
function describedIn(input: IntakeInput, ctx: IntakeContext): string {
  return writtenInForm(normalizeText(input.text ?? '')) ?? `${ctx.subject}\n\n${ctx.body}`;
}

/** Words that carry no content when judging whether an issue is described at all. */
const FILLER_WORDS = new Set(('the and for you your please help thanks thank can could would this that with our hello asap urgent fix '
  + 'look need have has just again any some something somehow stuff thing things what why how not get got there here today now '
  + 'know let clarity hmis sorry issue problem error errors ayuda favor por gracias hola que algo esto eso '
  // Who asks and how, and a topic named without what is wrong with it ("our data quality", "the numbers on our report").
  + 'someone somebody anyone hey honestly even where start take look looks off says said wants want both neither anything '
  + 'board director chair data quality report numbers question quick small give gives send tell direct phone number contact email call back talk otra vez siempre con '
  // ... and the same in Spanish ("nuestra calidad de datos", "segun la directora", "nos pueden ayudar").
  + 'nuestro nuestra nuestros nuestras nos esta este pueden puede ayudar calidad datos reporte informe directora director segun '
  + 'buenos buenas dias tardes '
  // Which program and period a request is about says nothing of what is wrong ("el programa RRH del segundo trimestre").
  + 'program programa para year ano quarter trimestre fiscal first second third fourth primer segundo tercer cuarto '
  // Hearsay and offers to meet ("I've been told ...", "happy to meet about it") say nothing of what is wrong either.
  + 'been told about happy meet meeting').split(' '));

/** Capitalised words that are not people's names (agencies, screens, days, greetings), for finding trainee names. */
const NOT_NAMES = new Set(('new user users training security annual clarity hmis help desk center centre shelter street youth house '
  + 'home homes services service family families housing coalition clinic church community recovery outreach program project '
  + 'report reports library data quality coordinated entry access point queue request form license please thanks thank hello hi '
  + 'dear our the this she he they we his her can could would will is are case manager director staff team support bitfocus ica '
  + 'monday tuesday wednesday thursday friday saturday sunday january february march april may june july august september october '
  + 'november december emergency transitional rapid rehousing permanent supportive agency county city nebraska iowa omaha council '
  + 'bluffs hills light harbor north south east west good neighbor food pantry warming sunrise metro hope casa esperanza regional '
  + 'authority medical mr ms mrs dr application list enrollment assessment assessments documents profile household intake exit save '
  + 'close edit add member income benefits roster status veteran contacts hotel motel voucher sage count release information yes no '
  + 'regards best sincerely cheers hi again also note ps como gracias hola buenos buenas dias tardes mi su el la los las una un '
  // A web form's labels, read on one line with the values between them ("Login / Password / Account Description: ...").
  + 'account password login description summary category type phone email agency attachments').split(' '));

function withoutPhrases(text: string, phrases: PatternSpec[]): string {
  return phrases.reduce<string>((t, spec) => t.replace(compilePattern(spec), (m: string) => ' '.repeat(m.length)), text);
}

/**
 * The body without names of two or more capitalised words ("Platte Valley RRH", "Siena Street Shelter"): which program or
 * agency a request is about says nothing of what is wrong with it ("our data quality for Platte Valley RRH is a mess").
 */
function withoutNames(body: string): string {
  return body.split('\n').map((line) => {
    const words = line.split(' ');
    // A word may close the name with a stop or comma ("... Siena Street Shelter."); one inside it may not.
    const inside = words.map((w) => NAME_WORD.test(w));
    const last = words.map((w) => NAME_WORD.test(w.replace(/[.,;:!?]$/, '')));
    return words.map((w, i) => ((inside[i] && last[i + 1]) || (last[i] && inside[i - 1]) ? ' '.repeat(w.length) : w)).join(' ');
  }).join('\n');
}

const NAME_WORD = /^\p{Lu}\p{Ll}[\p{Ll}']*$/u;

/** Words that say something once vague phrases ("something is wrong") and filler are taken out. */
export function countContentWords(content: string, vague: PatternSpec[]): number {
  return new Set((withoutPhrases(content, vague).match(/[\p{L}\d]{3,}/gu) ?? []).map((w) => w.toLowerCase()).filter((w) => !FILLER_WORDS.has(w))).size;
}

/** Bulleted or numbered lines ("- Karen Whitlock", "2. Omar Haddad"): a list of people is no sign-off, wherever it was put. */
function listedLines(signature: string): string {
  return signature.split('\n').filter((line) => LIST_ROW.test(line)).join('\n');
}

/** Rows of a list or table outside the sign-off ("- ELLIS, JORDAN", "PRIYA NAIR | Intake"), as written, with capitals evened out ("Ellis, Jordan"). */
function evenedRows(text: string, signature: string): string {
  return text.split(/\r?\n/).filter((line) => (LIST_ROW.test(line) || line.includes('|')) && !signature.includes(line.trim()))
    .map((line) => line.replace(/\p{Lu}{2,}/gu, (word) => word[0] + word.slice(1).toLowerCase())).join('\n');
}

const LIST_ROW = /^[ \t]{0,4}(?:[-*\u2022]|\d{1,2}[.)])[ \t]/u;

/** Capitalised first + last name pairs ("Alyssa Park") whose words are not known non-name words. */
export function findPersonNames(content: string): string[] {
  const stop = NOT_NAMES;
  const names: string[] = [];
  // "Ellis, Jordan" (surname first, as rosters and forms write it) is read as a pair too.
  const text = content.replace(/(\p{Ll}), (?=\p{Lu}\p{Ll})/gu, '$1 ');
  // Surnames may be O'Neil, McDonald or hyphenated.
  // The surname is read in a lookahead, so a capitalised word before a name ("Can Katie Brandt") does not swallow its first name.
  for (const m of text.matchAll(/(?<![\p{L}])(\p{Lu}\p{Ll}+(?:[-']\p{Lu}?\p{Ll}+)?) (?=(\p{Lu}(?:'\p{Lu})?\p{Ll}+(?:\p{Lu}\p{Ll}+)?(?:[-']\p{Lu}\p{Ll}+)?)(?![\p{L}]))/gu)) {
    if (!stop.has(m[1]!.toLowerCase()) && !stop.has(m[2]!.toLowerCase())) names.push(`${m[1]} ${m[2]}`);
  }
  return names;
}

/** The ticket's classification as stored, for checking a reply against its checklist. */
export interface AskedTicket {
  route: string;
  topic: string;
  type: Classification['type'];
  /** The items the help desk asked for (as `findMissingInfo` reported them). */
  missingInfo: string[];
  /** The client IDs the ticket knows already (the request's, earlier notes'); absent: none. */
  clientIds?: readonly string[];
}

/**
 * Which of the items the help desk asked for a reply still leaves out: the reply (with its
 * subject and files) is checked against the ticket's own topic checklist, and an item counts as
 * supplied once the reply holds it. Only asked-for items can stay missing; nothing new is asked.
 * Client IDs count together with those the ticket knows: a merge request that named one record
 * and was asked for "all the duplicate Client IDs" has them once the reply names the other.
 */
export function recheckMissingInfo(reply: IntakeInput, ticket: AskedTicket, rules: IntakeRules): string[] {
  if (ticket.missingInfo.length === 0) return [];
  const ctx = buildContext(reply, rules);
  const decided: Decided = {
    route: ticket.route as Decided['route'],
    topic: ticket.topic as Decided['topic'],
    type: ticket.type,
    priority: 'normal',
    clientIds: [...new Set([...(ticket.clientIds ?? []), ...ctx.clientIds])],
  };
  // The checklist of the ticket's topic, even when its route no longer asks (an admin's #route). The rules alone judge a
  // reply: the item models learnt from first requests, and a short reply reads nothing like one.
  const { itemModels: _firstRequestsOnly, ...ruleSet } = rules;
  const stillMissing = new Set(findMissingInfo(reply, decided, { ...ruleSet, missingInfoRoutes: [decided.route] }, ctx));
  return ticket.missingInfo.filter((item) => stillMissing.has(item) || !isChecklistItem(item, decided.topic, rules));
}

/** Items not on the topic's checklist (an admin's #topic changed it) cannot be checked; they stay asked. */
function isChecklistItem(item: string, topic: string, rules: IntakeRules): boolean {
  return (rules.checklists[topic as Decided['topic']] ?? []).some((id) => id === item || rules.items[id]?.reportAs === item);
}
