// `deskmail schedule run digest` run again for a day whose digest is queued already does nothing,
// as the README says, and says so: `digest for <day> already queued; nothing queued`, status 0 (no
// work failed or was put off), so an operator retrying a missed digest can tell it was not sent
// again. The first run says how many open tickets it lists.
import { expect, it } from 'vitest';
import { outbox } from '../../src/adapters/db/schema.ts';
import { eq } from 'drizzle-orm';
import { fileAssignedTicket, useCliDatabase } from '../support/cli-database.ts';
import { runDeskmail } from '../support/cli.ts';
import { useScratchRedis } from '../support/scratch-redis.ts';

const cli = useCliDatabase(async (database) => { await fileAssignedTicket(database); });
const redis = useScratchRedis('digest-again');

it('queues the digest once and says the second run queued nothing', async () => {
  const config = { ...cli.config, QUEUE_PREFIX: redis.prefix };
  const args = ['schedule', 'run', 'digest', '--now', '2026-01-15T12:00Z'];
  const first = await runDeskmail(config, args);
  expect(first).toMatchObject({ code: 0, stdout: 'digest of 1\n', stderr: '' });
  const again = await runDeskmail(config, args);
  expect(again).toMatchObject({ code: 0, stdout: 'digest for 2026-01-15 already queued; nothing queued\n', stderr: '' });
  const digests = await cli.database.db.select({ key: outbox.dedupeKey }).from(outbox).where(eq(outbox.event, 'digest'));
  expect(digests).toEqual([{ key: 'digest:2026-01-15' }]);
}, 80_000);
