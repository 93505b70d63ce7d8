// Who is the help desk's own on a ticket: the admins, the staff list, the support address and the
// ticket's assignee, compared without case. The web keeps requesters from stopping them; status
// mail asks them (and only them) to work the ticket.
import { describe, expect, it } from 'vitest';
import { helpDeskPeople } from '../../src/tickets/staff.ts';

describe('the help desk\'s people on a ticket', () => {
  const staff = { admins: ['Summer@Example.test'], staff: [{ email: 'becky@example.test' }] };

  it('are the admins, the staff, the support address and the assignee, whatever their case', () => {
    const people = helpDeskPeople(staff, 'Support@Vendor.test', 'NIKO@example.test');
    expect([...people].sort()).toEqual(['becky@example.test', 'niko@example.test', 'summer@example.test', 'support@vendor.test']);
  });

  it('leave out a missing support address or assignee, and everyone else', () => {
    const people = helpDeskPeople(staff, null, null);
    expect(people.has('')).toBe(false);
    expect(people.has('alice@example.test')).toBe(false);
    expect(people.size).toBe(2);
  });
});
