// Files uploaded with a web note are kept like mailed ones: the note and its files become one
// MIME message (built by nodemailer, stored in inbound_messages under the web pages' own mailbox name, WEB_MAILBOX),
// so attachments stay content-addressed and are read back the same way. I/O: database.
import { createHash, randomBytes, randomInt } from 'node:crypto';
import nodemailer from 'nodemailer';
import { hostOf } from '../../tickets/reference.ts';
import { parseMessage } from '../../inbound/parse.ts';
import type { AttachmentInfo } from '../../inbound/types.ts';
import type { Db } from './client.ts';
import { inboundMessages } from './schema.ts';
import { InboundStore } from './inbound-store.ts';
import { and, eq, isNull } from 'drizzle-orm';
import { WEB_MAILBOX } from '../../inbound/web-mailbox.ts';

/** The claim of a stored web note: no time at which recovery may take it. */
const WEB_NOTE_CLAIM = new Date('9999-12-31T23:59:59Z');

export interface Upload { filename: string; contentType: string; content: Buffer }

const composer = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });

/**
 * Stores the note and files as one pending message and returns its id and the files as the
 * mail parser sees them (checksum and MIME part). The ticket store's apply then files them.
 * `asReply`: the message is written as the reply by mail it stands for (its subject and References,
 * and `to`, the person's own signed reply address: what their signed-in session proved), so that,
 * taken up as mail (an admin's quarantine retry, recovery after `claimedUntil`), it is filed as that
 * reply; by default it is claimed for good and never taken up as mail.
 * `key`: what the message is the sending of (a follow-up's ticket, person and words): its uid and
 * Message-ID come from it, as a web request's come from its draft (web/submit-request.ts), so the
 * same sending again (a retry after an error or a crash) meets the same stored row, and the ticket
 * store answers it as already handled once it is filed. A row met that its page dropped unfiled is
 * taken up again for this sending (claimed as it asks); one whose bytes retention cleared is not
 * met again. Without a key every message is a new one.
 */
export async function storeWebUpload(
  db: Db, input: { from: string; helpdeskAddress: string; ticketRef: string; text: string; files: Upload[]; asReply?: { subject: string; references: string[]; to?: string }; claimedUntil?: Date; key?: string },
): Promise<{ inboundId: number; attachments: AttachmentInfo[] }> {
  const digest = input.key === undefined ? null : createHash('sha256').update(`web-upload:${input.key}`).digest();
  const info = await composer.sendMail({
    from: input.from,
    to: input.asReply?.to ?? input.helpdeskAddress,
    subject: input.asReply?.subject ?? `Web note on ${input.ticketRef}`,
    ...(input.asReply ? { references: input.asReply.references } : {}),
    messageId: `<web-${(digest?.subarray(0, 12) ?? randomBytes(9)).toString('hex')}@${hostOf(input.helpdeskAddress)}>`,
    text: input.text || ' ',
    attachments: input.files.map((f) => ({ filename: f.filename, contentType: f.contentType, content: f.content, contentDisposition: 'attachment' as const })),
  });
  const raw = info.message as Buffer;
  const parsed = await parseMessage(raw);
  const claimedUntil = input.claimedUntil ?? WEB_NOTE_CLAIM;
  const inbound = new InboundStore(db);
  // The web mailbox has no IMAP UIDs; a random one (or the key's) keeps the (mailbox, uidvalidity, uid) key unique.
  // Claimed for good by default: a web note is filed by its page or dropped, never taken up as mail by recovery.
  const stored = await inbound.store({ mailbox: WEB_MAILBOX, uidValidity: 1, uid: digest ? (digest.readUIntBE(0, 6) % WEB_UIDS) + 1 : randomInt(1, WEB_UIDS + 1), raw, claimedUntil });
  let id = stored.id;
  if (!stored.isNew) {
    const [taken] = await db.update(inboundMessages).set({ status: 'pending', outcome: null, reason: null, claimedUntil })
      .where(and(eq(inboundMessages.id, id), eq(inboundMessages.status, 'dropped'), isNull(inboundMessages.rawClearedAt))).returning({ id: inboundMessages.id });
    const [met] = taken ? [] : await db.select({ status: inboundMessages.status }).from(inboundMessages).where(eq(inboundMessages.id, id));
    // Dropped so long ago that its bytes are gone: this sending is a message of its own.
    if (met?.status === 'dropped') id = (await inbound.store({ mailbox: WEB_MAILBOX, uidValidity: 1, uid: randomInt(1, WEB_UIDS + 1), raw, claimedUntil })).id;
  }
  return { inboundId: id, attachments: parsed.attachments.map(({ content: _content, ...a }) => a) };
}

/** Web uploads' uids are 1 to 2^47 - 1, as web requests' (web/submit-request.ts). */
const WEB_UIDS = 2 ** 47 - 1;

/** A web note that could not be filed stays stored but is never processed as mail. */
export async function dropWebUpload(db: Db, inboundId: number, reason: string): Promise<void> {
  await db.update(inboundMessages).set({ status: 'dropped', reason }).where(eq(inboundMessages.id, inboundId));
}
