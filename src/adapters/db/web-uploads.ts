// Files uploaded with a web note are kept like mailed ones: the note and its files become one
// MIME message (built by nodemailer, stored in inbound_messages under the web pages' own mailbox name, WEB_MAILBOX),
// so attachments stay content-addressed and are read back the same way. I/O: database.
import { randomBytes, randomInt } from 'node:crypto';
import nodemailer from 'nodemailer';
import { hostOf } from '../../tickets/reference.ts';
import { parseMessage } from '../../inbound/parse.ts';
import type { AttachmentInfo } from '../../inbound/types.ts';
import type { Db } from './client.ts';
import { inboundMessages } from './schema.ts';
import { InboundStore } from './inbound-store.ts';
import { eq } from 'drizzle-orm';
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
 */
export async function storeWebUpload(
  db: Db, input: { from: string; helpdeskAddress: string; ticketRef: string; text: string; files: Upload[]; asReply?: { subject: string; references: string[]; to?: string }; claimedUntil?: Date },
): Promise<{ inboundId: number; attachments: AttachmentInfo[] }> {
  const info = await composer.sendMail({
    from: input.from,
    to: input.asReply?.to ?? input.helpdeskAddress,
    subject: input.asReply?.subject ?? `Web note on ${input.ticketRef}`,
    ...(input.asReply ? { references: input.asReply.references } : {}),
    messageId: `<web-${randomBytes(9).toString('hex')}@${hostOf(input.helpdeskAddress)}>`,
    text: input.text || ' ',
    attachments: input.files.map((f) => ({ filename: f.filename, contentType: f.contentType, content: f.content, contentDisposition: 'attachment' as const })),
  });
  const raw = info.message as Buffer;
  const parsed = await parseMessage(raw);
  // The web mailbox has no IMAP UIDs; a random one keeps the (mailbox, uidvalidity, uid) key unique.
  // Claimed for good: a web note is filed by its page or dropped, never taken up as mail by recovery.
  const { id } = await new InboundStore(db).store({ mailbox: WEB_MAILBOX, uidValidity: 1, uid: randomInt(1, 2 ** 47), raw, claimedUntil: input.claimedUntil ?? WEB_NOTE_CLAIM });
  return { inboundId: id, attachments: parsed.attachments.map(({ content: _content, ...a }) => a) };
}

/** A web note that could not be filed stays stored but is never processed as mail. */
export async function dropWebUpload(db: Db, inboundId: number, reason: string): Promise<void> {
  await db.update(inboundMessages).set({ status: 'dropped', reason }).where(eq(inboundMessages.id, inboundId));
}
