// `deskmail attachments get CHECKSUM [--out FILE]`: writes a stored file (as listed by
// `tickets show --json`) to FILE or standard output.
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
  return withDatabase(async ({ db }) => {
    const file = await readAttachment(db, checksum);
    if (!file) {
      process.stderr.write(`no stored file ${checksum}\n`);
      return 1;
    }
    if (values.out) {
      await writeFile(values.out, file.content);
      process.stderr.write(`wrote ${file.size} bytes (${file.contentType}) to ${values.out}\n`);
    } else {
      process.stdout.write(file.content);
    }
    return 0;
  });
}
