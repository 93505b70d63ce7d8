// The names a route is chosen by (`#route` by mail, the ticket page's route form): intake's own
// route names, and the names the Communication Escalation Workflow gives each route's
// organisation, read as the same route. Whole names only: a near miss ("macc", "ica hlep desk")
// is none. Pure: data and one lookup.
import { ROUTES, type Route } from './types.ts';

/**
 * Each route's organisation as the workflow document calls it. A new wording is a new line here;
 * intake's own name (`ica_helpdesk`) is always taken and need not be listed.
 */
export const ROUTE_NAMES: Record<Route, readonly string[]> = {
  // "ICA Help Desk", the help desk itself; "ICA is meant to act as a mediator between the users and the
  // vendor"; the document also calls it "the helpdesk", which an admin writing to it means too.
  ica_helpdesk: ['ICA Help Desk', 'ICA', 'Help Desk', 'Helpdesk'],
  // "MACCH", the CoC lead for the Omaha/Council Bluffs area.
  macch: ['MACCH'],
  // "NMIS", the Interim Governing Board.
  nmis: ['NMIS'],
  // "Vendor"; "NMIS holds the contract with the vendor, Bitfocus".
  vendor_direct: ['Vendor', 'Bitfocus'],
  // "Bitfocus Help Center Articles", "Help Center Articles"; the requester's mail names the "Bitfocus Help Center".
  self_service: ['Bitfocus Help Center Articles', 'Help Center Articles', 'Bitfocus Help Center', 'Help Center'],
};

/** A name as names are compared: case, and the spaces, dashes or underscores between its words, do not count. */
function nameKey(name: string): string {
  return name.trim().toLowerCase().replace(/[\s_-]+/g, '_');
}

const BY_NAME: ReadonlyMap<string, Route> = new Map(
  ROUTES.flatMap((route) => [route, ...ROUTE_NAMES[route]].map((name) => [nameKey(name), route] as const)),
);

/** The route a typed name stands for ("MACCH", "ica-helpdesk", "ICA Help Desk"), or null when it names none. */
export function routeNamed(typed: string): Route | null {
  return BY_NAME.get(nameKey(typed)) ?? null;
}
