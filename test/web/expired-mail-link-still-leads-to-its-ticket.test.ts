// A status mail's link older than MAIL_LINK_DAYS signs nobody in, but still leads to its ticket
// (the guide, 4.I.A: sign in, then click the link again): someone signed in who may see the ticket
// goes straight there, and signed out the sign-in form's new link comes back to it. A link that is
// not genuine, or made for another ticket, is refused as before and leads nowhere.
import { expect, it } from 'vitest';
import { makeSignInToken } from '../../src/tickets/sign-in-link.ts';
import { findWebPersonById } from '../../src/adapters/db/web-people.ts';
import { mainOf, signInFormOf, useWebRig } from './support.ts';

const ALICE = 'alice@example.test';
const BOB = 'bob@example.test';
const rig = useWebRig();

const DAY = 86_400_000;
/** A link from a status mail sent MAIL_LINK_DAYS and a day ago. */
const oldLink = (email: string, ticketId: number) => rig.link(email, ticketId, new Date(Date.now() - DAY));
const nextFieldOf = (html: string) => /name="next" value="([^"]*)"/.exec(mainOf(html))?.[1]?.replace(/&amp;/g, '&') ?? null;

async function mailedLinkAfterAskingFor(email: string, next: string): Promise<string> {
  const before = rig.mails.length;
  const sent = await rig.browser().post('/sign-in', { email, next });
  expect(sent.statusCode).toBe(200);
  for (let i = 0; i < 100 && rig.mails.length === before; i++) await new Promise((r) => setTimeout(r, 50));
  const link = /\/sign-in\/[A-Za-z0-9_-]{44}(\?next=[^\s"<>]+)?/.exec(String(rig.mails.at(-1)?.text ?? ''))?.[0];
  expect(link).toBeDefined();
  return link!;
}

it('opens the ticket for its person when they are signed in already', async () => {
  const ticket = await rig.ticket(ALICE, 'Caseload report shows last month');
  const alice = await rig.signedIn(ALICE, ticket.id);
  expect((await alice.get(`/tickets/${ticket.ref}`)).statusCode).toBe(200);

  const clicked = await alice.get(await oldLink(ALICE, ticket.id));
  expect(clicked.statusCode).toBe(303);
  expect(clicked.headers.location).toBe(`/tickets/${ticket.ref}`);
  expect((await alice.get(clicked.headers.location as string)).statusCode).toBe(200);
});

it('opens it for anyone signed in who may see the ticket, and for nobody else', async () => {
  const ticket = await rig.ticket(ALICE, 'Intake form will not print', [BOB]);
  const bob = await rig.signedIn(BOB, ticket.id);
  const clicked = await bob.get(await oldLink(ALICE, ticket.id));
  expect(clicked.statusCode).toBe(303);
  expect(clicked.headers.location).toBe(`/tickets/${ticket.ref}`);

  const others = await rig.ticket('carol@example.test', 'Someone else entirely');
  const carol = await rig.signedIn('carol@example.test', others.id);
  const refused = await carol.get(await oldLink(ALICE, ticket.id));
  expect(refused.statusCode).toBe(403);
  expect(mainOf(refused.body)).toContain('This sign-in link has expired.');
  expect(mainOf(refused.body)).not.toContain('Intake form will not print');
});

it('signed out, the sign-in form asks for a new link that leads back to the ticket', async () => {
  const ticket = await rig.ticket(ALICE, 'Exit date will not save');
  const stranger = rig.browser();
  const form = await stranger.get(await oldLink(ALICE, ticket.id));
  expect(form.statusCode).toBe(403);
  expect(mainOf(form.body)).toContain('This sign-in link has expired. Ask for a new one below.');
  expect(nextFieldOf(form.body)).toBe(`/tickets/${ticket.ref}`);

  const link = await mailedLinkAfterAskingFor(ALICE, nextFieldOf(form.body)!);
  expect(link).toBe(`${link.split('?')[0]}?next=${encodeURIComponent(`/tickets/${ticket.ref}`)}`);
  const confirm = signInFormOf((await stranger.get(link)).body)!;
  const signedIn = await stranger.post(confirm.action, confirm.fields);
  expect(signedIn.statusCode).toBe(303);
  expect(signedIn.headers.location).toBe(`/tickets/${ticket.ref}`);
  expect((await stranger.get(`/tickets/${ticket.ref}`)).statusCode).toBe(200);
});

it('an expired sign-in mail link keeps the page it was going to', async () => {
  const alice = await rig.personId(ALICE);
  const person = (await findWebPersonById(rig.database.db, alice))!;
  const token = makeSignInToken({ personId: person.id, ticketId: null, epoch: person.signInEpoch, expiresAt: new Date(Date.now() - 60_000) }, rig.config.SECRET_KEY);
  const form = await rig.browser().get(`/sign-in/${token}?next=${encodeURIComponent('/my?status=closed')}`);
  expect(form.statusCode).toBe(403);
  expect(nextFieldOf(form.body)).toBe('/my?status=closed');

  const ticket = await rig.ticket(ALICE, 'Already signed in');
  const signedIn = await rig.signedIn(ALICE, ticket.id);
  const clicked = await signedIn.get(`/sign-in/${token}?next=${encodeURIComponent('/my?status=closed')}`);
  expect(clicked.statusCode).toBe(303);
  expect(clicked.headers.location).toBe('/my?status=closed');
});

it('a link not genuine, or made for another ticket, is refused as before and leads nowhere', async () => {
  const ticket = await rig.ticket(ALICE, 'Referral form lost the phone number');
  const other = await rig.ticket(ALICE, 'Another of hers');
  const old = await oldLink(ALICE, ticket.id);
  const i = old.length - 5;
  const altered = old.slice(0, i) + (old[i] === 'A' ? 'B' : 'A') + old.slice(i + 1);
  const token = old.split('?k=')[1]!;

  const stranger = rig.browser();
  const forged = await stranger.get(altered);
  expect(forged.statusCode).toBe(403);
  expect(mainOf(forged.body)).toContain('This sign-in link is not valid.');
  expect(nextFieldOf(forged.body)).toBeNull();
  const elsewhere = await stranger.get(`/tickets/${other.ref}?k=${token}`);
  expect(elsewhere.statusCode).toBe(403);
  expect(mainOf(elsewhere.body)).toContain('This sign-in link belongs to another ticket.');
  expect(nextFieldOf(elsewhere.body)).toBeNull();
  // A ticket that does not exist answers exactly as another one that does.
  const nowhere = await stranger.get(`/tickets/${ticket.ref.replace(/\d+$/, '99999')}?k=${token}`);
  expect(nowhere.statusCode).toBe(403);
  const withoutCsrf = (html: string) => mainOf(html).replace(/name="_csrf" value="[^"]*"/g, '');
  expect(withoutCsrf(nowhere.body)).toBe(withoutCsrf(elsewhere.body));

  // Signed in and allowed to see it, a forged link still opens nothing.
  const alice = await rig.signedIn(ALICE, ticket.id);
  expect((await alice.get(altered)).statusCode).toBe(403);
});
