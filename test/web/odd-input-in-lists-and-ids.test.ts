// Input PostgreSQL cannot take is answered as a page, not a server error: a NUL in a list's search
// is dropped, and a stored-message id beyond what a serial holds names no message.
import { expect, it } from 'vitest';
import { mainOf, useWebRig } from './support.ts';

const SUMMER = 'summer@example.test'; // an admin
const rig = useWebRig();

it('searches without a NUL, and says an id too large for a stored message names none', async () => {
  const ticket = await rig.ticket(SUMMER, 'Report totals wrong');
  const summer = await rig.signedIn(SUMMER, ticket.id);
  for (const url of ['/my?q=%00', '/my?q=Report%00', '/admin?q=%00']) {
    const res = await summer.get(url);
    expect(res.statusCode, url).toBe(200);
  }
  expect(mainOf((await summer.get('/my?q=Report%00')).body)).toContain('Report totals wrong');
  const held = await summer.get('/admin/mail/3000000000');
  expect(held.statusCode).toBe(404);
  expect((await summer.post('/admin/mail/3000000000/drop', {})).statusCode).toBe(303);
});
