// Decides where quoted history starts in a plain-text reply: "On ... wrote:" lines in the
// languages mail clients use (also wrapped over several lines), Outlook's From/Sent/To/Subject
// blocks, "-----Original Message-----" style separators and forwarded-message markers.
// Pure: strings in, line spans out. Every pattern runs on a bounded slice of a line, so no
// input can make a regex backtrack for long.

/** A quote boundary found at `start`; the header itself covers lines start..end. */
export interface QuoteBoundary {
  kind: 'attribution' | 'header-block' | 'separator' | 'forward';
  start: number;
  end: number;
  /** Set when the header shares its first line with typed text ("reply On ... wrote:"). */
  ownPrefix?: string;
  /** An attribution line without date or address ("Bob wrote:"): only counts above "> " lines. */
  weak?: boolean;
}

/** Longest header text we look at; real headers are far shorter. */
const MAX_HEADER_CHARS = 500;
/** How many lines a wrapped attribution may span. */
const MAX_HEADER_LINES = 6;

// Verbs that end an attribution line ("... wrote:") in common client languages.
const VERBS = [
  'wrote', 'writes', 'a écrit', 'a ecrit', 'écrit', 'escribió', 'escribio', 'ha escrito', 'ha escrit',
  'escreveu', 'schrieb', 'schreef', 'het volgende geschreven', 'geschreven', 'kirjoitti', 'skrev',
  'napisał\\(a\\)', 'napisała', 'napisał', 'pisze', 'ha scritto', 'scrisse', 'написал\\(а\\)', 'написала',
  'написал', 'написав', 'пишет', '写道', '寫道', '작성', 'のメッセージ', 'đã viết', 'yazdı', 'írta',
  'napsal\\(a\\)', 'napsal', 'napísal', 'kirjutas', 'rašė', 'rakstīja', 'έγραψε', 'כתב', 'كتب',
].join('|');

const END_VERB = new RegExp(`(?:^|[\\s,、，>)"'\\]])(?:${VERBS})\\s*[:：]?\\s*-*\\s*$`, 'iu');
// Danish/Norwegian/German clients put the name after the verb: "kl. 13:09 skrev Name <a@b>:".
const MID_VERB = new RegExp(
  `\\s(?:${VERBS})\\s.{0,160}?[\\w.+-]+@[\\w-]+(?:\\.[\\w-]+)+[>)\\]"'\\s]*[:：]\\s*$`,
  'iu',
);
// "Am 25.06.2015 um 10:55 schrieb Test user:": verb, then a bare name.
const MID_VERB_NAME = new RegExp(`\\s(?:${VERBS})\\s[^:：]{1,100}[:：]\\s*$`, 'iu');
// Lotus Notes puts the date after the verb: "Name <a@b> wrote on 03/04/2025 10:12:15 AM:",
// "Name/ORG schrieb am 04.03.2025 10:12:15:", "Name a écrit le 04/03/2025 10:12:15 :".
const VERB_THEN_DATE = new RegExp(
  `\\s(?:${VERBS})\\s(?:on|am|le|el|em|il|op|den|dne|w dniu|dnia|в|на|päivänä|tarihinde)\\s[^:：]{0,20}\\d[^<>@]{0,60}[:：]\\s*$`,
  'iu',
);
const ENGLISH_SENT = /^\W{0,6}On\s.{0,400}\ssent\s*:\s*$/i;
const EMAIL = /[\w.+-]+@[\w-]+(?:\.[\w-]+)+/;
const TIME = /\b\d{1,2}[:.]\d{2}\b/;
const YEAR = /\b(?:19|20)\d{2}\b/;
const NUMERIC_DATE = /\b\d{1,4}[/.-]\d{1,2}[/.-]\d{1,4}\b/;
const DASHED = /^\s*-{2,}.*-{2,}\s*$/;
// Where a wrapped attribution may begin: a preposition clients use, a date, or a weekday.
// The prepositions are whole words: "Emma" on a line of its own does not start an attribution.
const HEADER_START = /^[\s>-]*(?:(?:On|Le|El|Am|Em|Op|Il|In data|W dniu|Dnia|Den|På|Vào|Às|Ao|Στις)(?=[\s,])|\d|\p{L}{2,4}\.?,?\s\d)/u;
// The surest start: the preposition an attribution opens with.
const PREPOSITION_START = /^[\s>-]*(?:On|Le|El|Am|Em|Op|Il|In data|W dniu|Dnia|Den|På|Vào|Às|Ao|Στις)(?=[\s,])/u;
// "2014-03-20 8:48 GMT+01:00 Name <a@b>:" and other date-first attributions without a verb.
const ADDRESS_COLON = /[\w.+-]+@[\w-]+(?:\.[\w-]+)+\s*[>)\]"']*\s*[:：]\s*$/u;
const DATE_FIRST = /^\s*(?:\d|\p{L}{2,9}\.?,\s)/u;
const ISO_DATE_ADDRESS = /^\s*\d{4}[/-]\d{1,2}[/-]\d{1,2}\b.{0,200}<[^<>\s]+@[^<>\s]+>\s*$/;

