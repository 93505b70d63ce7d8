// Decides which trailing lines of a reply are not what the person typed: the "-- " signature,
// device lines ("Sent from my iPhone"), mailing-list footers, legal disclaimers, inline-image
// placeholders and a contact block (name with title, organisation, phone, address). A typed
// closing and the name right after it stay (see ../shared/notes/reply-conventions.md).
// Pure: lines in, lines out; every pattern runs on a bounded slice of a line. The device lines'
// wording is data: the reply footers of the mail signs (config/mail-signs.yaml).
import { compiledSigns, type CompiledSigns, type MailSigns } from '../kind/signs.ts';
import { defaultMailSigns } from '../mail-signs.ts';

const MAX_LINE = 400;

/** "-- " (RFC 3676 4.3) and the bare "--" many clients send instead. */
export function isSignatureDelimiter(line: string): boolean {
  return /^--[ \t]*$/.test(line);
}

/** "Verizon", "the Samsung Galaxy S23", "an AT&T 5G smartphone": device words only, naming at least one device, maker or carrier. */
function isDevicePhrase(phrase: string, c: CompiledSigns): boolean {
  const words = phrase.trim().split(/\s+/);
  if (words.length === 0 || words.length > 8) return false;
  // A model ("S23", "Note8", "S8+", "5G"): a short token with a digit.
  const isModel = (w: string): boolean => w.length <= 12 && /\d/.test(w) && /^[a-z\d+-]+$/.test(w);
  return words.every((w) => c.deviceWord.test(w) || isModel(w) || /^[a-z]$/.test(w)) && words.some((w) => c.deviceName.test(w));
}

/** "Sent from my Verizon, Samsung Galaxy smartphone", "Sent via the Samsung Galaxy S23, an AT&T 5G smartphone". */
function isDevicePhraseLine(line: string, c: CompiledSigns): boolean {
  const m = c.deviceFooterOpening.exec(line.toLowerCase().replace(/[®™©]/g, ''));
  // What follows the opening: the last group, whatever groups the openings have.
  const parts = (m?.[m.length - 1] ?? '').split(',');
  return m !== null && parts.length <= 2 && parts.every((part) => isDevicePhrase(part, c));
}

/**
 * A line a mail client appends on its own: "Sent from my iPhone", "Get Outlook for Android". The
 * wording is the reply footers of the mail signs (config/mail-signs.yaml); the shipped file when
 * `signs` is not given.
 */
export function isDeviceLine(line: string, signs: MailSigns = defaultMailSigns()): boolean {
  const text = line.trim().slice(0, MAX_LINE);
  if (text.length === 0 || text.length > 120) return false;
  const c = compiledSigns(signs);
  // Links the clients append: "Sent from TypeApp<http://...>", "Get Outlook for iOS<https://aka.ms/...>".
  const bare = text.replace(/<[^<>]{0,300}>/g, '').replace(/\s*\(https?:\/\/[^()]{0,300}\)/g, '').trim();
  // "Sent from my BlackBerry 10 smartphone.", "Sent with Proton Mail secure email.": a closing full stop.
  const unstopped = bare.replace(/\s*[.!]$/, '');
  return c.deviceFooter.test(bare) || c.deviceFooter.test(unstopped) || isDevicePhraseLine(unstopped, c);
}

/** `[image: logo.png]`, `[cid:image001.png@01D...]`: the placeholders clients leave where inline images were. */
const IMAGE_PLACEHOLDER = /\[(?:image:[^\]\n]{0,300}|cid:[^\]\n]{0,300})\]/gi;

/** The line without its image placeholders. */
export function stripImagePlaceholders(line: string): string {
  if (!line.includes('[')) return line;
  return line.replace(IMAGE_PLACEHOLDER, '');
}

/** What each image placeholder in a line names: `{ cid }` (Outlook's Content-ID) or `{ name }` (Gmail's file name). */
export function findImagePlaceholders(line: string): Array<{ cid: string } | { name: string }> {
  if (!line.includes('[')) return [];
  return [...line.matchAll(IMAGE_PLACEHOLDER)].map(([whole]) => {
    const inner = whole.slice(1, -1);
    return /^cid:/i.test(inner) ? { cid: inner.slice(4).trim() } : { name: inner.slice(6).trim() };
  });
}

