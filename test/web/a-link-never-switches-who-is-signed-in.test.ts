// A personal link opened where someone else is signed in says so and asks first: nothing changes
// until that person chooses, by a form with its CSRF token. Otherwise a link mailed by someone
// else (their own, valid for weeks) would sign the victim in under the sender's name, and what the
// victim then wrote would be filed where the sender can read it.
import { beforeAll, expect, it } from 'vitest';
import { mainOf, signInFormOf, useWebRig } from './support.ts';

const VICTIM = 'victor@example.test';
const SENDER = 'mallory@example.test';

const rig = useWebRig();
let victims: { id: number; ref: string };
let senders: { id: number; ref: string };
beforeAll(async () => {
  victims = await rig.ticket(VICTIM, 'Victor cannot print the intake form');
  senders = await rig.ticket(SENDER, 'Mallory has a question');
}, 60_000);

it('asks before a link signs in someone other than the person signed in, and switches only when asked', async () => {
  const victor = rig.browser();
  expect(mainOf((await victor.signIn(await rig.link(VICTIM, victims.id))).body)).toContain('Victor cannot print the intake form');
  const foreign = await rig.link(SENDER, senders.id);
  const asked = await victor.get(foreign);
  expect(asked.statusCode).toBe(200);
  expect(mainOf(asked.body)).toContain(`You are signed in as <strong>${VICTIM}</strong>`);
  expect(mainOf(asked.body)).toContain('Switch to m***@example.test');
  // Still victor: his ticket opens, the sender's does not.
  expect((await victor.get(`/tickets/${victims.ref}`)).statusCode).toBe(200);
  expect((await victor.get(`/tickets/${senders.ref}`)).statusCode).toBe(404);
  // Without the form's token nothing switches.
  const form = signInFormOf(asked.body)!;
  expect(form.fields.token).toBe(foreign.split('?k=')[1]);
  expect((await victor.post(form.action, form.fields, { csrf: false })).statusCode).toBe(403);
  expect((await victor.get(`/tickets/${victims.ref}`)).statusCode).toBe(200);
  // Chosen through the form, the switch happens.
  const switched = await victor.post(form.action, form.fields);
  expect(switched.statusCode).toBe(303);
  expect(switched.headers.location).toBe(`/tickets/${senders.ref}`);
  expect((await victor.get(`/tickets/${senders.ref}`)).statusCode).toBe(200);
  expect((await victor.get(`/tickets/${victims.ref}`)).statusCode).toBe(404);
});

it('goes on at once where the same person is signed in, and asks where nobody is', async () => {
  const fresh = rig.browser();
  const asked = await fresh.get(await rig.link(VICTIM, victims.id));
  expect(asked.statusCode).toBe(200);
  expect(mainOf(asked.body)).toContain('Sign in as v***@example.test');
  expect((await fresh.get(`/tickets/${victims.ref}`)).statusCode).toBe(303);
  await fresh.signIn(await rig.link(VICTIM, victims.id));
  expect((await fresh.get(await rig.link(VICTIM, victims.id))).statusCode).toBe(303);
  expect((await fresh.get(`/tickets/${victims.ref}`)).statusCode).toBe(200);
});
