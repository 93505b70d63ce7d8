// The ticket page's guarantees, on a real database and Redis: links that are expired, altered,
// revoked or for someone else's ticket are refused; nobody reads or downloads another ticket's
// data; staff actions are refused to others even when the form is posted directly; a POST
// without its CSRF token is refused; a note's markup is shown as text under a CSP that would
// block it anyway; the sign-in form answers alike for known and unknown addresses; rate limits hold.
import { beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { InboundStore } from '../../src/adapters/db/inbound-store.ts';
import { inboundMessages } from '../../src/adapters/db/schema.ts';
import { revokeSignIns } from '../../src/adapters/db/web-people.ts';
import { SIGN_IN_LINKS_PER_HOUR } from '../../src/web/routes/sign-in.ts';
import { mainOf, signInFormOf, useWebRig } from './support.ts';

const ALICE = 'alice@example.test';
const BOB = 'bob@example.test';
const SUMMER = 'summer@example.test'; // an admin

const rig = useWebRig();
let aliceTicket: { id: number; ref: string };
let bobTicket: { id: number; ref: string };

beforeAll(async () => {
  aliceTicket = await rig.ticket(ALICE, 'Cannot add client to caseload AAAA111111');
  bobTicket = await rig.ticket(BOB, 'Wrong org on client BBBB222222');
}, 60_000);

describe('sign-in links', () => {
  it('a status-mail link signs its person in, once asked, and opens that ticket at a clean address', async () => {
    const b = rig.browser();
    const asked = await b.get(await rig.link(ALICE, aliceTicket.id));
    expect(asked.statusCode).toBe(200);
    const form = signInFormOf(asked.body)!;
    const res = await b.post(form.action, form.fields);
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe(`/tickets/${aliceTicket.ref}`);
    const page = await b.get(res.headers.location as string);
    expect(page.statusCode).toBe(200);
    expect(mainOf(page.body)).toContain('Cannot add client to caseload AAAA111111');
  });

  it('refuses an expired link', async () => {
    const b = rig.browser();
    const res = await b.get(await rig.link(ALICE, aliceTicket.id, new Date(Date.now() - 1000)));
    expect(res.statusCode).toBe(403);
    expect(mainOf(res.body)).toContain('expired');
    expect((await b.get(`/tickets/${aliceTicket.ref}`)).statusCode).toBe(303); // still signed out
  });

  it('refuses an altered link', async () => {
    const link = await rig.link(ALICE, aliceTicket.id);
    const i = link.length - 5;
    const altered = link.slice(0, i) + (link[i] === 'A' ? 'B' : 'A') + link.slice(i + 1);
    const b = rig.browser();
    expect((await b.get(altered)).statusCode).toBe(403);
    expect((await b.get(`/tickets/${aliceTicket.ref}`)).statusCode).toBe(303);
  });

  it('refuses a revoked link and ends the sessions it made', async () => {
    const carol = 'carol@example.test';
    const ticket = await rig.ticket(carol, 'Carol needs a report');
    const link = await rig.link(carol, ticket.id);
    const b = rig.browser();
    await b.signIn(link);
    expect((await b.get(`/tickets/${ticket.ref}`)).statusCode).toBe(200);
    expect(await revokeSignIns(rig.database.db, carol)).toBe(true);
    expect((await b.get(`/tickets/${ticket.ref}`)).statusCode).toBe(303); // the session is gone
    expect((await rig.browser().get(link)).statusCode).toBe(403); // and so is the link
    expect(mainOf((await rig.browser().signIn(await rig.link(carol, ticket.id))).body)).toContain('Carol needs a report'); // a new one works
  });

  it('one person\'s link never opens another person\'s ticket', async () => {
    const aliceLink = await rig.link(ALICE, aliceTicket.id);
    const token = aliceLink.split('?k=')[1];
    const b = rig.browser();
    const res = await b.get(`/tickets/${bobTicket.ref}?k=${token}`);
    expect(res.statusCode).toBe(403);
    expect(mainOf(res.body)).toContain('another ticket');
    expect(mainOf(res.body)).not.toContain('BBBB222222');
    // Nor does its form, posted with the other ticket's name.
    const posted = await b.post('/sign-in/confirm', { token: token!, ticket: bobTicket.ref });
    expect(posted.statusCode).toBe(403);
    expect(mainOf(posted.body)).toContain('another ticket');
    expect((await b.get(`/tickets/${aliceTicket.ref}`)).statusCode).toBe(303);
    // Signed in as alice, bob's ticket is as good as absent.
    await b.signIn(aliceLink);
    expect((await b.get(`/tickets/${aliceTicket.ref}`)).statusCode).toBe(200);
    const other = await b.get(`/tickets/${bobTicket.ref}`);
    expect(other.statusCode).toBe(404);
    expect(other.body).not.toContain('BBBB222222');
  });

  it('a link tells nobody which ticket numbers exist: one for another ticket is refused alike for a number that has no ticket', async () => {
    const token = (await rig.link(ALICE, aliceTicket.id)).split('?k=')[1]!;
    // What the page says, less its form's CSRF token (new on every page).
    const shown = (body: string) => mainOf(body).replace(/name="_csrf" value="[^"]*"/g, '');
    const unused = `${bobTicket.ref.replace(/\d+$/, '')}${99_999}`;
    const b = rig.browser();
    const existing = await b.get(`/tickets/${bobTicket.ref}?k=${token}`);
    const missing = await b.get(`/tickets/${unused}?k=${token}`);
    expect(missing.statusCode).toBe(existing.statusCode);
    expect(shown(missing.body)).toBe(shown(existing.body));
    const postedExisting = await b.post('/sign-in/confirm', { token, ticket: bobTicket.ref });
    const postedMissing = await b.post('/sign-in/confirm', { token, ticket: unused });
    expect(postedMissing.statusCode).toBe(postedExisting.statusCode);
    expect(shown(postedMissing.body)).toBe(shown(postedExisting.body));
    // An altered link is refused as altered whichever number it is shown with.
    const altered = `${token.slice(0, -2)}${token.endsWith('AA') ? 'BB' : 'AA'}`;
    expect(shown((await b.get(`/tickets/${unused}?k=${altered}`)).body)).toBe(shown((await b.get(`/tickets/${bobTicket.ref}?k=${altered}`)).body));
  });
});

describe('another ticket\'s data', () => {
  it('a participant of one ticket cannot read or download anything of another', async () => {
    // Bob adds a note with a file to his own ticket through the page.
    const bob = await rig.signedIn(BOB, bobTicket.id);
    const form = new FormData();
    form.set('do', 'note');
    form.set('note', 'Screenshot of the org screen attached.');
    form.set('files', new Blob([Buffer.from('secret bob file')], { type: 'text/plain' }), 'bob-org.txt');
    const posted = await bob.postMultipart(`/tickets/${bobTicket.ref}`, form);
    expect(posted.statusCode).toBe(303);
    const bobPage = await bob.get(`/tickets/${bobTicket.ref}`);
    const fileUrl = /href="(\/tickets\/[^"]+\/files\/\d+)"/.exec(bobPage.body)?.[1];
    expect(fileUrl).toBeDefined();
    const download = await bob.get(fileUrl!);
    expect(download.statusCode).toBe(200);
    expect(download.body).toBe('secret bob file');
    expect(download.headers['content-disposition']).toMatch(/^attachment;/);
    expect(download.headers['content-type']).toBe('application/octet-stream');

    const alice = await rig.signedIn(ALICE, aliceTicket.id);
    expect((await alice.get(fileUrl!)).statusCode).toBe(404);
    // The same file id under her own ticket's address does not reach it either.
    const fileId = fileUrl!.split('/').at(-1);
    const sideways = await alice.get(`/tickets/${aliceTicket.ref}/files/${fileId}`);
    expect(sideways.statusCode).toBe(404);
    expect(sideways.body).not.toContain('secret bob file');
    // Nor can she write into it.
    const note = await alice.post(`/tickets/${bobTicket.ref}`, { do: 'note', note: 'let me in' });
    expect(note.statusCode).toBe(404);
    expect((await rig.store.notesOf(bobTicket.id)).map((n) => n.body)).not.toContain('let me in');
  });
});

