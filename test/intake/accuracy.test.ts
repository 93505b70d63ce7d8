import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { classifyRequest } from '../../src/intake/classify.ts';
import { scoreClassifications } from '../../src/intake/evaluation.ts';
import { loadLabelledMail } from '../../scripts/labelled-mail.ts';
import { loadIntakeRules } from '../../src/stage-settings.ts';
import { resolveSharedDir } from '../../src/intake/shared-dir.ts';

const rules = loadIntakeRules();

async function score(dir: string) {
  const cases = await loadLabelledMail(dir);
  return scoreClassifications(cases.map((c) => ({ ...c, predicted: classifyRequest(c.input, rules) })));
}

describe('intake classification on our own labelled fixtures (written and labelled before tuning)', () => {
  it('meets the accuracy floors', async () => {
    const report = await score(join(import.meta.dirname, '../fixtures/mail/intake'));
    expect(report.count).toBeGreaterThanOrEqual(20);
    expect(report.accuracy.route).toBeGreaterThanOrEqual(0.95);
    expect(report.accuracy.topicHelpdesk).toBeGreaterThanOrEqual(0.88);
    expect(report.accuracy.type).toBeGreaterThanOrEqual(0.9);
    expect(report.urgent.recall).toBeGreaterThanOrEqual(0.95);
    expect(report.clientIds.f1).toBeGreaterThanOrEqual(0.97);
    expect(report.missingInfo.f1).toBeGreaterThanOrEqual(0.88);
  });
});

describe('intake classification on the blind set (40 emails, labels committed before the first run)', () => {
  it('meets the accuracy floors', async () => {
    const report = await score(join(import.meta.dirname, '../fixtures/mail/intake-blind'));
    expect(report.count).toBeGreaterThanOrEqual(40);
    expect(report.accuracy.route).toBeGreaterThanOrEqual(0.95);
    expect(report.accuracy.topicHelpdesk).toBeGreaterThanOrEqual(0.93);
    expect(report.accuracy.type).toBeGreaterThanOrEqual(0.93);
    expect(report.accuracy.priority).toBeGreaterThanOrEqual(0.9);
    expect(report.urgent.recall).toBeGreaterThanOrEqual(0.95);
    expect(report.clientIds.f1).toBeGreaterThanOrEqual(0.98);
    expect(report.missingInfo.f1).toBeGreaterThanOrEqual(0.93);
  });
});

describe('intake classification on the probes (rephrased blind-set phenomena, labelled before the first run)', () => {
  it('meets the accuracy floors', async () => {
    const report = await score(join(import.meta.dirname, '../fixtures/mail/intake-probes'));
    expect(report.count).toBeGreaterThanOrEqual(16);
    expect(report.accuracy.route).toBeGreaterThanOrEqual(0.93);
    expect(report.accuracy.topicHelpdesk).toBeGreaterThanOrEqual(0.9);
    expect(report.accuracy.type).toBeGreaterThanOrEqual(0.9);
    expect(report.clientIds.f1).toBeGreaterThanOrEqual(0.97);
    expect(report.missingInfo.f1).toBeGreaterThanOrEqual(0.85);
  });
});

describe('intake classification on the natural set (50 emails in everyday style, labels committed before the first run)', () => {
  // First run, before any fix: route 92.0%, help-desk topic 84.2%, type 88.0%, urgent recall 66.7%,
  // client IDs F1 0.963, missing info F1 0.649. The floors below are for after the fixes.
  it('meets the accuracy floors', async () => {
    const report = await score(join(import.meta.dirname, '../fixtures/mail/intake-natural'));
    expect(report.count).toBeGreaterThanOrEqual(50);
    expect(report.accuracy.route).toBeGreaterThanOrEqual(0.96);
    expect(report.accuracy.topicHelpdesk).toBeGreaterThanOrEqual(0.94);
    expect(report.accuracy.type).toBeGreaterThanOrEqual(0.94);
    expect(report.accuracy.priority).toBeGreaterThanOrEqual(0.94);
    expect(report.urgent.recall).toBeGreaterThanOrEqual(0.95);
    expect(report.clientIds.f1).toBeGreaterThanOrEqual(0.98);
    expect(report.missingInfo.f1).toBeGreaterThanOrEqual(0.94);
  });
});

