// Decides whether a request is urgent on its own terms: a client kept from a basic need or a service
// (shelter, food, medication, a benefit, a placement, an enrolment) AND time pressure (tonight, today,
// a clock time, a weekday ahead, a supply running out) or the client waiting in person, said in one
// sentence or the next, with the model's urgency probability beside it. Only what the sender writes now
// counts: not a quoted earlier message, a sign-off, or a block the mail says is already over (nor a forwarded
// alarm the sender says is over or no rush); a time told as the staff's own past action ("I called them this
// morning") is no pressure, an enrolment record or the next refill no need, every client of a program no
// one in particular, a near miss ("was almost turned away") no block, a client already enrolled ("she is
// enrolled") no one kept out, and a client the sender says is not affected ("she's fine") no one waiting.
// A client turned away from a place is kept from that place; a day of the month ahead ("on the 14th") is
// time pressure, and so is a line of clients at the door or a client said to be here ("three siblings here").
// A need word naming a number, a phone line or an address ("Social Security Number", "intake line 402-...", "our
// shelter address") is no need, and a block or a need said of nobody ("nobody is turned away", "nobody has been
// referred yet") keeps no one out; a client opened on a screen ("open clients from Recent Clients") is a record,
// not a person waiting. A need word that names a part of the system ("the Check-In button", "the Bed List", "clicked
// Enroll") is a screen, a date of the year after "by" or "until" no time of day, and a routine ("every morning we have
// 80 guests", "patients a week who have nowhere to go") keeps no one waiting now, unless the mail told that need as the
// client's before ("her motel voucher for tonight ... the voucher screen won't pull"). A block may last until now ("still
// can't", "todavia no") or be told in the perfect ("hasn't been able to", "no ha podido"); "no emergency now", "he's
// already checked in for the night" and the sentence that tells how a crisis ended say it is over.
// Under a forwarding subject ("FW:", "RV:"), Outlook's "Original Message" is passed on, not a reply's history.
// A client kept from receiving benefits, services, assistance or housing ("is held up from receiving benefits", "no puede
// recibir sus beneficios") needs no time pressure: the guide gives such tickets the highest priority.
// "URGENT" or "ASAP" alone and a program name never make it urgent. Pure.
import { tokensOf, wordsOf } from './linear-model.ts';
import { HEADER_FIELD_LINE } from './header-lines.ts';
import { hasAnyMatch } from './patterns.ts';
import { CLOSINGS, isNameLike } from './signature.ts';
import { conceptIndexOf, findConcepts, indexEntries, type ConceptHit, type PhraseIndex, type Vocabulary } from './vocabulary.ts';

export interface UrgencyJudgement {
  urgent: boolean;
  /** One line for the admins: what the client is kept from and the time pressure, in the sender's words. */
  reason: string | null;
}

/** How many neighbouring sentences a need and its block may be spread over. */
const WINDOW = 2;
/** How many sentences before or after them the time pressure, the client's presence and the client may be said. */
const REACH = 2;
/** The model's urgency probability that the word groups must be backed by, and that alone is never enough. */
const BACKED = 0.02;
/** Without the time pressure said outright, the model must be this sure (need and block still required). */
const MODEL_ALONE = 0.5;
/** The type model's probability of "issue" at which a reported problem counts, whatever type won. */
const ISSUE_LIKELY = 0.3;

interface SentenceGroups {
  /** Speaks of a client (a person, a pronoun, a family): the one who can be kept from a need. */
  client: boolean;
  /** Anyone at all kept from the need of the same sentence ("we cannot check anyone in for groceries"): a client only with the time pressure said. */
  anyone: boolean;
  need: string | null;
  blocked: string | null;
  pressure: string | null;
  presence: string | null;
  /** Says the block is over ("resolved", "ya tiene cama"): what was told before it no longer counts. */
  resolved: boolean;
  /** Says there is no rush ("no hurry on that one", "sin prisa"): about itself and the sentence before. */
  noRush: boolean;
  hypothetical: boolean;
  /** Says the client is not affected ("she's fine", "it's not affecting her rent", "no le afecta"): no one is kept from anything. */
  unaffected: boolean;
  isSubject: boolean;
  /** Told in a forwarded message: older than the sender's own words above it. */
  forwarded: boolean;
  /** A client kept from receiving a benefit in this sentence ("is held up from receiving benefits"): what and how, or null. */
  keptFromBenefit: KeptFromBenefit | null;
}

interface KeptFromBenefit {
  /** The benefit, in the sender's words ("benefits", "housing assistance"). */
  benefit: string;
  /** From the block to the receiving word ("held up from receiving", "can t receive"). */
  block: string;
}

/** How many words before a time "I tried", "we called" may be said to make it the staff's past action ("I tried Programs > Enroll around 10:30 pm"). */
const STAFF_ACTION_REACH = 6;
/** Words after which a weekday or time lies in the past ("since Tuesday", "last Friday", "hace una hora"). */
const PAST = new Set(['since', 'last', 'did', 'was', 'were', 'ago', 'saw', 'seen', 'came', 'went', 'got', 'noticed', 'started', 'began', 'happened', 'desde', 'pasado', 'hace']);
/** After "on <weekday>", a verb in the past ("On Sunday a guest was almost turned away"). */
const TOLD_PAST = new Set(['was', 'were', 'fue', 'estuvo']);
/** Words that tell a whole sentence as past ("Last winter a family waited in our lobby"): no one is there now. */
const PAST_SENTENCE = new Set(['yesterday', 'ayer', 'anoche']);
const PAST_AFTER_LAST = new Set(['night', 'week', 'month', 'winter', 'summer', 'year', 'time', 'weekend']);
/** A how-to asked about "a client", "una familia": any client, a case in general, not one waiting now. */
const HOW = new Set(['how', 'which', 'where', 'como', 'cual', 'donde']);
const INDEFINITE = new Set(['a', 'an', 'any', 'un', 'una', 'cualquier']);

/** Words that undo a resolution ("not resolved", "it worked until", "last month it worked": a contrast with before). */
const UNDO = new Set(['not', 't', 'never', 'no', 'until', 'before', 'hasta', 'but', 'pero', 'last', 'yesterday', 'ayer', 'earlier', 'previously', 'pasado']);
/** Words before a resolution that say it is still awaited ("until his record is fixed", "once it is sorted"), up to AWAITED_REACH words before it. */
const AWAITED = new Set(['until', 'till', 'unless', 'once', 'hasta']);
const AWAITED_REACH = 4;
/** Who tells what staff did at a time ("I called them this morning", "this morning I opened"): the time is past. */
const FIRST_PERSON = new Set(['i', 'we', 've']);
/** A need said as the next one ("her next refill", "su proxima cita") lies ahead, not now. */
const NEXT = new Set(['next', 'proxima', 'proximo']);
/** Words before a client word that make it any or every client of a program ("for every client"): no one in particular. */
const EVERY = new Set(['every', 'each', 'all', 'cada', 'todos', 'todas']);
/** "only ... once/after/when" ("the county only releases a voucher once we record it"): a need released on a condition. */
const ONLY = new Set(['only', 'solo', 'solamente', 'unicamente']);
const ONLY_ON = new Set(['once', 'after', 'when', 'if', 'cuando', 'despues', 'si']);
/** "they need/want ... before", "the landlord needs ... today": what another office requires first. */
const REQUIRE = new Set(['need', 'require', 'want']);
/** "our program needs", "nuestra agencia necesita": the sender's own side, not another office. */
const OWN = new Set(['our', 'my', 'nuestro', 'nuestra', 'nuestros', 'nuestras', 'mi']);
/** How many words before the requirement "our", "mi" may open its subject ("our eviction prevention program needs"). */
const OWN_REACH = 4;
/** The same said of someone else ("the clinic needs", "la autoridad necesita"), not of the staff themselves. */
const REQUIRES = new Set(['needs', 'requires', 'wants', 'necesitan', 'necesita', 'piden', 'pide', 'exigen', 'exige']);
const REQUIRE_BY = new Set(['before', 'antes']);
/** "they want to know before ...", "quieren saber": a question asked, not a condition set. */
const KNOW = new Set(['know', 'saber']);
/** "to the next applicant", "a otra familia": the one a need is given to instead. */
const TO = new Set(['to', 'a']);
const ARTICLES = new Set(['the', 'la', 'el']);
const OTHER = new Set(['next', 'another', 'siguiente', 'otra', 'otro']);
const TAKERS = new Set(['applicant', 'applicants', 'family', 'families', 'person', 'household', 'tenant', 'agency', 'familia', 'persona', 'solicitante', 'inquilino']);
/** How many words apart the two halves of a condition may be. */
const CONDITION_SPAN = 8;
/** Nouns after a client word that make it a screen of the system ("client search", "client list"), not a person. */
const SYSTEM_NOUNS = new Set(['search', 'searches', 'list', 'lists', 'dashboard', 'tab', 'page', 'screen', 'field', 'fields', 'module', 'report', 'reports']);
/** Words before a client word that make it a screen or a record of the system ("Recent Clients", "busqueda de clientes", "open clients from"). */
const SYSTEM_BEFORE = new Set(['recent', 'busqueda', 'lista', 'buscador', 'listado', 'open', 'opening', 'opened', 'abrir', 'abro', 'abrimos']);
const ANYONE = new Set(['anyone', 'anybody', 'nadie']);
/** Before a block or a need, who suffers it: "nobody is being turned away", "no one lost a bed", "nobody has been referred" says no one is kept from anything. */
const NOBODY = new Set(['nobody', 'nadie']);
const NOBODY_REACH = 3;
/** Between "nobody" and a need, a tense told up to now ("has been", "was", "ha sido"). */
const SO_FAR = new Set(['has', 'have', 'was', 'were', 'been', 'ha', 'han', 'fue']);
/** "we have a patient", "tengo a un senor": a client with the sender now. */
const HAVE = new Set(['have', 'got']);
const WE_HAVE = new Set(['tenemos', 'tengo']);
const WHOSE = new Set(['whose', 'cuyo', 'cuya', 'cuyos', 'cuyas']);
const A_CLIENT = new Set(['a', 'an', 'un', 'una']);
const HERE = new Set(['here', 'aqui']);
/** After a need word, the staff's absence ("medical leave", "licencia medica" is said the other way round). */
const STAFF_LEAVE = new Set(['leave', 'leaves']);
/** After a need word, a record of it ("bed history", "shelter enrollment", "disability status", "housing type"; "historial de vivienda" is said the other way round). */
const RECORD_AFTER = new Set(['history', 'histories', 'enrollment', 'enrollments', 'record', 'records', 'data', 'night', 'nights', 'info', 'information', 'status', 'type',
  'name', 'names', 'details', 'notes', 'utilization', 'count', 'counts', 'capacity', 'inventory']);