// Closings people type above their name, in the languages our customers write.
const CLOSINGS = [
  'com os melhores cumprimentos',
  'thank you and best regards',
  'muchas gracias de antemano',
  'mit freundlichen grüssen',
  'met vriendelijke groeten',
  'mit freundlichen grüßen',
  'thanks and best regards',
  'best regards and thanks',
  'met vriendelijke groet',
  'ystävällisin terveisin',
  'many thanks in advance',
  'meilleures salutations',
  'thank you and regards',
  'melhores cumprimentos',
  'thank you in advance',
  'sincères salutations',
  'vriendelijke groeten',
  'med vänlig hälsning',
  'thank you very much',
  'gracias de antemano',
  'vriendelijke groet',
  'thanks and regards',
  'cordialement vôtre',
  'freundliche grüsse',
  'mit besten grüssen',
  'hartelijke groeten',
  'grazie in anticipo',
  'thanks in advance',
  'bien cordialement',
  'med venlig hilsen',
  'thank you so much',
  'un cordial saludo',
  'saludos cordiales',
  'cordiales saludos',
  'quedo a la espera',
  'freundliche grüße',
  'mit besten grüßen',
  'obrigado desde já',
  'thanks a million',
  'thanks & regards',
  'have a great day',
  'hartelijke groet',
  'warmest regards',
  'yours sincerely',
  'cordiali saluti',
  'distinti saluti',
  'kindest regards',
  'have a nice day',
  'herzliche grüße',
  'muchas gracias',
  'atenciosamente',
  'thanks so much',
  'merci d\'avance',
  'merci beaucoup',
  'alvast bedankt',
  'muito obrigado',
  'muito obrigada',
  'un caro saluto',
  'buona giornata',
  'venlig hilsen',
  'bonne journée',
  'thanks again',
  'best regards',
  'kind regards',
  'warm regards',
  'with regards',
  'all the best',
  'respectfully',
  'cordialement',
  'thanks a lot',
  'quedo atento',
  'quedo atenta',
  'schöne grüße',
  'beste grüsse',
  'viele grüsse',
  'liebe grüsse',
  'cumprimentos',
  'cordialmente',
  'grazie mille',
  'many thanks',
  'best wishes',
  'yours truly',
  'bien à vous',
  'salutations',
  'atentamente',
  'viele grüße',
  'beste grüße',
  'liebe grüße',
  'с уважением',
  'warm wishes',
  'amicalement',
  'vielen dank',
  'danke schön',
  'besten dank',
  'dank je wel',
  'hälsningar',
  'pozdrawiam',
  'speak soon',
  'bien à toi',
  'dank u wel',
  'thank you',
  'sincerely',
  'take care',
  'un saludo',
  'terveisin',
  'talk soon',
  'un abrazo',
  'um abraço',
  'un saluto',
  'obrigado',
  'obrigada',
  'groetjes',
  'regards',
  'saludos',
  'gracias',
  'groeten',
  'bedankt',
  'abraços',
  'спасибо',
  'thanks',
  'cheers',
  'grazie',
  'saluti',
  'hilsen',
  'warmly',
  'grüsse',
  'abraço',
  'yours',
  'merci',
  'grüße',
  'danke',
  'best',
  'gruß',
  'ciao',
  'thx',
  'mfg',
  'mvh',
  'ty',
  'lg',
  'vg',
];
const CLOSING = new RegExp(`^(?:${CLOSINGS.join('|')})(?![\\p{L}])[\\s\\p{P}\\p{So}\\p{Sk}]{0,12}$`, 'iu');

/** "Thanks,", "Best regards", "Cheers 🎉", "-K" / "-Abhishek Kona" (a closing and name in one). */
export function isClosingLine(line: string): boolean {
  const text = line.trim();
  if (text.length === 0 || text.length > 60) return false;
  if (CLOSING.test(text)) return true;
  // "Best regards / Mit freundlichen Grüßen": the same closing in two languages.
  const parts = text.split(/\s[/|]\s/);
  if (parts.length === 2 && parts.every((part) => CLOSING.test(part.trim()))) return true;
  return /^[-–—~]\s?\p{Lu}[\p{L}.'-]{0,20}(?:\s\p{Lu}[\p{L}.'-]{0,20}){0,2}$/u.test(text);
}

/** A command line such as `#verified` or `#assign bob@x`: always part of the reply. */
function isCommandLine(line: string): boolean {
  return /^\s*#[a-z][\w-]{1,30}(?:\s|$)/i.test(line);
}

