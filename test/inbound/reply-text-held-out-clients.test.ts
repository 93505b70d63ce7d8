// The held-out replies by client (test/fixtures/mail/replies-by-client, families in families.json),
// first scored 68/75 exact (docs/reply-first-runs.md), are regression data now: every note must
// equal its .expected.txt after collapsing white space, read through the service's own parser.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { scoreFolder } from '../../scripts/eval-replies.ts';

const results = await scoreFolder(path.join('test', 'fixtures', 'mail', 'replies-by-client'));

describe('reply text on the held-out replies by client', () => {
  it('reads all 75 cases', () => {
    expect(results).toHaveLength(75);
  });

  for (const c of results) {
    it(`keeps exactly what the person typed: ${c.family}, ${c.name}`, () => {
      expect(c.actual.replace(/\s+/g, ' ').trim()).toBe(c.expected.replace(/\s+/g, ' ').trim());
    });
  }
});