/** After a need word (or its phrase: "check in", "move in"), a part of the system ("Check-In button", "Bed List", "Move-In Date field", "intake PDF"): a screen, not a need. */
const SCREEN_AFTER = new Set([...SYSTEM_NOUNS, 'button', 'buttons', 'form', 'forms', 'sheet', 'sheets', 'pdf', 'section', 'date', 'dates', 'process',
  'assessment', 'assessments', 'score', 'scores', 'workflow', 'destination', 'destinations']);
/** Beside a need word, the staff of a place ("shelter staff", "a staff member at a shelter", "a partner shelter"): a workplace, not a need. */
const WORKPLACE = new Set(['staff', 'staffer', 'partner']);
/** After a need word said as ours, a staff role ("our intake worker", "our housing coordinator"): who works here, not what a client needs ("the SSI worker" is another office's). */
const ROLES = new Set(['worker', 'workers', 'coordinator', 'coordinators', 'manager', 'managers', 'supervisor', 'specialist', 'navigator', 'navigators', 'advocate', 'advocates']);
/** Before an enrolment said as a state ("she is enrolled", "esta inscrito"), a form of be: the client already has it. */
const IS = new Set(['is', 'are', 'was', 'were', 'been', 'esta', 'estan', 'estaba', 'fue']);
/** "that she is enrolled", "que esta inscrita": a state asked to be shown, not one had. */
const THAT = new Set(['that', 'que']);
/** Before a block told as past, a near miss ("was almost turned away", "nearly lost"): the block did not happen. */
const NEAR_MISS = new Set(['almost', 'nearly', 'casi']);
/** "turned away from Riverside", "sent away from the door": a client kept out of a place, the need being that place. */
const AWAY = new Set(['turned', 'sent', 'barred']);
/** After "close", a record to close ("close the enrollment", "close out", "close his stay"). */
const RECORD_DETERMINERS = new Set(['the', 'this', 'that', 'his', 'her', 'their', 'out', 'it', 'them']);
/** After "opening", what is opened ("opening a client", "opening the record"): an action, not an opening for a client. */
const OPENED = new Set(['a', 'an', 'the', 'this', 'that', 'his', 'her', 'their', 'my', 'our', 'it', 'them']);
/** Before "in" and a need word, a need had already ("already in their beds"). */
const ALREADY = new Set(['already', 'ya']);
/** After "already", the client is in a place for now ("already checked in", "already housed", "ya alojada"). */
const SETTLED = new Set(['checked', 'housed', 'placed', 'sheltered', 'admitted', 'ingreso', 'alojado', 'alojada', 'albergado', 'albergada']);
const SOMEONE = new Set(['someone', 'somebody', 'alguien']);
/** Before "someone", words that make the person an example ("like someone", "what about someone", "say somebody"). */
const EXAMPLE_BEFORE = new Set(['like', 'about', 'say', 'como']);
/** Words that tell what happens as a rule ("we usually", "we sometimes", "normalmente"). */
const ROUTINE = new Set(['usually', 'typically', 'normally', 'generally', 'often', 'sometimes', 'routinely', 'regularly', 'normalmente', 'generalmente', 'usualmente']);
/** The periods a routine repeats in ("every morning", "twice a week", "cada noche"). */
const PERIODS = new Set(['morning', 'mornings', 'night', 'nights', 'evening', 'day', 'week', 'month', 'year', 'time', 'manana', 'noche', 'dia', 'semana', 'mes']);
/** Before a need word, a click on it ("clicked Check-In", "click on Refer"): the name of a button. */
const CLICKS = new Set(['click', 'clicked', 'clicking', 'clicks', 'press', 'pressed', 'hit', 'tap', 'tapped', 'select', 'selected', 'clic', 'pulse', 'pulso']);
const ON = new Set(['on', 'the', 'en', 'el']);
/** "have to wait", "has to wait": made to wait. */
const MUST = new Set(['have', 'has', 'had']);
/** After a time word, the staff's shift ("tonight's shift", "the morning shift"). */
const SHIFT = new Set(['shift', 'shifts', 'turno']);
/** After "supposed to", what a rule lets people see ("supposed to be hidden", "supposed to see that"). */
const SEEN = new Set(['see', 'seen', 'visible', 'hidden', 'shown', 'show', 'ver', 'oculto', 'oculta']);
/** Units of a long wait ("waiting 40 days", "for three weeks"). */
const LONG_UNITS = new Set(['day', 'days', 'week', 'weeks', 'month', 'months', 'year', 'years', 'dias', 'semanas', 'meses', 'anos']);
/** The units a supply is counted in, up to SUPPLY_REACH words before "left". */
const SUPPLY_UNITS = new Set(['day', 'days', 'dose', 'doses']);
const SUPPLY_REACH = 4;
/** A weekday not said as past is a time ahead. */
const WEEKDAYS = new Set(['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday', 'lunes', 'martes', 'miercoles', 'jueves', 'viernes', 'sabado', 'domingo']);
/** After a need word, what makes it a number, a phone line or an address ("Social Security Number", "our intake line 402-...", "our shelter street address"), not a need. */
const IDENTIFIERS = new Set(['number', 'numbers', 'hotline', 'phone', 'address', 'addresses', 'location']);
/** A need word that a number after it makes an address ("unit 1204", "room 12", "apt 3"). */
const NUMBERED = new Set(['unit', 'room', 'apt', 'apartment', 'bed', 'cot', 'cuarto', 'habitacion', 'cama']);
/** The same said before the need in Spanish ("numero de cama", "linea de vivienda"). */
const IDENTIFIERS_BEFORE = new Set(['numero', 'numeros', 'linea']);
const PHONE_LINE = new Set(['line', 'linea']);
/** "a line of families", "la fila de familias", "una cola de personas": clients queued with the sender now. */
const QUEUE = new Set(['line', 'queue', 'fila', 'cola']);
const OF = new Set(['of', 'de']);
const ARTICLES_PLURAL = new Set(['the', 'las', 'los']);
/** Spanish object pronouns said between "no" and its verb ("no se lo quieren entregar", "no le quieren dar"). */
const CLITICS = new Set(['se', 'me', 'te', 'le', 'les', 'lo', 'la', 'los', 'las', 'nos']);
/** A Spanish perfect's auxiliary between "no" and its verb ("no ha podido", "no hemos podido"). */
const PERFECT = new Set(['ha', 'han', 'he', 'hemos', 'habia', 'habian']);
/** Words that negate what follows ("not", the "t" of "can't", "no", "never"). */
const NEGATION = new Set(['not', 't', 'no', 'never', 'nunca']);
/** "still", "todavia", "aun": with a negation up to STILL_REACH words after, a block lasting until now. */
const STILL = new Set(['still', 'todavia', 'aun']);
const STILL_REACH = 2;

