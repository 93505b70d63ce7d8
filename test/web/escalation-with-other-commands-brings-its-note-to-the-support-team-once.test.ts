// An admin's reply that escalates and does something else too (#priority, #waiting, #cc, #fixed)
// brings the support team the note written with it once, in the escalation mail, whichever mail
// carries the note to everyone else; with no note, the team gets the escalation mail alone. Both
// commands on one line is no escalation: the admin is told to put each on a line of its own.
import { describe, expect, it } from 'vitest';
import { useWebRig } from './support.ts';

const ALICE = 'alice@example.test';
const SUMMER = 'summer@example.test';
const BECKY = 'becky@example.test';
const SUPPORT = 'support@vendor.example.test';
const NOTE = 'Please look at the Salt Lake report, it fails for AAAA111111.';

const rig = useWebRig({ ADMIN_EMAILS: SUMMER, SUPPORT_ADDRESS: SUPPORT });

async function escalatedWith(reply: string) {
  const ticket = await rig.ticket(ALICE, 'Salt Lake report fails');
  await rig.relay();
  await rig.signedReply(SUMMER, ticket.id, reply);
  const mails = await rig.relay();
  return { ticket: (await rig.store.byId(ticket.id))!, mails, toSupport: mails.filter((m) => m.to === SUPPORT) };
}

describe('the support team hears of an escalation made with other commands', () => {
  it.each([
    ['a note alone', `#escalate\n${NOTE}`, 'new_note'],
    ['#priority', `#escalate\n#priority high\n${NOTE}`, 'new_note'],
    ['#waiting', `#escalate\n#waiting\n${NOTE}`, 'waiting'],
    ['#cc', `#escalate\n#cc ${BECKY}\n${NOTE}`, 'new_note'],
    ['#fixed', `#escalate\n#fixed\n${NOTE}`, 'fixed'],
  ])('with %s: the note once, in the escalation mail', async (_, reply, carrier) => {
    const { ticket, mails, toSupport } = await escalatedWith(reply);
    expect(ticket.escalatedAt).not.toBeNull();
    expect(toSupport.map((m) => m.template)).toEqual(['escalated']);
    expect(toSupport[0]!.props.noteText).toContain(NOTE);
    expect(mails.find((m) => m.to === ALICE && m.template === carrier)?.props.noteText).toBe(NOTE);
  });

  it('with #priority and no note: the escalation mail alone', async () => {
    const { ticket, toSupport } = await escalatedWith('#escalate\n#priority high');
    expect(ticket.priority).toBe('high');
    expect(toSupport.map((m) => m.template)).toEqual(['escalated']);
  });

  it('with #priority on the same line: nothing done, and the admin told why', async () => {
    const { ticket, mails } = await escalatedWith('#escalate #priority high');
    expect(ticket.escalatedAt).toBeNull();
    expect(mails.map((m) => `${m.to} ${m.template}`)).toEqual([`${SUMMER} command_refused`]);
    expect(mails[0]!.props.refusals).toEqual([{ command: '#escalate #priority high', reason: '#escalate takes nothing after it; put each command on a line of its own, and the note on the lines below them' }]);
  });
});
