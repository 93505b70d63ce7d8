// Decides what kind of mail a parsed message is: a person's mail, an autoresponder's, a
// bounce, list/bulk mail, or our own mail coming back. Pure; the rules follow the team's
// reply conventions ("The kind of a message") and RFC 3834. Checks run strongest first:
// bounce, own, auto-reply, list, and a person's mail is whatever is left.
import { deliveryReportReason, parseBounce } from './bounce.ts';
import { extractReplyText } from './reply-text.ts';
import type { MailKindContext, MailKindVerdict, ParsedMessage } from './types.ts';

export type { MailKindContext, MailKindVerdict } from './types.ts';

export function detectMailKind(msg: ParsedMessage, ctx: MailKindContext): MailKindVerdict {
  // A bounce first: our own MTA's reports can carry our domain in their Message-ID.
  const bounceReason = deliveryReportReason(msg);
  if (bounceReason) return { kind: 'bounce', reason: bounceReason, bounce: parseBounce(msg) ?? undefined };

  const ownReason = ownMailReason(msg, ctx);
  if (ownReason) return { kind: 'own', reason: ownReason };

  const autoReason = autoReplyReason(msg);
  if (autoReason) return { kind: 'auto_reply', reason: autoReason };

  const listReason = listReasonOf(msg);
  if (listReason) return { kind: 'list', reason: listReason };

  return { kind: 'person', reason: isHumanDeclared(msg) ? 'auto-submitted: no' : 'no automatic signs' };
}

// ---------------------------------------------------------------------------------------
// Own mail.

export function hasOwnLoopHeader(msg: ParsedMessage, loopHeader: string): boolean {
  const name = loopHeader.trim().toLowerCase();
  return name !== '' && (msg.headers[name] ?? []).length > 0;
}

function ownMailReason(msg: ParsedMessage, ctx: MailKindContext): string | null {
  if (hasOwnLoopHeader(msg, ctx.loopHeader)) return 'own loop header';
  const domain = ctx.ownMessageIdDomain.trim().toLowerCase();
  if (domain && msg.messageId) {
    const idDomain = msg.messageId.slice(msg.messageId.lastIndexOf('@') + 1).toLowerCase();
    if (msg.messageId.includes('@') && idDomain === domain) return 'own message-id domain';
  }
  const own = new Set(ctx.ownAddresses.map((a) => a.trim().toLowerCase()));
  if (msg.from && own.has(msg.from.address)) return 'from own address';
  return null;
}

// ---------------------------------------------------------------------------------------
// Auto-replies.

/** RFC 3834: `Auto-Submitted: no` says a person wrote it. */
function isHumanDeclared(msg: ParsedMessage): boolean {
  const value = msg.headers['auto-submitted']?.[0];
  return value !== undefined && autoSubmittedKeyword(value) === 'no';
}