/** The system as the one who answers ("Clarity says", "it shows", "el sistema dice"). */
const SYSTEM_SPEAKERS = new Set(['clarity', 'system', 'it', 'screen', 'hmis', 'sistema', 'pantalla']);
const SAYS = new Set(['says', 'said', 'shows', 'showed', 'tells', 'told', 'displays', 'dice', 'dijo', 'muestra', 'marca']);
/** What the system's answer may say to turn a client away, within a few words of "says". */
const REFUSALS = new Set(['full', 'capacity', 'ineligible', 'lleno', 'llena', 'llenos', 'ocupado', 'inelegible']);
const NO_ROOM = new Set(['beds', 'bed', 'openings', 'vacancies', 'room', 'space', 'camas', 'cupo', 'cupos', 'lugar', 'elegible']);
const REFUSAL_REACH = 6;
/** How many words before "emergency" its negation may be said ("no es una emergencia"). */
const EMERGENCY_REACH = 3;
/** "10/19", "11/12/2024": a day of the year, which "by" or "until" before it does not make a time of day (whether it is near is deadline.ts's question). */
const CALENDAR_DATE = /\b\d{1,2}\/\d{1,2}(?:\/\d{2,4})?\b/g;
/** Words that put a number as a time of day ("at 5", "by 11", "until 3", "a las 8"). */
const CLOCK_BEFORE = new Set(['at', 'by', 'before', 'until', 'till', 'til']);
/** A run of capitalised words holding one of these names a program ("Northside Emergency Shelter ES"). */
const PROGRAM_WORDS = new Set(['es', 'rrh', 'psh', 'th', 'so', 'shelter', 'program', 'project', 'center', 'centre', 'house', 'home', 'housing', 'rehousing', 'clinic', 'albergue', 'refugio', 'programa', 'centro', 'casa', 'hogar', 'vivienda', 'clinica']);

/**
 * Where an earlier message begins in a (lower-cased) line of a reply: "On Mon ... wrote:", "El ... escribio:"
 * (quoted lines after it may have been joined onto it), "-----Original Message-----". -1 when it does not.
 */
function replyHistoryAt(line: string): number {
  if (isOriginalMessage(line)) return 0;
  const wrote = Math.max(line.indexOf(' wrote:'), line.indexOf(' escribio:'));
  if (wrote < 0) return -1;
  const opening = line.slice(Math.max(0, wrote - 200), wrote);
  const at = Math.max(opening.lastIndexOf('on '), opening.lastIndexOf('el '));
  const start = Math.max(0, wrote - 200) + at;
  // "On" opens the line or follows a sentence's end ("... thanks. On Mon, Jan 13 ... wrote:").
  return at >= 0 && (start === 0 || /[.!?] $/.test(line.slice(Math.max(0, start - 2), start))) ? start : -1;
}


/**
 * "-----Original Message----- From: ... Sent: Friday ...": Outlook's opening with the earlier message's header fields
 * joined onto it keeps only the opening, read up to its last dash: who wrote when ("Sent: Friday") is no time ahead.
 */
function withoutJoinedHeader(line: string): string {
  const lower = line.toLowerCase();
  if (!isOriginalMessage(lower)) return line;
  let end = Math.max(lower.indexOf('original message'), lower.indexOf('mensaje original')) + ORIGINAL_MESSAGE_LENGTH;
  while (line[end] === ' ' || line[end] === '-') end++;
  return HEADER_FIELD_LINE.test(line.slice(end)) ? line.slice(0, end).trim() : line;
}
/** "original message" and "mensaje original" are as long as each other. */
const ORIGINAL_MESSAGE_LENGTH = 'original message'.length;

/** A line that opens a forwarded message: the facts the sender passes on, so they count. */
function isForwarded(line: string): boolean {
  return line.includes('forwarded message') || line.includes('mensaje reenviado');
}

/** "-----Original Message-----", "----- Mensaje original -----": Outlook opens both a reply's history and a forward so. */
function isOriginalMessage(line: string): boolean {
  return line.startsWith('--') && (line.includes('original message') || line.includes('mensaje original'));
}

/** "FW:", "Fwd:", "RV:" (reenviado): the subject says the mail passes another one on. */
const FORWARD_SUBJECT = /^(?:fwd?|rv)\s*:/;

/** A forward's opening line; under a forwarding subject, Outlook's "Original Message" opens the message passed on, not a reply's history. */
function opensForward(line: string, subject: string): boolean {
  return isForwarded(line) || (FORWARD_SUBJECT.test(subject) && isOriginalMessage(line));
}

/** "-- " alone or opening a line begins a signature (RFC 3676, section 4.3). */
function isSignatureDelimiter(line: string): boolean {
  return line === '--' || line.startsWith('-- ');
}

const THANKS = ['thanks', 'thank you', 'thanks so much', 'thank you so much', 'thanks again', 'gracias'];

/** A line that ends in a thank-you ("... Can someone look? Thanks."): a sign-off may follow. */
function endsWithThanks(line: string): boolean {
  let end = line.length;
  while (end > 0 && (line[end - 1] === '.' || line[end - 1] === '!')) end--;
  const core = line.slice(0, end).toLowerCase();
  return THANKS.some((t) => core === t || core.endsWith(` ${t}`));
}

/**
 * What the sender writes now: without quoted lines, the earlier messages of a reply, and what follows a
 * sign-off (a closing, then a name); a forwarded message stays, as its facts are what is passed on.
 */
export function currentText(content: string): string {
  const lines = content.split('\n').map((line) => withoutJoinedHeader(line.trim())).filter((line) => !line.startsWith('>') && !HEADER_FIELD_LINE.test(line));
  const lower = lines.map((line) => line.toLowerCase());
  const forward = lower.findIndex((line) => opensForward(line, lower[0] ?? ''));
  const history = lower.findIndex((line, i) => i !== forward && replyHistoryAt(line) >= 0);
  if (history >= 0 && (forward < 0 || history < forward)) {
    const kept = lines[history]!.slice(0, replyHistoryAt(lower[history]!)).trim();
    return withoutSignOff([...lines.slice(0, history), kept], []);
  }
  return forward >= 0 ? withoutSignOff(lines.slice(0, forward), lines.slice(forward)) : withoutSignOff(lines, []);
}

function withoutSignOff(all: string[], forwarded: string[]): string {
  const delimiter = all.findIndex((line, i) => i > 0 && isSignatureDelimiter(line));
  const lines = delimiter > 0 ? all.slice(0, delimiter) : all;
  const paragraphs = paragraphsOf(lines);
  // The first paragraph is the subject; a sign-off closes a paragraph of the body, and a name begins the next.
  // The body's first line alone ("Hola,", "Hi all,") is a greeting, and the sender may name themself next
  // ("Soy Lucia, de la recepcion ..."): only an outright closing or a thank-you ends the mail there.
  for (let i = 1; i + 1 < paragraphs.length; i++) {
    const lastLine = paragraphs[i]!.at(-1)!;
    const closing = i === 1 && paragraphs[i]!.length === 1 ? hasAnyMatch(CLOSINGS.slice(0, 2), lastLine) : hasAnyMatch(CLOSINGS, lastLine);
    if ((closing || endsWithThanks(lastLine)) && isNameLike(paragraphs[i + 1]![0]!)) {
      return [...paragraphs.slice(0, i + 1), forwarded].map((p) => p.join('\n')).join('\n\n');
    }
  }
  return [...paragraphs, forwarded].map((p) => p.join('\n')).join('\n\n');
}

/** Trimmed lines grouped into paragraphs at blank lines. */
function paragraphsOf(lines: string[]): string[][] {
  const out: string[][] = [[]];
  for (const line of lines) {
    if (line) out.at(-1)!.push(line);
    else if (out.at(-1)!.length) out.push([]);
  }
  return out.filter((p) => p.length);
}

/** The last request's sentence groups: the model's features and the judgement read the same text, one after the other. */
let lastGroups: { content: string; vocabulary: Vocabulary; groups: SentenceGroups[] } | null = null;

/** groupsPerSentence(), worked out once when the features and then the judgement ask for the same text. */
function sentenceGroupsOf(content: string, vocabulary: Vocabulary): SentenceGroups[] {
  if (lastGroups?.content !== content || lastGroups.vocabulary !== vocabulary) lastGroups = { content, vocabulary, groups: groupsPerSentence(content, vocabulary) };
  return lastGroups.groups;
}

/**
 * The urgency groups met per sentence. A need said as part of a name ("Northside Emergency Shelter", "Clinica
 * Esperanza", capitalised mid-sentence, or in quotes) is a program or an agency, not a need; a time said as past is no pressure.
 */
