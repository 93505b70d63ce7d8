// Decides route, topic, type and priority of one help-desk request, then its client IDs and
// missing information. Pure: every word and weight comes from the rules (config/intake-rules.yaml);
// the code only adds up weighted pattern matches, stage by stage, and picks the best label.
import { buildContext, type IntakeContext } from './context.ts';
import { extractClientIds } from './client-ids.ts';
import { predictNaiveBayes, type FallbackModel } from './fallback.ts';
import { findMissingInfo } from './missing-info.ts';
import { isMatch, normalizeText } from './patterns.ts';
import type { IntakeRules, Signal } from './rules.ts';
import type { Priority, TicketType } from '../tickets/types.ts';
import type { Classification, IntakeInput, Route, Topic } from './types.ts';

export type { Classification, IntakeInput } from './types.ts';

export function classifyRequest(input: IntakeInput, rules: IntakeRules): Classification {
  const ctx = buildContext(input, rules);
  const fallback = rules.fallback ?? {};
  ctx.route = decideStage('route', rules.route.base, rules.route.signals, ctx, fallback.route) as Route;
  ctx.topic = decideStage('topic', rules.topic.base, rules.topic.signals, ctx, fallback.topic) as Topic;
  ctx.type = decideStage('type', rules.type.base, rules.type.signals, ctx, fallback.type) as TicketType;
  const priority = decidePriority(ctx, rules, input.receivedAt);
  const clientIds = extractClientIds(input, rules.clientIds);
  const decided = { route: ctx.route as Route, topic: ctx.topic as Topic, type: ctx.type as TicketType, priority, clientIds };
  return { ...decided, missingInfo: findMissingInfo(input, decided, rules, ctx) };
}

/**
 * The rules' label for one stage; when no signal of the stage fired at all (the label would only be
 * the base default), the statistical fallback trained on our labelled fixtures may answer instead,
 * if it is confident enough. For topic it only answers for routes whose topic is a help-desk category.
 */
function decideStage(stage: 'route' | 'topic' | 'type', base: Partial<Record<string, number>>, signals: Signal[], ctx: IntakeContext, model?: FallbackModel): string {
  const ruled = pickLabel(base, signals, ctx);
  if (!model || signals.some((s) => Object.values(s.add).some((w) => w > 0) && isMatch(s, ctx))) return ruled;
  if (stage === 'topic' && !TOPIC_FALLBACK_ROUTES.has(ctx.route ?? '')) return ruled;
  const guess = predictNaiveBayes(model.model, ctx.content);
  return guess && guess.confidence >= model.minConfidence ? guess.label : ruled;
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