/** A drawn rule: "-----", "=====", "———". */
export function isRuleLine(line: string): boolean {
  return /^\s*(?:[-_=*~—–─━]\s?){2,}\s*$/u.test(line) || /^\s*[—–]\s*$/u.test(line);
}

const PHONE = /(?:^|[\s:(.])\+?\(?\d{1,4}\)?(?:[\s.-]?\(?\d{2,4}\)?){2,5}(?:\s?(?:x|ext\.?)\s?\d{1,5})?(?:$|[\s,;)])/i;
// How to reach the sender: what a signature carries, and an answer that names a person or an
// organisation ("Jane Doe, Case Manager") does not.
const REACH_MARKERS: RegExp[] = [
  /[\w.+-]+@[\w-]+(?:\.[\w-]+)+/, // e-mail address
  /\bhttps?:\/\/|\bwww\.[\w-]+\./i,
  /(?:^|\s)@[\w.]{2,30}$/, // social handle
  // A label and its value: "T. 555 0111", "M: 07700 900123". A letter and a stop after the label
  // make it an abbreviation ("P.S.", "P.P.S."), never a label.
  /^\s*(?:\p{So}\s*)?(?:t|p|m|f|tel|tél|phone|mobile|mob|cell|fax|direct|office|skype|teams|linkedin|twitter|web|e|email|e-mail)\s?[.:](?!\s?\p{L}\.)/iu,
  /\b\d{1,5}\s[\p{L}\s.]{2,40}\b(?:st|street|ave|avenue|rd|road|blvd|boulevard|suite|ste|floor|fl|lane|ln|drive|dr|way|strasse|straße|rue|calle|via)\b/iu,
];
const JOB_TITLE = /\b(?:ceo|cto|coo|cfo|cio|vp|svp|evp|vice president|president|director|manager|engineer|developer|founder|co-founder|cofounder|head of|team lead|lead|officer|consultant|specialist|analyst|coordinator|administrator|representative|assistant|partner|owner|associate|executive|supervisor|technician|architect|designer|accountant|attorney|counsel|professor|ph\.?\s?d|mba|md|cpa|esq)\b/i;
const COMPANY = /\b(?:inc|llc|ltd|gmbh|corp|corporation|co\.|s\.a\.|s\.l\.|b\.v\.|n\.v\.|ag|sarl|sas|pty|plc|limited|company|group|gmbh & co\. kg|oy|ab|as|srl|spa)\.?(?:$|[\s,])/i;
const CONTACT_MARKERS: RegExp[] = [...REACH_MARKERS, JOB_TITLE, COMPANY, /\bvia mobile\b|\bsent via\b/i];
const PROSE_WORDS = /\b(?:the|and|to|of|is|are|was|were|for|in|on|it|this|that|with|you|we|i|me|my|please|can|could|would|will|have|has|had|not|but|be|so|if|at|there)\b/gi;

function hasContactMarker(line: string): boolean {
  const text = line.slice(0, MAX_LINE);
  return PHONE.test(text) || CONTACT_MARKERS.some((re) => re.test(text)) || isOrganisationLine(text);
}

/** A phone number, an e-mail or web address, a handle or a street address: the line says how to reach someone. */
function hasReachMarker(line: string): boolean {
  const text = line.slice(0, MAX_LINE);
  return PHONE.test(text) || REACH_MARKERS.some((re) => re.test(text));
}

const ORGANISATION_WORDS = /\b(?:services|department|dept|county|center|centre|shelter|ministries|mission|housing|coalition|foundation|agency|authority|university|college|association|society|network|alliance|partnership|council|clinic|hospital|district|charities|institute|organi[sz]ation|programs?|nonprofit)\b/i;
const SMALL_WORDS = new Set(['of', 'and', 'for', 'the', 'de', 'del', 'la', 'y', 'et', 'du', 'des', 'in', 'at', 'on']);

