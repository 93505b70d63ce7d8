// How far two people's labels of the same mail agree, scored exactly as intake is scored against
// labels (route, topic, type, priority, urgent recall, client-ID and missing-info F1), with the
// first file taken as the reference. It puts a ceiling on the figures intake can be asked to reach:
// where two careful readers of the label contract differ, a classifier cannot agree with both.
// Missing information is also scored on the rows where both agree on route, topic and type (the
// checklist depends on them), and the disagreements are listed per item (file names only).
// Usage: npm run eval:agreement -- REFERENCE/labels.json OTHER/labels.json
import { readFileSync } from 'node:fs';
import { formatScoreReport, microF1, scoreClassifications, type Label, type ScoredAnswer } from '../src/intake/evaluation.ts';

function parseLabels(text: string, path: string): Label[] {
  const rows = JSON.parse(text) as unknown;
  if (!Array.isArray(rows) || rows.some((r) => typeof r?.file !== 'string' || !Array.isArray(r?.missing_info) || !Array.isArray(r?.client_ids))) {
    throw new Error(`${path}: not a labels.json array (file, route, topic, type, priority, client_ids, missing_info)`);
  }
  return rows as Label[];
}

const [referencePath, otherPath] = process.argv.slice(2).filter((a) => a !== '--');
if (!referencePath || !otherPath) {
  console.error('usage: npm run eval:agreement -- REFERENCE/labels.json OTHER/labels.json');
  process.exit(2);
}

const reference = parseLabels(readFileSync(referencePath, 'utf8'), referencePath);
const other = new Map(parseLabels(readFileSync(otherPath, 'utf8'), otherPath).map((l) => [l.file, l]));
const answerOf = (l: Label): ScoredAnswer => ({
  route: l.route as ScoredAnswer['route'], topic: l.topic as ScoredAnswer['topic'], type: l.type as ScoredAnswer['type'],
  priority: l.priority as ScoredAnswer['priority'], clientIds: l.client_ids, missingInfo: l.missing_info,
});
const pairs = reference.filter((l) => other.has(l.file)).map((label) => ({ file: label.file, label, predicted: answerOf(other.get(label.file)!) }));
const unmatched = reference.length - pairs.length;

console.log(`${pairs.length} rows labelled in both${unmatched ? ` (${unmatched} only in the reference, left out)` : ''}`);
console.log(formatScoreReport(scoreClassifications(pairs), pairs).replace('expected -> predicted', 'reference -> other'));
const sameRequest = pairs.filter((p) => p.label.route === p.predicted.route && p.label.topic === p.predicted.topic && p.label.type === p.predicted.type);
const sameF1 = microF1(sameRequest.map((p) => [p.predicted.missingInfo, p.label.missing_info]));
console.log(`missing info where route, topic and type agree (${sameRequest.length} rows): F1 ${sameF1.f1.toFixed(3)} (P ${sameF1.precision.toFixed(3)} / R ${sameF1.recall.toFixed(3)})`);
const byItem = new Map<string, { onlyReference: string[]; onlyOther: string[] }>();
for (const p of sameRequest) {
  const mine = new Set(p.label.missing_info);
  const theirs = new Set(p.predicted.missingInfo);
  const entry = (item: string) => byItem.get(item) ?? byItem.set(item, { onlyReference: [], onlyOther: [] }).get(item)!;
  for (const item of mine) if (!theirs.has(item)) entry(item).onlyReference.push(p.file);
  for (const item of theirs) if (!mine.has(item)) entry(item).onlyOther.push(p.file);
}
for (const [item, { onlyReference, onlyOther }] of [...byItem].sort((a, b) => b[1].onlyReference.length + b[1].onlyOther.length - a[1].onlyReference.length - a[1].onlyOther.length)) {
  console.log(`  ${item}: missing only in the reference ${onlyReference.length} (${onlyReference.join(' ')}), only in the other ${onlyOther.length} (${onlyOther.join(' ')})`);
}
