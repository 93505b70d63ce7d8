// Decides route, topic, type and priority of one help-desk request, then its client IDs and
// missing information. Pure: the rules, vocabulary and trained model are arguments (read once by
// loadIntakeRules). Route, topic and type: the rules' weighted signals, with the trained model's
// calibrated probabilities beside them (it answers where no rule spoke, and names the runner-up);
// urgency is its own judgement (urgency.ts).
import { buildContext, type IntakeContext } from './context.ts';
import { extractClientIds } from './client-ids.ts';
import { predictLinear, type LabelProbability, type LinearModel } from './linear-model.ts';
import { requestFeatures } from './model-features.ts';
import { judgeUrgency } from './urgency.ts';
import { findMissingInfo } from './missing-info.ts';
import { isMatch, normalizeText } from './patterns.ts';
import type { IntakeRules, Signal } from './rules.ts';
import type { Priority, TicketType } from '../tickets/types.ts';
import type { Classification, FieldConfidence, IntakeInput, Route, Topic } from './types.ts';

export type { Classification, IntakeInput } from './types.ts';

export function classifyRequest(input: IntakeInput, rules: IntakeRules): Classification {
  const ctx = buildContext(input, rules);
  const features = rules.model && rules.vocabulary ? requestFeatures(ctx, rules.vocabulary) : null;
  const predict = (model: LinearModel | undefined): LabelProbability[] | null => (model && features ? predictLinear(model, features) : null);
  const confidence: Partial<Record<'route' | 'topic' | 'type', FieldConfidence>> = {};
  for (const stage of ['route', 'topic', 'type'] as const) {
    const probabilities = predict(rules.model?.models[stage]);
    const decided = decideStage(stage, rules[stage].base, rules[stage].signals, ctx, probabilities);
    ctx[stage] = decided;
    if (probabilities) confidence[stage] = confidenceOf(decided, probabilities);
  }
  const urgency = rules.vocabulary ? judgeUrgency(ctx.content, { topic: ctx.topic!, type: ctx.type! }, rules.vocabulary) : { urgent: false, reason: null };
  const ruled = decidePriority(ctx, rules, input.receivedAt);
  const notUrgent = rules.vocabulary?.urgency.not_urgent_topics ?? [];
  const priority: Priority = urgency.urgent ? 'urgent' : ruled === 'urgent' && (notUrgent.includes(ctx.topic!) || notUrgent.includes(ctx.type!)) ? 'high' : ruled;
  const urgentReason = urgency.reason ?? (priority === 'urgent' ? 'a client is held up from a service now (intake rules)' : null);
  const clientIds = extractClientIds(input, rules.clientIds);
  const decided = { route: ctx.route as Route, topic: ctx.topic as Topic, type: ctx.type as TicketType, priority, clientIds };
  return { ...decided, missingInfo: findMissingInfo(input, decided, rules, ctx), urgentReason, confidence };
}

/** The model's probability for the decided label and its best other label. */
function confidenceOf(decided: string, probabilities: LabelProbability[]): FieldConfidence {
  const own = probabilities.find((p) => p.label === decided)?.probability ?? 0;
  const other = probabilities.find((p) => p.label !== decided);
  return { probability: own, runnerUp: other?.label ?? null, runnerUpProbability: other?.probability ?? 0 };
}

/**
 * The rules' label for one stage; when no signal of the stage fired at all (the label would only be
 * the base default), the trained model answers instead. For topic it only answers for routes whose
 * topic is a help-desk category.
 */
function decideStage(stage: 'route' | 'topic' | 'type', base: Partial<Record<string, number>>, signals: Signal[], ctx: IntakeContext, probabilities: LabelProbability[] | null): string {
  const ruled = pickLabel(base, signals, ctx);
  if (!probabilities || signals.some((s) => Object.values(s.add).some((w) => w > 0) && isMatch(s, ctx))) return ruled;
  if (stage === 'topic' && !TOPIC_FALLBACK_ROUTES.has(ctx.route ?? '')) return ruled;
  return probabilities[0]!.label;
}

