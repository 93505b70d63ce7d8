// The list pages read only known filter values from the address (anything else is dropped, never
// an error) and keep them across pages; the request form says what is missing before filing; a
// web request's text carries how to reach the person and the people added.
import { describe, expect, it } from 'vitest';
import { checkRequest } from '../../src/web/routes/new-request.ts';
import { requestText } from '../../src/web/submit-request.ts';
import { pageHref, readListQuery, toFilter } from '../../src/web/ticket-list-view.ts';

describe('list filters in the address', () => {
  it('keeps known statuses and values and drops the rest', () => {
    const q = readListQuery({ status: ['new', 'closed', 'deleted', 'new'], q: '  caseload  ', page: '3', priority: 'urgent', route: 'ica_helpdesk', topic: "x' or 1=1", assignee: '12', urgent: '1' });
    expect(q).toEqual({ statuses: ['new', 'closed'], search: 'caseload', page: 3, priority: 'urgent', route: 'ica_helpdesk', topic: null, assignee: 12, urgent: true });
    expect(readListQuery({ page: '-2', priority: 'highest', assignee: 'someone' })).toMatchObject({ page: 1, priority: null, assignee: null, statuses: [] });
    expect(readListQuery(undefined)).toMatchObject({ page: 1, search: '' });
  });

  it("gives a person's list only the status and search filters, and the queue all of them", () => {
    const q = readListQuery({ status: 'assigned', q: 'AAAA111111', priority: 'low', assignee: 'none', urgent: '1' });
    expect(toFilter(q, false)).toEqual({ statuses: ['assigned'], search: 'AAAA111111' });
    expect(toFilter(q, true)).toMatchObject({ statuses: ['assigned'], priority: 'low', assignee: 'none', urgent: true, searchSubmitter: true });
  });

  it('keeps the filters in the paging links', () => {
    const q = readListQuery({ status: ['new', 'assigned'], q: 'a b&c' });
    expect(pageHref('/my', q, 2)).toBe('/my?status=new&status=assigned&q=a+b%26c&page=2');
    expect(pageHref('/my', readListQuery({}), 1)).toBe('/my');
  });
});

describe('the request form', () => {
  const fields = { type: 'issue', summary: 'Cannot add client AAAA111111', description: '', name: 'Alice', phone: '801-555-0101', additional: [] as { name: string; email: string; phone: string }[] };

  it('files a complete request and names each missing or wrong field', () => {
    expect(checkRequest(fields, 'alice@example.test')).toEqual([]);
    const problems = checkRequest({ ...fields, type: '', summary: '', phone: '', additional: [{ name: 'Bob', email: 'bob', phone: '' }, { name: '', email: 'alice@example.test', phone: '' }] }, 'alice@example.test');
    expect(problems.map((p) => p.field)).toEqual(['type-issue', 'summary', 'phone', 'person-0-email', 'person-1-email']);
  });

  it('writes how to reach the person and the people added under the description', () => {
    const text = requestText({
      type: 'question', summary: 's', description: 'The page says no.\n', files: [],
      submitter: { name: 'Alice Doe', email: 'alice@example.test', phone: '801-555-0101' },
      additional: [{ name: 'Bob Roe', email: 'bob@example.test', phone: '' }],
    });
    expect(text).toBe('The page says no.\n\nHow can we reach you: Alice Doe, alice@example.test, phone 801-555-0101\nNotify additional people: Bob Roe, bob@example.test');
  });
});