const SEPARATOR_WORDS = [
  'original message', 'reply message', 'ursprüngliche nachricht', 'antwort nachricht',
  'oprindelig meddelelse', 'oprindelig besked', "message d'origine", 'message original',
  'mensaje original', 'mensagem original', 'messaggio originale', 'oorspronkelijk bericht',
  'originalmeddelande', 'opprinnelig melding', 'alkuperäinen viesti', 'původní zpráva',
  'wiadomość oryginalna', 'исходное сообщение', 'оригинальное сообщение', 'eredeti üzenet',
  // Zimbra, Thunderbird and webmail wordings: "----- Mail original -----", "Ursprüngliche Mail".
  'mail original', 'message d\'origine', 'ursprüngliche mail', 'ursprüngliche e-mail', 'originalnachricht',
  'original-nachricht', 'original mail', 'original e-mail', 'e-mail original', 'correo original',
  'messaggio di posta originale', 'oorspronkelijk e-mailbericht', 'ursprungligt meddelande',
  'oryginalna wiadomość', 'původní e-mail', 'исходное письмо', 'orijinal mesaj', 'özgün ileti',
  '原始邮件', '原始郵件', '元のメッセージ', '원본 메시지',
].join('|');
const SEPARATOR = new RegExp(`^[\\s*_]*-{2,}\\s*(?:${SEPARATOR_WORDS})\\s*-*[\\s*_]*$`, 'iu');
// BlackBerry and some mobile clients drop the dashes: "  Original Message" over a header block.
const BARE_SEPARATOR = new RegExp(`^[\\s*_]*(?:${SEPARATOR_WORDS})[\\s*_]*$`, 'iu');
const FORWARD_WORDS = [
  'forwarded message', 'message transféré', 'message transfere', 'mensaje reenviado',
  'weitergeleitete nachricht', 'doorgestuurd bericht', 'messaggio inoltrato', 'mensagem encaminhada',
  'videresendt meddelelse', 'videresendt melding', 'vidarebefordrat meddelande', 'пересылаемое сообщение',
].join('|');
const FORWARD = new RegExp(`^[\\s*_]*-{2,}\\s*(?:${FORWARD_WORDS})\\s*-*[\\s*_]*$`, 'iu');
const FORWARD_APPLE = /^\s*(?:Begin forwarded message|Anfang der weitergeleiteten Nachricht|Début du message (?:réexpédié|transféré)|Inicio del mensaje reenviado|Início da mensagem reencaminhada|Doorgestuurd bericht|Inizio messaggio inoltrato)\s*:\s*$/iu;

