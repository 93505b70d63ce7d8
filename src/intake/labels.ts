// The labels intake decides among: routes (who handles a request), help-desk topics, request types
// and priority levels, as the labelled sets and the escalation document name them. Pure data.
export const ROUTES = ['ica_helpdesk', 'macch', 'nmis', 'vendor_direct', 'self_service'] as const;
export type Route = (typeof ROUTES)[number];

export const TOPICS = [
  'new_user_training', 'client_record', 'reports', 'merge_request', 'provider_configuration',
  'new_agency_program', 'migration_question', 'workflow_data_entry', 'data_quality', 'system_error',
  'login_password_account', 'hud_report_submission', 'security_training', 'coordinated_entry_config', 'other',
] as const;
export type Topic = (typeof TOPICS)[number];

export const REQUEST_TYPES = ['issue', 'question', 'suggestion'] as const;
export const PRIORITY_LEVELS = ['urgent', 'high', 'normal', 'low'] as const;