function groupsPerSentence(content: string, vocabulary: Vocabulary): SentenceGroups[] {
  const text = currentText(content.slice(0, 20_000));
  const paragraphs = text.split('\n').map((line) => line.trim()).join('\n').split('\n\n');
  const forwardAt = paragraphs.findIndex((p) => opensForward(p.toLowerCase(), paragraphs[0]?.toLowerCase() ?? ''));
  const sentences = paragraphs.flatMap((p, pi) => p.split(SENTENCE_END).map((raw) => ({ raw, paragraph: pi, isSubject: pi === 0, forwarded: forwardAt > 0 && pi >= forwardAt })));
  // The need words told as a client's need so far: "the voucher screen" after "her motel voucher for tonight" is that voucher's screen.
  const named = new Set<string>();
  const noRushIndex = noRushIndexOf(vocabulary);
  const groups = sentences.map(({ raw, isSubject, forwarded }) => {
    const sentence = raw.replace(/"[^"\n]{0,80}"/g, ' ').replace(CALENDAR_DATE, ' mmdd ');
    const words = wordsOf(sentence);
    const hits = findConcepts(words, vocabulary.urgencyIndex);
    const needWords = new Set(hits.filter((h) => h.concept === 'need').map((h) => h.at));
    const toldAsPast = words.some((w, at) => PAST_SENTENCE.has(w) || (w === 'last' && PAST_AFTER_LAST.has(words[at + 1] ?? '')));
    const reading: SentenceReading = { words, tokens: tokensOf(sentence), hits, needWords, toldAsPast };
    const needs = [...needWords].filter((at) => !isNoNeed(words, at, isName(reading, hits.find((h) => h.at === at)!), needWords, named));
    // A sentence told as past ("Last night it was down from 7 to 9 pm") names times gone by, not a time ahead.
    const timeAhead = toldAsPast ? -1 : words.findIndex((w, at) => (WEEKDAYS.has(w) || isClockTime(words, at) || isDayOfMonth(words, at)) && !isPast(words, at));
    const pressure = firstOf(reading, 'pressure', named) ?? (timeAhead >= 0 ? words.slice(timeAhead, timeAhead + 2).join(' ') : null) ?? (toldAsPast ? null : supplyLeft(words));
    // "Every morning we have 80 guests", "we discharge 3-4 patients a week who have no place to go": a routine, no one kept waiting
    // now; unless the sentence names its own time ahead ("starts dialysis tomorrow at 6:30, three times a week").
    const routine = pressure === null && isRoutine(words);
    const blocked = routine ? null : firstOf(reading, 'blocked', named) ?? conditionOf(words, pressure !== null, needs) ?? givenAway(words) ?? cannotOrWont(words) ?? stillNot(words) ?? mustWait(words) ?? systemRefuses(words);
    // "sorted by score" is an order, not a matter sorted out.
    const resolved = !isSubject && (hits.some((h) => h.concept === 'resolved' && !isUndone(words, h) && words[h.at + 1] !== 'by') || isNoEmergency(words, needs)
      || (!blocked && isSettledAlready(words)));
    if (!resolved) for (const at of needs) named.add(words[at]!);
    const need = firstOf(reading, 'need', named);
    return {
      // The clients of a routine are any clients ("every morning we have 80 guests"), like "every client".
      client: !routine && hits.some((h) => h.concept === 'client' && !words.slice(Math.max(0, h.at - 3), h.at).some((w) => EVERY.has(w)) && !isSystemScreen(words, h.at)),
      anyone: words.some((w) => ANYONE.has(w)) && need !== null,
      need: need ?? keptOutOf(words),
      blocked,
      pressure,
      // "a family ... that has been waiting 40 days": a case told by how long it has waited, not a client here now.
      presence: toldAsPast || routine || words.some((_, at) => isTimeWaited(words, at)) ? null : firstOf(reading, 'presence', named) ?? clientWithUs(words, hits) ?? clientsInLine(words, hits) ?? clientHere(words, hits),
      resolved,
      noRush: findConcepts(words, noRushIndex).length > 0,
      hypothetical: hits.some((h) => h.concept === 'hypothetical') || isHowToForAnyClient(words, hits) || isExamplePerson(words),
      unaffected: hits.some((h) => h.concept === 'unaffected' || (h.concept === 'blocked' && isSufferedByNobody(words, h.at)) || (h.concept === 'need' && isHadByNobodyYet(words, h.at))),
      isSubject,
      forwarded,
      // "Yesterday she could not get ..." is over, unless it lasts until now ("since last week", "still").
      keptFromBenefit: toldAsPast && !words.some((w) => SINCE.has(w) || STILL.has(w)) ? null : keptFromBenefitOf(reading, sentence),
    };
  });
  // "The situation is resolved. MACCH placed the family in the motel over the weekend.": the next sentence of the paragraph,
  // with no need or block of its own, still tells how it ended, so its "weekend" is no time ahead.
  groups.forEach((g, i) => {
    if (i > 0 && groups[i - 1]!.resolved && sentences[i - 1]!.paragraph === sentences[i]!.paragraph && !g.need && !g.blocked) g.resolved = true;
  });
  return groups;
}

/** One sentence as the groups are read from it: its words, its tokens as written, and the word groups met there. */
interface SentenceReading {
  words: string[];
  tokens: string[];
  hits: ConceptHit[];
  /** Where the need words stand. */
  needWords: Set<number>;
  /** The whole sentence is told as past ("Last night ...", "ayer"). */
  toldAsPast: boolean;
}

/** The first word group of a sentence that counts, as the words that say it: not a need that is no need, a time said as past, ... */
function firstOf(reading: SentenceReading, group: string, named: Set<string>): string | null {
  const { words, hits, needWords, toldAsPast } = reading;
  const hit = hits.find((h) => h.concept === group && !(group === 'need' && isNoNeed(words, h.at, isName(reading, h), needWords, named)) && !(group === 'pressure' && (isPast(words, h.at) || isClosingRecord(words, h.at) || isStaffRule(words, h.at)))
    // "until 6", "hasta las 8": a time of day, not a condition.
    // "staff at the front desk", "front desk staff": where staff work, not a client waiting there.
    && !(group === 'presence' && (words.slice(Math.max(0, h.at - 3), h.at + 3).some((w) => WORKPLACE.has(w)) || isTimeWaited(words, h.at) || isAwaitingAnswer(words, h.at)))
    // "Last month it logged me out and I lost everything I typed": a block told in the past tense in a sentence told as past is over.
    && !(group === 'blocked' && ((toldAsPast && /(?:ed|lost)$/.test(words[h.at]!)) || isClockTime(words, h.at + 1) || isClockTime(words, h.at + 2) || isNearMiss(words, h.at) || isManner(words, h.at) || isFactToRecord(words, h.at)))
    && !((group === 'blocked' || group === 'pressure') && isRunFrom(words, h.at)));
  return hit ? words.slice(hit.at, hit.at + 3).join(' ') : null;
}

/** A word group met inside a program's name: one the vocabulary lists, or a run of capitalised words holding a program word. */
function isName(reading: SentenceReading, h: ConceptHit): boolean {
  return reading.hits.some((p) => p.concept === 'program_names' && h.at >= p.at && h.at < p.at + 4) || isInProgramName(reading.tokens, h.at);
}

/** A time said as past: "since Tuesday", "last Friday", "On Sunday a guest was ..." (the weekday opens a sentence told in the past), "I called at 9". */
function isPast(words: string[], at: number): boolean {
  return words.slice(Math.max(0, at - 4), at).some((w) => PAST.has(w)) || PAST.has(words[at + 1] ?? '')
    || (words[at - 1] === 'on' && words.slice(at + 1, at + 4).some((w) => TOLD_PAST.has(w)))
    || words.slice(Math.max(0, at - STAFF_ACTION_REACH), at + 4).some((w, k, near) => FIRST_PERSON.has(w) && /^[a-z]{3,}ed$/.test(near[k + 1] ?? ''));
}

/**
 * A resolution undone: "not resolved", "it worked until", a contrast with before closing the sentence ("it worked for his sister
 * last week"), or one still awaited ("until his enrollment is fixed", "hasta que se resuelva").
 */
function isUndone(words: string[], h: ConceptHit): boolean {
  return [words[h.at - 1], words[h.at - 2]].some((w) => UNDO.has(w ?? '')) || words.slice(Math.max(0, h.at - AWAITED_REACH), h.at).some((w) => AWAITED.has(w))
    || words.slice(h.at).some((w) => UNDO.has(w) && w !== 'no');
}

/** The vocabulary's "no rush" phrases alone: a sentence is looked up in them, not in every concept. */
function noRushIndexOf(vocabulary: Vocabulary): PhraseIndex {
  let index = noRushIndexes.get(vocabulary);
  if (!index) noRushIndexes.set(vocabulary, (index = conceptIndexOf(vocabulary.conceptIndex, 'priority.no_rush')));
  return index;
}
const noRushIndexes = new WeakMap<Vocabulary, PhraseIndex>();

/**
 * A need held back on a condition the request is about: "only ... once/after" within a few words ("the county
 * only releases vouchers once the service is recorded"), or another office's requirement said with a time in the
 * same sentence, either way round ("they need a letter ... before they close", "before they close at noon, they
 * need the report", "la autoridad necesita hoy la carta"). What the staff themselves need to do by a date ("we need
 * to exit them before the visit", "need merge today", "our program needs a new service") is their own task, not a need held back,
 * unless a need waits on it ("our funder requires it recorded before we hand out a voucher"). The two words, or null.
 */
function conditionOf(words: string[], timed: boolean, needs: number[]): string | null {
  const only = words.findIndex((w, i) => ONLY.has(w) && words.slice(i + 1, i + CONDITION_SPAN).some((v) => ONLY_ON.has(v)));
  if (only >= 0) return `${words[only]} ... ${words.slice(only + 1, only + CONDITION_SPAN).find((v) => ONLY_ON.has(v))}`;
  // "our funder requires it recorded before we hand out a voucher": whoever sets it, a requirement that holds a need back.
  const holdsNeedBack = (i: number): boolean => words.slice(i + 1, i + CONDITION_SPAN + 1).some((v, k) => REQUIRE_BY.has(v)
    && needs.some((n) => n > i + 1 + k && n <= i + 1 + k + CONDITION_SPAN));
  const required = words.findIndex((w, i) => !KNOW.has(words[i + 2] ?? '')
    && ((REQUIRE.has(w) && words[i - 1] === 'they') || (REQUIRES.has(w) && (!words.slice(Math.max(0, i - OWN_REACH), i).some((v) => OWN.has(v)) || holdsNeedBack(i)))));
  const by = words.find((w) => REQUIRE_BY.has(w));
  return required >= 0 && (by || timed) ? `${words[required]} ... ${by ?? 'now'}` : null;
}

