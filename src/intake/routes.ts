// Tells the user who handles a request routed away from the help desk's own queue and why, in
// the Communication Escalation Workflow's words. Pure.
import type { ForwardedRoute, RoutedTo } from '../tickets/types.ts';
import type { Route } from './labels.ts';

export interface RouteExplanation {
  route: Route;
  handler: string;
  explanation: string;
}

const EXPLANATIONS: Record<Exclude<Route, 'ica_helpdesk'>, { handler: string; explanation: string }> = {
  macch: {
    handler: 'MACCH',
    explanation: 'This belongs with MACCH, the CoC lead for the Omaha/Council Bluffs area. MACCH is the go-to for '
      + 'NOFA questions/submissions, HUD/Federal/MACCH required trainings, Coordinated Entry (Community Queue, enrollment, '
      + 'assessments, workflow, referrals), CE ROI, CoC community meetings and PIT/HIC planning.',
  },
  nmis: {
    handler: 'NMIS',
    explanation: 'This is a question for NMIS, the Interim Governing Board that includes representatives of CoCs and '
      + 'state agencies. NMIS holds the contract with the vendor, Bitfocus, and develops statewide HMIS policies and '
      + 'procedures, including the NMIS ROI, data sharing, the HMIS budget and HMIS vendor/software selection.',
  },
  vendor_direct: {
    handler: 'ICA Help Desk',
    explanation: 'Users do not contact the vendor directly: if you have questions regarding Clarity and how it functions, '
      + 'the data pulled from it, errors or issues, reach out to the ICA Help Desk or MACCH. ICA acts as the mediator '
      + 'between the users and the vendor, so the help desk has taken this request and will escalate it to Bitfocus if needed.',
  },
  self_service: {
    handler: 'Bitfocus Help Center',
    explanation: 'A Bitfocus Help Center article covers this. Help Center Articles contain information on some of the '
      + 'Canned Reports in Clarity and how to use email, calendar, and correct certain errors. If the article does not '
      + 'solve it, reply and the ICA Help Desk will help further.',
  },
};

/** For macch, nmis, vendor_direct and self_service; null for ica_helpdesk (nothing to explain). */
export function explainRoute(route: Route): RouteExplanation | null {
  if (route === 'ica_helpdesk') return null;
  return { route, ...EXPLANATIONS[route] };
}

/** Who handles a route, by name ("ICA Help Desk", "MACCH"). */
export function routeHandler(route: Route): string {
  return route === 'ica_helpdesk' ? 'ICA Help Desk' : EXPLANATIONS[route].handler;
}

/** Who handles a request routed to MACCH or NMIS, why, and `address`, where it is forwarded (null: nowhere). */
export function routedToOf(route: ForwardedRoute, address: string | null): RoutedTo {
  return { name: EXPLANATIONS[route].handler, why: EXPLANATIONS[route].explanation, address };
}

/** Both organisations with the addresses the settings give them, for `#route` on an open ticket (tickets/decide.ts). */
export function forwardingRoutes(config: { MACCH_ADDRESS: string | null; NMIS_ADDRESS: string | null }): Record<ForwardedRoute, RoutedTo> {
  return { macch: routedToOf('macch', config.MACCH_ADDRESS), nmis: routedToOf('nmis', config.NMIS_ADDRESS) };
}
