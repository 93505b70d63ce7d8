// `deskmail inspect` with a database says which key it checks reply addresses with and that it checks
// no sender: without SECRET_KEY it signs with a random key, so a reply through a signed address shows
// as unsigned and its commands as refused, and the output must say why rather than look like the
// service's own answer.
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../src/adapters/db/client.ts';
import { makeReplyAddress } from '../../src/tickets/reply-address.ts';
import { fileAssignedTicket } from '../support/cli-database.ts';
import { createTestDatabase } from '../support/harness.ts';

const run = promisify(execFile);
const HELPDESK = 'helpdesk@example.test';
const KEY = randomBytes(32).toString('hex');

let scratch: Awaited<ReturnType<typeof createTestDatabase>>;
let database: Database;
let ref: string;
let file: string;

beforeAll(async () => {
  scratch = await createTestDatabase();
  database = openDatabase(scratch.url, { max: 2 });
  ref = await fileAssignedTicket(database);
  const [ids] = await database.sql<{ ticket: number; person: number }[]>`select t.id as ticket, p.id as person from tickets t, people p where t.ref = ${ref} and p.email = 'alice@example.test'`;
  const address = makeReplyAddress(HELPDESK, { ticketId: ids!.ticket, personId: ids!.person }, KEY, 0, new Date());
  file = path.join(await mkdtemp(path.join(os.tmpdir(), 'deskmail-inspect-key-')), 'signed-reply.eml');
  await writeFile(file, [
    `Delivered-To: ${address}`, 'From: Alice <alice@example.test>', `To: ${address}`, 'Subject: Re: your request',
    'Message-ID: <signed-reply@example.test>', 'Date: Wed, 20 May 2026 11:00:00 +0000', 'Content-Type: text/plain; charset=utf-8', '', '#priority high', '',
  ].join('\r\n'));
}, 60_000);
afterAll(async () => {
  await database?.close();
  await scratch?.drop();
});

async function inspect(env: Record<string, string>, json = true) {
  const { stdout, stderr } = await run('node', ['bin/deskmail.js', 'inspect', file, ...(json ? ['--json'] : [])], {
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', DATABASE_URL: scratch.url, HELPDESK_ADDRESS: HELPDESK, ...env },
  });
  return { out: json ? JSON.parse(stdout) as Record<string, unknown> : stdout, stderr };
}

it('finds the ticket through the signed address with the service\'s SECRET_KEY, and says so', async () => {
  const { out, stderr } = await inspect({ SECRET_KEY: KEY });
  expect(out).toMatchObject({ source: 'database', ticketRef: ref, matchedBy: 'token', replyAddressKey: 'SECRET_KEY', senderCheck: 'off' });
  expect(stderr).toBe('');
});

it('says the key is random when SECRET_KEY is not set, in the text, in the JSON and on standard error', async () => {
  const { out, stderr } = await inspect({});
  expect(out).toMatchObject({ source: 'database', replyAddressKey: 'random', senderCheck: 'off' });
  expect((out as { matchedBy: string }).matchedBy).not.toBe('token');
  expect(stderr).toMatch(/SECRET_KEY is not set.*signed reply address shows as unsigned/s);
  const text = (await inspect({}, false)).out as string;
  expect(text).toMatch(/^key: +a random one, as SECRET_KEY is not set: a signed reply address shows as unsigned/m);
  expect(text).toMatch(/^sender check: +off here/m);
});

it('says sender checks are off as the settings say, when SENDER_AUTH=off', async () => {
  const text = (await inspect({ SECRET_KEY: KEY, SENDER_AUTH: 'off' }, false)).out as string;
  expect(text).toMatch(/^key: +SECRET_KEY$/m);
  expect(text).toMatch(/^sender check: +off \(SENDER_AUTH=off\)$/m);
});