/**
 * "so no emergency now", "this is not an emergency", "no es una emergencia": the sender says the crisis is over.
 * Not "no emergency shelter beds", "no Emergency Housing slots", where the word opens a need or a program's name.
 */
function isNoEmergency(words: string[], needs: number[]): boolean {
  return words.some((w, i) => /^emergenc/.test(w) && words.slice(Math.max(0, i - EMERGENCY_REACH), i).some((v) => NEGATION.has(v))
    && !needs.includes(i + 1) && !PROGRAM_WORDS.has(words[i + 1] ?? ''));
}

/**
 * "no se lo quieren entregar", "no ha podido recoger", "no le pueden dar": the Spanish "won't" or "can't", with its
 * pronouns and a perfect's "ha", "han" between; "hasn't been able to", "never able to": the same in English. The words, or null.
 */
function cannotOrWont(words: string[]): string | null {
  const at = words.findIndex((w, i) => {
    if (NEGATION.has(w) && words.slice(i + 1, i + 3).includes('able')) return true;
    if (w !== 'no') return false;
    let verb = i + 1;
    while (verb < i + 4 && (CLITICS.has(words[verb] ?? '') || PERFECT.has(words[verb] ?? ''))) verb++;
    return /^(?:quier|pued|pod)/.test(words[verb] ?? '');
  });
  return at >= 0 ? words.slice(at, at + 4).join(' ') : null;
}

/** "still can't", "she still doesn't have", "todavia no tiene", "aun no": a block that lasts until now. The words, or null. */
function stillNot(words: string[]): string | null {
  const at = words.findIndex((w, i) => STILL.has(w) && words.slice(i + 1, i + 1 + STILL_REACH).some((v) => NEGATION.has(v)));
  return at >= 0 ? words.slice(at, at + 4).join(' ') : null;
}

/**
 * "when I try to enroll him Clarity says the program is at capacity", "el sistema dice que no es elegible": the system's
 * own answer turns the client away, whatever the world says ("we have 6 empty beds"). A fact of the world ("the shelter
 * is full tonight") is no block of the system's. The words, or null.
 */
function systemRefuses(words: string[]): string | null {
  const says = words.findIndex((w, i) => SAYS.has(w) && SYSTEM_SPEAKERS.has(words[i - 1] ?? ''));
  if (says < 0) return null;
  const refusal = words.slice(says + 1, says + 1 + REFUSAL_REACH).findIndex((w, k, after) => REFUSALS.has(w)
    || (NO_ROOM.has(after[k + 1] ?? '') && (w === 'no' || w === 'not')) || (w === 'eligible' && NEGATION.has(after[k - 1] ?? '')));
  return refusal >= 0 ? `${words[says - 1]} ${words[says]} ... ${words[says + 1 + refusal]}` : null;
}

/** "does she have to wait for the next review", "tiene que esperar": a need held off until later. The words, or null. */
function mustWait(words: string[]): string | null {
  const at = words.findIndex((w, i) => (w === 'wait' && words[i - 1] === 'to' && MUST.has(words[i - 2] ?? '')) || (w === 'esperar' && words[i - 1] === 'que'));
  return at >= 0 ? words.slice(Math.max(0, at - 2), at + 1).join(' ') : null;
}

/** "Nobody is being turned away", "no one lost a bed": the block said of no one. */
function isSufferedByNobody(words: string[], at: number): boolean {
  return words.slice(Math.max(0, at - NOBODY_REACH), at).some((w, k, before) => NOBODY.has(w) || (w === 'no' && before[k + 1] === 'one'));
}

/** "nobody has been referred", "nadie ha sido referido": a need told as had by no one so far, not a rule ("nobody gets a cot until ..."). */
function isHadByNobodyYet(words: string[], at: number): boolean {
  return isSufferedByNobody(words, at) && words.slice(Math.max(0, at - NOBODY_REACH), at).some((w) => SO_FAR.has(w));
}

/** "(or) the unit goes to the next applicant", "pasa a la siguiente familia": the need given to someone else. The words, or null. */
function givenAway(words: string[]): string | null {
  const at = words.findIndex((w, i) => OTHER.has(w) && TAKERS.has(words[i + 1] ?? '')
    && (TO.has(words[i - 1] ?? '') || (TO.has(words[i - 2] ?? '') && ARTICLES.has(words[i - 1] ?? ''))));
  return at >= 0 ? words.slice(at, at + 2).join(' ') : null;
}

/** "client search", "Recent Clients", "busqueda de clientes", "opening a client": the client word names a screen or a record of the system. */
function isSystemScreen(words: string[], at: number): boolean {
  return SYSTEM_NOUNS.has(words[at + 1] ?? '') || SYSTEM_BEFORE.has(words[at - 1] ?? '') || SYSTEM_BEFORE.has(words[at - 2] ?? '');
}

/**
 * "we have a patient in the van", "tenemos a un senor": the sender has the client with them now. The words, or null.
 * Not a case told by what its record says ("I've got a gentleman whose disability status shows No", "una senora cuyo ...").
 */
function clientWithUs(words: string[], hits: ConceptHit[]): string | null {
  if (words.some((w) => WHOSE.has(w))) return null;
  const isClientAfter = (i: number): boolean => hits.some((h) => h.concept === 'client' && h.at > i && h.at <= i + 3 && words.slice(i + 1, h.at).some((v) => A_CLIENT.has(v)));
  const have = words.findIndex((w, i) => (WE_HAVE.has(w) || (HAVE.has(w) && FIRST_PERSON.has(words[i - 1] ?? ''))) && isClientAfter(i));
  return have >= 0 ? words.slice(have, have + 3).join(' ') : null;
}

/** "three siblings here", "la familia aqui": a client said to be here, with the sender now. The words, or null. */
function clientHere(words: string[], hits: ConceptHit[]): string | null {
  const hit = hits.find((h) => h.concept === 'client' && HERE.has(words[h.at + 1] ?? ''));
  return hit ? words.slice(hit.at, hit.at + 2).join(' ') : null;
}

/** "we have a line of families", "tenemos la fila de familias": clients queued with the sender now. The words, or null. */
function clientsInLine(words: string[], hits: ConceptHit[]): string | null {
  const at = words.findIndex((w, i) => QUEUE.has(w) && OF.has(words[i + 1] ?? '')
    && hits.some((h) => h.concept === 'client' && (h.at === i + 2 || (h.at === i + 3 && ARTICLES_PLURAL.has(words[i + 2] ?? '')))));
  return at >= 0 ? words.slice(at, at + 3).join(' ') : null;
}

/**
 * A need word that is no need of a client now: part of a program's name, an enrolment record or history, a workplace
 * of staff ("a staff member at a shelter"), the next one ("her next refill"), the staff's leave ("medical leave"), our own staff role ("our intake worker"), what the staff did ("I enrolled her in June")
 * or do to a record ("opening a client from the search", "re-opening"), or a part of the system ("the Check-In button"),
 * unless the mail already told that need as the client's ("her motel voucher for tonight ... the voucher screen won't pull").
 */
function isNoNeed(words: string[], at: number, isName: boolean, needWords: Set<number>, named: Set<string>): boolean {
  const word = words[at]!;
  return isName || isRecordWord(word) || NEXT.has(words[at - 1] ?? '') || STAFF_LEAVE.has(words[at + 1] ?? '') || RECORD_AFTER.has(words[at + 1] ?? '')
    || (isScreen(words, at, needWords) && !named.has(word)) || words[at - 1] === 're' || isButton(words, at)
    || WORKPLACE.has(words[at + 1] ?? '') || isOwnRole(words, at) || words.slice(Math.max(0, at - 4), at).some((w) => WORKPLACE.has(w))
    || (word.endsWith('ed') && FIRST_PERSON.has(words[at - 1] ?? '')) || isEntered(words, at) || isIdentifier(words, at)
    || (word === 'opening' && OPENED.has(words[at + 1] ?? '')) || isHadAlready(words, at) || isRunBy(words, at) || CATEGORIES.has(word);
}

/**
 * "our intake worker", "I'm new at Good Harbor (family shelter advocate)": a need word
 * naming a staff role, ours or the sender's own. "The SSI worker" the client sees is another office's, and the need stays.
 */
function isOwnRole(words: string[], at: number): boolean {
  return ROLES.has(words[at + 1] ?? '') && (words.slice(Math.max(0, at - 3), at).some((w) => OWN.has(w))
    || words.slice(Math.max(0, at - SELF_REACH), at).some((w, k, before) => SELF.has(w) && before[k - 1] === 'i'));
}
/** "I'm", "I am": the sender tells who they are, up to SELF_REACH words before their role. */
const SELF = new Set(['m', 'am']);
const SELF_REACH = 8;

