// Renders one status mail to { subject, html, text }. The templates arrive compiled (MJML
// to HTML that still holds mustache placeholders; loaded at the edge by
// workers/mail-templates.ts); every render fills that HTML (HTML-escaped, always) and derives
// the text part with html-to-text. Pure: no I/O.

import Mustache from 'mustache';
import { compile as compileHtmlToText, type FormatCallback } from 'html-to-text';
import { REPLY_ABOVE_MARKER } from '../tickets/reference.ts';
import { PRIORITIES, TICKET_STATUSES, type TicketEvent } from '../tickets/types.ts';
import {
  MAIL_TEMPLATES,
  PRIORITY_LABELS,
  REPLY_COMMANDS,
  SERVICE_EVENTS,
  STATUS_LABELS,
  type DigestRow,
  type EventProps,
  type ReplyCommandName,
  type StatusMailProps,
} from './templates.ts';

/** Each event's template, compiled to HTML with mustache placeholders. */
export type CompiledTemplates = Readonly<Record<TicketEvent, string>>;

export interface RenderedEmail {
  subject: string;
  html: string;
  text: string;
}

export async function renderEmail<E extends TicketEvent>(templates: CompiledTemplates, event: E, props: EventProps[E]): Promise<RenderedEmail> {
  const definition = MAIL_TEMPLATES[event];
  const fields = props as Partial<StatusMailProps>;
  for (const field of definition.requires) {
    const value = fields[field];
    if (value === undefined || value === null || value === '' || (Array.isArray(value) && value.length === 0)) {
      throw new Error(`The ${event} mail needs ${field}`);
    }
  }
  const subject = definition.subject(props);
  const template = templates[event];
  const html = Mustache.render(template, buildView(event, fields, subject), undefined, { escape: escapeHtml });
  return { subject, html, text: htmlToText(html) };
}

const HTML_ESCAPES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
  '`': '&#96;',
};