// Outlook-style header fields, by role, in the languages Outlook and webmail use.
const FROM_LABELS = 'from|de|von|van|da|fra|från|od|від|от|lähettäjä|feladó|kimden|差出人|发件人|寄件者|送信者|보낸 사람|frá';
const DATE_LABELS = 'message du|sent|date|envoyé le|envoyé|enviado el|enviado|enviada|gesendet|datum|verzonden|inviato|data|sendt|skickat|dato|lähetetty|отправлено|дата|发送时间|日期|送信日時|wysłano|päivämäärä|odesláno|gönderildi|tarih';
const TO_LABELS = 'to|à|a|para|an|aan|til|till|per|komu|кому|收件人|宛先|vastaanottaja|címzett|kime|do';
const SUBJECT_LABELS = 'subject|objet|asunto|betreff|onderwerp|oggetto|emne|ämne|assunto|temat|тема|主题|主旨|件名|aihe|tárgy|konu|předmět|sujet';
const CC_LABELS = 'cc|kopie|copie à|copia|cópia|kopia|копия|抄送';
const FIELD = new RegExp(
  `^[\\s>]*\\*?\\s*(${FROM_LABELS}|${DATE_LABELS}|${TO_LABELS}|${SUBJECT_LABELS}|${CC_LABELS})\\s*\\*?\\s*[:：]\\s*\\*?(.*)$`,
  'iu',
);
const FROM_RE = new RegExp(`^(?:${FROM_LABELS})$`, 'iu');
const DATE_RE = new RegExp(`^(?:${DATE_LABELS})$`, 'iu');
const TO_RE = new RegExp(`^(?:${TO_LABELS})$`, 'iu');
const SUBJECT_RE = new RegExp(`^(?:${SUBJECT_LABELS})$`, 'iu');
// A second field on the same line ("From: bob@x Date: Thu, ..." when HTML put them side by side).
const INLINE_SECOND_FIELD = /\s(?:Sent|Date|To|Subject|Objet|Betreff|Asunto|À|Envoyé|Gesendet|An|Para)\s?:\s/u;
// Values that are only a date or number: "From: 01/01/2025" is a report parameter, not a header.
const DATE_ONLY_VALUE = /^[\s\d/.,:-]*$/;
// Month and weekday names (and the small words dates use) in the languages above: a From/To
// value made only of these and numbers is a date range, not a sender ("From: January 1, 2025").
const DATE_WORDS = new Set(
  [
    'january february march april may june july august september october november december',
    'jan feb mar apr jun jul aug sep sept oct nov dec',
    'monday tuesday wednesday thursday friday saturday sunday mon tue tues wed thu thur thurs fri sat sun',
    'enero febrero marzo abril mayo junio julio agosto septiembre setiembre octubre noviembre diciembre',
    'janvier février fevrier mars avril mai juin juillet août aout septembre octobre novembre décembre decembre',
    'januar jänner februar märz april mai juni juli august september oktober november dezember',
    'gennaio febbraio marzo aprile maggio giugno luglio agosto settembre ottobre novembre dicembre',
    'janeiro fevereiro março marco abril maio junho julho agosto setembro outubro novembro dezembro',
    'januari februari maart april mei juni juli augustus september oktober november december',
    'am pm of the de del di du le la st nd rd th to until through bis al au a',
    'q1 q2 q3 q4 h1 h2 fy today yesterday tomorrow now',
  ].join(' ').split(' '),
);

/** "01/01/2025", "January 1, 2025", "1 de marzo de 2025", "Q1 2025": only a date. */
function isDateOnly(value: string): boolean {
  if (DATE_ONLY_VALUE.test(value)) return true;
  const words = value.toLowerCase().split(/[\s/.,:()-]+/u).filter((w) => w !== '');
  return words.length > 0 && words.length <= 8 && words.every((w) => /^\d{1,4}(?:st|nd|rd|th|er|º|°)?$/u.test(w) || DATE_WORDS.has(w));
}

function slice(line: string): string {
  return line.length > MAX_HEADER_CHARS ? line.slice(0, MAX_HEADER_CHARS) : line;
}

function hasEvidence(s: string): boolean {
  return EMAIL.test(s) || TIME.test(s) || YEAR.test(s) || NUMERIC_DATE.test(s) || /<[^<>]{1,200}>/.test(s);
}

/** Is this (possibly joined) text an attribution line? 'strong' has a date or address. */
function classifyAttribution(s: string): 'strong' | 'weak' | null {
  const text = s.trim();
  if (text.length === 0 || text.length > MAX_HEADER_CHARS) return null;
  if (DASHED.test(text) && END_VERB.test(text.replace(/-+\s*$/, ''))) return 'strong';
  if (END_VERB.test(text)) {
    if (hasEvidence(text)) return 'strong';
    // "Bob Smith wrote:" — short, no sentence before it.
    return text.length <= 80 && !/[.!?]\s/.test(text) ? 'weak' : null;
  }
  if (ENGLISH_SENT.test(text) && hasEvidence(text)) return 'strong';
  if (VERB_THEN_DATE.test(text) && TIME.test(text) && (NUMERIC_DATE.test(text) || YEAR.test(text))) return 'strong';
  if (MID_VERB.test(text) && (TIME.test(text) || YEAR.test(text))) return 'strong';
  if (MID_VERB_NAME.test(text) && HEADER_START.test(text) && TIME.test(text)) return 'strong';
  if (ADDRESS_COLON.test(text) && DATE_FIRST.test(text) && (TIME.test(text) || YEAR.test(text) || NUMERIC_DATE.test(text))) {
    return 'strong';
  }
  if (ISO_DATE_ADDRESS.test(text)) return 'strong';
  // Horde/IMP webmail: "Quoting Name <a@b>:", "Zitat von Name <a@b>:", "Citando a Name <a@b>:".
  if (QUOTING.test(text)) return hasEvidence(text) ? 'strong' : 'weak';
  return null;
}

