// A worker started while Redis is away (a private redis-server, killed first) says so in one
// line, and once more when it is back, with nothing printed to the console meanwhile: BullMQ
// prints an error nobody listens for with its stack, once per queue and per reconnect.
import { afterAll, expect, it, vi } from 'vitest';
import { startHarness, type Harness } from '../support/harness.ts';
import { captureLog, waitFor } from '../support/outage.ts';
import { startPrivateRedis, type PrivateRedis } from '../support/private-servers.ts';

let redis: PrivateRedis | undefined;
let h: Harness | undefined;
afterAll(async () => {
  vi.restoreAllMocks();
  await h?.stop();
  await redis?.stop();
});

it('says a Redis away at its start once, and that it is back once', async () => {
  const printed: unknown[][] = [];
  vi.spyOn(console, 'error').mockImplementation((...args: unknown[]) => { printed.push(args); });
  const captured = captureLog();
  redis = await startPrivateRedis();
  await redis.kill();
  const starting = startHarness({ users: [], log: captured.log, redisUrl: redis.url }).then((started) => { h = started; });
  await waitFor('the outage said', () => captured.count(/^redis: unavailable/) > 0, 30_000);
  await new Promise((r) => setTimeout(r, 3000));
  await redis.start();
  await starting;
  await waitFor('Redis said to be back', () => captured.count(/^redis: available again after \d+ s$/) > 0, 20_000);
  expect(captured.count(/^redis: unavailable \(ECONNREFUSED\), retrying with back-off$/)).toBe(1);
  expect(captured.count(/^redis: available again after \d+ s$/)).toBe(1);
  expect(printed).toEqual([]);
}, 120_000);
