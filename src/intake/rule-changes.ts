// Compares two sets of intake rules (rules file, vocabulary, model) on labelled requests: which
// requests change answer, field by field, and whether each change is right or wrong by the labels.
// Pure: the caller loads both rule sets and the labelled cases.
import { classifyRequest } from './classify.ts';
import type { LabelledCase } from './evaluation.ts';
import type { IntakeRules } from './rules.ts';

export interface ChangedAnswer {
  file: string;
  field: 'route' | 'topic' | 'type' | 'priority';
  before: string;
  after: string;
  label: string;
  /** fixed: now matches the label; broken: matched before, not now; other: wrong both times. */
  effect: 'fixed' | 'broken' | 'other';
}

const FIELDS = ['route', 'topic', 'type', 'priority'] as const;

export function findChangedAnswers(cases: LabelledCase[], current: IntakeRules, proposed: IntakeRules): ChangedAnswer[] {
  const changes: ChangedAnswer[] = [];
  for (const c of cases) {
    const before = classifyRequest(c.input, current);
    const after = classifyRequest(c.input, proposed);
    for (const field of FIELDS) {
      if (before[field] === after[field]) continue;
      const label = c.label[field];
      const effect = after[field] === label ? 'fixed' : before[field] === label ? 'broken' : 'other';
      changes.push({ file: c.file, field, before: before[field], after: after[field], label, effect });
    }
  }
  return changes;
}
