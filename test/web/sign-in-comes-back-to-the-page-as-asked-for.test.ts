// Signing in from a page asked for while signed out comes back to that page as it was asked for,
// a list's filters and search too: through the sign-in form, its mail and the "Sign in" button.
// Where it comes back to is always a path on this site.
import { expect, it } from 'vitest';
import { signInFormOf, useWebRig } from './support.ts';

const ALICE = 'alice@example.test';
const rig = useWebRig();

const nextOf = (location: unknown) => new URL(String(location), 'http://x.test').searchParams.get('next');

it('lands on My Submitted Issues with the filters it was asked for', async () => {
  await rig.ticket(ALICE, 'Exit date will not save');
  const stranger = rig.browser();
  const asked = await stranger.get('/my?status=closed&q=Exit');
  expect(asked.statusCode).toBe(303);
  expect(nextOf(asked.headers.location)).toBe('/my?status=closed&q=Exit');

  const form = await stranger.get(asked.headers.location as string);
  const next = /name="next" value="([^"]*)"/.exec(form.body)?.[1]?.replace(/&amp;/g, '&');
  expect(next).toBe('/my?status=closed&q=Exit');
  const sent = await stranger.post('/sign-in', { email: ALICE, next: next! });
  expect(sent.statusCode).toBeLessThan(400);
  for (let i = 0; i < 50 && rig.mails.length === 0; i++) await new Promise((r) => setTimeout(r, 50));
  const link = /\/sign-in\/[A-Za-z0-9_-]{44}\?next=[^\s"<>]+/.exec(String(rig.mails.at(-1)?.text ?? ''))?.[0];
  expect(link).toBeDefined();
  const confirm = signInFormOf((await stranger.get(link!)).body)!;
  const signedIn = await stranger.post(confirm.action, confirm.fields);
  expect(signedIn.statusCode).toBe(303);
  expect(signedIn.headers.location).toBe('/my?status=closed&q=Exit');
});

it('keeps only the path when the address is too long for a sign-in link, and never leaves the site', async () => {
  const long = await rig.browser().get(`/my?q=${'a'.repeat(400)}`);
  expect(nextOf(long.headers.location)).toBe('/my');
  const odd = await rig.browser().get('/my?q=//evil.example/x');
  const next = nextOf(odd.headers.location);
  expect(next).toBe('/my?q=//evil.example/x');
  expect(new URL(next!, 'https://desk.example.test').host).toBe('desk.example.test');
});
