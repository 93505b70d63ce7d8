// detectMailKind on the labelled kind sets (test/fixtures/mail/kinds-*): kind, failed recipient and
// status per message, against labels written and committed before the detector first ran on them.
// Every set is held at its current score; the first-run figure stays in the table as written.
import { describe, expect, it } from 'vitest';
import { KIND_SETS, kindLabels, scoreKindSet } from './kind-sets.ts';

const KINDS = ['auto_reply', 'bounce', 'list', 'person'];

for (const set of KIND_SETS) {
  describe(`mail kinds of the labelled set ${set.name} (${set.about})`, async () => {
    const results = await scoreKindSet(set.dir);

    it(`has at least ${set.minimum} labelled messages, of every kind`, () => {
      const labels = kindLabels(set.dir);
      expect(labels.length).toBeGreaterThanOrEqual(set.minimum);
      for (const kind of KINDS) expect(labels.some((l) => l.kind === kind)).toBe(true);
    });

    it(`gets all ${results.length} right, recipient and status included (first run ${set.firstRun})`, () => {
      const missesOnPurpose = Object.keys(set.knownMisses).length;
      expect(results.filter((r) => r.ok).length).toBe(results.length - missesOnPurpose);
    });

    for (const r of results) {
      const known = set.knownMisses[r.label.file];
      it.skipIf(known !== undefined)(`reads ${r.label.file} as ${r.label.kind}${known ? ` (left failing: ${known})` : ''}`, () => {
        expect({ kind: r.kind, failedRecipient: r.label.failedRecipient === undefined ? undefined : r.failedRecipient, status: r.label.status === undefined ? undefined : r.status }).toEqual({
          kind: r.label.kind,
          failedRecipient: r.label.failedRecipient,
          status: r.label.status,
        });
      });
    }

    it('names only known misses that exist', () => {
      expect(Object.keys(set.knownMisses).filter((n) => !results.some((r) => r.label.file === n))).toEqual([]);
    });
  });
}

describe('the generic-status sendmail report', () => {
  it('reads it as a bounce for the right recipient', async () => {
    const set = KIND_SETS.find((s) => s.name === 'kinds-blind')!;
    const r = (await scoreKindSet(set.dir)).find((x) => x.label.file === 'bounce-sendmail-report-generic-status.eml');
    expect(r?.kind).toBe('bounce');
    expect(r?.failedRecipient).toBe('left.company@oldcorp.test');
  });
});
