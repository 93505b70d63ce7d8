// The labels intake decides among: routes (who handles a request), help-desk topics, request types
// and priority levels, as the labelled sets and the escalation document name them. Pure data.
// Routes and topics are the ticket's own vocabulary too (`#route`, `#topic`), so they live with it.
export { ROUTES, TOPICS, type Route, type Topic } from '../tickets/types.ts';

export const REQUEST_TYPES = ['issue', 'question', 'suggestion'] as const;
export const PRIORITY_LEVELS = ['urgent', 'high', 'normal', 'low'] as const;
