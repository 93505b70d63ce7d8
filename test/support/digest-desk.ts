// The help desk for the daily digest tests, on real servers: one admin, the digest due at 07:00 UTC
// (DIGEST_HOUR), and one open ticket for it to list; and the digests queued so far, by the keys
// their outbox events carry. I/O: the harness (mail in, the database).
import { beforeAll } from 'vitest';
import { useHarness, type Harness } from './harness.ts';

/**
 * A harness (see useHarness) in which `submitter` has opened Utah_RW-1 and `admin` is the one admin,
 * everything it caused already sent. Call at the top of a describe block.
 */
export function useDigestDesk(submitter: string, admin: string): Harness {
  const h = useHarness({ users: [submitter, admin], env: { ADMIN_EMAILS: admin, DIGEST_HOUR: '7' } });
  beforeAll(async () => {
    await h.send(submitter, { subject: 'Exit date will not save', text: 'When I open the Exit page and click Save, nothing is saved. It started on Monday.' });
    await h.waitForTicket('Utah_RW-1', () => true);
    await h.settle();
  });
  return h;
}

/** The keys of the digests queued so far (`digest:<day>`), oldest first. */
export async function digestKeys(h: Harness): Promise<string[]> {
  return (await h.service.database.sql<{ key: string }[]>`
    select dedupe_key as key from outbox where event = 'digest' order by id`).map((r) => r.key);
}
