// Parses raw RFC 5322 bytes into a ParsedMessage. Pure (bytes in, data out): mailparser
// does the MIME work; this stage normalises addresses, ids and headers into our own types
// and never throws on odd input beyond what mailparser itself rejects.
import { simpleParser, type AddressObject, type ParsedMail } from 'mailparser';
import type { Address, AttachmentInfo, ParsedMessage } from './types.ts';

export interface ParseOptions {
  /** Keep attachment bytes in the result (default true). */
  keepAttachmentContent?: boolean;
}

export async function parseMessage(raw: Buffer | string, options: ParseOptions = {}): Promise<ParsedMessage> {
  const mail = await simpleParser(raw, {
    checksumAlgo: 'sha256',
    keepDeliveryStatus: true,
    skipTextToHtml: true,
    skipImageLinks: true,
    keepCidLinks: true,
  } as Parameters<typeof simpleParser>[1]);
  return toParsedMessage(mail, options);
}

function toParsedMessage(mail: ParsedMail, options: ParseOptions): ParsedMessage {
  const headers = collectHeaders(mail);
  const contentTypeHeader = mail.headers.get('content-type') as { value?: string; params?: Record<string, string> } | undefined;
  return {
    messageId: firstId(mail.messageId),
    inReplyTo: extractIds(mail.inReplyTo),
    references: extractIds(Array.isArray(mail.references) ? mail.references.join(' ') : mail.references),
    subject: (mail.subject ?? '').replace(/\s+/g, ' ').trim(),
    from: addressList(mail.from)[0] ?? null,
    to: addressList(mail.to),
    cc: addressList(mail.cc),
    replyTo: addressList(mail.replyTo),
    deliveredTo: ['delivered-to', 'x-original-to', 'envelope-to']
      .flatMap((name) => headers[name] ?? [])
      .flatMap((value) => extractAddresses(value)),
    date: mail.date && !Number.isNaN(mail.date.getTime()) ? mail.date : null,
    text: mail.text ?? '',
    html: typeof mail.html === 'string' ? mail.html : null,
    headers,
    contentType: (contentTypeHeader?.value ?? 'text/plain').toLowerCase(),
    contentTypeParams: lowerKeys(contentTypeHeader?.params ?? {}),
    attachments: mail.attachments.map((a): AttachmentInfo => ({
      filename: a.filename ?? defaultFilename(a.contentType),
      contentType: (a.contentType ?? 'application/octet-stream').toLowerCase(),
      size: a.size,
      checksum: a.checksum,
      contentId: a.cid ?? null,
      inline: a.contentDisposition === 'inline' || Boolean(a.related),
      ...(options.keepAttachmentContent === false ? {} : { content: a.content }),
    })),
  };
}

/** Every header line, unfolded, keyed by lower-cased name. Values keep their raw (encoded) form. */
function collectHeaders(mail: ParsedMail): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const { key, line } of mail.headerLines) {
    const colon = line.indexOf(':');
    const value = (colon >= 0 ? line.slice(colon + 1) : '').replace(/\r?\n[ \t]+/g, ' ').trim();
    (out[key] ??= []).push(value);
  }
  return out;
}

function addressList(value: AddressObject | AddressObject[] | undefined): Address[] {
  if (!value) return [];
  const objects = Array.isArray(value) ? value : [value];
  const out: Address[] = [];
  const walk = (entries: AddressObject['value']): void => {
    for (const entry of entries) {
      if (entry.group) walk(entry.group);
      else if (entry.address && entry.address.includes('@')) {
        out.push({ address: entry.address.trim().toLowerCase(), name: (entry.name ?? '').trim() });
      }
    }
  };
  for (const object of objects) walk(object.value);
  return out;
}

const ID_PATTERN = /<([^<>\s]+)>/g;

/** Message ids from a header value, brackets stripped; a bare id without brackets is accepted. */
export function extractIds(value: string | undefined | null): string[] {
  if (!value) return [];
  const ids = [...value.matchAll(ID_PATTERN)].map((m) => m[1]!);
  if (ids.length === 0) {
    const bare = value.trim();
    if (bare && !/\s/.test(bare) && bare.includes('@')) ids.push(bare);
  }
  return [...new Set(ids)];
}

function firstId(value: string | undefined): string | null {
  return extractIds(value)[0] ?? null;
}

function extractAddresses(value: string): string[] {
  return [...value.matchAll(/[^\s<>,;"']+@[^\s<>,;"']+/g)].map((m) => m[0].toLowerCase());
}

function lowerKeys(record: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(record).map(([k, v]) => [k.toLowerCase(), String(v)]));
}

function defaultFilename(contentType: string | undefined): string {
  const subtype = (contentType ?? 'application/octet-stream').split('/')[1] ?? 'bin';
  return `attachment.${subtype.replace(/[^a-z0-9]+/gi, '') || 'bin'}`;
}
