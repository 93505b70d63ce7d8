// Whether intake asks for one checklist item of a request whose route, topic and type are already decided.
import { findMissingInfo } from '../../src/intake/missing-info.ts';
import { loadIntakeRules } from '../../src/stage-settings.ts';
import type { Classification } from '../../src/intake/types.ts';

type Decided = Omit<Classification, 'missingInfo'>;
const rules = loadIntakeRules();

/** `asksFor('report_name', 'Board numbers', { topic: 'reports', type: 'issue' })(text)`: route help desk, priority normal, no client IDs unless given. */
export function asksFor(item: string, subject: string, decided: Pick<Decided, 'topic' | 'type'> & Partial<Decided>): (text: string) => boolean {
  const full: Decided = { route: 'ica_helpdesk', priority: 'normal', clientIds: [], ...decided };
  return (text) => findMissingInfo({ subject, text, attachments: [] }, full, rules).includes(item);
}
