// What the web pages store for a person and the worker files later (held over the sender's hourly
// cap and released by an admin, or left behind by a web process that stopped and recovered) is read
// as the page reads it when it files it itself. A follow-up typed on a closed ticket's page is the
// person's note word for word: a line it starts with `#` is text, never an email command (the page's
// buttons are its actions), neither refused on the new ticket nor carried out on the old one. What
// was typed is kept whole, as the page keeps it: no `-- ` line is taken for a signature, no "Sent from
// my iPhone" for a client's sign-off, no "On ... wrote:" for quoted history, and words that would make
// a mail an autoresponder's ("I am out of the office until ...") leave it a person's, answered as the
// page answers it, even from an address mail systems use (postmaster@). A request from
// the form keeps the names typed on it for the person and the people they add (but none for the help
// desk's own people), and the type chosen on it, as the page keeps them; a mail that carries the
// form's header gets no type from it.
// Related: released-web-message-not-judged-by-dns.test.ts, follow-up-from-the-page-read-like-a-request.test.ts,
// request-form-files-once-within-the-limits.test.ts, ../integration/released-follow-up-stays-a-follow-up.test.ts.
import { describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { pino } from 'pino';
import { inboundMessages, notes, participants, people, tickets } from '../../src/adapters/db/schema.ts';
import { InboundStore } from '../../src/adapters/db/inbound-store.ts';
import { pipelineSettings } from '../../src/stage-settings.ts';
import { processMail } from '../../src/workers/process-mail.ts';
import { startPipelinePool } from '../../src/workers/pipeline-threads.ts';
import type { PipelineStages } from '../../src/inbound/pipeline.ts';
import { composeRequestMail, requestText, type WebRequest } from '../../src/web/submit-request.ts';
import { WEB_MAILBOX } from '../../src/inbound/web-mailbox.ts';
import { useWebRig } from './support.ts';

const SUMMER = 'summer@example.test';
const DAY = 86_400_000;

const rig = useWebRig({ NEW_REQUESTS_PER_SENDER_PER_HOUR: '1' });

/**
 * processMail as the worker runs it, for a stored message an admin released or recovery took up;
 * `stages`: its stages that need no lookup on pipeline threads, as the service runs them.
 */
const workerFiles = (id: number, stages?: PipelineStages) => processMail({
  db: rig.database.db, inbound: new InboundStore(rig.database.db), tickets: rig.store, settings: pipelineSettings(rig.config, []), assessIntake: null,
  maxAttachmentBytes: rig.config.MAX_ATTACHMENT_MB * 1024 * 1024, log: pino({ level: 'silent' }), afterChange: async () => {}, stages,
}, id);

/** The one web message held over its sender's cap, released as the admin's `deskmail quarantine retry` does. */
async function releaseHeld(): Promise<number> {
  const held = await rig.database.db.select({ id: inboundMessages.id }).from(inboundMessages)
    .where(and(eq(inboundMessages.mailbox, WEB_MAILBOX), eq(inboundMessages.status, 'quarantined')));
  expect(held).toHaveLength(1);
  expect(await new InboundStore(rig.database.db).release(held[0]!.id)).toBe(true);
  return held[0]!.id;
}

const followUpsOf = async (id: number) => rig.database.db.select().from(tickets).where(eq(tickets.previousTicketId, id)).orderBy(tickets.id);
/** Closes the follow-ups of ticket `id`: while one is open, what is written too late for the old ticket is a note on it, not another follow-up. */
const closeFollowUpsOf = async (id: number) => rig.database.db.update(tickets).set({ status: 'closed', resolution: 'verified', closedAt: new Date() }).where(eq(tickets.previousTicketId, id));
const peopleOn = async (ticketId: number) => (await rig.database.db.select({ email: people.email, name: people.name, role: participants.role })
  .from(participants).innerJoin(people, eq(people.id, participants.personId)).where(eq(participants.ticketId, ticketId)))
  .sort((a, b) => a.email.localeCompare(b.email) || a.role.localeCompare(b.role));

async function closedLongAgo(submitter: string, summary: string): Promise<{ id: number; ref: string }> {
  const old = await rig.ticket(submitter, summary);
  await rig.database.db.update(tickets).set({ status: 'closed', resolution: 'verified', closedAt: new Date(Date.now() - 20 * DAY) }).where(eq(tickets.id, old.id));
  return old;
}

describe('a follow-up typed on a closed ticket\'s page', () => {
  /** Lines a person may well type into a note, which by mail would be commands. */
  const typed = (who: string) => `#close\n#cc ${who}\n#priority urgent\nThe caseload is empty again for the whole team.`;

  it('keeps its `#` lines as its text, refuses none of them, whether the page files it or an admin releases it held over the cap', async () => {
    const HANK = 'hank@example.test';
    const old = await closedLongAgo(HANK, 'Caseload will not load');
    const hank = await rig.signedIn(HANK, old.id);
    const pageText = typed('bob@example.test');
    const heldText = typed('carol@example.test');
    expect((await hank.post(`/tickets/${old.ref}`, { do: 'notfixed', note: pageText })).statusCode).toBe(303);
    await closeFollowUpsOf(old.id);
    // NEW_REQUESTS_PER_SENDER_PER_HOUR=1: the second follow-up is held for an admin.
    expect((await hank.post(`/tickets/${old.ref}`, { do: 'reopen', note: heldText })).statusCode).toBe(409);
    const pageMail = (await rig.relay()).filter((m) => m.to === HANK && m.template === 'submitted');

    expect(await workerFiles(await releaseHeld())).toBe('created');
    const releasedMail = (await rig.relay()).filter((m) => m.to === HANK && m.template === 'submitted');
    const [byPage, released] = await followUpsOf(old.id);
    const filed = async (ticket: typeof byPage, mail: typeof pageMail) => ({
      description: ticket?.description, people: (await peopleOn(ticket!.id)).map((p) => p.email), refusals: mail.map((m) => m.props.refusals ?? []),
    });
    expect(await filed(byPage, pageMail)).toEqual({ description: pageText, people: [HANK], refusals: [[]] });
    expect(await filed(released, releasedMail)).toEqual({ description: heldText, people: [HANK], refusals: [[]] });
  });

  it('carries out none of its `#` lines when it is released onto its ticket, reopened meanwhile', async () => {
    const IRIS = 'iris@example.test';
    const DAN = 'dan@example.test';
    const old = await closedLongAgo(IRIS, 'Reports are blank');
    const iris = await rig.signedIn(IRIS, old.id);
    expect((await iris.post(`/tickets/${old.ref}`, { do: 'notfixed', note: 'The reports are blank again.' })).statusCode).toBe(303);
    await closeFollowUpsOf(old.id);
    expect((await iris.post(`/tickets/${old.ref}`, { do: 'reopen', note: typed(DAN) })).statusCode).toBe(409);
    // Staff reopened the old ticket before the admin released what she wrote: it lands there as her note.
    await rig.database.db.update(tickets).set({ status: 'new', resolution: null, closedAt: null }).where(eq(tickets.id, old.id));

    expect(await workerFiles(await releaseHeld())).toBe('appended');
    const [ticket] = await rig.database.db.select().from(tickets).where(eq(tickets.id, old.id));
    expect({ status: ticket?.status, priority: ticket?.priority }).toEqual({ status: 'new', priority: 'normal' });
    expect((await peopleOn(old.id)).map((p) => p.email)).toEqual([IRIS]);
    const written = await rig.database.db.select({ body: notes.body }).from(notes).where(and(eq(notes.ticketId, old.id), eq(notes.kind, 'note')));
    expect(written.map((n) => n.body)).toContain(typed(DAN));
    expect((await rig.relay()).flatMap((m) => m.props.refusals ?? [])).toEqual([]);
  });

  /** Notes as people type them, which read as mail would lose lines, or all of it, or be taken for an autoresponder's. */
  const asTyped = [
    'The caseload is empty again.\n-- \nWhat I tried: signing out and in, and another browser.',
    'Sent from my iPhone\nThe caseload is empty again, the reports too.',
    'The totals are wrong again.\n\nOn Mon, 4 May 2026, Bob wrote:\n> they were right this morning',
    'I am out of the office until Monday 11 May. For urgent matters please contact dan@example.test.',
    // A pasted log: a rule of 120 `=` and a line of 4,500 characters, within what a note takes.
    `The import log says:\n${'='.repeat(120)}\n${'ERROR row rejected; '.repeat(225)}and so on.`,
  ];

  it('keeps every line typed, and is a person\'s, whether the page files it or an admin releases it held over the cap', async () => {
    const JUNE = 'june@example.test';
    const old = await closedLongAgo(JUNE, 'Caseload is empty');
    const june = await rig.signedIn(JUNE, old.id);
    expect((await june.post(`/tickets/${old.ref}`, { do: 'notfixed', note: asTyped.join('\n\n') })).statusCode).toBe(303);
    await closeFollowUpsOf(old.id);
    const outcomes: string[] = [];
    for (const note of asTyped) {
      // NEW_REQUESTS_PER_SENDER_PER_HOUR=1: each further follow-up is held for an admin, who releases it.
      expect((await june.post(`/tickets/${old.ref}`, { do: 'notfixed', note: `${note} \n` })).statusCode).toBe(409);
      outcomes.push(await workerFiles(await releaseHeld()));
      await closeFollowUpsOf(old.id);
    }
    expect(outcomes).toEqual(asTyped.map(() => 'created'));
    const filed = await followUpsOf(old.id);
    expect(filed.map((t) => t.description)).toEqual([asTyped.join('\n\n'), ...asTyped]);
    // Each has its "submitted" mail, as the page's has: nothing read it as an autoresponder's.
    const submitted = (await rig.relay()).filter((m) => m.to === JUNE && m.template === 'submitted');
    expect(submitted.map((m) => m.props.ticketRef).sort()).toEqual(filed.map((t) => t.ref).sort());
  });
});

describe('a request from the form', () => {
  /** What the person types: their own name and the people to notify, one of them an admin named by the requester. */
  const form = (tag: string, name: string) => ({
    name,
    additional: [
      { name: `Zoë O'Neil, Jr. (${tag})`, email: `zoe-${tag}@example.test`, phone: '' },
      { name: 'IT Security Team', email: SUMMER, phone: '' },
    ],
  });
  /** The people on the new ticket, with the names the help desk keeps for them. */
  const expected = (tag: string, submitter: { email: string; name: string }) => [
    { email: submitter.email, name: submitter.name, role: 'submitter' },
    { email: SUMMER, name: '', role: 'interested' },
    { email: `zoe-${tag}@example.test`, name: `Zoë O'Neil, Jr. (${tag})`, role: 'interested' },
  ].sort((a, b) => a.email.localeCompare(b.email));
  const posted = (summary: string, typed: ReturnType<typeof form>) => ({
    action: 'submit', type: 'issue', summary, description: `About: ${summary}`, name: typed.name, phone: '555-0100',
    ...Object.fromEntries(typed.additional.flatMap((p, i) => [[`person-${i}-name`, p.name], [`person-${i}-email`, p.email], [`person-${i}-phone`, p.phone]])),
  });
  const filedAs = async (summary: string) => (await rig.database.db.select({ id: tickets.id }).from(tickets).where(eq(tickets.summary, summary)))[0]!.id;

  it('keeps the names typed on it when the page files it and when an admin releases it held over the cap', async () => {
    const GINA = 'gina@example.test';
    const anchor = await rig.ticket(GINA, 'Earlier request of gina');
    const gina = await rig.signedIn(GINA, anchor.id);
    expect((await gina.post('/new', posted('Report totals are wrong', form('page', 'Gina Gray')))).statusCode).toBe(303);
    expect((await gina.post('/new', posted('Caseload page is empty', form('held', 'Gina Gray-Lund')))).statusCode).toBe(422);
    expect(await peopleOn(await filedAs('Report totals are wrong'))).toEqual(expected('page', { email: GINA, name: 'Gina Gray' }));

    expect(await workerFiles(await releaseHeld())).toBe('created');
    // Her own name was given by the first form, and a form only fills in a name the help desk lacks.
    expect(await peopleOn(await filedAs('Caseload page is empty'))).toEqual(expected('held', { email: GINA, name: 'Gina Gray' }));
  });

  it('keeps the names typed on it when recovery files what a web process stored and did not file', async () => {
    const IVY = 'ivy@example.test';
    const typed = form('recovered', 'Ivy Ibáñez');
    const raw = await composeRequestMail({
      type: 'issue', summary: 'Printer queue is stuck', description: 'Nothing prints since noon.',
      submitter: { name: typed.name, email: IVY, phone: '' }, additional: typed.additional, files: [],
    }, rig.config, new Date());
    const stored = await new InboundStore(rig.database.db).store({ mailbox: WEB_MAILBOX, uidValidity: 1, uid: 4242, raw });
    expect(await workerFiles(stored.id)).toBe('created');
    expect(await peopleOn(await filedAs('Printer queue is stuck'))).toEqual(expected('recovered', { email: IVY, name: 'Ivy Ibáñez' }));
  });

  /** A description as people type one, which read as mail would lose its lines after the `-- ` and the sign-off. */
  const typedDescription = 'The caseload shows nobody.\n-- \nWhat I tried: another browser.\nSent from my iPhone\nIt is the same on the desktop.';
  const ticketOf = async (summary: string) => (await rig.database.db.select().from(tickets).where(eq(tickets.summary, summary)))[0];

  it('keeps the type chosen on it and its description whole when the page files it and when an admin releases it held over the cap', async () => {
    const HUGO = 'hugo@example.test';
    const anchor = await rig.ticket(HUGO, 'Earlier request of hugo');
    const hugo = await rig.signedIn(HUGO, anchor.id);
    const asPosted = (summary: string, type: string) => ({ action: 'submit', type, summary, description: typedDescription, name: 'Hugo Hale', phone: '555-0101' });
    expect((await hugo.post('/new', asPosted('Caseload shows nobody', 'suggestion'))).statusCode).toBe(303);
    expect((await hugo.post('/new', asPosted('Caseload still shows nobody', 'question'))).statusCode).toBe(422);
    expect(await workerFiles(await releaseHeld())).toBe('created');

    const description = requestText({ type: 'issue', summary: '', description: typedDescription, submitter: { name: 'Hugo Hale', email: HUGO, phone: '555-0101' }, additional: [], files: [] });
    const filed = async (summary: string) => { const t = await ticketOf(summary); return { type: t?.type, description: t?.description }; };
    expect(await filed('Caseload shows nobody')).toEqual({ type: 'suggestion', description });
    expect(await filed('Caseload still shows nobody')).toEqual({ type: 'question', description });
  });

  for (const onThreads of [false, true]) {
    it(`keeps the type chosen on it, its description whole and is a person's when recovery files it (${onThreads ? 'on a pipeline thread' : 'on the worker\'s own thread'}); the same message mailed gets no type from it`, async () => {
      const tag = onThreads ? 'threads' : 'own';
      const request = (summary: string): WebRequest => ({
        type: 'question', summary, description: `I am out of the office from 2 June until 16 June.\n${typedDescription}`,
        submitter: { name: 'Ida', email: `ida-${tag}@example.test`, phone: '' }, additional: [], files: [],
      });
      const inbound = new InboundStore(rig.database.db);
      const pool = onThreads ? startPipelinePool(1, { intake: null }) : null;
      try {
        // Its subject would make a mail an autoresponder's ("Out of office: ..."); the form is a person's.
        const recovered = request(`Out of office: who covers my cases (${tag})`);
        const stored = await inbound.store({ mailbox: WEB_MAILBOX, uidValidity: 1, uid: onThreads ? 4243 : 4244, raw: await composeRequestMail(recovered, rig.config, new Date()) });
        expect(await workerFiles(stored.id, pool?.stages)).toBe('created');
        const filed = await ticketOf(recovered.summary);
        expect({ type: filed?.type, description: filed?.description }).toEqual({ type: 'question', description: requestText(recovered) });
        // Fetched mail is anyone's: a header only the web pages write names no type when a mail carries it.
        const mailed = request(`Who covers my cases (${tag})`);
        const fetched = await inbound.store({ mailbox: 'INBOX', uidValidity: 1, uid: onThreads ? 4245 : 4246, raw: await composeRequestMail(mailed, rig.config, new Date()) });
        expect(await workerFiles(fetched.id, pool?.stages)).toBe('created');
        expect((await ticketOf(mailed.summary))?.type).toBe('issue');
      } finally {
        await pool?.close();
      }
    });
  }

  it('answers its person and keeps the people added when recovery files it, as the page does, even from an address mail systems use', async () => {
    // A mail from postmaster@ gets no automatic answer and brings nobody in (RFC 3834); a person
    // signed in with that address who filed the form is answered by the page, and so by the worker.
    const POSTMASTER = 'postmaster@example.test';
    const ZED = 'zed@example.test';
    const request: WebRequest = {
      type: 'issue', summary: 'Mail to the caseworkers bounces', description: 'Our caseworkers get no mail since noon.',
      submitter: { name: 'Pat Post', email: POSTMASTER, phone: '' }, additional: [{ name: 'Zed', email: ZED, phone: '' }], files: [],
    };
    const stored = await new InboundStore(rig.database.db).store({ mailbox: WEB_MAILBOX, uidValidity: 1, uid: 4247, raw: await composeRequestMail(request, rig.config, new Date()) });
    expect(await workerFiles(stored.id)).toBe('created');
    const filed = (await ticketOf(request.summary))!;
    expect((await peopleOn(filed.id)).map((p) => [p.email, p.role])).toEqual([[POSTMASTER, 'submitter'], [ZED, 'interested']]);
    const told = (await rig.relay()).filter((m) => m.template === 'submitted' && m.props.ticketRef === filed.ref).map((m) => m.to).sort();
    expect(told).toEqual([POSTMASTER, ZED]);
  });
});
