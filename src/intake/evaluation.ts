// Scores intake classifications against labelled mail (the labels.json contract of the shared
// dev-emails): per-field accuracy, urgent precision/recall, micro F1 for client IDs and missing info.
// Scoring is pure; loadLabelledMail reads a folder through the file functions it is given.
import { join } from 'node:path';
import { convert } from 'html-to-text';
import { parseMessage } from '../inbound/parse.ts';
import type { ParsedMessage } from '../inbound/types.ts';
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

export interface FileAccess {
  readFile: (path: string) => Buffer;
  listDir: (path: string) => string[];
}

/** Parses every labelled .eml of a folder into the classifier's input. */
export async function loadLabelledMail(dir: string, fs: FileAccess): Promise<LabelledCase[]> {
  const labels = JSON.parse(fs.readFile(join(dir, 'labels.json')).toString('utf8')) as Label[];
  const cases: LabelledCase[] = [];
  for (const label of labels) {
    const message = await parseMessage(fs.readFile(join(dir, label.file)));
    cases.push({ file: label.file, label, input: toIntakeInput(message) });
  }
  return cases;
}

/** The classifier's view of a parsed message: text (or HTML converted), attachments, text attachments, recipients. */
export function toIntakeInput(message: ParsedMessage): IntakeInput {
  const text = message.text.trim() ? message.text : message.html ? convert(message.html, { wordwrap: false }) : '';
  const attachmentTexts = message.attachments
    .filter((a) => a.content && /^text\/(csv|plain|tab-separated-values)/.test(a.contentType))
    .map((a) => a.content!.toString('utf8'));
  return {
    subject: message.subject,
    text,
    attachments: message.attachments.map((a) => ({ filename: a.filename, contentType: a.contentType })),
    attachmentTexts,
    to: message.to.map((a) => a.address),
    cc: message.cc.map((a) => a.address),
    ...(message.date ? { receivedAt: message.date } : {}),
  };
}

export interface ScoreReport {
  count: number;
  accuracy: { route: number; topic: number; topicHelpdesk: number; type: number; priority: number };
  urgent: { precision: number; recall: number; predicted: number; actual: number };
  clientIds: F1;
  missingInfo: F1;
}

export interface F1 {
  precision: number;
  recall: number;
  f1: number;
}

export function scoreClassifications(cases: ScoredCase[]): ScoreReport {
  const share = (rows: ScoredCase[], same: (c: ScoredCase) => boolean): number => (rows.length ? rows.filter(same).length / rows.length : 1);
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
    },
    clientIds: microF1(cases.map((c) => [c.predicted.clientIds, c.label.client_ids])),
    missingInfo: microF1(cases.map((c) => [c.predicted.missingInfo, c.label.missing_info])),
  };
}

function microF1(pairs: [string[], string[]][]): F1 {
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

export function formatScoreReport(report: ScoreReport, cases: ScoredCase[]): string {
  const lines = [
    `emails: ${report.count}`,
    `route accuracy:            ${pct(report.accuracy.route)}`,
    `topic accuracy (all):      ${pct(report.accuracy.topic)}`,
    `topic accuracy (helpdesk): ${pct(report.accuracy.topicHelpdesk)}  (ica_helpdesk + vendor_direct rows)`,
    `type accuracy:             ${pct(report.accuracy.type)}`,
    `priority accuracy:         ${pct(report.accuracy.priority)}`,
    `urgent precision/recall:   ${pct(report.urgent.precision)} / ${pct(report.urgent.recall)}  (predicted ${report.urgent.predicted}, labelled ${report.urgent.actual})`,
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
