// Scores intake classifications against labelled mail (the labels.json contract of the shared
// dev-emails): per-field accuracy, urgent recall and false alarms per 100 requests, micro F1 for
// client IDs and missing info, and the comparison with a set's first-run figures. Pure: reading and
// parsing the labelled folders happens in scripts/labelled-mail.ts.
import type { Classification, IntakeInput } from './types.ts';

export interface Label {
  file: string;
  route: string;
  topic: string;
  type: string;
  priority: string;
  client_ids: string[];
  missing_info: string[];
  notes?: string;
}

export interface LabelledCase {
  file: string;
  label: Label;
  input: IntakeInput;
}

export interface ScoredCase extends LabelledCase {
  predicted: Classification;
}

/** What scoring reads of an answer: a classifier's, or a second person's labels of the same mail. */
export type ScoredAnswer = Pick<Classification, 'route' | 'topic' | 'type' | 'priority' | 'clientIds' | 'missingInfo'>;

export interface ScoreReport {
  count: number;
  accuracy: { route: number; topic: number; topicHelpdesk: number; type: number; priority: number };
  urgent: { precision: number; recall: number; predicted: number; actual: number; falseAlarmsPer100: number };
  clientIds: F1;
  missingInfo: F1;
}

export interface F1 {
  precision: number;
  recall: number;
  f1: number;
}

export function scoreClassifications<C extends { label: Label; predicted: ScoredAnswer }>(cases: C[]): ScoreReport {
  const share = (rows: C[], same: (c: C) => boolean): number => (rows.length ? rows.filter(same).length / rows.length : 1);
  const owned = cases.filter((c) => c.label.route === 'ica_helpdesk' || c.label.route === 'vendor_direct');
  const urgentPredicted = cases.filter((c) => c.predicted.priority === 'urgent');
  const urgentActual = cases.filter((c) => c.label.priority === 'urgent');
  const urgentHit = cases.filter((c) => c.predicted.priority === 'urgent' && c.label.priority === 'urgent').length;
  return {
    count: cases.length,
    accuracy: {
      route: share(cases, (c) => c.predicted.route === c.label.route),
      topic: share(cases, (c) => c.predicted.topic === c.label.topic),
      topicHelpdesk: share(owned, (c) => c.predicted.topic === c.label.topic),
      type: share(cases, (c) => c.predicted.type === c.label.type),
      priority: share(cases, (c) => c.predicted.priority === c.label.priority),
    },
    urgent: {
      precision: urgentPredicted.length ? urgentHit / urgentPredicted.length : 1,
      recall: urgentActual.length ? urgentHit / urgentActual.length : 1,
      predicted: urgentPredicted.length,
      actual: urgentActual.length,
      falseAlarmsPer100: cases.length ? ((urgentPredicted.length - urgentHit) / cases.length) * 100 : 0,
    },
    clientIds: microF1(cases.map((c) => [c.predicted.clientIds, c.label.client_ids])),
    missingInfo: microF1(cases.map((c) => [c.predicted.missingInfo, c.label.missing_info])),
  };
}

export function microF1(pairs: [string[], string[]][]): F1 {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  for (const [predicted, actual] of pairs) {
    const expected = new Set(actual);
    const got = new Set(predicted);
    for (const p of got) if (expected.has(p)) tp++; else fp++;
    for (const a of expected) if (!got.has(a)) fn++;
  }
  const precision = tp + fp ? tp / (tp + fp) : 1;
  const recall = tp + fn ? tp / (tp + fn) : 1;
  return { precision, recall, f1: precision + recall ? (2 * precision * recall) / (precision + recall) : 0 };
}

const pct = (n: number): string => `${(n * 100).toFixed(1)}%`;

export function formatScoreReport(report: ScoreReport, cases: { file: string; label: Label; predicted: ScoredAnswer }[]): string {
  const lines = [
    `emails: ${report.count}`,
    `route accuracy:            ${pct(report.accuracy.route)}`,
    `topic accuracy (all):      ${pct(report.accuracy.topic)}`,
    `topic accuracy (helpdesk): ${pct(report.accuracy.topicHelpdesk)}  (ica_helpdesk + vendor_direct rows)`,
    `type accuracy:             ${pct(report.accuracy.type)}`,
    `priority accuracy:         ${pct(report.accuracy.priority)}`,
    `urgent precision/recall:   ${pct(report.urgent.precision)} / ${pct(report.urgent.recall)}  (predicted ${report.urgent.predicted}, labelled ${report.urgent.actual}; false alarms per 100: ${report.urgent.falseAlarmsPer100.toFixed(1)})`,
    `client IDs micro F1:       ${report.clientIds.f1.toFixed(3)}  (P ${report.clientIds.precision.toFixed(3)}, R ${report.clientIds.recall.toFixed(3)})`,
    `missing info micro F1:     ${report.missingInfo.f1.toFixed(3)}  (P ${report.missingInfo.precision.toFixed(3)}, R ${report.missingInfo.recall.toFixed(3)})`,
    '',
    'misses (field: expected -> predicted):',
  ];
  for (const c of cases) {
    const misses: string[] = [];
    const { label: l, predicted: p } = c;
    if (p.route !== l.route) misses.push(`route: ${l.route} -> ${p.route}`);
    if (p.topic !== l.topic) misses.push(`topic: ${l.topic} -> ${p.topic}`);
    if (p.type !== l.type) misses.push(`type: ${l.type} -> ${p.type}`);
    if (p.priority !== l.priority) misses.push(`priority: ${l.priority} -> ${p.priority}`);
    if (p.clientIds.join(',') !== l.client_ids.join(',')) misses.push(`clientIds: [${l.client_ids}] -> [${p.clientIds}]`);
    if ([...p.missingInfo].sort().join(',') !== [...l.missing_info].sort().join(',')) misses.push(`missingInfo: [${l.missing_info}] -> [${p.missingInfo}]`);
    if (misses.length) lines.push(`  ${c.file}  ${misses.join('; ')}`);
  }
  return lines.join('\n');
}

