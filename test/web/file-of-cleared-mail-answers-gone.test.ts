// A ticket whose mail was cleared under RAW_MAIL_DAYS, on its web page: the file is listed as
// removed, its download answers 410 Gone with a page that says why, and the request's original
// says it was removed. The same file on another ticket, whose mail is kept, still downloads,
// although both tickets share one stored copy of it. Real database and Redis.
import { pino } from 'pino';
import { beforeAll, describe, expect, it } from 'vitest';
import { InboundStore } from '../../src/adapters/db/inbound-store.ts';
import { OutboundStore } from '../../src/adapters/db/outbound-store.ts';
import { runScheduledTask, type ScheduleDeps } from '../../src/workers/schedule.ts';
import { mainOf, useWebRig, type Browser } from './support.ts';

const BOB = 'bob@example.test';
const FILE = 'Client BBBB222222 intake form, with the diagnosis';

const rig = useWebRig({ RAW_MAIL_DAYS: '30' });
let retention: () => Promise<string>;

beforeAll(async () => {
  const inbound = new InboundStore(rig.database.db);
  const deps: ScheduleDeps = {
    db: rig.database.db, tickets: rig.store, inbound, outbound: new OutboundStore(rig.database.db, 'example.test', rig.config.TICKET_PREFIX),
    config: rig.config, log: pino({ level: 'silent' }), relay: async () => 0, adminEmails: async () => [],
    enqueueInbound: async () => {}, enqueueOutbound: async () => {}, askFor: (item) => item,
  };
  retention = () => runScheduledTask(deps, 'mail-retention', new Date());
}, 60_000);

async function noteWithFile(b: Browser, ref: string): Promise<string> {
  const form = new FormData();
  form.set('do', 'note');
  form.set('note', 'The intake form is attached.');
  form.set('files', new Blob([Buffer.from(FILE)], { type: 'text/plain' }), 'intake.txt');
  expect((await b.postMultipart(`/tickets/${ref}`, form)).statusCode).toBe(303);
  return /href="(\/tickets\/[^"]+\/files\/\d+)"/.exec((await b.get(`/tickets/${ref}`)).body)![1]!;
}

describe('a file whose mail was cleared', () => {
  it('answers 410 Gone and says why; the page lists it as removed; the same file on a kept ticket still downloads', async () => {
    const closed = await rig.ticket(BOB, 'Intake form question BBBB222222');
    const open = await rig.ticket(BOB, 'Second intake form question');
    // The request that opened the first ticket came in by mail.
    const { id: requestId } = await new InboundStore(rig.database.db).store({
      mailbox: 'INBOX', uidValidity: 1, uid: 1, raw: Buffer.from(`From: ${BOB}\r\nTo: helpdesk@example.test\r\nSubject: Intake form question BBBB222222\r\nMessage-ID: <intake@example.test>\r\n\r\nThe diagnosis field is wrong.\r\n`),
    });
    await rig.database.sql`update inbound_messages set status = 'processed', outcome = 'created', ticket_id = ${closed.id}, processed_at = now() where id = ${requestId}`;
    const b = await rig.signedIn(BOB, closed.id);
    const closedFile = await noteWithFile(b, closed.ref);
    await b.signIn(await rig.link(BOB, open.id));
    const openFile = await noteWithFile(b, open.ref);
    expect((await b.get(closedFile)).body).toBe(FILE);
    expect(mainOf((await b.get(`/tickets/${closed.ref}/original`)).body)).toContain('The diagnosis field is wrong.');

    // The first ticket was closed 31 days ago; RAW_MAIL_DAYS is 30.
    await rig.database.sql`update tickets set status = 'closed', resolution = 'fixed', closed_at = now() - interval '31 days' where id = ${closed.id}`;
    expect(await retention()).toMatch(/cleared the raw mail of 2 messages/);

    const gone = await b.get(closedFile);
    expect(gone.statusCode).toBe(410);
    expect(gone.body).not.toContain(FILE);
    expect(mainOf(gone.body)).toMatch(/intake\.txt was removed on \d\d\/\d\d\/\d{4}: this help desk keeps mail and the files sent with it for 30 days after its ticket is closed \(RAW_MAIL_DAYS\)/);
    const page = mainOf((await b.get(`/tickets/${closed.ref}`)).body);
    expect(page).toContain('The intake form is attached.');
    expect(page).toContain('intake.txt (removed: mail is kept only for a set time after its ticket is closed)');
    expect(page).not.toContain(closedFile);
    const original = mainOf((await b.get(`/tickets/${closed.ref}/original`)).body);
    expect(original).toMatch(/The mail of this request was removed on \d\d\/\d\d\/\d{4}/);
    expect(original).not.toContain('The diagnosis field is wrong.');

    // One stored copy of the file serves both tickets; the open one's own mail still carries it.
    const kept = await b.get(openFile);
    expect(kept.statusCode).toBe(200);
    expect(kept.body).toBe(FILE);
  });
});
