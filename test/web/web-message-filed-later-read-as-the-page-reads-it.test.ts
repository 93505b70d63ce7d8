// What the web pages store for a person and the worker files later (held over the sender's hourly
// cap and released by an admin, or left behind by a web process that stopped and recovered) is read
// as the page reads it when it files it itself. A follow-up typed on a closed ticket's page is the
// person's note word for word: a line it starts with `#` is text, never an email command (the page's
// buttons are its actions), neither refused on the new ticket nor carried out on the old one. A
// request from the form keeps the names typed on it for the person and the people they add (but
// none for the help desk's own people), as the page keeps them.
import { describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { pino } from 'pino';
import { inboundMessages, notes, participants, people, tickets } from '../../src/adapters/db/schema.ts';
import { InboundStore } from '../../src/adapters/db/inbound-store.ts';
import { pipelineSettings } from '../../src/stage-settings.ts';
import { processMail } from '../../src/workers/process-mail.ts';
import { composeRequestMail } from '../../src/web/submit-request.ts';
import { WEB_MAILBOX } from '../../src/inbound/web-mailbox.ts';
import { useWebRig } from './support.ts';

const SUMMER = 'summer@example.test';
const DAY = 86_400_000;

const rig = useWebRig({ NEW_REQUESTS_PER_SENDER_PER_HOUR: '1' });

/** processMail as the worker runs it, for a stored message an admin released or recovery took up. */
const workerFiles = (id: number) => processMail({
  db: rig.database.db, inbound: new InboundStore(rig.database.db), tickets: rig.store, settings: pipelineSettings(rig.config, []), assessIntake: null,
  maxAttachmentBytes: rig.config.MAX_ATTACHMENT_MB * 1024 * 1024, log: pino({ level: 'silent' }), afterChange: async () => {},
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
});
