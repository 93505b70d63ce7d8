// Decides what kind of mail a parsed message is: a person's mail, an autoresponder's, a
// bounce, list/bulk mail, or our own mail coming back. Pure; the rules follow the team's
// reply conventions ("The kind of a message") and RFC 3834. Checks run strongest first:
// bounce, own, auto-reply, list, and a person's mail is whatever is left.
import { deliveryReportReason, parseBounce } from './bounce.ts';
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
    ].join('|') +
    ')\\s*(?<end>:|\\(|\\[|-|$)',
  'i',
);
// Subjects that name themselves an automatic answer anywhere ("XX - vacation response RE: ...").
const OOO_SUBJECT_ANYWHERE =
  /(\bvacation (reply|response)\b|\bout of (the )?office (reply|autoreply|auto-reply|notice)\b|\bautomatic reply\b|\babwesenheitsnotiz\b|\brespuesta autom[áa]tica\b|\br[ée]ponse automatique\b|\brisposta automatica\b|\bresposta autom[áa]tica\b|\bautomatisch antwoord\b)/i;

// Body sentences only autoresponders write.
const AUTO_BODY = [
  /\bthis is an? (automatic|automated|auto-generated) (reply|response|message|notification)/i,
  /\b(i am|i'm|i will be) (currently )?(out of (the )?office|away from (the |my )?(office|desk)|on (vacation|holiday|leave|annual leave|parental leave))\b[^\n]{0,120}\b(until|till|through|returning|return|back on|back in)\b/i,
  /\bi (will|shall) (have limited|have no) access to (my )?e-?mail/i,
  /\b(i will|i'll) (respond|reply|get back to you) (to your (e-?mail|message) )?(as soon as possible |when |upon )(i|my) return/i,
  /\bdies ist eine automatische (antwort|nachricht|benachrichtigung)/i,
  /\bich bin (derzeit |zurzeit |bis [^\n]{0,40})?(nicht im b[üu]ro|abwesend|im urlaub|au[sß]er haus)/i,
  /\b(esta es una|este es un) (respuesta|mensaje) autom[áa]tic[oa]/i,
  /\b(estoy|me encuentro) (fuera de la oficina|de vacaciones|ausente)/i,
  /\b(ceci est une|ceci est un) (r[ée]ponse|message) automatique/i,
  /\bje (suis|serai) (absent|absente|en cong[ée]s?|en vacances|hors du bureau)/i,
  /\bquesta [èe] una risposta automatica/i,
  /\bsono (fuori ufficio|assente|in ferie)/i,
  /\besta [ée] uma (resposta|mensagem) autom[áa]tica/i,
  /\bestou (fora do escrit[óo]rio|ausente|de f[ée]rias)/i,
  /\bdit is een automatisch (antwoord|bericht)/i,
  /\bik ben (afwezig|niet op kantoor|met vakantie)/i,
];

// Another help desk's automatic acknowledgement of a request it received.
const ACK_SUBJECT =
  /(\b(we('ve| have)? received|thank you for contacting|thanks for contacting)\b|\b(your )?(request|ticket|case|enquiry|inquiry|message) (has been |was )?(received|created|opened|logged)\b|\bticket (created|opened|received)\b|\bihre anfrage (ist )?(eingegangen|erhalten)|\banfrage eingegangen|\bhemos recibido|\bsolicitud recibida|\bnous avons (bien )?re[çc]u|\bdemande re[çc]ue|\babbiamo ricevuto|\brichiesta ricevuta|\brecebemos (a sua|sua)|\bwe hebben uw [^\n]{0,30} ontvangen)/i;
const ACK_BODY =
  /(\b(this is an automated|this is an automatic|do not reply to this (e-?mail|message)|please do not reply|a (support )?(agent|representative|member of our team) will (respond|get back|be in touch|contact you))\b|\b(has been|was) (received and )?(assigned|logged|created)[^\n]{0,40}\b(ticket|case|reference)\b|\bdiese nachricht wurde automatisch|\beste mensaje (fue|ha sido) generado autom[áa]ticamente|\bce message a [ée]t[ée] g[ée]n[ée]r[ée] automatiquement)/i;
const TICKET_TOKEN = /(\[|#|\b)(ticket|request|case|incident|anfrage|solicitud|demande|richiesta)?\s*(#|no\.?|nr\.?|id:?|number:?)\s*[A-Z0-9-]*\d{2,}|\[[A-Z]{1,10}[#-]\d{2,}\]|#\d{3,}/i;

function autoReplyReason(msg: ParsedMessage): string | null {
  // RFC 3834 5.1: a person declared it; no heuristic overrides that.
  if (isHumanDeclared(msg)) return null;
  if (hasAutoSubmitted(msg)) return 'auto-submitted header';
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
  const bodySaysAuto = AUTO_BODY.some((re) => re.test(body));

  // Exchange marks its out-of-office answers this way; the header alone also rides on ordinary mail.
  if ((msg.headers['x-auto-response-suppress'] ?? []).length > 0) {
    const exchangeRule = (msg.headers['x-ms-exchange-inbox-rules-loop'] ?? []).length > 0 || (msg.headers['x-ms-exchange-generated-message-source'] ?? []).length > 0;
    if (exchangeRule || subjectSaysAuto || bodySaysAuto) return 'x-auto-response-suppress with autoreply signs';
  }
  if (subjectSaysAuto && !isWeakOooSubject(subject)) return 'ooo subject';
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

/** A generic marker without a colon could be a person's own subject; it needs more signs. */
function isWeakOooSubject(subject: string): boolean {
  const m = OOO_SUBJECT_PREFIX.exec(subject);
  if (!m || OOO_SUBJECT_ANYWHERE.test(subject)) return false;
  return m.groups?.['end'] !== ':' && GENERIC_MARKER.test((m[1] ?? '').trim());
}

/** The message's own words: quoted lines and everything below a quote header are left out. */
function ownText(msg: ParsedMessage): string {
  const text = (msg.text || (msg.html ?? '').replace(/<[^>]*>/g, ' ')).slice(0, 8 * 1024);
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
