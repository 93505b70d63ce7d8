// `deskmail demo` empties its database at each run, so it takes only one whose name ends in "demo":
// a DESKMAIL_DEMO_DATABASE_URL pointed at any other database by mistake is refused and left as it was.
import { execFile } from 'node:child_process';
import path from 'node:path';
import postgres from 'postgres';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestDatabase } from '../support/harness.ts';

const BIN = path.resolve(import.meta.dirname, '../../bin/deskmail.js');
let scratch: Awaited<ReturnType<typeof createTestDatabase>>;
beforeAll(async () => { scratch = await createTestDatabase(); }, 60_000);
afterAll(async () => scratch?.drop());

it('refuses a database whose name does not end in "demo", and leaves it as it was', async () => {
  const sql = postgres(scratch.url, { max: 1, onnotice: () => {} });
  try {
    await sql`create table kept (n int)`;
    await sql`insert into kept values (42)`;
    const run = await new Promise<{ code: number; stderr: string }>((done) => {
      execFile(process.execPath, [BIN, 'demo', '--exit'], { env: { ...process.env, DESKMAIL_DEMO_DATABASE_URL: scratch.url, LOG_LEVEL: 'silent' }, timeout: 30_000 },
        (err, _stdout, stderr) => done({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stderr }));
    });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('ends in "demo"');
    expect(await sql`select n from kept`).toEqual([{ n: 42 }]);
  } finally {
    await sql.end();
  }
}, 60_000);