/** Escapes for HTML text and quoted attribute values, the only places templates put values. */
export function escapeHtml(value: unknown): string {
  return String(value).replace(/[&<>"'`]/g, (char) => HTML_ESCAPES[char] ?? char);
}

/**
 * A mailto: URL per RFC 6068: the address keeps its `@` and `+`, every header value is
 * percent-encoded UTF-8 (space as %20, never `+`), and body line breaks are %0D%0A.
 */
export function buildMailtoUrl(address: string, headers: { subject?: string; body?: string }): string {
  const to = address
    .split('@')
    .map((part) => encodeURIComponent(part).replace(/%2B/g, '+'))
    .join('@');
  const query: string[] = [];
  if (headers.subject !== undefined) query.push(`subject=${encodeURIComponent(headers.subject)}`);
  if (headers.body !== undefined) {
    query.push(`body=${encodeURIComponent(headers.body.replace(/\r?\n/g, '\r\n'))}`);
  }
  return `mailto:${to}${query.length > 0 ? `?${query.join('&')}` : ''}`;
}

/** The reply an action link starts: `Re: <subject>`, the command on the first line, then any prompt. */
export function commandMailtoUrl(replyAddress: string, subject: string, name: ReplyCommandName): string {
  const spec: { command: string; prompt?: string } = REPLY_COMMANDS[name];
  const body = spec.prompt ? `${spec.command}\n${spec.prompt}` : `${spec.command}\n`;
  return buildMailtoUrl(replyAddress, { subject: `Re: ${subject}`, body });
}

/** Only web links go into a mail; anything else (javascript:, data:) is refused. */
function isWebUrl(url: string): boolean {
  return /^https?:\/\/[^\s]+$/i.test(url);
}

function requireWebUrl(url: string, what: string): string {
  if (!isWebUrl(url)) throw new Error(`${what} must be an http(s) URL`);
  return url;
}

interface TextLine {
  text: string;
  last: boolean;
}

/** Plain text to paragraphs of lines, so templates can show line breaks without raw HTML. */
function toParagraphs(text: string): { lines: TextLine[] }[] {
  return text
    .replace(/\r\n?/g, '\n')
    .trim()
    .split(/\n[ \t]*\n+/)
    .map((paragraph) => {
      const lines = paragraph.split('\n');
      return { lines: lines.map((line, index) => ({ text: line, last: index === lines.length - 1 })) };
    });
}

export function formatSize(bytes: number): string {
  if (bytes < 1024) return bytes === 1 ? '1 byte' : `${bytes} bytes`;
  const kilobytes = bytes / 1024;
  if (kilobytes < 1024) return `${Math.round(kilobytes)} KB`;
  return `${(kilobytes / 1024).toFixed(1)} MB`;
}

function days(count: number): string {
  return count === 1 ? '1 day' : `${count} days`;
}

/** Digest groups: priority first (urgent on top), then status in lifecycle order; oldest first inside. */
function groupDigest(rows: readonly DigestRow[]) {
  const groups = [];
  for (const priority of PRIORITIES) {
    for (const status of TICKET_STATUSES) {
      const members = rows
        .filter((row) => row.priority === priority && row.status === status)
        .sort((a, b) => b.ageDays - a.ageDays || a.ref.localeCompare(b.ref));
      if (members.length === 0) continue;
      groups.push({
        priorityLabel: PRIORITY_LABELS[priority],
        statusLabel: STATUS_LABELS[status],
        count: members.length,
        rows: members.map((row) => ({
          ref: row.ref,
          summary: row.summary,
          url: requireWebUrl(row.url, `Digest link for ${row.ref}`),
          age: days(row.ageDays),
        })),
      });
    }
  }
  return groups;
}

function nonEmpty<T>(list: readonly T[] | undefined): T[] | null {
  return list && list.length > 0 ? [...list] : null;
}

/** The values a template may use. Everything is plain data; mustache escapes each value it prints. */
function buildView(event: TicketEvent, props: Partial<StatusMailProps>, subject: string) {
  const isTicketMail = !SERVICE_EVENTS.has(event);
  const mailto = Object.fromEntries(
    (Object.keys(REPLY_COMMANDS) as ReplyCommandName[]).map((name) => [
      name,
      props.replyAddress ? commandMailtoUrl(props.replyAddress, subject, name) : '',
    ]),
  );
  return {
    subject,
    marker: REPLY_ABOVE_MARKER,
    systemName: props.systemName,
    recipientName: props.recipientName,
    forStaff: props.forStaff === true,
    mayVerify: props.mayVerify === true,
    mayMarkNotFixed: props.mayMarkNotFixed === true,
    mayMarkFixed: props.mayMarkFixed === true,
    mayEscalate: props.mayEscalate === true,
    mayAssign: props.mayAssign === true,
    // Whether a row of buttons has any for this recipient: a row with none is left out, with its
    // line on how the buttons work.
    mayVerifyOrMarkNotFixed: props.mayVerify === true || props.mayMarkNotFixed === true,
    mayMarkFixedOrEscalate: props.mayMarkFixed === true || props.mayEscalate === true,
    mayAssignMarkFixedOrEscalate: props.mayAssign === true || props.mayMarkFixed === true || props.mayEscalate === true,
    // The stale reminder offers "not fixed" instead of "Mark as fixed" on a fix awaiting verification.
    mayMoveStaleTicket: props.mayEscalate === true || (props.fixAwaitingVerification === true ? props.mayMarkNotFixed === true : props.mayMarkFixed === true),
    fixAwaitingVerification: props.fixAwaitingVerification === true,
    ticketRef: props.ticketRef,
    summary: props.summary,
    statusLabel: props.statusLabel,
    ticketUrl: isTicketMail ? requireWebUrl(props.ticketUrl ?? '', 'ticketUrl') : '',
    actorName: props.actorName,
    addedBy: props.addedBy ?? null,
    assigneeName: props.assigneeName,
    reassignedAway: props.reassignedAway === true,
    otherTicketRef: props.otherTicketRef,
    idleDays: props.idleDays === undefined ? null : days(props.idleDays),
    note: props.noteText ? { internal: props.noteInternal === true, paragraphs: toParagraphs(props.noteText) } : null,
    reason: props.reasonText ? { paragraphs: toParagraphs(props.reasonText) } : null,
    answer: props.answerText ? { paragraphs: toParagraphs(props.answerText) } : null,
    attachments: nonEmpty(props.attachments?.map((file) => ({ name: file.name, size: formatSize(file.size) }))),
    acknowledgements: nonEmpty(props.acknowledgements?.map((text) => ({ text }))),
    refusals: nonEmpty(props.refusals),
    missingInfo: nonEmpty(props.missingInfo?.map((text) => ({ text }))),
    missingFromRequester: props.missingFromRequester === true,
    articles: nonEmpty(
      props.articles?.map((article) => ({ title: article.title, url: isWebUrl(article.url) ? article.url : null })),
    ),
    routedTo: props.routedTo ?? null,
    requesterAddress: props.requesterAddress ?? null,
    bounce: props.bounce
      ? { address: props.bounce.address, diagnostic: toParagraphs(props.bounce.diagnostic || 'No diagnostic was given.') }
      : null,
    digest: props.digest
      ? {
          countPhrase: props.digest.length === 1 ? 'is 1 open issue' : `are ${props.digest.length} open issues`,
          groups: groupDigest(props.digest),
        }
      : null,
    limitsSummary: props.limitsSummary
      ? {
          heldPhrase: props.limitsSummary.held === 1 ? '1 new request was' : `${props.limitsSummary.held} new requests were`,
          summarisedPhrase: props.limitsSummary.summarised === 1 ? '1 new request was' : `${props.limitsSummary.summarised} new requests were`,
          tooLargePhrase: props.limitsSummary.tooLarge === 1 ? '1 message was' : `${props.limitsSummary.tooLarge ?? 0} messages were`,
          held: props.limitsSummary.held > 0,
          summarised: props.limitsSummary.summarised > 0,
          tooLarge: (props.limitsSummary.tooLarge ?? 0) > 0,
          since: props.limitsSummary.since,
          senders: props.limitsSummary.senders,
        }
      : null,
    failedJobs: props.failedJobs
      ? { countPhrase: props.failedJobs.length === 1 ? '1 job has' : `${props.failedJobs.length} jobs have`, rows: props.failedJobs }
      : null,
    mailto,
  };
}

/**
 * Links as "text <url>" (RFC 3986 appendix C delimiters), keeping the mailto: scheme that
 * html-to-text's own anchor formatter drops, so text-only clients still open a reply.
 */
const formatLink: FormatCallback = (elem, walk, builder) => {
  const href = typeof elem.attribs?.href === 'string' ? elem.attribs.href : '';
  walk(elem.children, builder);
  const text = elem.children.map((child: { data?: string }) => child.data ?? '').join('').trim();
  if (href && href !== text) builder.addInline(` <${href}>`, { noWordTransform: true });
};

const htmlToText = compileHtmlToText({
  wordwrap: 78,
  formatters: { link: formatLink },
  selectors: [
    { selector: 'a', format: 'link' },
    { selector: 'img', format: 'skip' },
    { selector: 'h1', options: { uppercase: false } },
    { selector: 'h2', options: { uppercase: false } },
    { selector: 'h3', options: { uppercase: false } },
    { selector: 'table.dm-data', format: 'dataTable', options: { uppercaseHeaderCells: false } },
    { selector: 'table.dm-facts', format: 'dataTable', options: { uppercaseHeaderCells: false } },
  ],
});
