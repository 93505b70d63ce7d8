// One message may not hold the worker: the pipeline checks a processing budget between stages and
// a message over it is refused with PROCESSING_BUDGET (the worker quarantines it with that reason).
// Deeply nested HTML from a stranger becomes a ticket instead of overflowing the stack.
import { describe, expect, it } from 'vitest';
import { loadIntakeAssessor } from '../../src/stage-settings.ts';
import { DRY_RUN_LOOKUP, runPipeline, type PipelineSettings } from '../../src/inbound/pipeline.ts';
import { budgetForSize, BUDGET_MS_PER_MB, DEFAULT_BUDGET_MS, startBudget } from '../../src/inbound/processing-budget.ts';
import { PermanentError } from '../../src/errors.ts';

const SETTINGS: PipelineSettings = {
  helpdeskAddress: 'helpdesk@example.test', adminEmails: [], supportAddress: null, reopenDays: 14, staff: [],
  systemName: 'ClientTrack', prefix: 'Utah_RW', secretKey: 'unit-test-secret-key-0123456789abcdef',
};
const NOW = new Date('2025-03-04T17:15:00Z');
const assess = loadIntakeAssessor({ MACCH_ADDRESS: null, NMIS_ADDRESS: null });
const request = Buffer.from('From: Nora <nora@example.test>\r\nTo: helpdesk@example.test\r\nSubject: Export fails\r\nMessage-ID: <b1@example.test>\r\n\r\nThe CSV export stops half way.\r\n');

describe('the processing budget', () => {
  it('refuses a message once its budget is spent, naming the stage it reached', async () => {
    let clock = 0;
    // Each reading of the clock advances it by a second: the budget of 2.5 s runs out at the third check.
    const budget = startBudget(2_500, () => (clock += 1_000));
    const run = runPipeline(request, SETTINGS, DRY_RUN_LOOKUP, assess, NOW, {}, budget);
    await expect(run).rejects.toBeInstanceOf(PermanentError);
    await expect(runPipeline(request, SETTINGS, DRY_RUN_LOOKUP, assess, NOW, {}, startBudget(2_500, () => (clock += 1_000))))
      .rejects.toMatchObject({ code: 'PROCESSING_BUDGET', message: expect.stringMatching(/over the budget of 2500 ms \(at [a-z ]+\)/) });
  });

  it('gives a large message more time by its size, a small one the base budget', () => {
    expect(budgetForSize(4_000)).toBe(DEFAULT_BUDGET_MS + BUDGET_MS_PER_MB);
    expect(budgetForSize(5 * 1024 * 1024)).toBe(DEFAULT_BUDGET_MS + 5 * BUDGET_MS_PER_MB);
    expect(budgetForSize(5 * 1024 * 1024 + 1)).toBe(DEFAULT_BUDGET_MS + 6 * BUDGET_MS_PER_MB);
    expect(budgetForSize(0)).toBe(DEFAULT_BUDGET_MS);
  });

  it('lets an ordinary request through within the default budget', async () => {
    const r = await runPipeline(request, SETTINGS, DRY_RUN_LOOKUP, assess, NOW);
    expect(r.decision.change.kind).toBe('create');
  });

  it('makes a ticket of 100,000 nested HTML elements instead of crashing', async () => {
    const depth = 100_000;
    const html = `<html><body>${'<div>'.repeat(depth)}Export fails${'</div>'.repeat(depth)}</body></html>`;
    const raw = Buffer.from(`From: Nora <nora@example.test>\r\nTo: helpdesk@example.test\r\nSubject: nested\r\nMessage-ID: <n1@example.test>\r\nContent-Type: text/html; charset=utf-8\r\n\r\n${html}\r\n`);
    const r = await runPipeline(raw, SETTINGS, DRY_RUN_LOOKUP, assess, NOW);
    expect(r.decision.change.kind).toBe('create');
  }, 60_000);
});