/** "I run a shelter", "we operate the pantry", "manejamos un albergue": the sender's own place of work, not a need. */
function isRunBy(words: string[], at: number): boolean {
  const verb = ARTICLES_ANY.has(words[at - 1] ?? '') ? at - 2 : at - 1;
  return RUNS.has(words[verb] ?? '') && FIRST_PERSON.has(words[verb - 1] ?? '');
}
const RUNS = new Set(['run', 'operate', 'manage', 'direct']);
const ARTICLES_ANY = new Set(['a', 'an', 'the', 'our', 'this']);
/** "sheltered PIT data", "sheltered count": the HUD category of people already in shelter, not a shelter sought. */
const CATEGORIES = new Set(['sheltered']);

/**
 * "every morning", "each night", "3-4 patients a week", "twice a day", "usually": what happens as a rule, not now.
 * Not a run that lasts until now ("turned away every night since Thursday").
 */
function isRoutine(words: string[]): boolean {
  if (words.some((w) => w === 'since' || w === 'desde')) return false;
  return words.some((w, i) => ROUTINE.has(w) || (EVERY.has(w) && PERIODS.has(words[i + 1] ?? ''))
    || (PERIODS.has(w) && (words[i - 1] === 'per' || (words[i - 1] === 'a' && /^(?:0|twice|once|.+s)$/.test(words[i - 2] ?? '')))));
}

/**
 * "he's already checked in for the night", "already housed", "ya ingreso": the client is in for now, whatever was asked before.
 * Said beside a block ("Clarity says he is already checked in elsewhere and won't let us"), it is the problem, not its end.
 */
function isSettledAlready(words: string[]): boolean {
  return words.some((w, i) => ALREADY.has(w) && words.slice(i + 1, i + 3).some((v, k) => SETTLED.has(v) && (v !== 'checked' || words[i + 2 + k] === 'in')));
}

/** "already in their beds", "ya en el albergue": the client has the need already. */
function isHadAlready(words: string[], at: number): boolean {
  const already = words.slice(Math.max(0, at - 4), at).findIndex((w) => ALREADY.has(w));
  return already >= 0 && words.slice(Math.max(0, at - 4), at).slice(already + 1).some((w) => w === 'in' || w === 'en');
}

/** "I clicked Check-In", "click on Enroll", "le doy clic en Referir": the need word names what was clicked. */
function isButton(words: string[], at: number): boolean {
  return CLICKS.has(words[at - 1] ?? '') || (CLICKS.has(words[at - 2] ?? '') && ON.has(words[at - 1] ?? ''));
}

/**
 * "Check-In button", "Bed List", "Move-In Date", "the shelter bed list": the need word, or its phrase with "in", names a part
 * of the system, and so does a second need word's list or page after it.
 */
function isScreen(words: string[], at: number, needWords: Set<number>): boolean {
  return SCREEN_AFTER.has(words[at + 1] ?? '') || (words[at + 1] === 'in' && SCREEN_AFTER.has(words[at + 2] ?? ''))
    // "the shelter bed list" is a view of records; "the shelter referral button" is how the client gets the shelter, still a need.
    || (needWords.has(at + 1) && SYSTEM_NOUNS.has(words[at + 2] ?? ''));
}

/** "Social Security Number fields", "room number", "unit 1204", "numero de cama", "24-hour intake line 402-...", "the shelter address": a need word naming a number, a phone line or a place's address. */
function isIdentifier(words: string[], at: number): boolean {
  return words.slice(at + 1, at + 3).some((w) => IDENTIFIERS.has(w)) || (PHONE_LINE.has(words[at + 1] ?? '') && words[at + 2] === '0')
    || (NUMBERED.has(words[at]!) && words[at + 1] === '0')
    || (words[at - 1] === 'de' && IDENTIFIERS_BEFORE.has(words[at - 2] ?? ''));
}

/**
 * "she is enrolled with us", "esta inscrito desde marzo", "was admitted": the client is already in, not kept out.
 * Not what another office asks to be shown ("they need to see that she is enrolled", "una constancia de que esta inscrito").
 */
function isEntered(words: string[], at: number): boolean {
  return /^(?:enrol+ed|admitted|inscrit[oa]s?|ingresad[oa]s?|admitid[oa]s?)$/.test(words[at]!) && IS.has(words[at - 1] ?? '')
    && !words.slice(Math.max(0, at - 4), at - 1).some((w) => THAT.has(w));
}

/** "was almost turned away", "nearly lost her bed": a block that did not happen. */
function isNearMiss(words: string[], at: number): boolean {
  return /(?:ed|lost|sent)$/.test(words[at]!) && words.slice(Math.max(0, at - 2), at).some((w) => NEAR_MISS.has(w));
}

/** "a shelter run out of our church basement": where a place is run from, not a supply running out. */
function isRunFrom(words: string[], at: number): boolean {
  return /^r[au]n/.test(words[at]!) && words[at + 1] === 'out' && words[at + 2] === 'of' && OWN.has(words[at + 3] ?? '');
}

/**
 * "How do I record that we turned him away?", "como registro que no habia cama": the block is the fact the sender asks how
 * to record, kept by the world, not by the system.
 */
function isFactToRecord(words: string[], at: number): boolean {
  const that = Math.max(words.lastIndexOf('that', at), words.lastIndexOf('que', at));
  const verb = that - 1;
  return verb >= 0 && at - that <= FACT_REACH && RECORDS.has(words[verb]!) && words.slice(Math.max(0, verb - FACT_REACH), verb).some((w) => HOW.has(w));
}
/** How far the fact may follow "record that", and "how" may come before it. */
const FACT_REACH = 5;
const RECORDS = new Set(['record', 'enter', 'document', 'log', 'show', 'note', 'registrar', 'registro', 'registramos', 'anotar', 'anoto', 'documentar', 'documento']);

/** "without redoing the intake": a way of doing something, not something lacking. */
function isManner(words: string[], at: number): boolean {
  return words[at] === 'without' && /ing$/.test(words[at + 1] ?? '');
}

/** "turned away from Riverside", "sent away from the door": the place a client is kept out of is the need. The words, or null. */
function keptOutOf(words: string[]): string | null {
  const at = words.findIndex((w, i) => AWAY.has(w) && (words[i + 1] === 'away' || words[i + 1] === 'from') && words.slice(i + 1, i + 3).includes('from') && !isNearMiss(words, i)
    // "Sent from my iPhone": a phone's sign-off, no place anyone is kept out of.
    && !OWN.has(words[i + 2] ?? ''));
  return at >= 0 ? words.slice(at, at + 4).join(' ') : null;
}

/** "one day of tablets left", "two doses of insulin left": a supply counted in days or doses running out. The words, or null. */
function supplyLeft(words: string[]): string | null {
  const at = words.findIndex((w, i) => w === 'left' && words.slice(Math.max(0, i - SUPPLY_REACH), i).some((v) => SUPPLY_UNITS.has(v)));
  return at >= 0 ? words.slice(Math.max(0, at - SUPPLY_REACH), at + 1).join(' ') : null;
}

/** "on the 14th", "by the 3rd": a day of the month ahead. */
function isDayOfMonth(words: string[], at: number): boolean {
  return /^\d{1,2}(?:st|nd|rd|th)$/.test(words[at]!) && words[at - 1] === 'the' && (words[at - 2] === 'on' || CLOCK_BEFORE.has(words[at - 2] ?? ''));
}

/** "tonight's shift", "supposed to be visible", "we're supposed to see", "the last page": the staff's shift, a rule of who sees what or a page, no time a client has. */
function isStaffRule(words: string[], at: number): boolean {
  const after = words.slice(at + 1, at + 4);
  return after.some((w) => SHIFT.has(w)) || (words[at] === 'supposed' && after.some((w) => SEEN.has(w)))
    // "the last page is cut off": a part of a document, not a last dose.
    || (words[at] === 'last' && SCREEN_AFTER.has(after[0] ?? ''));
}

/** "waiting 40 days", "esperando hace 3 meses": how long a client has waited, not a client waiting here now. */
function isTimeWaited(words: string[], at: number): boolean {
  return /^(?:wait|esper)/.test(words[at]!) && words.slice(at + 1, at + 5).some((w, k, after) => w === '0' && LONG_UNITS.has(after[k + 1] ?? ''));
}

/** "waiting for your response", "waiting on a reply", "esperando respuesta": a ticket or the staff waiting for an answer, not a client waiting here. */
function isAwaitingAnswer(words: string[], at: number): boolean {
  return /^(?:wait|esper)/.test(words[at]!) && words.slice(at + 1, at + 4).some((w) => ANSWERS.has(w));
}
const ANSWERS = new Set(['response', 'responses', 'reply', 'replies', 'answer', 'answers', 'update', 'updates', 'approval', 'callback', 'respuesta', 'respuestas']);

/** "close the enrollment", "close out his stay": closing a record asked for, not a door closing on a client. */
function isClosingRecord(words: string[], at: number): boolean {
  return words[at]!.startsWith('clos') && RECORD_DETERMINERS.has(words[at + 1] ?? '');
}

