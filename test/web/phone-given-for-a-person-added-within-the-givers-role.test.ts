// The phone typed for a person brought onto a ticket (the request form's own phone and its
// "Notify additional people", the ticket page's "Add a person") is written as far as the giver may
// manage that person's entry: their own, replaced; anyone's by staff who may add people; only a
// missing one by a requester, and none for the help desk's own people nor for someone on the ticket
// in another role; nothing by whoever may not add people.
import { describe, expect, it } from 'vitest';
import { detailsGiven, type DetailsFor } from '../../src/web/details-given.ts';
import type { ParticipantRole } from '../../src/tickets/types.ts';

const someoneNew: DetailsFor = { self: false, roles: [], isHelpDesk: false };
const helpDeskPerson: DetailsFor = { self: false, roles: [], isHelpDesk: true };
const own: DetailsFor = { self: true, roles: [], isHelpDesk: false };

describe('the phone a person\'s details take from who brings them in', () => {
  it.each<[string, readonly ParticipantRole[], DetailsFor, ReturnType<typeof detailsGiven>]>([
    ['a requester\'s own phone replaces the one kept', ['submitter'], own, { phone: '555-0100', onlyMissing: false }],
    ['an interested person\'s own phone replaces the one kept', ['interested'], own, { phone: '555-0100', onlyMissing: false }],
    ['a requester fills only a missing phone of someone she adds', ['submitter'], someoneNew, { phone: '555-0100', onlyMissing: true }],
    ['a requester fills only a missing phone of someone already interested', ['submitter'], { ...someoneNew, roles: ['interested'] }, { phone: '555-0100', onlyMissing: true }],
    ['a requester gives no phone for the help desk\'s own people', ['submitter'], helpDeskPerson, null],
    ['a requester gives no phone for someone on the ticket in another role', ['submitter'], { ...someoneNew, roles: ['assignee'] }, null],
    ['an admin replaces anyone\'s phone', ['admin'], someoneNew, { phone: '555-0100', onlyMissing: false }],
    ['an admin replaces the phone of the help desk\'s own people', ['admin'], helpDeskPerson, { phone: '555-0100', onlyMissing: false }],
    ['the assignee replaces anyone\'s phone', ['assignee'], someoneNew, { phone: '555-0100', onlyMissing: false }],
    ['an admin who submitted her own request replaces anyone\'s phone', ['submitter', 'admin'], someoneNew, { phone: '555-0100', onlyMissing: false }],
    ['the support team gives no phone for others', ['support'], someoneNew, null],
    ['an interested person, who may not add people, gives no phone for others', ['interested'], someoneNew, null],
  ])('%s', (_, giver, person, expected) => {
    expect(detailsGiven(giver, person, '  555-0100 ')).toEqual(expected);
  });

  it('gives an empty phone when none was typed, so nothing is written, while the right to the rest of the details stands', () => {
    expect(detailsGiven(['submitter'], someoneNew, '   ')).toEqual({ phone: '', onlyMissing: true });
    expect(detailsGiven(['submitter'], helpDeskPerson, '')).toBeNull();
  });
});