describe('intake classification on round 4 (50 independently written emails, labels committed before the first run)', () => {
  // First run, before any fix: route 98.0%, help-desk topic 78.9%, type 84.0%, priority 92.0%,
  // urgent recall 100% (3/3), client IDs F1 1.000, missing info F1 0.538. The floors below are for after the fixes.
  it('meets the accuracy floors', async () => {
    const report = await score(join(import.meta.dirname, '../fixtures/mail/intake-round4'));
    expect(report.count).toBeGreaterThanOrEqual(50);
    expect(report.accuracy.route).toBeGreaterThanOrEqual(0.96);
    expect(report.accuracy.topicHelpdesk).toBeGreaterThanOrEqual(0.94);
    expect(report.accuracy.type).toBeGreaterThanOrEqual(0.92);
    expect(report.accuracy.priority).toBeGreaterThanOrEqual(0.94);
    expect(report.urgent.recall).toBeGreaterThanOrEqual(0.95);
    expect(report.clientIds.f1).toBeGreaterThanOrEqual(0.98);
    expect(report.missingInfo.f1).toBeGreaterThanOrEqual(0.92);
  });
});

describe('intake classification on round 5 (30 help-desk emails focused on missing information, labels committed before the first run)', () => {
  // First run, before any fix: route 96.7%, help-desk topic 83.3%, type 93.3%, priority 86.7%,
  // client IDs F1 1.000, missing info F1 0.681 (P 0.615, R 0.762). The floors below are for after the fixes.
  it('meets the accuracy floors', async () => {
    const report = await score(join(import.meta.dirname, '../fixtures/mail/intake-round5'));
    expect(report.count).toBeGreaterThanOrEqual(30);
    expect(report.accuracy.route).toBeGreaterThanOrEqual(0.96);
    expect(report.accuracy.topicHelpdesk).toBeGreaterThanOrEqual(0.96);
    expect(report.accuracy.type).toBeGreaterThanOrEqual(0.96);
    expect(report.accuracy.priority).toBeGreaterThanOrEqual(0.93);
    expect(report.clientIds.f1).toBeGreaterThanOrEqual(0.98);
    expect(report.missingInfo.f1).toBeGreaterThanOrEqual(0.95);
  });
});

describe('intake classification on round 6 (25 emails in the dev emails\' natural style, labels committed before the first run)', () => {
  // First run, before any fix: route 96.0%, help-desk topic 89.5%, type 92.0%, priority 88.0%,
  // urgent recall 0% (0/1), client IDs F1 0.889, missing info F1 0.462 (P 0.375, R 0.600). The floors below are for after the fixes.
  it('meets the accuracy floors', async () => {
    const report = await score(join(import.meta.dirname, '../fixtures/mail/intake-round6'));
    expect(report.count).toBeGreaterThanOrEqual(25);
    expect(report.accuracy.route).toBeGreaterThanOrEqual(0.96);
    expect(report.accuracy.topicHelpdesk).toBeGreaterThanOrEqual(0.94);
    expect(report.accuracy.type).toBeGreaterThanOrEqual(0.92);
    expect(report.accuracy.priority).toBeGreaterThanOrEqual(0.96);
    expect(report.urgent.recall).toBeGreaterThanOrEqual(0.95);
    expect(report.clientIds.f1).toBeGreaterThanOrEqual(0.98);
    expect(report.missingInfo.f1).toBeGreaterThanOrEqual(0.95);
  });
});

const devDir = join(resolveSharedDir(), 'dev-emails');
const hasShared = existsSync(join(devDir, 'labels.json'));

describe.skipIf(!hasShared)(`intake classification on the shared dev-emails${hasShared ? '' : ' (skipped: ../shared/dev-emails is absent; set DESKMAIL_SHARED_DIR)'}`, () => {
  it('meets the targets on the development set', async () => {
    const report = await score(devDir);
    expect(report.accuracy.route).toBeGreaterThanOrEqual(0.95);
    expect(report.accuracy.topicHelpdesk).toBeGreaterThanOrEqual(0.9);
    expect(report.accuracy.type).toBeGreaterThanOrEqual(0.9);
    expect(report.urgent.recall).toBeGreaterThanOrEqual(0.95);
    expect(report.clientIds.f1).toBeGreaterThanOrEqual(0.98);
    expect(report.missingInfo.f1).toBeGreaterThanOrEqual(0.9);
  });
});
