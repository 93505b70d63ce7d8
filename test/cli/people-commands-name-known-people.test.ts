// `deskmail people revoke|deliverable|unadmin|signout EMAIL` act on a person the help desk knows:
// a mistyped address exits 1 and says nobody has it, instead of creating that person and claiming
// the work done while the real person's addresses still work. Only `people admin` may name someone
// new (an admin who has not written yet). Every address is checked as an email address first.
import { describe, expect, it } from 'vitest';
import { upsertPerson } from '../../src/adapters/db/people.ts';
import { useCliDatabase } from '../support/cli-database.ts';
import { runDeskmail } from '../support/cli.ts';

const cli = useCliDatabase(async (database) => {
  await upsertPerson(database.db, 'alice@example.test', 'Alice');
});

const person = async (email: string) =>
  (await cli.database.sql<{ token_epoch: number; is_admin: boolean }[]>`select token_epoch, is_admin from people where email = ${email}`)[0] ?? null;

describe('a mistyped address', () => {
  it.each([['revoke'], ['deliverable'], ['unadmin'], ['signout']])('people %s of nobody we know exits 1 and creates nobody', async (sub) => {
    const epochBefore = (await person('alice@example.test'))!.token_epoch;
    const out = await runDeskmail(cli.config, ['people', sub, 'alcie@example.test']);
    expect(out.code).toBe(1);
    expect(out.stderr).toContain('nobody has the address alcie@example.test');
    expect(out.stdout).toBe('');
    expect(await person('alcie@example.test')).toBeNull();
    expect((await person('alice@example.test'))!.token_epoch).toBe(epochBefore);
  }, 60_000);
});

describe('an address that is no email address', () => {
  it.each([['revoke', 'alice@'], ['admin', '@example.test'], ['admin', 'bob@@example.test'], ['deliverable', 'bob@example test'], ['signout', 'bob@']])(
    'people %s %s is refused as a usage error and touches nothing', async (sub, address) => {
      const out = await runDeskmail(cli.config, ['people', sub, address]);
      expect(out.code).toBe(2);
      expect(out.stderr).toContain(`${JSON.stringify(address)} is not an email address`);
      const [row] = await cli.database.sql<{ count: number }[]>`select count(*)::int as count from people`;
      expect(row!.count).toBe(1);
    }, 60_000);
});

describe('a known person', () => {
  it('people revoke raises the epoch of the person named, whatever the case of the address', async () => {
    const before = (await person('alice@example.test'))!.token_epoch;
    const out = await runDeskmail(cli.config, ['people', 'revoke', ' Alice@Example.test ']);
    expect(out.code).toBe(0);
    expect(out.stdout).toContain(`alice@example.test: every older reply address is now invalid (epoch ${before + 1})`);
    expect((await person('alice@example.test'))!.token_epoch).toBe(before + 1);
  }, 60_000);

  it('people admin may name someone who has not written yet, and unadmin then finds them', async () => {
    const made = await runDeskmail(cli.config, ['people', 'admin', 'newcomer@example.test']);
    expect(made.code).toBe(0);
    expect(await person('newcomer@example.test')).toMatchObject({ is_admin: true });
    const unmade = await runDeskmail(cli.config, ['people', 'unadmin', 'newcomer@example.test']);
    expect(unmade.code).toBe(0);
    expect(await person('newcomer@example.test')).toMatchObject({ is_admin: false });
    await cli.database.sql`delete from people where email = 'newcomer@example.test'`;
  }, 60_000);
});
