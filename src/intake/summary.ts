// Proposes a ticket summary when the subject says nothing ("help", "Something's wrong", bare
// "Fw:"), built like the user guide's good examples: subject of the issue plus the Client ID. Pure.
import { hasAnyMatch, normalizeText } from './patterns.ts';
import type { IntakeRules } from './rules.ts';
import type { Classification, Topic } from './types.ts';

const TOPIC_PHRASES: Record<Topic, string> = {
  new_user_training: 'New user training request',
  client_record: 'Client record needs correcting',
  reports: 'Report output looks wrong',
  merge_request: 'Merge duplicate client records',
  provider_configuration: 'Program configuration change',
  new_agency_program: 'New agency/program setup',
  migration_question: 'SP to Clarity migration question',
  workflow_data_entry: 'Data entry question',
  data_quality: 'Data quality question',
  system_error: 'Clarity error',
  login_password_account: 'Login/account problem',
  hud_report_submission: 'HUD report submission',
  security_training: 'Security training request',
  coordinated_entry_config: 'Coordinated Entry configuration',
  other: 'General question',
};

/** A better summary, or null when the subject is already fine. */
export function improveSummary(subject: string, c: Classification, rules: IntakeRules): string | null {
  if (!isPoorSubject(subject, rules)) return null;
  const phrase = TOPIC_PHRASES[c.topic];
  const clientId = c.clientIds[0];
  return clientId ? `${phrase} ${clientId}` : phrase;
}

export function isPoorSubject(subject: string, rules: IntakeRules): boolean {
  return hasAnyMatch(rules.summary.poorSubjects, normalizeText(subject).replace(/\s+/g, ' ').trim());
}
