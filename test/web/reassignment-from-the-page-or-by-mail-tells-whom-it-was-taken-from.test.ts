// A ticket given to someone else, by a reply's "#assign me" or by an admin's assign form on the
// ticket page, tells whom it was taken from in a mail of its own words ("has been reassigned"), as
// well as the submitter and the new assignee ("has been assigned"); nobody hears of their own action.
import { expect, it } from 'vitest';
import { useWebRig } from './support.ts';

const ALICE = 'alice@example.test';
const SUMMER = 'summer@example.test';
const BECKY = 'becky@example.test';
const NIKO = 'niko@example.test';

const rig = useWebRig({ ADMIN_EMAILS: [SUMMER, BECKY, NIKO].join(',') });

it('tells whom the ticket was taken from, by mail and on the page', async () => {
  const ticket = await rig.ticket(ALICE, 'Wrong Org AAAA111111');
  const summer = await rig.signedIn(SUMMER, ticket.id);
  expect((await summer.post(`/tickets/${ticket.ref}`, { do: 'assign', assignee: SUMMER })).statusCode).toBe(303);
  await rig.relay();

  // Becky takes Summer's ticket by mail.
  expect(await rig.signedReply(BECKY, ticket.id, '#assign me\n\nI will take this one.')).toBe('appended');
  const byMail = (await rig.relay()).filter((m) => m.template === 'assigned');
  expect(byMail.map((m) => m.to).sort()).toEqual([ALICE, SUMMER]);
  expect(byMail.find((m) => m.to === SUMMER)!.props).toMatchObject({ reassignedAway: true, assigneeName: expect.any(String) });
  expect(byMail.find((m) => m.to === ALICE)!.props.reassignedAway).toBeUndefined();

  // Summer gives it to Niko on the page: Becky, whose it was, hears so; Summer, who did it, does not.
  expect((await summer.post(`/tickets/${ticket.ref}`, { do: 'assign', assignee: NIKO })).statusCode).toBe(303);
  const onThePage = (await rig.relay()).filter((m) => m.template === 'assigned');
  expect(onThePage.map((m) => m.to).sort()).toEqual([ALICE, BECKY, NIKO]);
  expect(onThePage.find((m) => m.to === BECKY)!.props.reassignedAway).toBe(true);
  expect(onThePage.filter((m) => m.to !== BECKY).map((m) => m.props.reassignedAway)).toEqual([undefined, undefined]);
});