/** "County Human Services", "Bridge Family Services": an organisation's name in title case. */
function isOrganisationLine(line: string): boolean {
  const text = line.trim();
  if (text.length > 70 || /[.!?:,;]$/.test(text) || !ORGANISATION_WORDS.test(text)) return false;
  const words = text.split(/\s+/).filter((w) => /\p{L}/u.test(w));
  return words.length >= 2 && words.length <= 8 && words.every((w) => SMALL_WORDS.has(w.toLowerCase()) || /^[&(]?\p{Lu}/u.test(w));
}

/** "P.S. The client ID is ...", "PPS: call me": a postscript, typed under the name. */
function isPostscriptLine(line: string): boolean {
  return /^\s*(?:p\.?\s?){1,3}s(?:\.|:|\s|$)/i.test(line.slice(0, MAX_LINE));
}

/** Short, not a sentence: the shape of a line in a signature block. */
function isSignatureLike(line: string): boolean {
  const text = line.trim();
  if (text === '') return true;
  if (text.length > 80 || isCommandLine(text) || isPostscriptLine(text)) return false;
  if (hasContactMarker(text) || isRuleLine(text)) return true;
  if (/[.?!:]$/.test(text) && !/\b(?:inc|ltd|co|corp|jr|sr|ph\.?d|esq|p\.c)\.$/i.test(text)) return false;
  const words = text.split(/\s+/).length;
  if (words > 8) return false;
  const prose = text.match(PROSE_WORDS)?.length ?? 0;
  return prose === 0 || (prose === 1 && words <= 6);
}

/** "Maria Lopez", "John E. Doe, Ph.D.", "Gina Xxxxxxxxx": how a signature block starts. */
// Pronouns people put after their name: "(she/her)", "(they/them)", "| he/him", "(elle)".
const PRONOUNS = /\s*(?:\(\s*\p{L}{1,6}(?:\s?\/\s?\p{L}{1,6}){1,2}\s*\)|\(\s*(?:she|he|they|ze|xe|elle|il|iel|ella|él|sie|er)\s*\)|[|,·•]\s*(?:she|he|they|ze|xe)\s?\/\s?\p{L}{1,6}(?:\s?\/\s?\p{L}{1,6})?)(?=\s|$|[|,–—•·-])/giu;

function isNameLine(line: string): boolean {
  const text = line
    .slice(0, MAX_LINE)
    .replace(PRONOUNS, '')
    .trim()
    // "Name | Case Supervisor", "Name – Head of IT": the title after a separator.
    .replace(/\s[|–—•·]\s.{1,60}$|\s-\s.{1,60}$/u, '')
    // "Dr. Samuel Okafor", "Mme Claire Petit": an honorific before the name.
    .replace(/^(?:dr|mr|mrs|ms|mx|prof|ing|sr|sra|srta|herr|frau|mme|mlle|dott|dott\.ssa|drs|mag|dipl\.-ing)\.?\s(?=\p{Lu})/iu, '')
    .replace(/,\s*\p{Lu}[\p{L}.]{1,9}(?:,\s*\p{Lu}[\p{L}.]{1,9})*$/u, '')
    .trim();
  if (text.length === 0 || text.length > 50) return false;
  return /^(?:[-–—~]\s?)?(?:\p{Lu}[\p{L}'’.-]*|\p{Lu}\.)(?:\s(?:\p{Lu}[\p{L}'’.-]*|\p{Lu}\.|van|von|de|da|del|der|den|la|le|di|du|dos|das|y|e)){0,4}$/u.test(text);
}

/** "Sarah Jones | Office Manager", "Jo Baker, Director of Operations": a whole contact block on one line. */
function isNameWithTitle(line: string): boolean {
  const m = /^(.{2,50}?)\s*(?:\s[|–—•·-]\s|,\s)(.{2,60})$/u.exec(line.trim());
  return m !== null && isNameLine(m[1] ?? '') && JOB_TITLE.test(m[2] ?? '') && !/[.!?]$/.test(m[2] ?? '');
}

function trimTrailingBlank(lines: string[]): string[] {
  let end = lines.length;
  while (end > 0 && (lines[end - 1] ?? '').trim() === '') end--;
  return end === lines.length ? lines : lines.slice(0, end);
}

/** A mailing-list footer: a rule line followed by "... mailing list", "listinfo", "unsubscribe". */
function stripListFooter(lines: string[]): string[] {
  const from = Math.max(0, lines.length - 12);
  for (let i = from; i < lines.length; i++) {
    if (!/^\s*[_=-]{5,}\s*$/.test(lines[i] ?? '')) continue;
    const rest = lines.slice(i + 1).join('\n').slice(0, 2000);
    if (/mailing list|listinfo|unsubscribe|list-manage|googlegroups|abmelden|désinscri|darse de baja/i.test(rest)) {
      return lines.slice(0, i);
    }
  }
  return lines;
}

