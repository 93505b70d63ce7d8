// A TCP proxy on loopback between the worker and a server, that a test can sever: every open
// connection cut at once, and new ones refused until it is opened again on the same port.
// Optionally severs by itself once a number of bytes went from the server to the client, so the
// cut falls in the middle of a transfer; or stalls, connections kept open with nothing forwarded,
// as a server that hangs. I/O: a port, connections to the target.
import { createServer, connect, type Server, type Socket } from 'node:net';
import { freePort } from '../../src/devmail/dovecot.ts';

export interface TcpProxy {
  port: number;
  /** Bytes sent from the server to the clients so far. */
  readonly bytesDown: number;
  /** Severs once `bytes` more went from the server to the clients; resolves when it has. */
  severAfter(bytes: number): Promise<void>;
  /** Cuts every connection and stops listening. */
  sever(): Promise<void>;
  /** Listens again on the same port. */
  open(): Promise<void>;
  /** Keeps every connection open but forwards nothing either way (new ones too) until resumed. */
  stall(): void;
  /** Forwards again, what was held back first. */
  resume(): void;
  close(): Promise<void>;
}

export async function startTcpProxy(targetPort: number, targetHost = '127.0.0.1'): Promise<TcpProxy> {
  const port = await freePort();
  const sockets = new Set<Socket>();
  let server: Server | null = null;
  let bytesDown = 0;
  let trip: { at: number; done: () => void } | null = null;
  let stalled = false;

  const sever = async () => {
    for (const s of sockets) s.destroy();
    sockets.clear();
    const s = server;
    server = null;
    if (s) await new Promise<void>((resolve) => s.close(() => resolve()));
  };
  const open = async () => {
    server = createServer((client) => {
      const upstream = connect(targetPort, targetHost);
      sockets.add(client);
      sockets.add(upstream);
      // A paused socket reads nothing more; what arrives waits in its buffers until resumed.
      if (stalled) { client.pause(); upstream.pause(); }
      const drop = () => { client.destroy(); upstream.destroy(); sockets.delete(client); sockets.delete(upstream); };
      client.on('error', drop).on('close', drop);
      upstream.on('error', drop).on('close', drop);
      upstream.on('data', (chunk: Buffer) => {
        bytesDown += chunk.length;
        if (trip && bytesDown >= trip.at) {
          const t = trip;
          trip = null;
          sever().then(t.done, t.done);
          return;
        }
        client.write(chunk);
      });
      client.on('data', (chunk: Buffer) => upstream.write(chunk));
    });
    await new Promise<void>((resolve, reject) => {
      server!.once('error', reject);
      server!.listen(port, '127.0.0.1', () => resolve());
    });
  };
  await open();
  return {
    port,
    get bytesDown() { return bytesDown; },
    severAfter: (bytes) => new Promise<void>((resolve) => { trip = { at: bytesDown + bytes, done: resolve }; }),
    sever, open,
    stall() { stalled = true; for (const s of sockets) s.pause(); },
    resume() { stalled = false; for (const s of sockets) s.resume(); },
    close: sever,
  };
}
