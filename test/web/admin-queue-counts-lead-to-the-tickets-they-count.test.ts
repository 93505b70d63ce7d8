// The admin queue's count per status is of the tickets the other filters leave (priority, route,
// topic, assignee, urgency, search), and its link shows exactly those: that status, the same
// filters, from the first page. "New 2" on the urgent tickets leads to the 2 urgent new ones.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TicketStore } from '../../src/adapters/db/ticket-store.ts';
import { startWebHarness, type WebHarness } from '../support/web.ts';

const ALICE = 'alice@example.test';
const SUMMER = 'summer@example.test';

describe('admin queue counts', () => {
  let h: WebHarness;
  let cookie = '';

  beforeAll(async () => {
    h = await startWebHarness({ users: [ALICE, SUMMER], env: { ADMIN_EMAILS: SUMMER } });
    const store = new TicketStore(h.service.database.db, h.stack.config.TICKET_PREFIX);
    const seed: [string, 'new' | 'assigned', 'urgent' | 'normal', string][] = [
      ['Client cannot get medication AAAA111111', 'new', 'urgent', 'ica_helpdesk'],
      ['Client kept from housing today AAAA222222', 'new', 'urgent', 'ica_helpdesk'],
      ['Urgent for another organisation AAAA333333', 'new', 'urgent', 'macch'],
      ['Report totals off by one', 'new', 'normal', 'ica_helpdesk'],
      ['Export has no rows', 'new', 'normal', 'ica_helpdesk'],
      ['Client needs a bed tonight AAAA444444', 'assigned', 'urgent', 'ica_helpdesk'],
    ];
    for (const [summary, status, priority, route] of seed) {
      await store.apply({
        kind: 'create',
        ticket: { summary, originalSubject: summary, description: `About: ${summary}`, status, resolution: null, type: 'issue', priority, route, topic: 'other', clientIds: [], missingInfo: [], previousTicketId: null },
        submitter: { email: ALICE, name: '' }, participants: [], attachments: [], events: [],
      }, null, { kind: 'new', maxAttachmentBytes: 1 << 20, now: new Date() });
    }
    cookie = await h.sessionCookie(SUMMER);
  }, 60_000);

  afterAll(async () => {
    await h?.stop();
  });

  const get = async (url: string) => {
    const res = await fetch(`${h.url}${url}`, { headers: { cookie } });
    expect(res.status, url).toBe(200);
    return res.text();
  };
  const decode = (s: string) => s.replace(/&amp;/g, '&');
  /** The queue's count links: label, count and address. */
  const countsOf = (html: string) => [...html.matchAll(/<li><a href="([^"]*)"><span class="status status-([a-z_]+)">[^<]*<\/span> (\d+)<\/a><\/li>/g)]
    .map((m) => ({ status: m[2]!, count: Number(m[3]), href: decode(m[1]!) }));
  const totalOf = (html: string) => Number(/<p role="status">(\d+) tickets?\.<\/p>/.exec(html)?.[1]);

  it('links each count to its status with the same filters, and the list it leads to holds that many tickets', async () => {
    for (const filters of ['priority=urgent', 'priority=urgent&route=ica_helpdesk', 'route=ica_helpdesk&q=client', 'priority=urgent&page=2']) {
      const counts = countsOf(await get(`/admin?${filters}`));
      const newCount = counts.find((c) => c.status === 'new')!;
      const expected = new URLSearchParams(filters);
      expected.delete('page');
      const href = new URL(newCount.href, h.url);
      expect(href.pathname, filters).toBe('/admin');
      expect(href.searchParams.getAll('status'), filters).toEqual(['new']);
      for (const [k, v] of expected) expect(href.searchParams.get(k), `${filters}: ${k}`).toBe(v);
      expect(href.searchParams.get('page'), filters).toBeNull();
      for (const c of counts) expect(totalOf(await get(c.href)), `${filters}: ${c.status}`).toBe(c.count);
    }
    expect(countsOf(await get('/admin?priority=urgent')).find((c) => c.status === 'new')!.count).toBe(3);
    expect(countsOf(await get('/admin?priority=urgent&route=ica_helpdesk')).find((c) => c.status === 'new')!.count).toBe(2);
  });
});