describe('staff actions', () => {
  it.each([
    ['assign', { do: 'assign', assignee: SUMMER }],
    ['priority', { do: 'priority', value: 'urgent' }],
    ['internal note', { do: 'note', note: 'sneaky', internal: 'yes' }],
    ['waiting', { do: 'waiting', note: '' }],
    ['escalate', { do: 'escalate', note: '' }],
    ['route', { do: 'route', value: 'nmis' }],
    ['topic', { do: 'topic', value: 'reports' }],
  ])('a submitter posting the %s form directly is refused and nothing changes', async (_name, fields) => {
    const alice = await rig.signedIn(ALICE, aliceTicket.id);
    const before = await rig.store.byId(aliceTicket.id);
    const res = await alice.post(`/tickets/${aliceTicket.ref}`, fields);
    expect(res.statusCode).toBe(403);
    const after = await rig.store.byId(aliceTicket.id);
    expect(after).toEqual(before);
  });

  it('the page offers a submitter no staff action, and an admin gets them', async () => {
    const alice = rig.browser();
    const page = mainOf((await alice.signIn(await rig.link(ALICE, aliceTicket.id))).body);
    for (const action of ['assign', 'priority', 'escalate', 'route', 'topic', 'waiting']) expect(page).not.toContain(`name="do" value="${action}"`);
    expect(page).not.toContain('name="internal"');
    const summer = rig.browser();
    const admin = mainOf((await summer.signIn(await rig.link(SUMMER, aliceTicket.id))).body);
    for (const action of ['assign', 'priority', 'fixed', 'waiting', 'route', 'topic']) expect(admin).toContain(`name="do" value="${action}"`);
    expect(admin).toContain('name="internal"');
  });

  it('lets a submitter mark her own ticket fixed, as the guide offers ("Mark the issue as fixed"), but not someone only interested', async () => {
    const own = await rig.ticket(ALICE, 'Exit page will not save for client AAAA333333', [BOB]);
    const bob = await rig.signedIn(BOB, own.id);
    expect(mainOf((await bob.get(`/tickets/${own.ref}`)).body)).not.toContain('name="do" value="fixed"');
    expect((await bob.post(`/tickets/${own.ref}`, { do: 'fixed', note: '' })).statusCode).toBe(403);
    expect((await rig.store.byId(own.id))!.status).toBe('new');
    const alice = rig.browser();
    const page = mainOf((await alice.signIn(await rig.link(ALICE, own.id))).body);
    expect(page).toContain('name="do" value="fixed"');
    expect((await alice.post(`/tickets/${own.ref}`, { do: 'fixed', note: 'It saves again since this morning.' })).statusCode).toBe(303);
    expect((await rig.store.byId(own.id))!.status).toBe('fixed_verify_needed');
  });

  it('an admin\'s assign through the page goes through the same rules as #assign', async () => {
    const summer = await rig.signedIn(SUMMER, bobTicket.id);
    const res = await summer.post(`/tickets/${bobTicket.ref}`, { do: 'assign', assignee: SUMMER });
    expect(res.statusCode).toBe(303);
    const row = await rig.store.byId(bobTicket.id);
    expect(row!.status).toBe('assigned');
    // Assigning again to the same person is refused with the email rules' reason.
    const again = await summer.post(`/tickets/${bobTicket.ref}`, { do: 'assign', assignee: SUMMER });
    expect(again.statusCode).toBe(409);
    expect(mainOf(again.body)).toContain('already assigned');
  });
});

