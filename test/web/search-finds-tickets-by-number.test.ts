// My Submitted Issues and the admin queue find a ticket by its number as people see it in mail
// subjects and lists (README: "search by issue number"): the whole reference, the reference without
// the start of its prefix, the number alone or `#number`. A number also finds the summaries that
// name it, and on My Submitted Issues only ever the person's own tickets.
import { expect, it } from 'vitest';
import { mainOf, useWebRig } from './support.ts';

const ALICE = 'alice@example.test';
const BOB = 'bob@example.test';
const SUMMER = 'summer@example.test'; // an admin

const rig = useWebRig();

/** The references of the tickets a list shows, in its order. */
const refsOf = (html: string) => [...mainOf(html).matchAll(/<tr data-ref="([^"]+)"/g)].map((m) => m[1]!);
const numberOf = (ref: string) => ref.slice(ref.lastIndexOf('-') + 1);

it('finds a ticket by its number, #number, or its reference whole or without the start of its prefix', async () => {
  const enrollment = await rig.ticket(ALICE, 'Enrollment will not save');
  const bobs = await rig.ticket(BOB, 'Export has no rows');
  const mentions = await rig.ticket(ALICE, `Report ${numberOf(bobs.ref)} totals wrong`);
  const summer = await rig.ticket(SUMMER, 'Caseload page slow');
  const alice = await rig.signedIn(ALICE, enrollment.id);
  const admin = await rig.signedIn(SUMMER, summer.id);
  const my = async (q: string) => refsOf((await alice.get(`/my?q=${encodeURIComponent(q)}`)).body);
  const queue = async (q: string) => refsOf((await admin.get(`/admin?q=${encodeURIComponent(q)}`)).body).sort();

  const n = numberOf(enrollment.ref);
  const prefix = enrollment.ref.slice(0, enrollment.ref.lastIndexOf('-'));
  const prefixEnd = prefix.slice(prefix.lastIndexOf('_') + 1); // RW of Utah_RW
  expect(prefixEnd).not.toBe(prefix);
  for (const q of [n, `#${n}`, `# ${n}`, `${prefixEnd}-${n}`, enrollment.ref, enrollment.ref.toLowerCase()]) {
    expect(await my(q), q).toEqual([enrollment.ref]);
    expect(await queue(q), q).toEqual([enrollment.ref]);
  }
  // Only the ticket's own reference ends so: another prefix names no ticket of ours.
  expect(await my(`XY-${n}`)).toEqual([]);

  // Bob's ticket's number finds Alice's ticket whose summary names it, never Bob's on her list.
  const bobsNumber = numberOf(bobs.ref);
  expect(await my(bobsNumber)).toEqual([mentions.ref]);
  expect(await my(`#${bobsNumber}`)).toEqual([mentions.ref]);
  expect(await my(bobs.ref)).toEqual([]);
  expect(await queue(bobsNumber)).toEqual([bobs.ref, mentions.ref].sort());

  // Words of the summary and (admin queue) the submitter still find theirs.
  expect(await my('Enrollment')).toEqual([enrollment.ref]);
  expect(await queue('bob@')).toEqual([bobs.ref]);
});
