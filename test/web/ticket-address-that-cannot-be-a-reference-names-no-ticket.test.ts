// A ticket address whose reference cannot be one (a NUL, which PostgreSQL cannot even compare, or
// anything outside the `PREFIX-number` shape) names no ticket: every page under it answers as for a
// ticket that does not exist, and nothing is logged as a server failure.
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { beforeAll, expect, it } from 'vitest';
import { mainOf, useWebRig } from './support.ts';

const ALICE = 'alice@example.test';
const NOT_YOURS = 'There is no such ticket, or it is not one of yours.';
const lines: string[] = [];
const sink = new Writable({ write(chunk, _encoding, done) { lines.push(String(chunk)); done(); } });
const rig = useWebRig({}, { log: pino({ level: 'info' }, sink) });
let ticket: { id: number; ref: string };

beforeAll(async () => {
  ticket = await rig.ticket(ALICE, 'Cannot add client to caseload AAAA111111');
}, 60_000);

/** The log lines at error level or above (pino's 50). */
const failures = () => lines.map((l) => JSON.parse(l) as { level: number; msg?: string }).filter((l) => l.level >= 50);

it('answers "There is no such ticket" under a reference with a NUL or of another shape, by GET and by POST', async () => {
  const alice = await rig.signedIn(ALICE, ticket.id);
  for (const ref of [`${ticket.ref}%00`, '%00', `${ticket.ref}%00x`, 'Utah_RW-1%20', 'no%20such']) {
    for (const path of [`/tickets/${ref}`, `/tickets/${ref}/original`, `/tickets/${ref}/files/1`]) {
      const res = await alice.get(path);
      expect(res.statusCode, path).toBe(404);
      expect(mainOf(res.body), path).toContain(NOT_YOURS);
    }
    const posted = await alice.post(`/tickets/${ref}`, { do: 'note', note: 'Any news?' });
    expect(posted.statusCode, ref).toBe(404);
    expect(mainOf(posted.body), ref).toContain(NOT_YOURS);
  }
  expect(failures()).toEqual([]);
});

it('answers a personal link under such a reference as one under a ticket that does not exist', async () => {
  const browser = rig.browser();
  // The page as shown, but its form's CSRF token, which every page has its own of.
  const shown = (html: string) => mainOf(html).replace(/name="_csrf" value="[^"]*"/g, '');
  const none = await browser.get('/tickets/Utah_RW-999999?k=abc');
  for (const ref of ['%00', `${ticket.ref}%00`]) {
    const res = await browser.get(`/tickets/${ref}?k=abc`);
    expect(res.statusCode, ref).toBe(none.statusCode);
    expect(shown(res.body), ref).toBe(shown(none.body));
  }
  expect(failures()).toEqual([]);
});