describe('forms and markup', () => {
  it('refuses a POST without its CSRF token', async () => {
    const alice = await rig.signedIn(ALICE, aliceTicket.id);
    const res = await alice.post(`/tickets/${aliceTicket.ref}`, { do: 'note', note: 'no token' }, { csrf: false });
    expect(res.statusCode).toBe(403);
    expect((await rig.store.notesOf(aliceTicket.id)).map((n) => n.body)).not.toContain('no token');
  });

  it('shows a note with <script> and onerror as text, under a CSP that forbids script', async () => {
    const alice = await rig.signedIn(ALICE, aliceTicket.id);
    const evil = '<script>alert(1)</script><img src=x onerror="alert(2)">';
    expect((await alice.post(`/tickets/${aliceTicket.ref}`, { do: 'note', note: evil })).statusCode).toBe(303);
    const page = await alice.get(`/tickets/${aliceTicket.ref}`);
    expect(page.body).toContain('&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=&quot;alert(2)&quot;&gt;');
    expect(page.body).not.toContain('<script>alert(1)');
    expect(page.body).not.toMatch(/<img[^>]*onerror/);
    const csp = String(page.headers['content-security-policy']);
    expect(csp).toContain("script-src 'none'");
    expect(csp).toContain("default-src 'none'");
    expect(csp).not.toContain('unsafe-inline');
  });
});