const TOPIC_FALLBACK_ROUTES = new Set(['ica_helpdesk', 'vendor_direct', 'self_service']);

/** Per-label scores: the base plus the weights of every matching signal. Exposed for explaining a decision. */
export function scoreLabels(base: Partial<Record<string, number>>, signals: Signal[], ctx: IntakeContext): Map<string, number> {
  const scores = new Map<string, number>(Object.entries(base).map(([k, v]) => [k, v ?? 0]));
  for (const signal of signals) {
    if (!isMatch(signal, ctx)) continue;
    for (const [label, weight] of Object.entries(signal.add)) scores.set(label, (scores.get(label) ?? 0) + weight);
  }
  return scores;
}

/** Highest score wins; a tie goes to the label with the higher base score (the default). */
function pickLabel(base: Partial<Record<string, number>>, signals: Signal[], ctx: IntakeContext): string {
  let best = '';
  let bestScore = -Infinity;
  for (const [label, score] of scoreLabels(base, signals, ctx)) {
    const better = score > bestScore || (score === bestScore && (base[label] ?? 0) > (base[best] ?? 0));
    if (better) {
      best = label;
      bestScore = score;
    }
  }
  return best;
}

const LEVEL_RANK: Record<Priority, number> = { urgent: 3, high: 2, low: 1, normal: 0 };

/** The strongest raised level wins (urgent, then high); low applies only when nothing raised it. */
function decidePriority(ctx: IntakeContext, rules: IntakeRules, receivedAt?: Date): Priority {
  const levels: Priority[] = rules.priority.signals.filter((s) => isMatch(s, ctx)).map((s) => s.level);
  if (hasNearDeadline(ctx, rules, receivedAt)) levels.push(rules.priority.deadline.level);
  const raised = levels.filter((l) => l === 'urgent' || l === 'high');
  const pool = raised.length ? raised : levels;
  return pool.reduce<Priority>((best, l) => (LEVEL_RANK[l] > LEVEL_RANK[best] ? l : best), 'normal');
}

/** A sentence naming a deadline (due, audit, monitoring visit) that falls within the configured days. */
function hasNearDeadline(ctx: IntakeContext, rules: IntakeRules, receivedAt?: Date): boolean {
  const { cue, soon, withinDays } = rules.priority.deadline;
  const sentences = ctx.content.split(/(?<=[.!?])\s+|\n\s*\n/);
  return sentences.some((sentence) => {
    const flat = sentence.replace(/\s+/g, ' ');
    if (!isMatch({ any: cue }, { ...ctx, content: flat })) return false;
    if (isMatch({ any: soon }, { ...ctx, content: flat })) return true;
    return receivedAt ? datesIn(flat, receivedAt).some((d) => daysBetween(receivedAt, d) >= 0 && daysBetween(receivedAt, d) <= withinDays) : false;
  });
}

/** m/d or m/d/yyyy dates, resolved to the year that puts them nearest after `from`. */
function datesIn(sentence: string, from: Date): Date[] {
  const out: Date[] = [];
  for (const m of normalizeText(sentence).matchAll(/(?<![\d/])(\d{1,2})\/(\d{1,2})(?:\/(\d{2,4}))?(?![\d/])/g)) {
    const month = Number(m[1]) - 1;
    const day = Number(m[2]);
    let year = m[3] ? Number(m[3].length === 2 ? `20${m[3]}` : m[3]) : from.getUTCFullYear();
    let date = new Date(Date.UTC(year, month, day));
    if (!m[3] && daysBetween(from, date) < -180) date = new Date(Date.UTC(++year, month, day));
    out.push(date);
  }
  return out;
}

function daysBetween(from: Date, to: Date): number {
  const start = Date.UTC(from.getUTCFullYear(), from.getUTCMonth(), from.getUTCDate());
  return Math.round((to.getTime() - start) / 86_400_000);
}
