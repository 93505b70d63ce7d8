// Decides which files of a message are kept (content-addressed, at most MAX_ATTACHMENT_MB each)
// and words the line a note carries about the ones that are not, so the people on the ticket know
// a file came but was not kept. Pure.
import type { AttachmentInfo } from './types.ts';

/** A file is kept when it is within the size limit and can be found again in the raw message. */
export function isStorable(file: Pick<AttachmentInfo, 'size' | 'partId'>, maxBytes: number): boolean {
  return file.size <= maxBytes && Boolean(file.partId);
}

/** The note's line about files over the limit, or null when every file is kept. */
export function describeUnstoredFiles(files: AttachmentInfo[], maxBytes: number): string | null {
  const over = files.filter((f) => f.size > maxBytes);
  if (over.length === 0) return null;
  const names = over.map((f) => `${f.filename} (${formatSize(f.size)})`).join(', ');
  const verb = over.length === 1 ? 'was' : 'were';
  return `Not stored: ${names} ${verb} over the ${formatSize(maxBytes)} limit for attached files. Please share it another way if the help desk needs it.`;
}

function formatSize(bytes: number): string {
  const mb = bytes / (1024 * 1024);
  if (mb >= 1) return `${Number.isInteger(mb) ? mb : mb.toFixed(1)} MB`;
  return `${Math.max(1, Math.round(bytes / 1024))} KB`;
}
