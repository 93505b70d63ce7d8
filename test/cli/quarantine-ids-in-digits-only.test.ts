// `deskmail quarantine show|retry|drop ID` take an ID written in digits only: `1e1`, `0x1f` or `7.0`
// are numbers to Number() but not the ID anyone typed on purpose, and a drop cannot be undone. They
// are a usage error (exit 2) that touches nothing.
import { expect, it } from 'vitest';
import { useCliDatabase } from '../support/cli-database.ts';
import { runDeskmail } from '../support/cli.ts';

let id: number;
const cli = useCliDatabase(async (database) => {
  const [held] = await database.sql<{ id: number }[]>`insert into inbound_messages (mailbox, uid_validity, uid, raw, raw_sha256, size, status, outcome, reason)
    values ('INBOX', 1, 1, ${Buffer.from('not mail')}, 'x', 8, 'quarantined', 'quarantined:NO_HEADERS', 'no headers') returning id`;
  id = held!.id;
});

const status = async () => (await cli.database.sql<{ status: string }[]>`select status from inbound_messages where id = ${id}`)[0]!.status;

it('refuses an ID in exponent, hex, decimal-point or signed form, and drops nothing', async () => {
  for (const written of [`${id}e0`, `0x${id.toString(16)}`, `${id}.0`, `+${id}`, ` ${id}`, '']) {
    for (const sub of ['show', 'drop']) {
      const out = await runDeskmail(cli.config, ['quarantine', sub, written]);
      expect(out.code, `${sub} ${JSON.stringify(written)}`).toBe(2);
      expect(out.stderr, written).toMatch(/usage: deskmail quarantine/);
    }
  }
  expect(await status()).toBe('quarantined');
}, 120_000);

it('drops the message named by its ID in digits', async () => {
  const out = await runDeskmail(cli.config, ['quarantine', 'drop', String(id)]);
  expect(out.code).toBe(0);
  expect(out.stdout).toContain(`message ${id} dropped`);
  expect(await status()).toBe('dropped');
}, 60_000);
