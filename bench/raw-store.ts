// What storing raw mail costs: the backlog mix (bench/backlog-mix.ts, seed 42) stored through
// InboundStore.storeMany in the fetcher's batches (25 messages, 16 MB), then read back by another
// store as a second worker would; wall time and the CPU of this process and of its PostgreSQL
// backend. Usage: npx tsx bench/raw-store.ts [messages, default 300]. I/O: a scratch database.
import { readFileSync } from 'node:fs';
import { MIX, buildMessage, noisePool, planBacklog } from './backlog-mix.ts';
import { openDatabase } from '../src/adapters/db/client.ts';
import { InboundStore } from '../src/adapters/db/inbound-store.ts';
import { createTestDatabase } from '../test/support/harness.ts';

const n = Number(process.argv[2] ?? 300);
const pool = noisePool(MIX.bigBytes[1], 42);
const messages = planBacklog(n, 42).map((p, i) => ({ uid: i + 1, raw: buildMessage(p, pool, new Date()) }));
const mb = messages.reduce((a, m) => a + m.raw.length, 0) / 1024 / 1024;

/** CPU seconds (utime + stime) of a process. */
const cpuOf = (pid: number) => {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /s, '').split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
};

const database = await createTestDatabase();
const { db, sql, close } = openDatabase(database.url, { max: 1 });
try {
  const pid = (await sql<{ pid: number }[]>`select pg_backend_pid() as pid`)[0]!.pid;
  const measure = async (what: string, work: () => Promise<void>) => {
    const cpu = process.cpuUsage();
    const server = cpuOf(pid);
    const started = performance.now();
    await work();
    const used = process.cpuUsage(cpu);
    console.log(`${what}: ${n} messages, ${mb.toFixed(1)} MB: ${Math.round(performance.now() - started)} ms, this process ${((used.user + used.system) / 1e6).toFixed(2)} s CPU, PostgreSQL ${(cpuOf(pid) - server).toFixed(2)} s CPU`);
  };
  const store = new InboundStore(db);
  await measure('store', async () => {
    for (let i = 0, bytes = 0, batch: typeof messages = []; i < messages.length; i++) {
      batch.push(messages[i]!);
      bytes += messages[i]!.raw.length;
      if (batch.length < 25 && bytes < 16 * 1024 * 1024 && i < messages.length - 1) continue;
      await store.storeMany('INBOX', 1, batch);
      batch = [];
      bytes = 0;
    }
  });
  const ids = (await sql<{ id: number }[]>`select id from inbound_messages order by id`).map((r) => Number(r.id));
  const elsewhere = new InboundStore(db);
  await measure('read back', async () => { for (const id of ids) await elsewhere.load(id); });
} finally {
  await close();
  await database.drop();
}
