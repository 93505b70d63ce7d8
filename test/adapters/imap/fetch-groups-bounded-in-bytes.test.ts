// The fetcher downloads a batch's messages in groups of at most FETCH_GROUP_BYTES (a larger message
// alone) and hands each group on before the next: ten messages near MAX_MESSAGE_MB are never held
// in memory at once. Messages over the size limit (headers only) keep their place in UID order.
import { describe, expect, it } from 'vitest';
import { fetchGroups } from '../../../src/adapters/imap/mailbox.ts';

const MB = 1024 * 1024;
const none = () => false;

describe('fetch groups', () => {
  it('holds at most the group limit of whole messages, a larger one alone', () => {
    const uids = [1, 2, 3, 4, 5, 6];
    const sizes = new Map([[1, 3 * MB], [2, 3 * MB], [3, 40 * MB], [4, 5 * MB], [5, 6 * MB], [6, 7 * MB]]);
    const groups = fetchGroups(uids, sizes, none, 16 * MB);
    expect(groups.map((g) => g.uids)).toEqual([[1, 2], [3], [4, 5], [6]]);
    for (const g of groups) {
      const bytes = g.uids.reduce((n, u) => n + sizes.get(u)!, 0);
      expect(g.uids.length === 1 || bytes <= 16 * MB).toBe(true);
    }
  });

  it('keeps small messages in one group, and messages over the limit apart in their place', () => {
    const uids = [10, 11, 12, 13, 14];
    const sizes = new Map([[10, 5_000], [11, 6_000], [12, 80 * MB], [13, 90 * MB], [14, 4_000]]);
    const groups = fetchGroups(uids, sizes, (uid) => (sizes.get(uid) ?? 0) > 50 * MB, 16 * MB);
    expect(groups).toEqual([{ uids: [10, 11], oversized: false }, { uids: [12, 13], oversized: true }, { uids: [14], oversized: false }]);
    expect(groups.flatMap((g) => g.uids)).toEqual(uids);
  });
});