describe('mail HTML on a page', () => {
  it('shows the request as mailed with its HTML cleaned, and only to people of the ticket', async () => {
    const raw = Buffer.from([
      'From: Alice <alice@example.test>', 'To: helpdesk@example.test', 'Subject: HTML request', 'Message-ID: <html-req@example.test>',
      'MIME-Version: 1.0', 'Content-Type: text/html; charset=utf-8', '',
      '<p>Client <b>AAAA111111</b> <img src=x onerror="alert(1)"><script>alert(2)</script><a href="javascript:alert(3)">click</a></p>',
    ].join('\r\n'));
    const { id } = await new InboundStore(rig.database.db).store({ mailbox: 'INBOX', uidValidity: 1, uid: 1, raw });
    await rig.database.db.update(inboundMessages).set({ ticketId: aliceTicket.id, status: 'processed', outcome: 'created' }).where(eq(inboundMessages.id, id));
    const alice = await rig.signedIn(ALICE, aliceTicket.id);
    const page = await alice.get(`/tickets/${aliceTicket.ref}/original`);
    expect(page.statusCode).toBe(200);
    const main = mainOf(page.body);
    expect(main).toContain('Client <b>AAAA111111</b>');
    expect(main).not.toMatch(/<script|onerror|<img|javascript:/);
    const bob = await rig.signedIn(BOB, bobTicket.id);
    const other = await bob.get(`/tickets/${aliceTicket.ref}/original`);
    expect(other.statusCode).toBe(404);
    expect(other.body).not.toContain('AAAA111111');
  });

  it('shows only the mail that opened the ticket, never a later one filed on it (an internal note)', async () => {
    // Opened without mail (as the request form does), then an admin's internal reply filed on it.
    const dave = 'dave@example.test';
    const ticket = await rig.ticket(dave, 'Dave needs a report');
    const raw = Buffer.from([
      'From: Summer <summer@example.test>', 'To: helpdesk@example.test', `Subject: Re: Issue ${ticket.ref}`, 'Message-ID: <internal-remark@example.test>',
      'MIME-Version: 1.0', 'Content-Type: text/plain; charset=utf-8', '', '#internal', 'A remark about dave for staff only.',
    ].join('\r\n'));
    const { id } = await new InboundStore(rig.database.db).store({ mailbox: 'INBOX', uidValidity: 1, uid: 2, raw });
    await rig.database.db.update(inboundMessages).set({ ticketId: ticket.id, status: 'processed', outcome: 'noted' }).where(eq(inboundMessages.id, id));
    const b = await rig.signedIn(dave, ticket.id);
    const page = await b.get(`/tickets/${ticket.ref}/original`);
    expect(page.statusCode).toBe(200);
    expect(mainOf(page.body)).not.toContain('for staff only');
    expect(mainOf(page.body)).toContain('did not come in by mail');
    expect(mainOf(page.body)).not.toContain('internal-remark');
  });
});

describe('the sign-in form', () => {
  it('answers the same for a known and an unknown address, and mails only the known one', async () => {
    const before = rig.mails.length;
    const known = await rig.browser().post('/sign-in', { email: ALICE });
    const unknown = await rig.browser().post('/sign-in', { email: 'nobody-here@example.test' });
    expect(known.statusCode).toBe(unknown.statusCode);
    expect(mainOf(known.body).replace(ALICE, 'X')).toBe(mainOf(unknown.body).replace('nobody-here@example.test', 'X'));
    await new Promise((r) => setTimeout(r, 300));
    const sent = rig.mails.slice(before);
    expect(sent.map((m) => m.to)).toEqual([ALICE]);
    // The mailed link asks, and its form signs alice in.
    const url = /https?:\/\/[^\s]+\/sign-in\/[A-Za-z0-9_-]+/.exec(sent[0]!.text)![0];
    const b = rig.browser();
    await b.signIn(new URL(url).pathname);
    expect((await b.get(`/tickets/${aliceTicket.ref}`)).statusCode).toBe(200);
  });

  it('limits links per address, whoever asks, without answering differently', async () => {
    const dora = 'dora@example.test';
    await rig.ticket(dora, 'Dora needs a sign-in');
    const before = rig.mails.length;
    const answers: string[] = [];
    for (let i = 0; i < 5; i++) {
      const res = await rig.browser().post('/sign-in', { email: i % 2 ? 'Dora@Example.test' : dora });
      expect(res.statusCode).toBe(200);
      answers.push(mainOf(res.body));
    }
    await new Promise((r) => setTimeout(r, 300));
    expect(new Set(answers).size).toBe(1);
    expect(rig.mails.slice(before).filter((m) => m.to === dora)).toHaveLength(SIGN_IN_LINKS_PER_HOUR);
  });

  it('limits sign-in requests per client', async () => {
    const b = rig.browser();
    const codes: number[] = [];
    // Earlier tests in this file used part of this client's allowance (all come from one address).
    for (let i = 0; i < 12; i++) codes.push((await b.post('/sign-in', { email: `person${i}@example.test` })).statusCode);
    expect(codes).toContain(429);
    expect(codes.indexOf(429)).toBeLessThanOrEqual(10);
    expect(codes.slice(codes.indexOf(429)).every((c) => c === 429)).toBe(true);
  });
});
