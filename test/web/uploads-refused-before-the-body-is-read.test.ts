// Files come with a form only from someone signed in, and only up to the size of a mail the help desk
// would read (MAX_MESSAGE_MB): either refusal is answered as the headers arrive, before any of the
// body is read, over a real socket (a stranger cannot make the server hold 250 MB of uploads). A body
// that does not say its size (chunked) is refused the same way: the size is what bounds what is held.
import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { beforeAll, expect, it } from 'vitest';
import { useWebRig } from './support.ts';

const ALICE = 'alice@example.test';
const rig = useWebRig({ MAX_MESSAGE_MB: '2' });
let port = 0;
beforeAll(async () => {
  await rig.app.listen({ port: 0, host: '127.0.0.1' });
  port = (rig.app.server.address() as AddressInfo).port;
}, 60_000);

/**
 * Sends only the headers and the first bytes of a large multipart body (of `declared` bytes, or chunked
 * with no size said); resolves with the status if one comes within 3 s.
 */
function startUpload(path: string, cookie: string | null, declared: number | 'chunked'): Promise<number | 'no answer'> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({
      host: '127.0.0.1', port, path, method: 'POST',
      headers: { 'content-type': 'multipart/form-data; boundary=x', ...(declared === 'chunked' ? { 'transfer-encoding': 'chunked' } : { 'content-length': String(declared) }), ...(cookie ? { cookie } : {}) },
    }, (res) => { res.resume(); resolve(res.statusCode ?? 0); req.destroy(); });
    req.on('error', (err) => { if (!(err as NodeJS.ErrnoException).code?.startsWith('ECONNRESET')) reject(err); });
    req.write('--x\r\nContent-Disposition: form-data; name="do"\r\n\r\nnote\r\n');
    setTimeout(() => { resolve('no answer'); req.destroy(); }, 3000);
  });
}

it('answers a stranger\'s upload with 401 before reading it', async () => {
  const ticket = await rig.ticket(ALICE, 'Intake page will not save for client AAAA111111');
  expect(await startUpload(`/tickets/${ticket.ref}`, null, 200 * 1024 * 1024)).toBe(401);
  expect(await startUpload('/new', null, 200 * 1024 * 1024)).toBe(401);
});

it('answers a signed-in person\'s upload over MAX_MESSAGE_MB with 413 before reading it, and waits for one within it', async () => {
  const ticket = await rig.ticket(ALICE, 'Exit page will not save for client AAAA222222');
  const alice = await rig.signedIn(ALICE, ticket.id);
  const cookie = alice.cookie();
  expect(await startUpload(`/tickets/${ticket.ref}`, cookie, 3 * 1024 * 1024)).toBe(413);
  // Within the limit the server waits for the rest of the body: the test can fail.
  expect(await startUpload(`/tickets/${ticket.ref}`, cookie, 1024 * 1024)).toBe('no answer');
});

it('answers an upload that does not say its size before reading it, signed in or not', async () => {
  const ticket = await rig.ticket(ALICE, 'Entry page will not save for client AAAA333333');
  const alice = await rig.signedIn(ALICE, ticket.id);
  expect(await startUpload(`/tickets/${ticket.ref}`, alice.cookie(), 'chunked')).toBe(411);
  expect(await startUpload('/new', alice.cookie(), 'chunked')).toBe(411);
  expect(await startUpload(`/tickets/${ticket.ref}`, null, 'chunked')).toBe(401);
});
