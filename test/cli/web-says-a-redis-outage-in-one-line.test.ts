// `deskmail web` started while Redis is away, and Redis going away again later: the log says so in
// one line per outage (`redis: unavailable ...`) and one when it is back, every line JSON, never
// a stack trace per reconnect attempt.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { freePort } from '../../src/devmail/dovecot.ts';
import { configEnv } from '../support/cli.ts';
import { createTestDatabase } from '../support/harness.ts';
import { waitFor } from '../support/outage.ts';
import { startPrivateRedis, type PrivateRedis } from '../support/private-servers.ts';

const BIN = resolve(dirname(fileURLToPath(import.meta.url)), '../../bin/deskmail.js');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('deskmail web through Redis outages', () => {
  let scratch: Awaited<ReturnType<typeof createTestDatabase>>;
  let redis: PrivateRedis;
  let web: ChildProcess | null = null;
  let output = '';
  const lines = () => output.split('\n').filter((l) => l.trim() !== '');
  const said = (msg: RegExp) => lines().filter((l) => { try { return msg.test((JSON.parse(l) as { msg: string }).msg); } catch { return false; } }).length;

  beforeAll(async () => {
    scratch = await createTestDatabase();
    redis = await startPrivateRedis();
    await redis.kill();
  }, 60_000);
  afterAll(async () => {
    if (web && web.exitCode === null) {
      const w = web;
      await new Promise<void>((done) => { w.once('exit', () => done()); w.kill('SIGKILL'); });
    }
    await redis?.stop();
    await scratch?.drop();
  });

  it('says each outage once and never prints a stack trace', async () => {
    const config = loadConfig({
      DATABASE_URL: scratch.url, REDIS_URL: redis.url, QUEUE_PREFIX: `tw${randomBytes(4).toString('hex')}`,
      IMAP_USER: 'helpdesk@example.test', IMAP_PASSWORD: 'x', HELPDESK_ADDRESS: 'helpdesk@example.test', SECRET_KEY: randomBytes(32).toString('hex'),
      WEB_PORT: String(await freePort()), WEB_HOST: '127.0.0.1',
    });
    const child = spawn(process.execPath, [BIN, 'web'], { env: { ...process.env, ...configEnv(config), LOG_LEVEL: 'info' }, stdio: ['ignore', 'pipe', 'pipe'] });
    web = child;
    child.stdout.on('data', (chunk: Buffer) => { output += chunk.toString('utf8'); });
    child.stderr.on('data', (chunk: Buffer) => { output += chunk.toString('utf8'); });

    // Started with Redis away: it serves its pages, and says once that Redis is away.
    await waitFor('the web server listening', () => /deskmail web listening on /.test(output), 30_000);
    await waitFor('the outage said', () => said(/^redis: unavailable/) > 0, 15_000);
    await sleep(4000);
    expect(said(/^redis: unavailable \(ECONNREFUSED\), retrying with back-off$/)).toBe(1);

    await redis.start();
    await waitFor('Redis said to be back', () => said(/^redis: available again after \d+ s$/) === 1, 20_000);

    // Going away while it runs: once more, one line.
    await redis.kill();
    await waitFor('the second outage said', () => said(/^redis: unavailable/) === 2, 15_000);
    await sleep(4000);
    expect(said(/^redis: unavailable/)).toBe(2);

    const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
    child.kill('SIGTERM');
    expect(await Promise.race([exited, sleep(15_000).then(() => 'still running')])).toBe(0);

    // Every line is a JSON log line, but the one that says where it listens.
    const notJson = lines().filter((l) => !/^deskmail web listening on /.test(l) && !/^\{.*\}$/.test(l));
    expect(notJson).toEqual([]);
    expect(output).not.toMatch(/\n\s+at /);
  }, 120_000);
});