const QUOTING = /^(?:quoting|zitat von|citando a?|citation de|cytuję|citaat van|citerar)\s[^:]{1,200}:\s*$/iu;

/** An attribution starting at line i, possibly wrapped over the following lines. */
export function findAttributionAt(lines: readonly string[], i: number): QuoteBoundary | null {
  const first = slice(lines[i] ?? '');
  if (first.trim() === '' || /^\s*>/.test(first)) return null;
  const split = splitSharedLine(first);
  if (split !== null) return { kind: 'attribution', start: i, end: i, ownPrefix: split };
  const single = classifyAttribution(first);
  if (single) return { kind: 'attribution', start: i, end: i, weak: single === 'weak' };
  if (!HEADER_START.test(first) || first.length > 300 || /[.!?]\s*$/.test(first)) return null;
  let joined = first.trim();
  for (let k = 1; k < MAX_HEADER_LINES && i + k < lines.length; k++) {
    const next = slice(lines[i + k] ?? '').trim();
    if (next === '') continue;
    // Only a wrapped "> wrote:" tail may look like a quote line (Polymail).
    if (next.startsWith('>') && next.length > 16) return null;
    joined = `${joined} ${next}`;
    if (joined.length > MAX_HEADER_CHARS) return null;
    const kind = classifyAttribution(joined);
    if (kind === 'strong') return startsLater(lines, i, i + k) ? null : { kind: 'attribution', start: i, end: i + k };
    // A wrapped attribution never spans a finished sentence.
    if (/[.!?]$/.test(next) && !/\b(?:a\.m|p\.m|г|kl|klo)\.$/i.test(next)) return null;
  }
  return null;
}

/**
 * Does the attribution found over lines start..end really begin on a later line: below a blank
 * line, or on a line that opens with "On"/"Le"/"Am"...? Then the lines above it are typed text
 * ("7-Zip" / "Thanks," / "Mo" / "On Tue ... wrote:"), not its first part.
 */
function startsLater(lines: readonly string[], start: number, end: number): boolean {
  for (let j = start + 1; j <= end; j++) {
    const line = slice(lines[j] ?? '');
    if (line.trim() === '') continue;
    const afterBlank = (lines[j - 1] ?? '').trim() === '' && HEADER_START.test(line);
    if (!afterBlank && !PREPOSITION_START.test(line)) continue;
    const tail = lines.slice(j, end + 1).map((l) => slice(l).trim()).filter((l) => l !== '').join(' ');
    if (classifyAttribution(tail) === 'strong') return true;
  }
  return false;
}

/** "reply On Wed, Apr 4, 2012 at 3:59 PM, bob@example.com wrote:" -> "reply". */
function splitSharedLine(line: string): string | null {
  const at = line.search(/(?:\s|-{2,})On\s.{0,300}\swrote\s*:?\s*-*\s*$/);
  if (at <= 0) return null;
  const header = line.slice(at).replace(/^[\s-]+/, '');
  if (classifyAttribution(header) !== 'strong') return null;
  const own = line.slice(0, at).replace(/[\s-]+$/, '');
  return own.trim() === '' ? null : own;
}

interface Field {
  role: 'from' | 'date' | 'to' | 'subject' | 'cc';
  value: string;
}

function parseField(line: string): Field | null {
  const m = FIELD.exec(slice(line));
  if (!m) return null;
  const label = (m[1] ?? '').toLowerCase();
  const value = (m[2] ?? '').replace(/\*+/g, '').trim();
  const role = FROM_RE.test(label) ? 'from'
    : DATE_RE.test(label) ? 'date'
    : TO_RE.test(label) ? 'to'
    : SUBJECT_RE.test(label) ? 'subject'
    : 'cc';
  return { role, value };
}

