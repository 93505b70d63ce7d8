// Every piece of stored mail text a status mail shows (a note, the request in the mails that hand
// it over, the summary, a bounce's words, the digest's lines) goes out without the personal ticket
// links, sign-in links and signed reply addresses it quotes: each acts as the person it was mailed
// to. The recipient's own link and reply address, which the template gives, are kept.
import { describe, expect, it } from 'vitest';
import { planDigest } from '../../src/outbound/digest.ts';
import { buildMailProps, type MailPropsInput } from '../../src/outbound/mail-props.ts';

const HELPDESK = 'helpdesk@example.test';
const TOKEN = 'AQAAAAEAAAABaz6K8wAAAABnlnveGKBpdAarnCFlP25k';
const HERS = `https://help.example.test/tickets/Utah_RW-1?k=${TOKEN}`;
const SIGN_IN = `https://help.example.test/sign-in/${TOKEN}`;
const HER_ADDRESS = 'helpdesk+1-7-auj2kyuvm2xwy2uq@example.test';
const OWN_ADDRESS = 'helpdesk+2-3-aaaaaaaaaaaaaaaa@example.test';
const OWN_TOKEN = 'AQAAAAMAAAABaz6K9gAAAADLRF285KcsVphOM3zbSadD';
const PASTED = `Here is my link: ${HERS}\nand ${SIGN_IN} and ${HER_ADDRESS}`;
const SHOWN = `Here is my link: https://help.example.test/tickets/Utah_RW-1\nand https://help.example.test/sign-in and ${HELPDESK}`;

const base: MailPropsInput = {
  event: 'new_note', systemName: 'ClientTrack', publicUrl: 'https://help.example.test',
  ticket: { ref: 'Utah_RW-2', summary: `Same as ${HERS}`, status: 'assigned', description: `The request. ${PASTED}`, clientIds: [] },
  payload: {}, note: { body: PASTED, internal: false }, files: [],
  actor: { email: 'alice@example.test', name: 'Alice' }, assignee: null, recipient: { email: 'support@vendor.example.test', name: 'Support' },
  replyAddress: OWN_ADDRESS, helpdeskAddress: HELPDESK, signInToken: OWN_TOKEN,
};

describe('stored text in a status mail', () => {
  it('shows a note without the links and addresses it quotes, and keeps the recipient\'s own', () => {
    const props = buildMailProps(base);
    expect(props.noteText).toBe(SHOWN);
    expect(props.summary).toBe('Same as https://help.example.test/tickets/Utah_RW-1');
    expect(props.ticketUrl).toBe(`https://help.example.test/tickets/Utah_RW-2?k=${OWN_TOKEN}`);
    expect(props.replyAddress).toBe(OWN_ADDRESS);
  });

  it('hands over the request without them: to the admins, to another organisation, and under an escalation note', () => {
    for (const event of ['new_ticket_admin', 'forwarded'] as const) {
      expect(buildMailProps({ ...base, event, note: null }).noteText, event).toBe(`The request. ${SHOWN}`);
    }
    const escalated = buildMailProps({ ...base, event: 'escalated', note: { body: `Please look. ${HERS}`, internal: false } });
    expect(escalated.noteText).toBe(`Please look. https://help.example.test/tickets/Utah_RW-1\n\nThe request, as submitted:\nThe request. ${SHOWN}`);
  });

  it('shows a bounce\'s words without them', () => {
    const props = buildMailProps({ ...base, event: 'bounce_notice', note: null, payload: { bounce: { address: 'gone@example.test', diagnostic: `550 no such user; reply to ${HER_ADDRESS}` } } });
    expect(props.bounce).toEqual({ address: 'gone@example.test', diagnostic: `550 no such user; reply to ${HELPDESK}` });
  });

  it('lists the digest\'s summaries without them', () => {
    const rows = planDigest([{ ref: 'Utah_RW-2', summary: `Same as ${HERS}`, status: 'new', priority: 'normal', createdAt: new Date('2026-01-01T00:00:00Z') }], new Date('2026-01-02T00:00:00Z'), 'https://help.example.test', HELPDESK);
    expect(rows.map((r) => r.summary)).toEqual(['Same as https://help.example.test/tickets/Utah_RW-1']);
  });
});
