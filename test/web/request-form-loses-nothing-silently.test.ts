// The request form loses nothing without saying so: at its fullest (ten more people, every file's
// remove box ticked) it is read as a form, not refused as too large (the form's own fields stay
// inside the server's field limit), and a file it cannot take is named on the page whichever button
// was pressed.
import { expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { mainOf, startWebRig, useWebRig } from './support.ts';

const rig = useWebRig();

it('keeps a draft with ten more people while ten files are removed', async () => {
  const ticket = await rig.ticket('erin@example.test', 'An earlier request of erin');
  const erin = await rig.signedIn('erin@example.test', ticket.id);
  const form = new FormData();
  for (const [k, v] of Object.entries({ action: 'update', slots: '10', type: 'issue', summary: 'Report totals wrong', description: 'The totals are wrong.', name: 'Erin', phone: '555-0100' })) form.set(k, v);
  for (let i = 0; i < 10; i++) {
    form.set(`person-${i}-name`, `Person ${i}`);
    form.set(`person-${i}-email`, `person${i}@example.test`);
    form.set(`person-${i}-phone`, `555-01${String(i).padStart(2, '0')}`);
  }
  for (let i = 0; i < 10; i++) form.append('remove', `file-${i}`);
  const res = await erin.postMultipart('/new', form);
  expect(res.statusCode).not.toBe(413);
  expect(res.statusCode).toBeLessThan(400);
  const page = res.statusCode === 303 ? await erin.get(res.headers.location as string) : res;
  expect(mainOf(page.body)).toContain('person9@example.test');
});

it('says which file was not added when "Add more people" is pressed with files over the limit', async () => {
  const small = await startWebRig({ MAX_ATTACHMENT_MB: '1' });
  try {
    const ticket = await small.ticket('erin@example.test', 'An earlier request of erin');
    const erin = small.browser();
    await erin.signIn(await small.link('erin@example.test', ticket.id));
    const form = new FormData();
    for (const [k, v] of Object.entries({ action: 'more', slots: '3', type: 'issue', summary: 'Scans', description: 'Two scans.', name: 'Erin', phone: '555-0100' })) form.set(k, v);
    form.append('files', new Blob([Buffer.alloc(600_000, 'a')], { type: 'text/plain' }), 'first.txt');
    form.append('files', new Blob([Buffer.alloc(600_000, 'b')], { type: 'text/plain' }), 'second.txt');
    const res = await erin.postMultipart('/new', form);
    expect(res.statusCode).toBe(200);
    expect(mainOf(res.body)).toContain('second.txt was not added');
  } finally {
    await small.stop();
  }
});

it('names a file whose bytes expired with a draft left for hours, instead of filing the request without it', async () => {
  const ticket = await rig.ticket('fay@example.test', 'An earlier request of fay');
  const fay = await rig.signedIn('fay@example.test', ticket.id);
  const fields = { type: 'issue', summary: 'Scan of the ROI form', description: 'The signed ROI is attached.', name: 'Fay', phone: '555-0100' };
  const form = new FormData();
  for (const [k, v] of Object.entries({ action: 'update', ...fields })) form.set(k, v);
  form.append('files', new Blob([Buffer.from('the scan')], { type: 'application/pdf' }), 'roi-scan.pdf');
  expect((await fay.postMultipart('/new', form)).statusCode).toBe(303);
  // The file's bytes outlive nothing: they are gone, the draft's list still names the file.
  const fileKeys = await rig.redis.keys(`${rig.config.QUEUE_PREFIX}:web-draft:*:file:*`);
  expect(fileKeys).toHaveLength(1);
  await rig.redis.del(...fileKeys);
  const res = await fay.post('/new', { action: 'submit', ...fields });
  expect(res.statusCode).toBe(400);
  expect(mainOf(res.body)).toContain('roi-scan.pdf');
  expect((await rig.database.db.execute<{ n: number }>(sql`select count(*)::int as n from tickets where summary = 'Scan of the ROI form'`))[0]!.n).toBe(0);
  // Added again, it is filed with the request: the test can fail.
  const again = new FormData();
  for (const [k, v] of Object.entries({ action: 'submit', ...fields })) again.set(k, v);
  again.append('files', new Blob([Buffer.from('the scan')], { type: 'application/pdf' }), 'roi-scan.pdf');
  const filed = await fay.postMultipart('/new', again);
  expect(filed.statusCode).toBe(303);
  expect(filed.headers.location).toMatch(/^\/tickets\//);
});

it('keeps one copy of a file sent again by a page refreshed after "Add more people"', async () => {
  const ticket = await rig.ticket('gus@example.test', 'An earlier request of gus');
  const gus = await rig.signedIn('gus@example.test', ticket.id);
  const send = () => {
    const form = new FormData();
    for (const [k, v] of Object.entries({ action: 'more', slots: '3', type: 'issue', summary: 'Scan', description: 'One scan.', name: 'Gus', phone: '555-0100' })) form.set(k, v);
    form.append('files', new Blob([Buffer.from('the same scan')], { type: 'application/pdf' }), 'scan.pdf');
    return gus.postMultipart('/new', form);
  };
  expect((await send()).statusCode).toBe(200);
  const again = await send();
  expect(again.statusCode).toBe(200);
  expect(mainOf(again.body).match(/Remove scan\.pdf/g)).toHaveLength(1);
  // Another file of the same name is a file of its own: the test can fail.
  const other = new FormData();
  for (const [k, v] of Object.entries({ action: 'more', slots: '6', type: 'issue', summary: 'Scan', description: 'One scan.', name: 'Gus', phone: '555-0100' })) other.set(k, v);
  other.append('files', new Blob([Buffer.from('a second, different scan')], { type: 'application/pdf' }), 'scan.pdf');
  expect(mainOf((await gus.postMultipart('/new', other)).body).match(/Remove scan\.pdf/g)).toHaveLength(2);
});
