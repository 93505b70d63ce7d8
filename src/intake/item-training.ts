// Turns one labelled help-desk request into training examples for the checklist item models: one per
// checklist item that applies to its labelled route, topic and type, with the rules' verdict the model
// learns to correct and whether the label says the item was there. Pure.
import { extractClientIds } from './client-ids.ts';
import type { IntakeContext } from './context.ts';
import type { Label } from './evaluation.ts';
import { itemFeatures, type ItemExample } from './item-models.ts';
import { judgeByRules } from './missing-info.ts';
import type { IntakeRules } from './rules.ts';
import type { Classification, IntakeInput, Route, Topic } from './types.ts';
import type { TicketType } from '../tickets/types.ts';

/** The item examples of one labelled request; none where the help desk does not own it or it is a suggestion. */
export function itemExamplesOf(input: IntakeInput, label: Label, ctx: IntakeContext, requestFeatures: readonly string[], rules: IntakeRules): ItemExample[] {
  if (!rules.missingInfoRoutes.includes(label.route as Route) || label.type === 'suggestion') return [];
  const decided: Omit<Classification, 'missingInfo'> = {
    route: label.route as Route, topic: label.topic as Topic, type: label.type as TicketType, priority: 'normal',
    clientIds: extractClientIds(input, rules.clientIds),
  };
  return judgeByRules(input, decided, rules, ctx).map((judged) => ({
    item: judged.id,
    features: itemFeatures(requestFeatures, label.topic, judged.present),
    present: !label.missing_info.includes(judged.reportAs),
  }));
}