function autoSubmittedKeyword(value: string): string {
  return value.trim().toLowerCase().split(/[\s;(]/)[0] ?? '';
}

/** True when an RFC 3834 Auto-Submitted header says anything other than `no`. */
export function hasAutoSubmitted(msg: ParsedMessage): boolean {
  return (msg.headers['auto-submitted'] ?? []).some((v) => {
    const keyword = autoSubmittedKeyword(v);
    return keyword !== '' && keyword !== 'no';
  });
}

// Subject prefixes autoresponders put before the original subject, or use as the whole subject.
// Each ends with a colon or stands alone: "Out of office tomorrow" is a person's subject.
const OOO_SUBJECT_PREFIX = new RegExp(
  '^(' +
    [
      'auto(matic|mated)?[ -]?(reply|response|answer)',
      'autoreply',
      'autoresponse',
      'auto',
      'out of (the )?office',
      'ooo',
      'vacation( reply| response)?',
      'away',
      'abwesenheit(snotiz|smeldung)?',
      'automatische antwort',
      'automatische r[üu]ckmeldung',
      'nicht im b[üu]ro',
      'respuesta autom[áa]tica',
      'fuera de (la )?oficina',
      'ausente',
      'r[ée]ponse automatique',
      'absent(e)?',
      'absence',
      'message d.absence',
      'risposta automatica',
      'fuori (sede|ufficio)',
      'assente',
      'resposta autom[áa]tica',
      'fora do escrit[óo]rio',
      'aus[êe]ncia',
      'automatisch antwoord',
      'afwezig(heid)?',
      'niet aanwezig',
      'out of office autoreply',
      'absent(e)? du bureau',
      'absence du bureau',
      'hors du bureau',
      'au[sß]er haus',
      'afwezigheidsbericht',
      'buiten kantoor',
      'autosvar',
      'automatiskt svar',
      'automatisk svar',
      'automatisk besked',
      'fr[åa]nvaro(meddelande)?',
      'frav[æa]rende',
      'ikke på kontoret',
      'inte på kontoret',
      'odpowied[źz] automatyczna',
      'automatyczna odpowied[źz]',
      'poza biurem',
      'automaattinen vastaus',
      'poissa toimistolta',
      'lomavastaaja',
      'automatick[áa] odpov[ěe][ďd]',
      'mimo kancel[áa][řr]',
      'automatikus v[áa]lasz',
      'h[áa]zon k[íi]v[üu]l',
      'otomatik yan[ıi]t',
      'r[ăa]spuns automat',
      'автоответ',
      'автоматический ответ',
      'нет на месте',
      '自動応答',
      '自動返信',
      '不在',
      '自动回复',
      '自動回覆',
      '자동 응답',
      '자동 회신',
      '부재중',
      'αυτόματη απάντηση',
      'εκτός γραφείου',
      'automatická odpoveď',
      'automatski odgovor',
      'avtomatski odgovor',
      'automātiskā atbilde',
      'automatinis atsakymas',
      'automaatvastus',
      'tự động trả lời',
      'balasan otomatis',
      'ตอบกลับอัตโนมัติ',
      'תשובה אוטומטית',
      'رد تلقائي',
      'автоматична відповідь',
      'автоматичен отговор',
      'ofis d[ıi][şs][ıi]nda',
      'izinde(yim)?',
      'nieobecno[śs][ćc]',
      'nep[řr][íi]tomnost',
      'מחוץ למשרד',
      'خارج المكتب',
      'sedang cuti',
      'di luar kantor',
      'vắng mặt',
      'đang nghỉ phép',
    ].join('|') +
    ')\\s*(?<end>:|\\(|\\[|-|$)',
  'i',
);
// Subjects that name themselves an automatic answer anywhere ("XX - vacation response RE: ...").
const OOO_SUBJECT_ANYWHERE =
  /(\b(vacation|holiday|absence) (reply|response|notice)|\\bout of office (reply|response|notice)\b|\bout of (the )?office (reply|autoreply|auto-reply|notice)\b|\bautomatic reply\b|\babwesenheitsnotiz\b|\brespuesta autom[áa]tica\b|\br[ée]ponse automatique\b|\brisposta automatica\b|\bresposta autom[áa]tica\b|\bautomatisch antwoord\b)/i;

// Body sentences only autoresponders write.
const AUTO_BODY = [
  /\bthis is an? (automatic|automated|auto-generated) (reply|response|message|notification)/i,
  /\bi (will|shall) (have limited|have no) access to (my )?e-?mail/i,
  /\b(i will|i'll) (respond|reply|get back to you) (to your (e-?mail|message) )?(as soon as possible |when |upon )(i|my) return/i,
  /\bdies ist eine automatische (antwort|nachricht|benachrichtigung)/i,
  /\bich bin (derzeit |zurzeit |momentan |aktuell )?(bis [^\n]{0,40})?(nicht im (b[üu]ro|haus|dienst)|abwesend|im urlaub|au[sß]er haus)/i,
  /\b(esta es una|este es un) (respuesta|mensaje) autom[áa]tic[oa]/i,
  /\b(estoy|me encuentro) (fuera de la oficina|de vacaciones|ausente)/i,
  /\b(ceci est une|ceci est un) (r[ée]ponse|message) automatique/i,
  /\bje (suis|serai) (actuellement |pr[ée]sentement )?(absent|absente|en cong[ée]s?|en vacances|hors du bureau)/i,
  /\bquesta [èe] una risposta automatica/i,
  /\bsono (attualmente )?(fuori ufficio|assente|in ferie)/i,
  /\besta [ée] uma (resposta|mensagem) autom[áa]tica/i,
  /\bestou (fora do escrit[óo]rio|ausente|de f[ée]rias)/i,
  /\bdit is een automatisch (antwoord|bericht)/i,
  /\bik ben (afwezig|niet op kantoor|met vakantie)/i,
  // Mailboxes left running after someone left: they say so about themselves.
  /\b(this|the) (e-?mail )?(address|mailbox|inbox|account) is no longer (monitored|active|in use|being monitored)/i,
  /\bdiese (e-?mail-?adresse|adresse|mailbox) (ist nicht mehr aktiv|wird nicht mehr (gelesen|abgerufen|betreut))/i,
  /\b(esta|la) (direcci[óo]n|cuenta|casilla)( de correo)? ya no (est[áa] activa|se (revisa|utiliza|monitorea))/i,
  /\bcette (adresse|bo[îi]te)( (e-?mail|mail|aux lettres))? n.est plus (active|consult[ée]e|utilis[ée]e)/i,
];

// Someone who left, in the first person; it counts only in an answer to our mail that points
// elsewhere and asks nothing (a person may write "I am no longer with X, please update me").
const DEPARTED = [
  "\\b(?:i am|i'm) no longer (?:with|employed (?:by|at)|working (?:for|at)|part of)\\b",
  '\\bich bin nicht mehr (?:bei|f[üu]r|im unternehmen|in der firma)',
  '\\bya no (?:trabajo|formo parte|estoy) (?:en|de|con)\\b',
  '\\bje ne (?:fais|travaille) plus (?:partie|pour|chez)\\b',
  '\\bnon (?:lavoro|faccio) pi[ùu] (?:parte|per|presso)\\b',
  '\\bn[ãa]o (?:trabalho|fa[çc]o) mais (?:parte|na|no|para)\\b',
  '\\bik ben niet langer (?:werkzaam|in dienst)\\b|\\bik werk niet meer (?:bij|voor)\\b',
].map((source) => new RegExp(source, 'iu'));
// The mailbox speaking of its former owner in the third person. A person may write the same about
// a colleague ("Dan has left the company, please disable dan@..."), so it also has to speak of
// itself: this mailbox, or mail that is not forwarded.
const DEPARTED_THIRD_PERSON = [
  '\\b(?:has|have) left (?:the (?:company|organi[sz]ation|firm|business|team)|our (?:company|organi[sz]ation|team)|\\S+ and this (?:mailbox|inbox|address|account))',
  '\\b(?:is|are) no longer (?:with (?:us|the company)|employed (?:by|at)|working (?:for|at))\\b',
].map((source) => new RegExp(source, 'iu'));
const MAILBOX_OF_ITSELF = /\b(?:this|the) (?:e-?mail )?(?:mailbox|inbox|address|account) (?:is|will)\b|\bnot (?:been |be )?(?:forwarded|monitored|read)\b/i;

// A mailbox that says nobody reads it. Only in an answer to our mail that asks nothing: a person
// may complain that "messages sent to this inbox are not read".
const UNMONITORED = [
  '\\b(?:this|the) (?:shared )?(?:e-?mail )?(?:address|mailbox|inbox|account) is (?:not|no longer) (?:monitored|read|checked|attended|staffed)',
  '\\bmessages? (?:sent )?to this (?:e-?mail )?(?:address|mailbox|inbox|account) (?:are|is|will) not (?:be )?(?:read|monitored|answered|checked|forwarded)',
  '\\b(?:this|the) (?:e-?mail )?(?:address|mailbox|inbox) is unattended',
  '\\bdieses postfach wird nicht (?:mehr )?(?:gelesen|überwacht|betreut)',
  '\\bcette (?:adresse|bo[îi]te) n.est pas (?:consult[ée]e|surveill[ée]e|lue)',
  '\\b(?:este|esta) (?:buz[óo]n|direcci[óo]n|cuenta) no (?:se )?(?:revisa|supervisa|monitorea|lee)',
].map((source) => new RegExp(source, 'iu'));

function saysUnmonitored(body: string): boolean {
  return !body.includes('?') && UNMONITORED.some((re) => re.test(body));
}
const POINTS_ELSEWHERE = /\b(?:please (?:contact|direct|send|forward|write to|email|e-mail|reach)|for (?:any|all|further|urgent) |bitte (?:wenden|kontaktieren|schreiben)|por favor (?:contacte|escriba|dir[íi]jase)|merci de (?:contacter|vous adresser|[ée]crire)|si prega di (?:contattare|scrivere)|favor (?:contatar|entrar em contato)|neem (?:contact|dan contact) op)|[\w.+-]+@[\w-]+(?:\.[\w-]+)+/iu;

function saysDeparted(body: string): boolean {
  if (body.includes('?')) return false;
  const third = MAILBOX_OF_ITSELF.test(body) ? DEPARTED_THIRD_PERSON : [];
  return [...DEPARTED, ...third].some((re) => {
    const m = re.exec(body);
    return m !== null && POINTS_ELSEWHERE.test(body.slice(m.index, m.index + m[0].length + 300));
  });
}

// Absence statements in the first person; they need a return date or an e-mail-access remark
// close by ("until", "bis", "hasta", "asti", ...) before they count: a person may well write
// "I will be out of office tomorrow" in an ordinary request.
const ABSENCE = [
  // en
  "\\b(?:i am|i'm|i will be|i'll be)\\s+(?:currently\\s+|now\\s+)?(?:out of (?:the )?office|ooo|away(?: from (?:the |my )?(?:office|desk))?|on (?:annual |parental |maternity |paternity |sick |study )?(?:leave|vacation|holidays?)|travell?ing|off work|out sick|not in the office)\\b",
  // de
  '\\bich bin\\s[^\\n]{0,60}?(?:nicht im (?:b[üu]ro|haus|dienst)|abwesend|im urlaub|au[sß]er haus|nicht erreichbar)',
  // es
  '\\b(?:estoy|estar[ée]|me encuentro)\\s(?:[^\\n]{0,30}?)(?:fuera de la oficina|de vacaciones|ausente|fuera)',
  // fr
  '\\bje (?:suis|serai)\\s(?:[^\\n]{0,30}?)(?:absent|absente|en cong[ée]s?|en vacances|hors du bureau|en d[ée]placement)',
  // it
  '\\b(?:sono|sar[òo])\\s(?:[^\\n]{0,30}?)(?:fuori (?:ufficio|sede)|assente|in ferie|in vacanza)',
  // pt
  '\\b(?:estou|estarei)\\s(?:[^\\n]{0,30}?)(?:ausente|fora do escrit[óo]rio|de f[ée]rias|em f[ée]rias)',
  // nl
  '\\bik ben\\s(?:[^\\n]{0,40}?)(?:afwezig|niet op kantoor|met vakantie|op vakantie|niet aanwezig)',
  // sv, da, no
  '\\bjag är\\s(?:[^\\n]{0,30}?)(?:på semester|ledig|tjänstledig|föräldraledig|borta|inte på kontoret|frånvarande)',
  '\\bjeg er\\s(?:[^\\n]{0,30}?)(?:på ferie|fraværende|ikke på kontoret|ikke til stede|borte)',
  // pl, fi, cs, tr, ru
  '\\b(?:jestem|przebywam|będę)\\s(?:[^\\n]{0,30}?)(?:na urlopie|poza biurem|nieobecn[yaą]|na zwolnieniu)',
  '\\bolen\\s(?:[^\\n]{0,30}?)(?:lomalla|poissa|vuosilomalla)',
  '\\b(?:jsem|budu)\\s(?:[^\\n]{0,30}?)(?:na dovolen[ée]|mimo kancel[áa][řr]|nep[řr][íi]tomn[áýa])|čerp[áa]m dovolenou',
  '(?:izindeyim|tatildeyim|ofis dışındayım|ofiste değilim)',
  '(?:^|\\s)я\\s(?:[^\\n]{0,30}?)(?:в отпуске|отсутствую|нахожусь в отпуске)',
  // el, he, ar (no \\b: it only knows ASCII letters)
  '(?:απουσιάζω|(?:είμαι|βρίσκομαι) (?:εκτός γραφείου|σε άδεια|σε διακοπές))',
  'אני (?:נמצאת |נמצא )?(?:מחוץ למשרד|בחופשה|בחופש)',
  '(?:أنا|انا|إنني) (?:حاليا |حالياً )?(?:في إجازة|في اجازة|خارج المكتب)',
  // vi, id/ms, hi (Latin script)
  '(?:^|\\s)tôi (?:hiện )?(?:đang )?(?:nghỉ phép|đi công tác|vắng mặt|không có mặt|không ở văn phòng)',
  '\\bsaya (?:sedang |akan )?(?:cuti|tidak (?:berada )?di kantor|(?:berada )?di luar kantor)',
  '\\b(?:main|mai)\\s(?:[^\\n]{0,30}?)(?:c?hh?utti|leave) (?:par|pe) (?:hoon|hu|hun)\\b|\\b(?:main|mai) (?:office|daftar) (?:mein|me) nahi (?:hoon|hu|hun)\\b',
].map((source) => new RegExp(source, 'iu'));
// What follows an autoresponder's absence statement: when they are back, or how to reach someone else.
const RETURN_CUE = new RegExp(
  [
    "\\b(?:until|till|through|returning|(?:my|upon|on) return|(?:will )?return(?:ing)? (?:on|to|in|after)|(?:be|i'm|i am) back|back (?:on|in|at)|from \\d|limited access|no access|urgent)\\b",
    '\\b(?:bis|zurück|wieder im|dringend|keinen zugriff|eingeschränkt)',
    '\\b(?:hasta|regreso|vuelta|urgente|acceso limitado)',
    "(?:jusqu|retour|urgence|acc[èe]s limit)",
    '\\b(?:fino al|fino a|rientro|ritorno|urgenze|accesso limitato)',
    '(?:até|retorno|regresso|volta|urgente|acesso limitado)',
    '\\b(?:tot|terug|dringend)\\b',
    '\\b(?:till och med|tillbaka|åter|til og med|tilbage|tilbake|brådskande|haster)',
    '(?:\\sdo\\s\\d|powrot|powrót|powrocie|pilnych|asti|palaan|kiireellis|návrat|naléhav|kadar|dönüş|acil|вернусь|до\\s\\d)',
    '(?:έως|μέχρι|επιστροφ|επείγ|עד |דחופ|אחזור|حتى|عاجل|العاجلة|عودتي)',
    '(?:đến (?:hết )?ngày|quay lại|trở lại|khẩn cấp|\\bhingga\\b|\\bsampai\\b|\\bkembali\\b|\\bmendesak\\b|\\bwapas\\b|\\btak\\b)',
  ].join('|'),
  'iu',
);

// A person announcing an absence ahead of time ("next week", "tomorrow") is making a request.
const AHEAD = new RegExp(
  '(?<![\\p{L}])(?:' +
    [
      'tomorrow', 'next week', 'nächste woche', 'nächsten woche', 'morgen', 'mañana', 'la semana que viene', 'la pr[óo]xima semana',
      'demain', 'la semaine prochaine', 'domani', 'la prossima settimana', 'amanhã', 'semana que vem', 'pr[óo]xima semana',
      'volgende week', 'nästa vecka', 'imorgon', 'i morgen', 'næste uge', 'neste uke', 'jutro', 'od jutra', 'w przyszłym tygodniu',
      'huomenna', 'ensi viikolla', 'zítra', 'příští týden', 'yarın(?:dan)?', 'gelecek hafta', 'haftaya', 'αύριο',
      'την επόμενη εβδομάδα', 'מחר', 'בשבוע הבא', 'غدا', 'غداً', 'الأسبوع القادم', 'ngày mai', 'tuần sau', 'tuần tới',
      'besok', 'minggu depan', 'kal se', 'agle hafte',
    ].join('|') +
    ')(?![\\p{L}])',
  'iu',
);

/**
 * An absence statement followed closely by a return date or a pointer for urgent matters, in
 * a message that asks nothing: autoresponders announce, people ask.
 */
function saysAwayUntil(body: string): boolean {
  if (body.includes('?')) return false;
  for (const re of ABSENCE) {
    const m = re.exec(body);
    if (!m) continue;
    // The sentence around the statement: the return date may come first ("do 20. 8. čerpám dovolenou").
    const head = body.slice(Math.max(0, m.index - 120), m.index);
    const before = head.split(/\n|[.!]\s+(?=\p{Lu})/u).pop() ?? '';
    const after = body.slice(m.index, m.index + m[0].length + 200);
    const sentence = before + after;
    const firstSentence = before + (after.split(/[.!\n](?:\s|$)/)[0] ?? '');
    if (RETURN_CUE.test(sentence) && !AHEAD.test(firstSentence)) return true;
  }
  return false;
}

// Another help desk's automatic acknowledgement of a request it received.
const ACK_SUBJECT =
  /(\b(we('ve| have)? received|we('ve| have)? got your|we got your|thank you for contacting|thanks for contacting)\b|\b(your )?(request|ticket|case|enquiry|inquiry|message) (has been |was )?(received|created|opened|logged)\b|\bticket (created|opened|received)\b|\b(request|ticket|case|incident)\s*(#|no\.?|nr\.?|number)?\s*[A-Z0-9-]*\d{3,}\s*(has been |was |is )?(received|created|opened|logged)\b|\bihre anfrage (ist )?(eingegangen|erhalten)|\banfrage eingegangen|\bhemos recibido|\bsolicitud recibida|\bnous avons (bien )?re[çc]u|\bdemande re[çc]ue|\babbiamo ricevuto|\brichiesta ricevuta|\brecebemos (a sua|sua)|\bwe hebben uw [^\n]{0,30} ontvangen)/i;
const ACK_BODY =
  /(\b(this is an automated|this is an automatic|do not reply to this (e-?mail|message)|please do not reply|(reply|write|type) above this line|(this (note|message|e-?mail) )?confirms that (we|your)|(ticket|case|request) [A-Z0-9-]*\d{3,} (is|has been) (now )?(open|opened|created|logged)|a (support )?(agent|representative|member of our team) will (respond|get back|be in touch|contact you))\b|\b(has been|was) (received and )?(assigned|logged|created)[^\n]{0,40}\b(ticket|case|reference)\b|\bdiese nachricht wurde automatisch|\beste mensaje (fue|ha sido) generado autom[áa]ticamente|\bce message a [ée]t[ée] g[ée]n[ée]r[ée] automatiquement)/i;
const TICKET_TOKEN = /(\[|#|\b)(ticket|request|case|incident|anfrage|solicitud|demande|richiesta)?\s*(#|no\.?|nr\.?|id:?|number:?)\s*[A-Z0-9-]*\d{2,}|\[[A-Z]{1,10}[#-]\d{2,}\]|\[(ticket|case|request|incident|issue)\s*[#:]?\s*[A-Z0-9-]*\d{3,}\]|#\d{3,}/i;

function autoReplyReason(msg: ParsedMessage): string | null {
  // RFC 3834 5.1: a person declared it; no heuristic overrides that.
  if (isHumanDeclared(msg)) return null;
  // A newsletter or list notification is machine-made too, but it is list mail unless it answers
  // something: only auto-replied (not auto-generated) outranks the list headers.
  const listHeaders = ['list-id', 'list-unsubscribe', 'list-post'].some((name) => (msg.headers[name] ?? []).length > 0);
  const autoReplied = (msg.headers['auto-submitted'] ?? []).some((v) => autoSubmittedKeyword(v) === 'auto-replied');
  if (hasAutoSubmitted(msg) && (!listHeaders || autoReplied)) return 'auto-submitted header';
  for (const name of ['x-autoreply', 'x-autorespond', 'x-autoresponder', 'x-autoresponse']) {
    const values = msg.headers[name] ?? [];
    if (values.some((v) => !/^\s*(no|false|0)\s*$/i.test(v))) return `${name} header`;
  }
  const report = (msg.contentTypeParams['report-type'] ?? '').toLowerCase();
  if (msg.contentType === 'multipart/report' && report.includes('disposition-notification')) return 'disposition notification';

  const subject = msg.subject.trim();
  const isReplyOrForward = /^(re|aw|sv|fw|fwd|wg|tr|rv|enc|antw)\s*:/i.test(subject);
  const subjectSaysAuto = !isReplyOrForward && (OOO_SUBJECT_PREFIX.test(subject) || OOO_SUBJECT_ANYWHERE.test(subject));
  const subjectAnywhere = OOO_SUBJECT_ANYWHERE.test(subject);
  const body = ownText(msg);
  // An autoresponder answers mail we sent: it names our thread or ticket. A fresh subject
  // with an absence in the body is a person telling us about their leave.
  // A calendar response ("Declined: ...") answers our invitation.
  const calendarReply = CALENDAR_REPLY_SUBJECT.test(subject);
  const threaded = isReplyOrForward || calendarReply || msg.inReplyTo.length > 0 || msg.references.length > 0 || TICKET_TOKEN.test(subject);
  const answersUs = threaded || OOO_SUBJECT_PREFIX.test(subject);
  const bodySaysAuto =
    AUTO_BODY.some((re) => re.test(body)) ||
    (answersUs && (saysAwayUntil(body) || saysDeparted(body) || saysUnmonitored(body))) ||
    (calendarReply && CALENDAR_AUTO_DECLINE.test(body));
  if (/^(auto_reply|auto-reply|autoreply)$/i.test((msg.headers['precedence']?.[0] ?? '').trim())) return 'precedence auto_reply';
  // List headers outrank wording: a post to a list or group may well be titled "Out of office: ...".
  // Only the headers above (RFC 3834, X-Autoreply, Precedence) make list mail an autoresponder's.
  if (listHeaders) return null;

  // Exchange marks its out-of-office answers this way; the header alone also rides on ordinary mail.
  if ((msg.headers['x-auto-response-suppress'] ?? []).length > 0) {
    const exchangeRule = (msg.headers['x-ms-exchange-inbox-rules-loop'] ?? []).length > 0 || (msg.headers['x-ms-exchange-generated-message-source'] ?? []).length > 0;
    if (exchangeRule || subjectSaysAuto || bodySaysAuto) return 'x-auto-response-suppress with autoreply signs';
  }
  // "Out of office: how do I set it?" as a new mail that asks something is a person's question.
  const asksUs = !bodySaysAuto && body.includes('?') && msg.inReplyTo.length === 0 && msg.references.length === 0;
  if (subjectSaysAuto && !isWeakOooSubject(subject, threaded) && !asksUs) return 'ooo subject';
  if (subjectAnywhere && isReplyOrForward && bodySaysAuto) return 'ooo subject';
  const bulk = /^(bulk|junk|list|auto_reply)$/i.test((msg.headers['precedence']?.[0] ?? '').trim());
  const loop = (msg.headers['x-loop'] ?? []).length > 0;
  if (!isReplyOrForward && ACK_SUBJECT.test(subject) && (bulk || loop || TICKET_TOKEN.test(subject) || ACK_BODY.test(body))) return 'help desk acknowledgement';
  if (!isReplyOrForward && (bulk || loop) && ACK_BODY.test(body) && TICKET_TOKEN.test(subject)) return 'help desk acknowledgement';
  if (bodySaysAuto) return 'ooo body';
  return null;
}

// One-word markers a person may well use as their own subject ("Away - back Monday").
const GENERIC_MARKER = /^(auto|away|absent|absente|absence|ausente|assente|vacation|ooo)$/i;

/**
 * A generic marker could be a person's own subject ("Away - back Monday", "Auto: parking permit").
 * Without a colon it needs more signs; an everyday word ("Auto") with one still needs the mail to
 * answer something of ours (a thread, a ticket token), as an autoresponder's does.
 */
function isWeakOooSubject(subject: string, threaded: boolean): boolean {
  const m = OOO_SUBJECT_PREFIX.exec(subject);
  if (!m || OOO_SUBJECT_ANYWHERE.test(subject)) return false;
  const marker = (m[1] ?? '').trim();
  if (!GENERIC_MARKER.test(marker)) return false;
  return m.groups?.['end'] !== ':' || (!threaded && EVERYDAY_WORD_MARKER.test(marker));
}

// Markers that are everyday words before a colon too ("Auto: new parking permit").
const EVERYDAY_WORD_MARKER = /^(auto)$/i;

// Calendar responses, and the words of one a calendar sent by itself.
const CALENDAR_REPLY_SUBJECT = /^(declined|abgelehnt|refus[ée]|rechazad[oa]|rifiutat[oa]|recusad[oa]|afgewezen|odrzucono|odmítnuto|avböjd|afvist|avslått)\s*:/i;
const CALENDAR_AUTO_DECLINE = /\b(declined automatically|automatically declined|auto-declined|automatisch abgelehnt|refus[ée] automatiquement|rechazad[oa] autom[áa]ticamente)\b/i;

/**
 * The message's own words: quoted lines and everything below a quote header are left out.
 * Reply extraction knows every client's header (an Outlook block "Von: Kurz, Anna / Gesendet:"
 * over a quoted autoresponder included); the line scan below is the fallback.
 */
function ownText(msg: ParsedMessage): string {
  const text = (msg.text || (msg.html ?? '').replace(/<[^>]*>/g, ' ')).slice(0, 8 * 1024);
  const extracted = extractReplyText({ text, html: null }).replyText;
  const scanned = scanOwnText(text);
  // The shorter reading wins: both only ever drop history, never the person's words.
  return extracted.trim() !== '' && extracted.length < scanned.length ? extracted.replace(/[ \t]+/g, ' ') : scanned;
}

function scanOwnText(text: string): string {
  const lines: string[] = [];
  for (const line of text.split(/\r?\n/)) {
    if (/^\s*>/.test(line)) continue;
    if (isQuoteHeader(line)) break;
    lines.push(line);
  }
  return lines.join('\n').replace(/[ \t]+/g, ' ');
}

function isQuoteHeader(line: string): boolean {
  return (
    /^-{2,}\s*(original message|ursprüngliche nachricht|mensaje original|message d'origine|messaggio originale|mensagem original|oorspronkelijk bericht)\s*-{2,}/i.test(line) ||
    /^\s*(on|am|el|le|il|em|op)\s.{4,200}\s(wrote|schrieb|escribió|a écrit|ha scritto|escreveu|schreef)\s*:\s*$/i.test(line) ||
    /^\s*(from|von|de|da|van)\s*:\s.+@/i.test(line)
  );
}

// ---------------------------------------------------------------------------------------
// Lists and bulk mail.

function listReasonOf(msg: ParsedMessage): string | null {
  if ((msg.headers['list-id'] ?? []).length > 0) return 'list-id header';
  if ((msg.headers['list-unsubscribe'] ?? []).length > 0) return 'list-unsubscribe header';
  if ((msg.headers['list-post'] ?? []).length > 0) return 'list-post header';
  if ((msg.headers['x-mailing-list'] ?? msg.headers['mailing-list'] ?? []).length > 0) return 'mailing-list header';
  const precedence = (msg.headers['precedence']?.[0] ?? '').trim().toLowerCase();
  if (precedence === 'bulk' || precedence === 'list' || precedence === 'junk') return `precedence ${precedence}`;
  return null;
}
