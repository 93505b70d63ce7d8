// Tells the user who handles a request routed away from the help desk's own queue and why, in
// the Communication Escalation Workflow's words kept in the rules file. Pure.
import type { IntakeRules, Route } from './rules.ts';

export interface RouteExplanation {
  route: Route;
  handler: string;
  explanation: string;
}

/** For macch, nmis, vendor_direct and self_service; null for ica_helpdesk (nothing to explain). */
export function explainRoute(route: Route, rules: IntakeRules): RouteExplanation | null {
  if (route === 'ica_helpdesk') return null;
  const entry = rules.routes[route];
  return entry ? { route, handler: entry.handler, explanation: entry.explanation } : null;
}
