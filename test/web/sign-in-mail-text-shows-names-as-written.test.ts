// The sign-in mail's text part is plain text: a name or system name with an apostrophe or an
// ampersand reads as written there, while the HTML part escapes the same characters.
import { expect, it } from 'vitest';
import { upsertPerson } from '../../src/adapters/db/people.ts';
import { useWebRig } from './support.ts';

const rig = useWebRig({ SYSTEM_NAME: 'AT&T <Field>' });

it('shows "O\'Brien" and "AT&T" as written in the text part and escaped in the HTML part', async () => {
  const email = 'pat.obrien@example.test';
  await upsertPerson(rig.database.db, email, 'Pat O\'Brien & "Co"');
  const res = await rig.browser().post('/sign-in', { email });
  expect(res.statusCode).toBe(200);
  const deadline = Date.now() + 5000;
  while (!rig.mails.some((m) => m.to === email) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  const mail = rig.mails.find((m) => m.to === email)!;
  expect(mail.text).toContain('Hello Pat O\'Brien & "Co",');
  expect(mail.text).toContain('sign in to AT&T <Field> Issues Tracking');
  expect(mail.text).not.toMatch(/&(amp|lt|gt|quot|#39);/);
  // Laid out as written: the link on a line of its own, a blank line before and after it.
  expect(mail.text).toMatch(/Tracking:\n\nhttp\S+\n\nIt works for \d+ minutes/);
  expect(mail.html).toContain('Hello Pat O&#39;Brien &amp; &quot;Co&quot;,');
  expect(mail.html).toContain('Sign in to AT&amp;T &lt;Field&gt; Issues Tracking');
  expect(mail.html).not.toContain('O\'Brien');
});