/** Does a field's value fit its role? Dates belong only in the date field. */
function fieldFits(field: Field): boolean {
  if (field.role === 'date') return field.value === '' || /\d/.test(field.value);
  if (field.role === 'subject' || field.role === 'cc') return true;
  // From/To must name someone: a bare date means a report parameter ("From: 01/01/2025").
  return field.value === '' ? field.role === 'to' : !isDateOnly(field.value);
}

/** An Outlook-style header block (From/Sent/To/Subject in any order) starting at line i. */
export function findHeaderBlockAt(lines: readonly string[], i: number): QuoteBoundary | null {
  const first = parseField(lines[i] ?? '');
  if (!first || (first.role !== 'from' && first.role !== 'date') || !fieldFits(first)) return null;
  if (first.value === '' && first.role === 'from' && !/\S/.test(lines[i + 1] ?? '')) return null;
  const roles = new Set<string>([first.role]);
  if (INLINE_SECOND_FIELD.test(slice(lines[i] ?? ''))) roles.add('inline');
  let end = i;
  let continuation = 0;
  for (let k = i + 1; k < lines.length && k <= i + 8; k++) {
    const line = lines[k] ?? '';
    if (line.trim() === '') {
      if (roles.size >= 2) break;
      continuation++;
      if (continuation > 1) break;
      continue;
    }
    const field = parseField(line);
    if (field && fieldFits(field)) {
      if (roles.has(field.role)) break;
      roles.add(field.role);
      end = k;
      continuation = 0;
      continue;
    }
    if (field) return null;
    continuation++;
    if (continuation > 2) break;
  }
  if (roles.size < 2) return null;
  return { kind: 'header-block', start: i, end };
}

// GroupWise's attribution: ">>> Name <address> 12/1/2026 3:00 PM >>>", with the quoted message
// under it unprefixed. It opens with ">" but is no quote line: everything below it is history.
const GROUPWISE_OPEN = /^[ \t]{0,3}>>>[ \t]/;

/** A "> " line, or the blank line a quote may hold. */
function isQuoted(line: string): boolean {
  return /^[ \t]{0,3}>/.test(line) || line.trim() === '';
}

/** GroupWise's ">>> Name <address> date time >>>" line, when it names a sender or a time. */
export function findGroupWiseHeaderAt(lines: readonly string[], i: number): QuoteBoundary | null {
  const line = (lines[i] ?? '').trimEnd();
  if (line.length > MAX_HEADER_CHARS || !GROUPWISE_OPEN.test(line) || !line.endsWith(' >>>')) return null;
  const inner = line.replace(GROUPWISE_OPEN, '').slice(0, -4);
  if (inner.trim() === '') return null;
  if (!EMAIL.test(inner) && !(TIME.test(inner) && (NUMERIC_DATE.test(inner) || YEAR.test(inner)))) return null;
  return { kind: 'attribution', start: i, end: i };
}

/** "-----Original Message-----" and the forwarded-message markers. */
export function findSeparatorAt(lines: readonly string[], i: number): QuoteBoundary | null {
  const line = slice(lines[i] ?? '');
  if (SEPARATOR.test(line)) return { kind: 'separator', start: i, end: i };
  // A plain-text client that lost the line break after the separator runs the first quoted
  // line into it: "-----Original Message-----> From: ...". The ">" remainder is the quote's.
  const gt = line.indexOf('>');
  if (gt > 0 && line.slice(0, gt).trimEnd().endsWith('--') && SEPARATOR.test(line.slice(0, gt)) && (lines[i + 1] === undefined || isQuoted(lines[i + 1] ?? ''))) {
    return { kind: 'separator', start: i, end: i };
  }
  if (BARE_SEPARATOR.test(line)) {
    let next = i + 1;
    while (next < lines.length && next <= i + 2 && (lines[next] ?? '').trim() === '') next++;
    if (findHeaderBlockAt(lines, next)) return { kind: 'separator', start: i, end: i };
  }
  if (FORWARD.test(line) || FORWARD_APPLE.test(line)) return { kind: 'forward', start: i, end: i };
  return null;
}

/** The first kind of quote boundary that starts at line i, if any. */
export function findQuoteBoundaryAt(lines: readonly string[], i: number): QuoteBoundary | null {
  return findSeparatorAt(lines, i) ?? findHeaderBlockAt(lines, i) ?? findAttributionAt(lines, i);
}
