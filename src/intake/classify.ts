// Decides route, topic, type and priority of one help-desk request, then its client IDs and missing
// information. Pure: the rules, vocabulary and trained models are arguments (read once at the edge).
// The trained models decide route, topic and type with calibrated confidence, reading words,
// character n-grams, the vocabulary's concepts and the boundary rules that fire; a boundary rule only
// decides by itself where the label rules leave no doubt (mail addressed to the vendor). Urgency is
// its own judgement (urgency.ts); high and low come from the priority model and near deadlines.
import { buildContext, type IntakeContext } from './context.ts';
import { hasNearDeadline } from './deadline.ts';
import { predictLinear, type LabelProbability } from './linear-model.ts';
import { findMissingInfo } from './missing-info.ts';
import { requestFeatures, firedBoundaries } from './model-features.ts';
import { fieldFeatures } from './model-training.ts';
import type { IntakeRules } from './rules.ts';
import { judgeUrgency } from './urgency.ts';
import type { Priority, TicketType } from '../tickets/types.ts';
import type { Classification, FieldConfidence, IntakeInput, Route, Topic } from './types.ts';

export type { Classification, IntakeInput } from './types.ts';

type ModelField = 'route' | 'topic' | 'type' | 'priority';

export function classifyRequest(input: IntakeInput, rules: IntakeRules): Classification {
  const { model, vocabulary } = rules;
  if (!model || !vocabulary) throw new Error('intake needs its vocabulary and trained model');
  const ctx = buildContext(input, rules);
  const features = requestFeatures(ctx, vocabulary);
  const predicted = (field: ModelField): LabelProbability[] => predictLinear(model.models[field], fieldFeatures(features, field));
  const route = decideRoute(ctx, rules, predicted('route'));
  const topicProbabilities = predicted('topic');
  const typeProbabilities = predicted('type');
  const priorityProbabilities = predicted('priority');
  const topic = topicProbabilities[0]!.label as Topic;
  // The person's own choice on the form, when there is one, is the type everything below follows.
  const type = input.chosenType ?? (typeProbabilities[0]!.label as TicketType);
  const urgentProbability = priorityProbabilities.find((p) => p.label === 'urgent')?.probability ?? 0;
  const issueProbability = typeProbabilities.find((p) => p.label === 'issue')?.probability ?? 0;
  const urgency = judgeUrgency(ctx.content, { topic, type, issueProbability }, vocabulary, urgentProbability);
  const priority: Priority = urgency.urgent ? 'urgent' : decideOtherPriority(ctx, rules, priorityProbabilities, type, input.receivedAt);
  const clientIds = [...ctx.clientIds];
  const confidence = {
    route: route.confidence,
    topic: confidenceOf(topic, topicProbabilities),
    // A type the person chose is no doubt of the model's (missing-info.ts would ask less for a doubtful one).
    ...(input.chosenType ? {} : { type: confidenceOf(type, typeProbabilities) }),
  };
  const decided = { route: route.label, topic, type, priority, clientIds, confidence };
  // Everything the checklist lacks is recorded, what a doubtful topic or type would ask wrongly left out;
  // which of it is asked (none when urgent, at most three) is the assessment's choice.
  return { ...decided, missingInfo: findMissingInfo(input, decided, rules, ctx), urgentReason: urgency.reason };
}

/** A deciding boundary rule (the vendor as addressee) wins; otherwise the route model's best label. */
function decideRoute(ctx: IntakeContext, rules: IntakeRules, probabilities: LabelProbability[]): { label: Route; confidence: FieldConfidence } {
  const deciding = firedBoundaries(ctx, rules.vocabulary!).find((b) => b.decides?.route);
  const label = (deciding?.decides?.route ?? probabilities[0]!.label) as Route;
  return { label, confidence: confidenceOf(label, probabilities) };
}

/** high, normal or low: a deadline within the week is high; otherwise the priority model's best non-urgent level. */
function decideOtherPriority(ctx: IntakeContext, rules: IntakeRules, probabilities: LabelProbability[], type: TicketType, receivedAt?: Date): Priority {
  if (type === 'suggestion') return 'low';
  if (hasNearDeadline(ctx.content, rules.deadline, receivedAt)) return 'high';
  return (probabilities.find((p) => p.label !== 'urgent')?.label ?? 'normal') as Priority;
}

/** The model's probability for the decided label and its best other label. */
function confidenceOf(decided: string, probabilities: LabelProbability[]): FieldConfidence {
  const own = probabilities.find((p) => p.label === decided)?.probability ?? 0;
  const other = probabilities.find((p) => p.label !== decided);
  return { probability: own, runnerUp: other?.label ?? null, runnerUpProbability: other?.probability ?? 0 };
}
