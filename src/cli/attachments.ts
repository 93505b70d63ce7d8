// `deskmail attachments get CHECKSUM [--out FILE]`: writes a stored file (as listed by
// `tickets show --json`) to FILE or standard output, or says it was removed under RAW_MAIL_DAYS.
// Never to a terminal: the file comes from whoever mailed it, and its bytes would reach the terminal
// as escape sequences.
import { writeFile } from 'node:fs/promises';
import { readAttachment } from '../adapters/db/attachment-store.ts';
import type { CliValues } from './output.ts';
import { withDatabase } from './db.ts';

export async function attachmentsCommand(args: string[], values: CliValues): Promise<number> {
  const [sub, checksum] = args;
  if (sub !== 'get' || !checksum || !/^[0-9a-f]{64}$/i.test(checksum)) {
    process.stderr.write('usage: deskmail attachments get CHECKSUM [--out FILE]   (CHECKSUM: the sha256 from tickets show --json)\n');
    return 2;
  }
  if (!values.out && process.stdout.isTTY) {
    process.stderr.write('deskmail attachments get: the file is not written to the terminal (it comes from a sender, and its bytes could be read as terminal commands); give --out FILE, or send it through a pipe or into a file (> FILE)\n');
    return 2;
  }
  return withDatabase(async ({ db }) => {
    const found = await readAttachment(db, checksum);
    if (found.kind === 'cleared') {
      process.stderr.write(`file ${checksum} was removed: the mail that carried it was cleared on ${found.clearedAt.toISOString()} under RAW_MAIL_DAYS (the notes that listed it are kept)\n`);
      return 1;
    }
    if (found.kind === 'missing') {
      process.stderr.write(`no stored file ${checksum}\n`);
      return 1;
    }
    const { file } = found;
    if (values.out) {
      await writeFile(values.out, file.content);
      process.stderr.write(`wrote ${file.size} bytes (${file.contentType}) to ${values.out}\n`);
    } else {
      process.stdout.write(file.content);
    }
    return 0;
  });
}
