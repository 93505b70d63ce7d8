// Reply extraction on the public corpus in ../shared/corpora/reply-extraction: the cases whose
// source follows our conventions (everything outside the by-design list of the eval script)
// must keep their exact-match rate. Skips when ../shared is not there.
import { describe, expect, it } from 'vitest';
import { extractReplyText } from '../../src/inbound/reply-text.ts';
import { BY_DESIGN, isExactMatch, loadCases, readCaseInput } from '../../scripts/eval-replies.ts';

const cases = loadCases();
const byDesign = new Set(BY_DESIGN.map((d) => d.id));

describe.skipIf(cases === null)('extractReplyText on the shared reply corpus (skipped: ../shared/corpora/reply-extraction not found)', () => {
  const scored = (cases ?? []).filter((c) => !byDesign.has(c.id));

  it('lists only by-design ids that exist in the corpus', () => {
    const ids = new Set((cases ?? []).map((c) => c.id));
    expect(BY_DESIGN.filter((d) => !ids.has(d.id)).map((d) => d.id)).toEqual([]);
  });

  it('matches every asserted case that follows our conventions exactly (100% measured)', async () => {
    const asserted = scored.filter((c) => !c.inferred);
    let exact = 0;
    const misses: string[] = [];
    for (const c of asserted) {
      const out = extractReplyText(await readCaseInput(c)).replyText;
      if (isExactMatch(out, c.expected_visible_text, c.match)) exact++;
      else misses.push(c.id);
    }
    const rate = exact / asserted.length;
    expect(asserted.length).toBeGreaterThan(150);
    expect(rate, `misses: ${misses.join(', ')}`).toBeGreaterThanOrEqual(1);
  });

  it('matches at least 99% of all cases that follow our conventions, inferred ones included (100% measured)', async () => {
    let exact = 0;
    for (const c of scored) {
      if (isExactMatch(extractReplyText(await readCaseInput(c)).replyText, c.expected_visible_text, c.match)) exact++;
    }
    expect(exact / scored.length).toBeGreaterThanOrEqual(0.99);
  });

  it('yields what our convention says on the by-design cases where it is stated', async () => {
    const wrong: string[] = [];
    for (const d of BY_DESIGN) {
      const c = (cases ?? []).find((x) => x.id === d.id);
      if (!c || d.ours === undefined) continue;
      if (!isExactMatch(extractReplyText(await readCaseInput(c)).replyText, d.ours, c.match)) wrong.push(d.id);
    }
    expect(wrong).toEqual([]);
  });
});
