// Input PostgreSQL cannot take is answered as a page, not a server error: a NUL in a list's search
// is dropped, and a stored-message or file id beyond what a serial holds names no message or file.
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

it('says a file id too large for a stored file names no file on the ticket', async () => {
  const ticket = await rig.ticket(SUMMER, 'Export has no rows');
  const summer = await rig.signedIn(SUMMER, ticket.id);
  for (const id of ['2147483648', '99999999999999', '1e300']) {
    const res = await summer.get(`/tickets/${ticket.ref}/files/${id}`);
    expect(res.statusCode, id).toBe(404);
    expect(mainOf(res.body), id).toContain('There is no such file on this ticket.');
  }
});
