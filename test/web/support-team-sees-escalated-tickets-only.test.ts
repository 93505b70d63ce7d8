// The support team (SUPPORT_ADDRESS) on the web has what it has by mail: the tickets escalated to
// it, through the participant row escalation adds, and nothing of any other ticket.
import { expect, it } from 'vitest';
import { participants } from '../../src/adapters/db/schema.ts';
import { mainOf, useWebRig } from './support.ts';

const SUPPORT = 'vendor-team@support.example';

const rig = useWebRig({ SUPPORT_ADDRESS: SUPPORT });

it('opens a ticket escalated to the team and refuses one that was not', async () => {
  const escalated = await rig.ticket('alice@example.test', 'Report totals wrong for client AAAA111111');
  const other = await rig.ticket('bob@example.test', 'Bob cannot merge BBBB222222');
  await rig.database.db.insert(participants).values({ ticketId: escalated.id, personId: await rig.personId(SUPPORT), role: 'support' });
  const team = rig.browser();
  const mine = await team.signIn(await rig.link(SUPPORT, escalated.id));
  expect(mine.statusCode).toBe(200);
  expect(mainOf(mine.body)).toContain('AAAA111111');
  const notMine = await team.get(`/tickets/${other.ref}`);
  expect(notMine.statusCode).toBe(404);
  expect(notMine.body).not.toContain('BBBB222222');
  expect((await team.get(`/tickets/${other.ref}/original`)).statusCode).toBe(404);
});
