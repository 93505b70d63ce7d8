// With DATABASE_URL or REDIS_URL set, setup asks only whether a server answers at the host and port
// the URL names, and changes nothing anywhere; when none answers it stops with a message naming
// that host:port, never the URL (it may hold a password).
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runSetupShell } from '../support/setup-shell.ts';

// Stand-ins that speak just enough of each protocol: PostgreSQL refuses TLS to an SSLRequest with
// one byte (N) and hangs up on anything else, Redis answers PING.
function listen(onData: (socket: net.Socket, data: Buffer) => void): Promise<net.Server> {
  const server = net.createServer((socket) => {
    socket.on('data', (data) => onData(socket, data));
    socket.on('error', () => {});
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}
const portOf = (server: net.Server) => (server.address() as net.AddressInfo).port;
async function closedPort(): Promise<number> {
  const server = await listen(() => {});
  const port = portOf(server);
  await new Promise((resolve) => server.close(resolve));
  return port;
}

let postgres: net.Server;
let redis: net.Server;
let redisWithPassword: net.Server;
let nothing: number;
beforeAll(async () => {
  postgres = await listen((socket, data) => {
    if (data.length === 8 && data.readUInt32BE(4) === 80877103) socket.write('N');
    else socket.end();
  });
  redis = await listen((socket) => socket.write('+PONG\r\n'));
  redisWithPassword = await listen((socket) => socket.write('-NOAUTH Authentication required.\r\n'));
  nothing = await closedPort();
});
afterAll(async () => {
  for (const server of [postgres, redis, redisWithPassword]) await new Promise((resolve) => server.close(resolve));
});

// A machine whose only cluster is on 5433, stopped on 5432's side: what the old setup edited and restarted.
const CLUSTER_ON_5433 = `pg_lsclusters() { echo "15 main 5433 online postgres /var/lib/postgresql/15/main /var/log/postgresql/postgresql-15-main.log"; }
has_command() { [ "$1" = pg_ctlcluster ]; }`;

describe('url_host_port', () => {
  it.each([
    ['postgres://postgres@127.0.0.1:5433/deskmail', '127.0.0.1 5433'],
    ['postgres://user:p%40ss@db.example.test/deskmail?sslmode=require', 'db.example.test 5432'],
    ['postgresql://user:s3cr@t@[::1]:6543/deskmail', '::1 6543'],
    ['postgres:///deskmail', 'localhost 5432'],
    ['postgres://user@%2Frun%2Fpostgresql/deskmail', '/run/postgresql 5432'],
    ['postgres://a.example.test:5432,b.example.test:5433/deskmail', 'a.example.test 5432'],
  ])('reads %s as host and port %s', async (url, expected) => {
    const run = await runSetupShell(`url_host_port '${url}' 5432`);
    expect(run.stdout.trim()).toBe(expected);
  });

  it.each([
    ['redis://:secret@redis.example.test:6380/0', 'redis.example.test 6380'],
    ['rediss://redis.example.test', 'redis.example.test 6379'],
  ])('reads %s as host and port %s', async (url, expected) => {
    const run = await runSetupShell(`url_host_port '${url}' 6379`);
    expect(run.stdout.trim()).toBe(expected);
  });

  it.each(['db.example.test:5432', 'redis://host:port/'])('refuses %s', async (url) => {
    expect((await runSetupShell(`url_host_port '${url}' 5432`)).code).not.toBe(0);
  });
});

describe('DATABASE_URL', () => {
  it('only checks that its server answers, leaving the clusters of this machine alone', async () => {
    const run = await runSetupShell(`${CLUSTER_ON_5433}\nensure_postgres`, { env: { DATABASE_URL: `postgres://postgres:s3cret@127.0.0.1:${portOf(postgres)}/deskmail` } });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`PostgreSQL answers at 127.0.0.1:${portOf(postgres)} (DATABASE_URL)`);
    expect(run.calls).toEqual([]);
  });

  it('stops, naming host:port and not the password, when nothing answers there', async () => {
    const run = await runSetupShell(`${CLUSTER_ON_5433}\nensure_postgres`, { env: { DATABASE_URL: `postgres://postgres:s3cret@127.0.0.1:${nothing}/deskmail` } });
    expect(run.code).not.toBe(0);
    expect(run.stderr).toContain(`no PostgreSQL answers at 127.0.0.1:${nothing} (DATABASE_URL)`);
    expect(run.stdout + run.stderr).not.toContain('s3cret');
    expect(run.calls).toEqual([]);
  });

  it('stops without printing a URL it cannot read', async () => {
    const run = await runSetupShell('ensure_postgres', { env: { DATABASE_URL: 'postgres:s3cret@db' } });
    expect(run.code).not.toBe(0);
    expect(run.stderr).toContain('DATABASE_URL is not a URL setup can read');
    expect(run.stderr).not.toContain('s3cret');
    expect(run.calls).toEqual([]);
  });
});

describe('REDIS_URL', () => {
  it('only checks that its server answers PING', async () => {
    const run = await runSetupShell('ensure_redis', { env: { REDIS_URL: `redis://127.0.0.1:${portOf(redis)}` } });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`Redis answers at 127.0.0.1:${portOf(redis)} (REDIS_URL)`);
    expect(run.calls).toEqual([]);
  });

  it('takes a Redis that asks for a password as answering', async () => {
    const run = await runSetupShell('ensure_redis', { env: { REDIS_URL: `redis://:s3cret@127.0.0.1:${portOf(redisWithPassword)}/0` } });
    expect(run.code).toBe(0);
    expect(run.stdout).not.toContain('s3cret');
  });

  it('stops, naming host:port and not the password, when nothing answers there, and starts no Redis of its own', async () => {
    const run = await runSetupShell('ensure_redis', { env: { REDIS_URL: `redis://:s3cret@127.0.0.1:${nothing}/0` } });
    expect(run.code).not.toBe(0);
    expect(run.stderr).toContain(`no Redis answers at 127.0.0.1:${nothing} (REDIS_URL)`);
    expect(run.stdout + run.stderr).not.toContain('s3cret');
    expect(run.calls).toEqual([]);
  });

  it('does not take a PostgreSQL for a Redis', async () => {
    const run = await runSetupShell('ensure_redis', { env: { REDIS_URL: `redis://127.0.0.1:${portOf(postgres)}` } });
    expect(run.code).not.toBe(0);
  });
});
