// Whether intake asks for one checklist item of a request whose route, topic and type are already decided:
// with everything intake loads (rules and the checklist item models), or with the rules alone, to pin what they read.
import { findMissingInfo } from '../../src/intake/missing-info.ts';
import { loadIntakeRules } from '../../src/stage-settings.ts';
import type { Classification } from '../../src/intake/types.ts';

type Decided = Omit<Classification, 'missingInfo'>;
const loaded = loadIntakeRules();
const { itemModels: _models, ...rulesAlone } = loaded;

/** `asksFor('report_name', 'Board numbers', { topic: 'reports', type: 'issue' })(text)`: route help desk, priority normal, no client IDs unless given. */
export function asksFor(item: string, subject: string, decided: Pick<Decided, 'topic' | 'type'> & Partial<Decided>, options: { rulesAlone?: boolean } = {}): (text: string) => boolean {
  const full: Decided = { route: 'ica_helpdesk', priority: 'normal', clientIds: [], ...decided };
  const rules = options.rulesAlone ? rulesAlone : loaded;
  return (text) => findMissingInfo({ subject, text, attachments: [] }, full, rules).includes(item);
}
