// Proposes a ticket summary when the subject says nothing ("help", "Something's wrong", bare
// "Fw:"), built like the user guide's good examples: subject of the issue plus the Client ID. Pure.
import { hasAnyMatch, normalizeText } from './patterns.ts';
import type { IntakeRules } from './rules.ts';
import type { Classification } from './types.ts';

/** A better summary, or null when the subject is already fine. */
export function improveSummary(subject: string, c: Classification, rules: IntakeRules): string | null {
  if (!isPoorSubject(subject, rules)) return null;
  const phrase = rules.summary.topicPhrases[c.topic];
  const clientId = c.clientIds[0];
  return clientId ? `${phrase} ${clientId}` : phrase;
}

export function isPoorSubject(subject: string, rules: IntakeRules): boolean {
  return hasAnyMatch(rules.summary.poorSubjects, normalizeText(subject).replace(/\s+/g, ' ').trim());
}