// A gateway may draw a rule of stars or dashes on the notice's first line: decoration, not words.
const DISCLAIMER_OPENING = /^[\s*=_~#-]*(?:disclaimer|confidentiality notice|confidentiality|notice|important|legal notice|privileged|caution|warning|this e-?mail|this message|this communication|this transmission|the information (?:contained|in this)|the content of this|any views|le informazioni|questo messaggio|ce message|ce courriel|le présent|este mensaje|este correo|la información|esta mensagem|este e-?mail|diese e-?mail|diese nachricht|deze e-?mail|dit bericht|denne e-?mail|detta e-?post|tämä viesti|ta wiadomość|если вы получили)/iu;
const DISCLAIMER_WORDS = /confidential|privileged|intended (?:only |solely )?for|intended recipient|addressee|if you (?:are not|have received)|received this (?:e-?mail|message) in error|riservat|destinatari|confidentiel|destinataire|confidencial|destinatario|vertraulich|empfänger|vertrouwelijk|geadresseerde|fortrolig|konfidentiell|luottamuksellinen|poufn|конфиденциальн/iu;

function paragraphs(lines: string[]): Array<{ start: number; end: number }> {
  const out: Array<{ start: number; end: number }> = [];
  let start = -1;
  lines.forEach((line, i) => {
    if (line.trim() === '') {
      if (start >= 0) out.push({ start, end: i - 1 });
      start = -1;
    } else if (start < 0) start = i;
  });
  if (start >= 0) out.push({ start, end: lines.length - 1 });
  return out;
}

// What legal notices say, by theme; three themes in one long paragraph make a disclaimer
// whatever its opening words are.
const DISCLAIMER_THEMES: RegExp[] = [
  /confidential|vertraulich|confidentiel|confidencial|riservat|vertrouwelijk|fortrolig|konfidentiell|luottamuksellinen|poufn|конфиденциальн/iu,
  /privileged|legally protected|rechtlich geschützt|privil[ée]gi|privilegiad|privilegiat/iu,
  /intended (?:only |solely |exclusively )?for|intended recipient|addressee|destinatari|destinataire|empfänger|geadresseerde|adressat/iu,
  /(?:received|receive|got) (?:this|it) [\w\s-]{0,30}in error|by mistake|irrtümlich|fälschlich|par erreur|por error|per errore|por engano|abusivamente|per vergissing|onterecht|ved en fejl|av misstag/iu,
  /notify the sender|inform the sender|contact the sender|absender|l['’]exp[ée]diteur|al remitente|il mittente|ao remetente|afzender|avsändaren|afsenderen/iu,
  /\b(?:delete|destroy)\b|vernichten|löschen|supprimer|d[ée]truire|eliminar|borrar|destruir|cancellare|distruggere|apagar|verwijder/iu,
  /prohibited|forbidden|unauthori[sz]ed|untersagt|nicht gestattet|interdit|prohibid|vietat|proibid|verboden|förbjuden/iu,
];

function isDisclaimerText(text: string): boolean {
  if (text.length < 80) return false;
  if (DISCLAIMER_OPENING.test(text) && DISCLAIMER_WORDS.test(text)) return true;
  return text.length >= 150 && DISCLAIMER_THEMES.filter((re) => re.test(text)).length >= 3;
}

/** Legal disclaimers at the end, before the quote or added by a gateway after it. */
function stripDisclaimer(lines: string[]): string[] {
  const paras = paragraphs(lines).slice(-8);
  for (const para of paras) {
    const text = lines.slice(para.start, para.end + 1).join(' ').slice(0, 3000);
    if (!isDisclaimerText(text)) continue;
    // Everything after it must be more legal text, rules or a company footer.
    const rest = lines.slice(para.end + 1);
    const restOk = rest.every((line) => isSignatureLike(line) || DISCLAIMER_WORDS.test(line) || line.length > 60);
    if (restOk) return lines.slice(0, para.start);
  }
  return lines;
}

/**
 * A trailing contact block: starts with a name or a rule line, has a phone, address, title or
 * organisation in it, and is at least two lines. A closing above it stays; so does a lone
 * name right under the closing. It trails what the person typed: under a line that announces
 * it ("The trainee is:") it is the answer, and with nothing typed above it but a greeting, a
 * "block" of names, titles and organisations is the answer too ("Jane Doe, Case Manager",
 * "Ogden Family Services / Rapid Rehousing"); one with a phone, an e-mail, web or street address
 * is still the signature of a reply with nothing typed.
 */
function stripContactBlock(lines: string[]): string[] {
  let top = lines.length;
  let closingAt = -1;
  for (let i = lines.length - 1; i >= 0 && i >= lines.length - 20; i--) {
    const line = lines[i] ?? '';
    if (line.trim() !== '' && isClosingLine(line)) {
      closingAt = i;
      break;
    }
    // A one-line notice closing the block ("Confidentiality: this message may contain ..."),
    // only while nothing but such notices lies below it.
    const bottomNotice = lines.slice(i + 1).every((l) => l.trim() === '' || isTrailingNotice(l));
    if (!isSignatureLike(line) && !(bottomNotice && isTrailingNotice(line))) break;
    top = i;
  }
  // Some gateways prefix every signature line ("#sig#", "| "): read the lines without it.
  const prefix = sharedPrefix(lines.slice(top).filter((l) => l.trim() !== ''));
  const bare = (line: string): string => (prefix ? line.slice(prefix.length) : line);
  for (let start = top; start < lines.length; start++) {
    const line = bare(lines[start] ?? '');
    if (line.trim() === '') continue;
    const prev = lines[start - 1];
    const paragraphStart = prev === undefined || prev.trim() === '' || start - 1 === closingAt;
    if (!paragraphStart) continue;
    const head = isRuleLine(line) || isNameWithTitle(line) || isNameLine(line.replace(/^[^\p{L}]{1,8}(?=\p{L})/u, (m) => (/^[-–—~]\s?$/.test(m) ? m : '')));
    if (!head) continue;
    // The name right under a closing, on its own, is part of what they typed ("Thanks,\nMaria").
    const afterClosing = closingAt >= 0 && lines.slice(closingAt + 1, start).every((l) => l.trim() === '');
    const next = lines[start + 1] ?? '';
    if (afterClosing && !isRuleLine(line) && next.trim() === '') continue;
    // "Lee" on its own, then "Lee Abernathy, Program Director" and the rest: the lone name is typed.
    if (!isRuleLine(line) && next.trim() === '' && startsAnotherBlock(lines, start + 1, bare)) continue;
    const block = lines.slice(start).filter((l) => l.trim() !== '');
    const oneLineTitle = block.length === 1 && isNameWithTitle(bare(block[0] ?? ''));
    if (!oneLineTitle && (block.length < 2 || !block.some((l) => hasContactMarker(bare(l))))) continue;
    // Announced by the line above it, the block is what the person typed. With nothing typed
    // above, a block that says how to reach its sender is the signature of a reply with nothing
    // typed; one of names, titles and organisations alone is the answer.
    const above = typedAbove(lines.slice(0, start));
    if (/:$/.test(above.at(-1) ?? '')) return lines;
    if (!above.some((l) => !GREETING_ONLY.test(l)) && !block.some((l) => hasReachMarker(bare(l)))) return lines;
    return lines.slice(0, start);
  }
  return lines;
}

// "Hi,", "Hello Summer,", "Good morning!": a greeting alone, which answers nothing.
const GREETING_ONLY = /^(?:hi|hello|hey|dear|good (?:morning|afternoon|evening|day)|greetings|hola|buenos d[ií]as|buenas tardes|bonjour|hallo|guten (?:morgen|tag)|ol[áa]|bom dia|buongiorno|ciao|hej|hei)(?:\s[\p{L}.'’-]{1,30}){0,3}\s?[,!:.]?$/iu;

/** The typed lines above a contact block, trimmed and bounded: no blank lines, no drawn rules. */
function typedAbove(above: string[]): string[] {
  return above.map((l) => l.trim().slice(0, MAX_LINE)).filter((l) => l !== '' && !isRuleLine(l));
}

/** A short notice a signature ends with: it opens with its label and says what it is about. */
function isTrailingNotice(line: string): boolean {
  const text = line.trim().slice(0, MAX_LINE);
  if (text.length > 200) return false;
  return /^(?:confidential(?:ity)?(?: notice)?|privileged|privacy notice|notice|disclaimer|caution|this (?:e-?mail|message))\b/i.test(text)
    && (DISCLAIMER_WORDS.test(text) || /\b(?:protected health information|phi|hipaa|personal data)\b/i.test(text));
}

/** The next paragraph after `from` opens with a name (or a name with its title). */
function startsAnotherBlock(lines: string[], from: number, bare: (line: string) => string): boolean {
  let k = from;
  while (k < lines.length && (lines[k] ?? '').trim() === '') k++;
  if (k >= lines.length || k === from) return false;
  const line = bare(lines[k] ?? '');
  return isNameLine(line) || isNameWithTitle(line);
}

/** The prefix every line shares, when it is decoration ("#sig#") rather than text. */
function sharedPrefix(lines: string[]): string {
  if (lines.length < 2) return '';
  let prefix = lines[0] ?? '';
  for (const line of lines) {
    let k = 0;
    while (k < prefix.length && k < line.length && prefix[k] === line[k]) k++;
    prefix = prefix.slice(0, k);
    if (prefix === '') return '';
  }
  const m = /^[^\p{L}\p{N}\s]+(?:\p{L}{1,5}[^\p{L}\p{N}\s]+)?/u.exec(prefix);
  return m ? m[0] : '';
}

/**
 * Drawn rules ("-----", "_____", "=====", an HTML <hr>) at the edge of one of the person's
 * blocks, facing the quote between two blocks: they separate what was typed from the quote and
 * are no part of either. A rule with the person's text on both sides in the same block (a typed
 * table's rule) stays. `own` is in order; a block is a run of consecutive line indexes.
 */
export function dropRulesFacingQuotes<T extends { index: number; text: string }>(own: readonly T[]): { kept: T[]; dropped: number[] } {
  const drop = new Set<number>();
  const blockStart: number[] = [];
  for (let k = 0; k < own.length; k++) {
    const startsBlock = k === 0 || own[k]!.index > own[k - 1]!.index + 1;
    blockStart.push(startsBlock ? k : blockStart[k - 1]!);
  }
  let k = 0;
  while (k < own.length) {
    const start = k;
    let end = k;
    while (end + 1 < own.length && blockStart[end + 1] === start) end++;
    // The first and last non-blank lines of the block, when a quote sits on that side.
    const nonBlank: number[] = [];
    for (let j = start; j <= end; j++) if (own[j]!.text.trim() !== '') nonBlank.push(j);
    if (start > 0 && nonBlank.length > 0 && isRuleLine(own[nonBlank[0]!]!.text)) drop.add(nonBlank[0]!);
    const last = nonBlank[nonBlank.length - 1];
    if (end + 1 < own.length && last !== undefined && isRuleLine(own[last]!.text)) drop.add(last);
    k = end + 1;
  }
  if (drop.size === 0) return { kept: own.slice(), dropped: [] };
  return { kept: own.filter((_, j) => !drop.has(j)), dropped: [...drop].map((j) => own[j]!.index) };
}

function stripTrailingRules(lines: string[]): string[] {
  let out = trimTrailingBlank(lines);
  while (out.length > 0 && isRuleLine(out[out.length - 1] ?? '')) out = trimTrailingBlank(out.slice(0, -1));
  return out;
}

/** Which trailing-junk rule removed lines, and the first line it removed (index into the input). */
export interface TrailingCut {
  rule: 'list-footer' | 'disclaimer' | 'contact-block' | 'rule-line';
  index: number;
}

/** Removes everything at the end of a reply that the person did not type; `cuts` learns what went where. */
export function stripTrailingJunk(input: string[], cuts: TrailingCut[] = []): string[] {
  const step = (rule: TrailingCut['rule'], before: string[], after: string[]): string[] => {
    if (after.length < before.length && before.slice(after.length).some((l) => l.trim() !== '')) cuts.push({ rule, index: after.length });
    return after;
  };
  const rules = (lines: string[]): string[] => step('rule-line', lines, stripTrailingRules(lines));
  let lines = rules(input);
  for (let round = 0; round < 6; round++) {
    const before = lines.length;
    lines = rules(step('list-footer', lines, stripListFooter(lines)));
    lines = rules(step('disclaimer', lines, stripDisclaimer(lines)));
    lines = rules(step('contact-block', lines, stripContactBlock(lines)));
    if (lines.length === before) break;
  }
  return lines;
}
