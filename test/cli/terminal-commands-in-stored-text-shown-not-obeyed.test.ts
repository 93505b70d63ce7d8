// Stored text comes from whoever mailed or typed it. A command that prints it for a person shows
// each control character as `\xNN` instead of writing it raw, so an ESC sequence in a note cannot
// retitle the operator's terminal, clear the screen or hide text; --json writes them as JSON
// escapes (C1 and DEL too, which JSON.stringify leaves raw), and reads back as stored.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fileAssignedTicket, useCliDatabase } from '../support/cli-database.ts';
import { runDeskmail } from '../support/cli.ts';

/** Retitles the terminal, clears the screen, moves home and hides what follows: the note as a requester saved it. */
const ESCAPES = '\x1b]0;deskmail: all clear\x07\x1b[2J\x1b[H\x1b[8mhidden text\x1b[0m';
const ESCAPES_SHOWN = String.raw`\x1b]0;deskmail: all clear\x07\x1b[2J\x1b[H\x1b[8mhidden text\x1b[0m`;
/** CSI as one C1 character (U+009B), a lone CR that rewrites its line, and DEL. */
const C1 = '\u009b2J\rall fine\x7f';
const C1_SHOWN = String.raw`\x9b2J\x0dall fine\x7f`;

const NOTE = `Still broken.${ESCAPES}`;
/** Every control character a terminal could act on: all of C0 but tab and LF, DEL, and C1. */
// eslint-disable-next-line no-control-regex
const RAW_CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/;

let ref = '';
const cli = useCliDatabase(async (database) => {
  ref = await fileAssignedTicket(database);
  const { sql } = database;
  await sql`update tickets set summary = ${`Wrong org${ESCAPES}`}, description = ${`It fails.${C1}\nSecond line`} where ref = ${ref}`;
  const [alice] = await sql<{ id: number }[]>`update people set name = ${`Alice${ESCAPES}`} where email = 'alice@example.test' returning id`;
  await sql`insert into notes (ticket_id, author_id, kind, body, stripped)
    select id, ${alice!.id}, 'note', ${NOTE}, ${`> quoted${ESCAPES}`} from tickets where ref = ${ref}`;
  await sql`insert into inbound_messages (mailbox, uid_validity, uid, raw, raw_sha256, size, status, outcome, reason)
    values ('INBOX', 1, 1, ${Buffer.from('not mail')}, 'x', 8, 'quarantined', 'quarantined:NO_HEADERS', ${`no headers${ESCAPES}`})`;
});

/** The output holds no control character raw, and shows the ones stored. */
function expectShown(stdout: string, ...shown: string[]): void {
  expect(stdout).not.toMatch(RAW_CONTROL);
  for (const s of shown) expect(stdout).toContain(s);
}

describe('readable output', () => {
  it('tickets show prints the note, summary and description with their control characters visible', async () => {
    const out = await runDeskmail(cli.config, ['tickets', 'show', ref, '--full']);
    expect(out.code).toBe(0);
    expectShown(out.stdout, `Still broken.${ESCAPES_SHOWN}`, `${ref}: Wrong org${ESCAPES_SHOWN}`, `It fails.${C1_SHOWN}`, `| > quoted${ESCAPES_SHOWN}`);
    // The line breaks of the text still break lines.
    expect(out.stdout).toContain('\n  Second line\n');
  }, 60_000);

  it('tickets list, people list and quarantine list do the same', async () => {
    const tickets = await runDeskmail(cli.config, ['tickets', 'list']);
    expectShown(tickets.stdout, `Wrong org${ESCAPES_SHOWN}`);
    const people = await runDeskmail(cli.config, ['people', 'list']);
    expectShown(people.stdout, `Alice${ESCAPES_SHOWN}`);
    const held = await runDeskmail(cli.config, ['quarantine', 'list']);
    expectShown(held.stdout, `no headers${ESCAPES_SHOWN}`);
  }, 60_000);

  it('inspect --text prints a reply body from a file the same way', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'deskmail-escapes-'));
    try {
      const file = join(dir, 'reply.txt');
      await writeFile(file, `${NOTE}\n`);
      const out = await runDeskmail(cli.config, ['inspect', '--text', file]);
      expect(out.code).toBe(0);
      expectShown(out.stdout, `Still broken.${ESCAPES_SHOWN}`);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 60_000);
});

describe('--json output', () => {
  it('escapes every control character, C1 and DEL too, and reads back as stored', async () => {
    const out = await runDeskmail(cli.config, ['tickets', 'show', ref, '--json']);
    expect(out.code).toBe(0);
    expect(out.stdout).not.toMatch(RAW_CONTROL);
    const view = JSON.parse(out.stdout) as { summary: string; description: string; notes: { body: string }[] };
    expect(view.summary).toBe(`Wrong org${ESCAPES}`);
    expect(view.description).toBe(`It fails.${C1}\nSecond line`);
    expect(view.notes.map((n) => n.body)).toContain(NOTE);
  }, 60_000);
});
