// Reads a stored file back: finds its row by checksum, parses the raw message that carried it
// and returns that MIME part's bytes, checked against the checksum; or says the file is gone
// because that mail was cleared under RAW_MAIL_DAYS. I/O: database reads.
import { createHash } from 'node:crypto';
import { and, eq, inArray, isNotNull } from 'drizzle-orm';
import { parseMessage } from '../../inbound/parse.ts';
import type { Db } from './client.ts';
import { attachments, inboundMessages, noteAttachments, notes } from './schema.ts';

export interface StoredFile { checksum: string; contentType: string; size: number; content: Buffer }

/** A file read back, or why not: the mail that carried it was cleared (and when), or there is no such file. */
export type FileReadBack =
  | { kind: 'file'; file: StoredFile }
  | { kind: 'cleared'; clearedAt: Date }
  | { kind: 'missing' };

/**
 * `carriedBy`: the message of the note that lists the file (a ticket page's download). The file is
 * read from that message only, so a ticket whose mail was cleared has lost its files even when
 * another ticket's mail still carries the same bytes. Without it (`deskmail attachments get`): from
 * any message that still carries them, the first that brought them first.
 */
export async function readAttachment(db: Db, checksum: string, carriedBy?: number | null): Promise<FileReadBack> {
  const [row] = await db.select().from(attachments).where(eq(attachments.checksum, checksum.toLowerCase()));
  if (!row) return { kind: 'missing' };
  const candidates = carriedBy != null ? [carriedBy] : [row.inboundMessageId, ...(await db.selectDistinct({ id: notes.inboundMessageId }).from(noteAttachments)
    .innerJoin(notes, eq(notes.id, noteAttachments.noteId))
    .where(and(eq(noteAttachments.checksum, row.checksum), isNotNull(notes.inboundMessageId)))).map((r) => r.id!)];
  const states = await db.select({ id: inboundMessages.id, clearedAt: inboundMessages.rawClearedAt }).from(inboundMessages).where(inArray(inboundMessages.id, candidates));
  const byId = new Map(states.map((s) => [s.id, s.clearedAt]));
  const kept = candidates.find((id) => byId.has(id) && byId.get(id) === null);
  if (kept === undefined) {
    const cleared = states.map((s) => s.clearedAt).filter((d): d is Date => d !== null).sort((a, b) => b.getTime() - a.getTime());
    return cleared[0] ? { kind: 'cleared', clearedAt: cleared[0] } : { kind: 'missing' };
  }
  const [message] = await db.select({ raw: inboundMessages.raw }).from(inboundMessages).where(eq(inboundMessages.id, kept));
  // Cleared between the two reads: said as such.
  if (!message?.raw) return { kind: 'cleared', clearedAt: new Date() };
  const parsed = await parseMessage(message.raw);
  const part = (kept === row.inboundMessageId ? parsed.attachments.find((a) => a.partId === row.partId && a.checksum === row.checksum) : undefined)
    ?? parsed.attachments.find((a) => a.checksum === row.checksum);
  if (!part?.content) return { kind: 'missing' };
  // The bytes must be the ones that were hashed when the mail came in.
  if (createHash('sha256').update(part.content).digest('hex') !== row.checksum) return { kind: 'missing' };
  return { kind: 'file', file: { checksum: row.checksum, contentType: row.contentType, size: row.size, content: part.content } };
}