/** One line per urgent miss and false alarm: set, file, labelled and predicted priority, the urgency reason given. */
export function formatUrgencyErrors(setName: string, cases: ScoredCase[]): string {
  return cases
    .filter((c) => (c.label.priority === 'urgent') !== (c.predicted.priority === 'urgent'))
    .map((c) => `${c.label.priority === 'urgent' ? 'miss' : 'false alarm'}  ${setName} ${c.file}  ${c.label.priority} -> ${c.predicted.priority}  ${c.predicted.urgentReason ?? '-'}\n`)
    .join('');
}

/** The figures kept per labelled set in the first-run table; null where a first run did not measure it. */
export interface FieldFigures {
  route: number | null;
  topic: number | null;
  type: number | null;
  priority: number | null;
  urgentRecall: number | null;
  falseAlarmsPer100: number | null;
  clientIdF1: number | null;
  missingInfoF1: number | null;
}

export const FIGURE_FIELDS = ['route', 'topic', 'type', 'priority', 'urgentRecall', 'falseAlarmsPer100', 'clientIdF1', 'missingInfoF1'] as const;
export type FigureField = (typeof FIGURE_FIELDS)[number];

/** Lower is better only for false alarms. */
export const isLowerBetter = (field: FigureField): boolean => field === 'falseAlarmsPer100';

/** The table's view of a report: topic is scored on help-desk-owned rows (ica_helpdesk, vendor_direct). */
export function figuresOf(report: ScoreReport): FieldFigures {
  return {
    route: report.accuracy.route,
    topic: report.accuracy.topicHelpdesk,
    type: report.accuracy.type,
    priority: report.accuracy.priority,
    urgentRecall: report.urgent.actual ? report.urgent.recall : null,
    falseAlarmsPer100: report.urgent.falseAlarmsPer100,
    clientIdF1: report.clientIds.f1,
    missingInfoF1: report.missingInfo.f1,
  };
}

/** Fields where the current figure is worse than the first run (beyond rounding to the table's precision). */
export function findRegressions(current: FieldFigures, firstRun: FieldFigures): FigureField[] {
  return FIGURE_FIELDS.filter((field) => {
    const was = firstRun[field];
    const now = current[field];
    if (was === null || now === null) return false;
    // Half a unit of the stored precision, plus a hair for floating point: 71/80 = 0.8875 is stored as 0.888.
    const tolerance = (field === 'falseAlarmsPer100' ? 0.05 : 0.0005) + 1e-9;
    return isLowerBetter(field) ? now > was + tolerance : now < was - tolerance;
  });
}

const FIELD_TITLES: Record<FigureField, string> = {
  route: 'route', topic: 'topic (help desk)', type: 'type', priority: 'priority', urgentRecall: 'urgent recall',
  falseAlarmsPer100: 'false alarms /100', clientIdF1: 'client-ID F1', missingInfoF1: 'missing-info F1',
};

export function formatFigure(field: FigureField, value: number | null): string {
  if (value === null) return '-';
  if (field === 'clientIdF1' || field === 'missingInfoF1') return value.toFixed(3);
  if (field === 'falseAlarmsPer100') return value.toFixed(1);
  return pct(value);
}

/** One set's figures now beside its first run, one field a line. */
export function formatAgainstFirstRun(name: string, current: FieldFigures, firstRun: FieldFigures | null): string {
  const lines = [`${name}`, `  ${'field'.padEnd(18)} ${'now'.padStart(8)} ${'first run'.padStart(10)}`];
  const worse = firstRun ? new Set(findRegressions(current, firstRun)) : new Set<FigureField>();
  for (const field of FIGURE_FIELDS) {
    const mark = worse.has(field) ? '  LOWER THAN FIRST RUN' : '';
    lines.push(`  ${FIELD_TITLES[field].padEnd(18)} ${formatFigure(field, current[field]).padStart(8)} ${formatFigure(field, firstRun?.[field] ?? null).padStart(10)}${mark}`);
  }
  return lines.join('\n');
}