/** "her enrollment", "la inscripcion": the record of an enrolment, which a screen shows, not the client's entry to a program. */
function isRecordWord(word: string): boolean {
  return /^(?:enrol+ments?|inscripcion(?:es)?)$/.test(word);
}

/** "like someone who checks in at 9pm", "what about someone who leaves": a person made up as an example. */
function isExamplePerson(words: string[]): boolean {
  return words.some((w, i) => SOMEONE.has(w) && EXAMPLE_BEFORE.has(words[i - 1] ?? ''));
}

/** "How do we record a client who ...", "como registramos a un cliente que ...": a how-to about any client. */
function isHowToForAnyClient(words: string[], hits: ConceptHit[]): boolean {
  const how = words.findIndex((w) => HOW.has(w));
  if (how < 0 || hits.some((h) => h.concept === 'presence')) return false;
  return hits.some((h) => h.concept === 'client' && h.at > how && INDEFINITE.has(words[h.at - 1] ?? ''));
}

/** A sentence ends at . ! ? or ; and a space, but not after a title ("Ms. Ruiz", "Sra. Gomez", "Dr. Lee"). */
const SENTENCE_END = /(?<!\b(?:mr|mrs|ms|dr|sr|sra|srta|st))[.!?;]\s/i;

/** "at 5", "by 11", "5 pm", "5pm", "2 p.m.", "a las 8", "antes de las 2": a time of day (digits are 0 in wordsOf). */
function isClockTime(words: string[], at: number): boolean {
  if (/^\d{1,2}(?:am|pm)$/.test(words[at]!)) return true;
  if (words[at] !== '0') return false;
  const next = words[at + 1] ?? '';
  return next === 'pm' || next === 'am' || ((next === 'p' || next === 'a') && words[at + 2] === 'm') || CLOCK_BEFORE.has(words[at - 1] ?? '') || words[at - 1] === 'las';
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

/**
 * A client kept from receiving a benefit, in the vocabulary's entries (whole words, * any ending): how the client is kept, the
 * receiving word, the benefit, and what makes the clause a purpose, a condition or a case in general. Kept here beside the
 * other word lists of this judgement, as the intake YAML files are at their size budget.
 */
const BENEFIT_GROUPS: Record<string, string[]> = {
  // Kept "from" receiving it ("held up from receiving", "keeping him from getting"; "she keeps getting services" is no block).
  kept_from: ['held up', 'held back', 'hold* up', 'kept', 'keep*', 'block*', 'prevent*', 'stop*', 'barred'],
  // Not able to receive it ("can't receive", "hasn't been able to get", "no puede recibir", "le impide cobrar").
  unable: ['unable', 'can t', 'cant', 'cannot', 'not able', 't been able', 'never able', 'won t be able', 'will not be able', 'no pued*',
    'no ha podido', 'no han podido', 'sin poder', 'impid*'],
  receiving: ['receiv*', 'get', 'gets', 'getting', 'obtain*', 'access*', 'collect*', 'recib*', 'cobr*', 'obten*', 'acced*'],
  benefit: ['benefi*', 'service', 'services', 'assistance', 'housing', 'snap', 'ssi', 'ssdi', 'tanf', 'wic', 'medicaid', 'food stamps',
    'servicio*', 'asistencia', 'ayuda*', 'vivienda', 'cupones'],
  in_general: ['if', 'when', 'whenever', 'whether', 'would', 'could', 'might', 'should', 'make sure', 'ensure', 'so that', 'in case', 'avoid',
    'to prevent', 'si', 'cuando', 'para que', 'asegur*', 'en caso'],
};
const BENEFIT_INDEXES = Object.entries(BENEFIT_GROUPS).map(([concept, entries]) => indexEntries(entries, concept));
const [KEPT_INDEX, UNABLE_INDEX, ...OTHER_BENEFIT_INDEXES] = BENEFIT_INDEXES as [PhraseIndex, PhraseIndex, ...PhraseIndex[]];

/** How many words after the block its receiving word may follow ("won't be able to receive", "keeping my client from receiving"). */
const RECEIVE_REACH = 6;
/** How many words after the receiving word the benefit may follow ("receiving his monthly SNAP benefits"). */
const BENEFIT_REACH = 4;
/** How many words may stand between the client and the block ("Client ABCD123456 is being held up", "Mr. Haddad has been blocked"). */
const SUBJECT_REACH = 4;
/** Words that end a clause within a sentence, besides , : ; and brackets. */
const CLAUSE_WORDS = new Set(['because', 'but', 'although', 'though', 'while', 'whereas', 'porque', 'pero', 'aunque']);
const CLAUSE_MARKS = /[,:;()\u2013\u2014]/;
/** Possessives, which own a benefit but are not who is kept from it ("his benefits", "sus beneficios"). */
const POSSESSIVES = new Set(['his', 'her', 'their', 'its', 'su', 'sus']);
/** Before a plural client word, what makes it particular clients ("our clients", "the two families", "mis clientes"), not clients in general. */
const PARTICULAR = new Set(['the', 'these', 'those', 'our', 'my', 'your', 'both', 'several', '0', 'two', 'three', 'four', 'five',
  'los', 'las', 'estos', 'estas', 'mis', 'nuestros', 'nuestras', 'ambos']);
/** Between a receiving word and the benefit ("receive her monthly benefits", "recibir sus beneficios"). */
const BENEFIT_DETERMINERS = new Set(['the', 'his', 'her', 'their', 'its', 'my', 'our', 'your', 'any', 'all', 'a', 'an', 'some', 'monthly',
  'federal', 'state', 'county', 'public', 'medical', 'cash', 'food', 'disability', 'unemployment', 'veterans', 'retroactive', 'back',
  'su', 'sus', 'los', 'las', 'el', 'la', 'mensual', 'mensuales']);
/** After a benefit word, what makes it a thing named after benefits ("the benefits report", "benefits eligibility", "the benefits file"). */
const NAMED_AFTER = new Set([...SCREEN_AFTER, ...RECORD_AFTER, ...ROLES, ...IDENTIFIERS, 'eligibility', 'letter', 'letters', 'notice', 'notices',
  'notification', 'notifications', 'email', 'emails', 'file', 'files', 'question', 'questions', 'office', 'offices', 'application', 'applications',
  'portal', 'website', 'app', 'account', 'accounts', 'login', 'elegibilidad', 'carta', 'cartas', 'archivo', 'pantalla', 'formulario', 'oficina', 'cuenta']);
const SINCE = new Set(['since', 'desde']);

/**
 * "Client ABCD123456 is being held up from receiving benefits", "she can't get her SNAP benefits", "the error is keeping him from
 * receiving VA services", "la clienta no puede recibir sus beneficios": in one clause, a client (as its subject, or kept "from" it),
 * a block (kept "from", or unable), a receiving word and a benefit. Not clients in general ("clients who can't", "a client", "every client"), a
 * purpose or a condition before it ("to make sure", "if", "would"), the staff ("I can't get the benefits report"), nor a thing named
 * after benefits ("the benefits tab", "benefits eligibility"). What the client is kept from and how, or null.
 */
function keptFromBenefitOf(reading: SentenceReading, sentence: string): KeptFromBenefit | null {
  const { words, tokens } = reading;
  const blocks = [...findConcepts(words, KEPT_INDEX), ...findConcepts(words, UNABLE_INDEX)];
  if (!blocks.length) return null;
  const hits = [...reading.hits, ...OTHER_BENEFIT_INDEXES.flatMap((index) => findConcepts(words, index))];
  const clause = clausesOf(sentence, words);
  const at = (concept: string): number[] => hits.filter((h) => h.concept === concept).map((h) => h.at);
  const receiving = at('receiving');
  const benefits = new Map(hits.filter((h) => h.concept === 'benefit').map((h) => [h.at, h.length]));
  for (const { at: b, concept } of blocks) {
    const own = clause.indexOf(clause[b]!);
    // "Our guest, Ms. Ruiz, can't get ...": a block that opens its clause after a comma has its client in the part before.
    const start = b - own <= 1 && own > 0 && !CLAUSE_WORDS.has(words[own - 1]!) ? clause.indexOf(clause[own - 1]!) : own;
    if (hits.some((h) => h.concept === 'in_general' && h.at >= start && h.at <= b)) continue;
    const reaches = (r: number): boolean => r > b && r <= b + RECEIVE_REACH && clause[r] === clause[b] && (concept === 'unable' || words.slice(b + 1, r).includes('from'));
    for (const r of receiving.filter(reaches)) {
      const benefit = benefitAfter(words, tokens, r, benefits, clause);
      if (benefit && isClientKept(words, hits, start, b, r)) return { benefit, block: words.slice(b, r + 1).join(' ') };
    }
  }
  return null;
}

/** Per word, the clause it stands in: a sentence is cut at , : ; brackets and dashes, and before "because", "but", "porque". */
function clausesOf(sentence: string, words: string[]): number[] {
  const parts = sentence.split(CLAUSE_MARKS).map((part) => wordsOf(part).length);
  const marked = parts.flatMap((n, i) => Array<number>(n).fill(i));
  // Cut where the words are the sentence's own; a part that reads otherwise on its own leaves the sentence one clause.
  const clause = marked.length === words.length ? marked : words.map(() => 0);
  let shift = 0;
  return clause.map((c, i) => (CLAUSE_WORDS.has(words[i]!) ? ++shift : shift) + c * (words.length + 1));
}

/** The benefit a receiving word takes ("receive housing assistance", "get her VA services"), as the sender wrote it, or null. */
function benefitAfter(words: string[], tokens: string[], r: number, benefits: Map<number, number>, clause: number[]): string | null {
  for (let n = r + 1; n <= r + BENEFIT_REACH && clause[n] === clause[r]; n++) {
    if (benefits.has(n)) {
      // "housing assistance", "food stamps": the benefit runs to the end of its last entry.
      let end = n + benefits.get(n)! - 1;
      while (benefits.has(end + 1)) end += benefits.get(end + 1)!;
      return NAMED_AFTER.has(words[end + 1] ?? '') ? null : words.slice(n, end + 1).join(' ');
    }
    // "his SNAP", "VA": a program's letters may name the benefit's kind.
    if (!BENEFIT_DETERMINERS.has(words[n]!) && !/^[A-Z]{2,5}$/.test(tokens[n] ?? '')) return null;
  }
  return null;
}

/**
 * A client the sender speaks of is the one kept: the subject a few words before the block ("Mr. Haddad has been blocked"), or
 * the one kept "from" after it ("keeping him from receiving"). Not a possessive, a client word that names a screen, any or
 * every client ("a client", "every family"), nor clients in general ("clients who", "guests can't").
 */
function isClientKept(words: string[], hits: ConceptHit[], start: number, b: number, r: number): boolean {
  const clients = hits.filter((h) => h.concept === 'client' && h.at >= start && !isSystemScreen(words, h.at)).map((h) => h.at);
  const subject = clients.filter((c) => c < b && b - c <= SUBJECT_REACH + 1 && !POSSESSIVES.has(words[c]!)).at(-1);
  const kept = clients.find((c) => c > b && c < r && words.slice(c + 1, r).includes('from'));
  const who = subject ?? kept;
  if (who === undefined) return false;
  const before = words.slice(Math.max(start, who - 3), who);
  if (before.some((w) => EVERY.has(w)) || INDEFINITE.has(words[who - 1] ?? '')) return false;
  const plural = words[who]!.length > 3 && words[who]!.endsWith('s');
  if (plural && !PARTICULAR.has(words[who - 1] ?? '')) return false;
  // "Mi cliente dice que no puede", "the client said we can't": the sender or the staff between the client and the block are who is kept.
  return !words.slice(who + 1, b).some((w) => FIRST_PERSON.has(w) || w === 'you');
}

/** A need and its block: in one sentence or the next. */
interface Situation {
  need: string | null;
  blocked: string | null;
  /** The time pressure or the client's presence said up to REACH sentences around it. */
  pressure: string | null;
  presence: string | null;
  client: boolean;
  anyone: boolean;
  /** The sender says there is no rush about it: in the subject, in its sentences or right after them. */
  noRush: boolean;
  /** Told as an example, a drill or a role play in its sentences or the one before: no client is waiting. */
  hypothetical: boolean;
  /** A client kept from receiving a benefit, told in this sentence. */
  keptFromBenefit: KeptFromBenefit | null;
}

/**
 * Per sentence, the situation told there and in the sentence before, with the time pressure and the client
 * around it. No sentence told before the mail's last statement that the block is over counts.
 */
function situationsOf(found: SentenceGroups[]): Situation[] {
  let lastResolved = -1;
  found.forEach((s, i) => {
    if (s.resolved) lastResolved = i;
  });
  // What the sender now says is over or no rush also covers the alarm of a message they forward below it.
  const ownResolved = found.some((s) => s.resolved && !s.forwarded);
  const ownNoRush = found.some((s) => s.noRush && !s.forwarded && !s.isSubject);
  // The sender's own word that the client is not affected holds for the whole mail: no one is kept waiting.
  const unaffected = found.some((s) => s.unaffected && !s.forwarded);
  const live = (from: number, to: number): SentenceGroups[] => found.slice(Math.max(0, from, lastResolved + 1), Math.max(0, to + 1)).filter((s) => !(ownResolved && s.forwarded));
  // The subject headlines the whole mail: its time pressure or the client's presence ("bed held til 5", "client at
  // the desk") stands for a need blocked anywhere below, unless the mail says the block is over or no rush.
  const headline = lastResolved < 0 && !ownNoRush ? found.filter((s) => s.isSubject) : [];
  return found.map((_, i) => {
    const core = live(i - WINDOW + 1, i);
    const around = live(i - WINDOW + 1 - REACH, i + REACH);
    const need = core.find((s) => s.need);
    const blocked = core.find((s) => s.blocked);
    // Where the need and its block are told: a "no rush" there or in the next sentence is about them.
    const from = blocked ? Math.min(found.indexOf(need!), found.indexOf(blocked)) : found.indexOf(need!);
    return {
      need: need?.need ?? null,
      blocked: blocked?.blocked ?? null,
      pressure: [...around, ...headline].find((s) => s.pressure)?.pressure ?? null,
      presence: [...around, ...headline].find((s) => s.presence)?.presence ?? null,
      client: around.some((s) => s.client),
      anyone: around.some((s) => s.anyone),
      noRush: unaffected || found.some((s, j) => s.noRush && (s.isSubject || (j >= from && j <= i + 1))) || (ownNoRush && !!found[from]?.forwarded),
      hypothetical: found.some((s, j) => s.hypothetical && j >= from - 1 && j <= i),
      keptFromBenefit: live(i, i)[0]?.keptFromBenefit ?? null,
    };
  });
}

/** The strongest combination of groups found within the window, for the model's features. */
export function urgencySignals(content: string, vocabulary: Vocabulary): string[] {
  const out = new Set<string>();
  for (const s of situationsOf(sentenceGroupsOf(content, vocabulary))) {
    if (s.need && s.blocked) out.add('need-blocked');
    if (s.need && s.blocked && (s.pressure || s.presence)) out.add('need-blocked-now');
    if (s.presence) out.add('client-present');
  }
  return [...out];
}

/**
 * content: subject and body without signature; topic and type as already decided; urgentProbability:
 * the priority model's probability of "urgent" for this request.
 */
export function judgeUrgency(content: string, decided: { topic: string; type: string; issueProbability?: number }, vocabulary: Vocabulary, urgentProbability = 1): UrgencyJudgement {
  const notUrgent = vocabulary.urgency.not_urgent_topics;
  // Whether the sender reports a problem is the type model's call, and a near tie must not decide a
  // client's urgency: a problem as likely as not ("would be nice ... the main thing: she loses her back
  // pay, and the field is greyed out") counts as reported, whichever type came out on top.
  const reportsProblem = decided.type === 'issue' || (decided.issueProbability ?? 0) >= ISSUE_LIKELY;
  // A suggestion is never urgent; a report or training topic only gives way to a client's blocked need (below).
  if (notUrgent.includes(decided.type) && !reportsProblem) return { urgent: false, reason: null };
  const quietTopic = notUrgent.includes(decided.topic);
  for (const { need, blocked, pressure: time, presence, client: someone, anyone, noRush, hypothetical, keptFromBenefit } of situationsOf(sentenceGroupsOf(content, vocabulary))) {
    // The sender says there is no rush about it ("no rush", "not urgent", "sin prisa"): no one is kept waiting.
    // A "no hurry on that one" about another item of the mail does not take this one back.
    // Nor is anyone waiting in a role play, a drill or an example.
    if (noRush || hypothetical) continue;
    // A report or a training is never urgent, unless the mail tells of a client kept from a need by a
    // block said outright, under time pressure said outright: a second matter, or a report the client's
    // appointment waits on today ("they need the history report before they close at noon").
    const pressure = time ?? presence;
    // Anyone at all kept from a need is a client only when the time pressure is said, not on the model's word alone.
    const client = someone || (anyone && !!pressure);
    if (quietTopic && !(need && blocked && client && time)) continue;
    // A client held up from receiving benefits gets the highest priority, time pressure said or not (the guide, III.2).
    if (keptFromBenefit && !quietTopic && urgentProbability >= BACKED) return { urgent: true, reason: `client kept from ${keptFromBenefit.benefit} (${keptFromBenefit.block})` };
    // The problem itself can be the block: an issue that keeps a client from a need under time pressure, backed
    // by the model like any other block (the rules, not the model's confidence, carry the judgement).
    const block = blocked ?? (reportsProblem ? 'the problem reported' : null);
    // Someone must be kept from the need: a client, not the staff or the agency ("we can't do intakes").
    if (!need || !block || !client) continue;
    if (pressure && urgentProbability >= BACKED) return { urgent: true, reason: `client kept from ${need} (${block}), ${pressure}` };
    if (urgentProbability >= MODEL_ALONE) return { urgent: true, reason: `client kept from ${need} (${block})` };
  }
  return { urgent: false, reason: null };
}
