// Reads a stored file back: finds its row by checksum, parses the raw message that carried it
// and returns that MIME part's bytes, checked against the checksum. I/O: database reads.
import { createHash } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { parseMessage } from '../../inbound/parse.ts';
import type { Db } from './client.ts';
import { attachments, inboundMessages } from './schema.ts';

export interface StoredFile { checksum: string; contentType: string; size: number; content: Buffer }

export async function readAttachment(db: Db, checksum: string): Promise<StoredFile | null> {
  const [row] = await db.select().from(attachments).where(eq(attachments.checksum, checksum.toLowerCase()));
  if (!row) return null;
  const [message] = await db.select({ raw: inboundMessages.raw }).from(inboundMessages).where(eq(inboundMessages.id, row.inboundMessageId));
  if (!message) return null;
  const parsed = await parseMessage(message.raw);
  const part = parsed.attachments.find((a) => a.partId === row.partId && a.checksum === row.checksum)
    ?? parsed.attachments.find((a) => a.checksum === row.checksum);
  if (!part?.content) return null;
  // The bytes must be the ones that were hashed when the mail came in.
  if (createHash('sha256').update(part.content).digest('hex') !== row.checksum) return null;
  return { checksum: row.checksum, contentType: row.contentType, size: row.size, content: part.content };
}
