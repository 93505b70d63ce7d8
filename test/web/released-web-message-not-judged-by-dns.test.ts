// What the web pages store for a person (a request from the form, a follow-up from a closed
// ticket's page) is a message without a DKIM signature or a Received chain: its sender was proven
// by their signed-in session, not by DNS. Held over the sender's hourly cap and released by an
// admin, or left behind by a web process that stopped, such a message is handled by the worker like
// fetched mail, but with the sender check on (SENDER_AUTH=verify) and the person's domain
// publishing DMARC p=reject it is still decided as the web page decides it: filed and answered,
// never taken for a forged From (the same bytes, checked as fetched mail, fail DMARC), and no
// verdict of a check is kept with it.
import { expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { pino } from 'pino';
import { inboundMessages, tickets } from '../../src/adapters/db/schema.ts';
import { InboundStore } from '../../src/adapters/db/inbound-store.ts';
import { senderVerifier } from '../../src/adapters/mail-auth/verify-sender.ts';
import { pipelineSettings } from '../../src/stage-settings.ts';
import { processMail } from '../../src/workers/process-mail.ts';
import { SIGNED_DOMAIN, testResolver } from '../support/dkim.ts';
import { composeRequestMail } from '../../src/web/submit-request.ts';
import { WEB_MAILBOX } from '../../src/inbound/web-mailbox.ts';
import { useWebRig } from './support.ts';

const GINA = `gina@${SIGNED_DOMAIN}`;
const HANK = `hank@${SIGNED_DOMAIN}`;
const IVY = `ivy@${SIGNED_DOMAIN}`;
const DAY = 86_400_000;

const rig = useWebRig({ SENDER_AUTH: 'verify', NEW_REQUESTS_PER_SENDER_PER_HOUR: '1' });

/** The sender check the service builds from its settings, with the test's DNS. */
const verifySender = (raw: Buffer) => senderVerifier({ mode: rig.config.SENDER_AUTH, authResultsServer: rig.config.AUTH_RESULTS_SERVER || null, resolver: testResolver })(raw);
/** processMail as the worker runs it, with that check. */
const workerProcesses = (inbound: InboundStore, id: number) => processMail({
  db: rig.database.db, inbound, tickets: rig.store, settings: pipelineSettings(rig.config, []), assessIntake: null, verifySender,
  maxAttachmentBytes: rig.config.MAX_ATTACHMENT_MB * 1024 * 1024, log: pino({ level: 'silent' }), afterChange: async () => {},
}, id);

const heldWebRows = async () => rig.database.db.select({ id: inboundMessages.id, raw: inboundMessages.raw }).from(inboundMessages)
  .where(and(eq(inboundMessages.mailbox, 'web'), eq(inboundMessages.status, 'quarantined')));
/** Closes the follow-ups of ticket `id`: while one is open, what is written too late for the old ticket is a note on it, not another follow-up. */
const closeFollowUpsOf = async (id: number) => rig.database.db.update(tickets).set({ status: 'closed', resolution: 'verified', closedAt: new Date() }).where(eq(tickets.previousTicketId, id));

const form = (summary: string) => ({ type: 'issue', summary, description: `About: ${summary}`, name: 'Gina', phone: '555-0100' });

it('files and answers a request from the form held over the cap and released, though the same bytes as fetched mail fail DMARC', async () => {
  const anchor = await rig.ticket(GINA, 'Earlier request of gina');
  const gina = await rig.signedIn(GINA, anchor.id);
  expect((await gina.post('/new', { action: 'submit', ...form('Report totals are wrong') })).statusCode).toBe(303);
  // NEW_REQUESTS_PER_SENDER_PER_HOUR=1: the second is held for an admin.
  expect((await gina.post('/new', { action: 'submit', ...form('Caseload page is empty') })).statusCode).toBe(422);
  const [held] = await heldWebRows();
  await rig.relay();

  // The admin's `deskmail quarantine retry`.
  const inbound = new InboundStore(rig.database.db);
  expect(await inbound.release(held!.id)).toBe(true);
  expect(await workerProcesses(inbound, held!.id)).toBe('created');
  const [filed] = await rig.database.db.select().from(tickets).where(eq(tickets.summary, 'Caseload page is empty'));
  expect({ submitter: filed?.submitterId, unverifiedSender: filed?.unverifiedSender }).toEqual({ submitter: await rig.personId(GINA), unverifiedSender: null });
  expect((await rig.relay()).filter((m) => m.to === GINA).map((m) => m.template)).toEqual(['submitted']);
  // Nothing was checked, so no sender verdict is kept with it: the page's is the one it is decided with.
  const [row] = await rig.database.db.select({ senderVerdict: inboundMessages.senderVerdict }).from(inboundMessages).where(eq(inboundMessages.id, held!.id));
  expect(row!.senderVerdict).toBeNull();

  // The check is on: the same bytes, taken for mail fetched from the mailbox, are a forged From of a DMARC domain.
  expect(await verifySender(held!.raw!)).toEqual({ verified: 'fail', reason: expect.stringContaining(`dmarc=fail (p=reject`) });
});

it('files a follow-up from a closed ticket\'s page held over the cap and released as the page would have, its person proven', async () => {
  const old = await rig.ticket(HANK, 'Caseload will not load');
  await rig.database.db.update(tickets).set({ status: 'closed', resolution: 'verified', closedAt: new Date(Date.now() - 20 * DAY) }).where(eq(tickets.id, old.id));
  const hank = await rig.signedIn(HANK, old.id);
  expect((await hank.post(`/tickets/${old.ref}`, { do: 'notfixed', note: 'The caseload is empty again.' })).statusCode).toBe(303);
  await closeFollowUpsOf(old.id);
  expect((await hank.post(`/tickets/${old.ref}`, { do: 'reopen', note: 'And now the whole team sees an empty caseload.' })).statusCode).toBe(409);
  const [held] = await heldWebRows();
  await rig.relay();

  const inbound = new InboundStore(rig.database.db);
  expect(await inbound.release(held!.id)).toBe(true);
  expect(await workerProcesses(inbound, held!.id)).toBe('created');
  const followUps = await rig.database.db.select().from(tickets).where(eq(tickets.previousTicketId, old.id)).orderBy(tickets.id);
  const filed = followUps[1];
  expect(filed?.description).toContain('And now the whole team sees an empty caseload.');
  expect({ summary: filed?.summary, type: filed?.type, route: filed?.route, unverifiedSender: filed?.unverifiedSender })
    .toEqual({ summary: 'Caseload will not load', type: 'issue', route: 'ica_helpdesk', unverifiedSender: null });
  expect((await rig.relay()).filter((m) => m.to === HANK).map((m) => m.template)).toContain('submitted');
});

it('files and answers a request the web process stored but did not file, when recovery takes it up', async () => {
  // What the request form stores before it files the request; the process stopped there.
  const raw = await composeRequestMail({
    type: 'issue', summary: 'Printer queue is stuck', description: 'Nothing prints since noon.',
    submitter: { name: 'Ivy', email: IVY, phone: '' }, additional: [], files: [],
  }, rig.config, new Date());
  const inbound = new InboundStore(rig.database.db);
  const stored = await inbound.store({ mailbox: WEB_MAILBOX, uidValidity: 1, uid: 4242, raw });
  expect(await workerProcesses(inbound, stored.id)).toBe('created');
  const [filed] = await rig.database.db.select().from(tickets).where(eq(tickets.summary, 'Printer queue is stuck'));
  expect(filed?.unverifiedSender).toBeNull();
  expect((await rig.relay()).filter((m) => m.to === IVY).map((m) => m.template)).toEqual(['submitted']);
});
