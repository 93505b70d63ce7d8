// End to end on real servers: a sender that gives every message the same Message-ID (a copy-paste
// client, a web form, a script) has each different request filed as its own ticket, and a reply
// naming that Message-ID goes to the first of them; the same mail delivered twice, with other
// transport headers on the way, is still filed once.
import nodemailer from 'nodemailer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../support/harness.ts';
import type { ParsedMessage } from '../../src/inbound/types.ts';

const ALICE = 'alice@example.test';
const TAG = (ref: string) => `[ClientTrack Issues Tracking] Issue ${ref}`;
const submitted = (ref: string) => (m: ParsedMessage) => m.subject === `${TAG(ref)} has been submitted`;

/** Raw mail through the relay as it is, with the envelope given. */
async function sendRaw(h: Harness, raw: string): Promise<void> {
  const smtp = nodemailer.createTransport({ host: '127.0.0.1', port: h.stack.relay.port, secure: false, ignoreTLS: true } as Parameters<typeof nodemailer.createTransport>[0]);
  try {
    await smtp.sendMail({ envelope: { from: ALICE, to: [h.helpdesk] }, raw: raw.replace(/\r?\n/g, '\r\n') });
  } finally {
    smtp.close();
  }
}

/** The outcome of each stored message with this Message-ID, oldest first, once none is pending. */
async function outcomesOf(h: Harness, messageId: string, expected: number): Promise<string[]> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const rows = await h.service.database.sql<{ status: string; outcome: string }[]>`select status, outcome from inbound_messages where message_id = ${messageId} order by id`;
    if ((rows.length >= expected && rows.every((r) => r.status !== 'pending')) || Date.now() > deadline) return rows.map((r) => r.outcome);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('a Message-ID used again for other mail', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ users: [ALICE] });
  });
  afterAll(async () => {
    await h?.stop();
  });

  const FIXED = 'same-for-every-message@client.example.test';

  it('files two different requests sent with the same Message-ID as two tickets', async () => {
    await h.send(`Alice <${ALICE}>`, { messageId: `<${FIXED}>`, subject: 'Enrollment will not save', text: 'The enrollment for client AAAA123456 will not save since this morning.' });
    await h.waitForMail(ALICE, submitted('Utah_RW-1'));
    await h.send(`Alice <${ALICE}>`, { messageId: `<${FIXED}>`, subject: 'Add a case manager', text: 'Please add Marcus Lee to Valley Shelter as a case manager; he starts on Monday.' });
    await h.waitForMail(ALICE, submitted('Utah_RW-2'));
    expect(await outcomesOf(h, FIXED, 2)).toEqual(['created', 'created']);
    expect((await h.ticket('Utah_RW-1'))?.originalSubject).toBe('Enrollment will not save');
    expect((await h.ticket('Utah_RW-2'))?.originalSubject).toBe('Add a case manager');
  });

  it('threads a reply naming that Message-ID into the first ticket, and a reply to the second ticket\u2019s mail into the second', async () => {
    await h.send(`Alice <${ALICE}>`, {
      subject: 'Re: Enrollment will not save', text: 'It also fails for client BBBB654321.', inReplyTo: `<${FIXED}>`, references: [`<${FIXED}>`],
    });
    await h.waitForTicket('Utah_RW-1', (t) => t.notes.some((n) => n.body.includes('BBBB654321')));
    // Through its own status mail's Message-ID (sent to the plain address, so no signed address decides).
    const ack = await h.waitForMail(ALICE, submitted('Utah_RW-2'));
    await h.send(`Alice <${ALICE}>`, {
      subject: `Re: ${ack.subject}`, text: 'He will need access to the Programs tab too.',
      inReplyTo: `<${ack.messageId}>`, references: [...ack.references, ack.messageId!].map((id) => `<${id}>`),
    });
    await h.waitForTicket('Utah_RW-2', (t) => t.notes.some((n) => n.body.includes('Programs tab')));
    await h.settle();
    expect((await h.ticket('Utah_RW-1'))!.notes.some((n) => n.body.includes('Programs tab'))).toBe(false);
    expect((await h.ticket('Utah_RW-2'))!.notes.some((n) => n.body.includes('BBBB654321'))).toBe(false);
  });

  it('still files the same mail delivered twice once, though each copy came with its own Received headers', async () => {
    const messageId = 'delivered-twice@client.example.test';
    const mail = [
      `From: Alice <${ALICE}>`, `To: ${h.helpdesk}`, 'Subject: Intake form shows a blank page', `Message-ID: <${messageId}>`,
      'Date: Mon, 13 Jan 2025 09:00:00 -0600', 'MIME-Version: 1.0', 'Content-Type: text/plain; charset=utf-8', '',
      'The intake form shows a blank page for client CCCC111111 since this morning.', '',
    ].join('\r\n');
    await sendRaw(h, `Received: from mx1.client.example.test (mx1.client.example.test [192.0.2.10])\r\n\tby relay.example.test with ESMTP id A1; Mon, 13 Jan 2025 09:00:02 -0600\r\n${mail}`);
    await sendRaw(h, [
      'Received: from mx2.client.example.test (mx2.client.example.test [192.0.2.11])\r\n\tby relay.example.test with ESMTPS id B2; Mon, 13 Jan 2025 09:20:41 -0600',
      'Received: from backup.client.example.test (backup.client.example.test [192.0.2.12])\r\n\tby mx2.client.example.test with ESMTP id C3; Mon, 13 Jan 2025 09:20:40 -0600',
      'Return-Path: <SRS0=x1=VX=client.example.test=alice@forwarder.example.test>',
      mail,
    ].join('\r\n'));
    expect((await outcomesOf(h, messageId, 2)).sort()).toEqual(['created', 'ignored:duplicate-message-id']);
    const [row] = await h.service.database.sql<{ n: number }[]>`select count(*)::int as n from tickets where original_subject = 'Intake form shows a blank page'`;
    expect(row!.n).toBe(1);
  });
});
