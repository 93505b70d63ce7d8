// `deskmail attachments get CHECKSUM` writes a file a stranger sent. To a terminal its bytes would be
// read as escape sequences (retitling the window, rewriting what is shown, on some terminals worse),
// so without --out a terminal is refused with exit 2; piped or with --out the file is written whole.
import { mkdtemp, readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { expect, it } from 'vitest';
import { parseMessage } from '../../src/inbound/parse.ts';
import { useCliDatabase } from '../support/cli-database.ts';
import { runDeskmail, runDeskmailOnTerminal } from '../support/cli.ts';

// An OSC sequence that sets the terminal's title, then one that clears the screen.
const HOSTILE = Buffer.from('\x1b]0;you have been owned\x07\x1b[2Jlooks like a harmless note\n');
const RAW = Buffer.from([
  'From: Mallory <mallory@example.test>', 'To: helpdesk@example.test', 'Subject: notes', 'Message-ID: <notes@example.test>',
  'Date: Wed, 20 May 2026 11:00:00 +0000', 'MIME-Version: 1.0', 'Content-Type: multipart/mixed; boundary="b"', '',
  '--b', 'Content-Type: text/plain; charset=utf-8', '', 'See the file.', '',
  '--b', 'Content-Type: application/octet-stream; name="notes.txt"', 'Content-Disposition: attachment; filename="notes.txt"',
  'Content-Transfer-Encoding: base64', '', HOSTILE.toString('base64'), '--b--', '',
].join('\r\n'));

let checksum: string;
const cli = useCliDatabase(async (database) => {
  const part = (await parseMessage(RAW)).attachments.find((a) => a.filename === 'notes.txt')!;
  checksum = part.checksum;
  const [message] = await database.sql<{ id: number }[]>`insert into inbound_messages (mailbox, uid_validity, uid, raw, raw_sha256, size, status)
    values ('INBOX', 1, 1, ${RAW}, 'x', ${RAW.length}, 'done') returning id`;
  await database.sql`insert into attachments (checksum, size, content_type, inbound_message_id, part_id)
    values (${checksum}, ${HOSTILE.length}, 'application/octet-stream', ${message!.id}, ${part.partId!})`;
});

it('refuses to write a file to a terminal without --out, and shows none of its bytes', async () => {
  const shown = await runDeskmailOnTerminal(cli.config, ['attachments', 'get', checksum]);
  expect(shown.code).toBe(2);
  expect(shown.output.toString()).toMatch(/not written to the terminal.*--out FILE/s);
  expect(shown.output.includes(Buffer.from('\x1b]0;'))).toBe(false);
  expect(shown.output.includes(Buffer.from('harmless note'))).toBe(false);
}, 60_000);

it('writes the file whole to a pipe, and with --out to the file, also from a terminal', async () => {
  const piped = await runDeskmail(cli.config, ['attachments', 'get', checksum]);
  expect(piped.code).toBe(0);
  expect(piped.stdout).toBe(HOSTILE.toString());
  const file = path.join(await mkdtemp(path.join(os.tmpdir(), 'deskmail-attachment-')), 'notes.txt');
  const written = await runDeskmailOnTerminal(cli.config, ['attachments', 'get', checksum, '--out', file]);
  expect(written.code).toBe(0);
  expect(written.output.toString()).toContain(`wrote ${HOSTILE.length} bytes`);
  expect(await readFile(file)).toEqual(HOSTILE);
}, 60_000);
