// An admin names a route as the Communication Escalation Workflow names its organisation, as well
// as by intake's own name: "ICA" or "ICA Help Desk" is the help desk itself (ica_helpdesk), "Vendor"
// or "Bitfocus" the vendor written to directly (vendor_direct), "Help Center Articles" the Bitfocus
// Help Center (self_service), MACCH and NMIS themselves. Case, and spaces, dashes or underscores
// between the words, do not count. A genuine near miss ("macc", "ica hlep desk") is still refused
// with intake's names, by mail and in a value the ticket page sends.
import { describe, expect, it } from 'vitest';
import { parseReplyCommands, readLabelName } from '../../src/tickets/commands.ts';
import { decide, type Actor, type DecideContext } from '../../src/tickets/decide.ts';
import { ROUTES, type TicketState } from '../../src/tickets/types.ts';

const NOW = new Date('2026-05-20T12:00:00Z');
const admin: Actor = { email: 'summer@utah.test', personId: 3, roles: ['admin'], authenticated: true };
const context: DecideContext = {
  participants: [{ personId: 1, email: 'becky@utah.test', name: 'Becky', role: 'submitter', notify: true }],
  staff: [{ email: 'summer@utah.test', name: 'Summer Bammes' }], reopenDays: 14, helpdeskAddress: 'helpdesk@utah.test', supportAddress: null,
};
const ticket: TicketState = {
  id: 180, ref: 'Utah_RW-180', status: 'assigned', resolution: null, type: 'issue', priority: 'normal', summary: 'APR totals',
  assigneeEmail: 'summer@utah.test', closedAt: null, escalatedAt: null, route: 'self_service', topic: 'system_error',
};

const NAMED: [string, string][] = [
  ['ica', 'ica_helpdesk'],
  ['ICA', 'ica_helpdesk'],
  ['ICA Help Desk', 'ica_helpdesk'],
  ['ica help desk', 'ica_helpdesk'],
  ['ica-help-desk', 'ica_helpdesk'],
  ['ica_help_desk', 'ica_helpdesk'],
  ['ica helpdesk', 'ica_helpdesk'],
  ['helpdesk', 'ica_helpdesk'],
  ['Help Desk', 'ica_helpdesk'],
  ['MACCH', 'macch'],
  ['NMIS', 'nmis'],
  ['vendor', 'vendor_direct'],
  ['Bitfocus', 'vendor_direct'],
  ['Help Center Articles', 'self_service'],
  ['help-center', 'self_service'],
  ['Bitfocus Help Center', 'self_service'],
  ['Bitfocus Help Center Articles', 'self_service'],
];

const NEAR_MISSES = ['macc', 'icaa', 'ica hlep desk', 'bitfocuss', 'help centre', 'nmis roi', 'helpdesk ica'];

describe('#route by the workflow\'s names', () => {
  it.each(NAMED)('takes #route %s as %s', (typed, route) => {
    const parsed = parseReplyCommands(`#route ${typed}\nThis one is ours.`);
    expect(parsed.problems).toEqual([]);
    expect(parsed.commands).toEqual([{ kind: 'route', value: route }]);
  });

  it('corrects the route to intake\'s name and says so, so intake learns the label it knows', () => {
    const parsed = parseReplyCommands('#route ICA Help Desk\nThis is ours after all.');
    const change = decide(ticket, admin, { commands: parsed.commands, noteText: parsed.noteText, problems: parsed.problems }, NOW, context);
    if (change.kind !== 'update') throw new Error(`expected an update, got ${change.kind}`);
    expect(change.patch.route).toBe('ica_helpdesk');
    expect(change.corrections).toMatchObject([{ field: 'route', from: 'self_service', to: 'ica_helpdesk' }]);
    expect(change.acknowledgements).toEqual(['Route corrected to ica_helpdesk.']);
  });

  it.each(NEAR_MISSES)('refuses #route %s with intake\'s names', (typed) => {
    const parsed = parseReplyCommands(`#route ${typed}\nThis one is ours.`);
    expect(parsed.commands).toEqual([]);
    expect(parsed.problems).toEqual([{ line: `#route ${typed}`, reason: `route must be one of ${ROUTES.join(', ')}` }]);
  });
});

describe('a route named on the ticket page (the value as typed)', () => {
  it.each(NAMED)('reads %s as %s', (typed, route) => {
    expect(readLabelName('route', typed)).toBe(route);
  });

  it.each(NEAR_MISSES)('reads %s as no route', (typed) => {
    expect(readLabelName('route', typed)).toBeNull();
  });

  it('corrects the route the page names by the workflow\'s name, and refuses a near miss', () => {
    const taken = decide(ticket, admin, { commands: [{ kind: 'route', value: 'Bitfocus' }], noteText: '' }, NOW, context);
    if (taken.kind !== 'update') throw new Error(`expected an update, got ${taken.kind}`);
    expect(taken.patch.route).toBe('vendor_direct');
    expect(taken.corrections).toMatchObject([{ field: 'route', to: 'vendor_direct' }]);
    const refused = decide(ticket, admin, { commands: [{ kind: 'route', value: 'icaa' }], noteText: '' }, NOW, context);
    if (refused.kind !== 'update') throw new Error(`expected an update, got ${refused.kind}`);
    expect(refused.corrections).toEqual([]);
    expect(refused.events).toMatchObject([{ event: 'command_refused', payload: { refusals: [{ command: '#route icaa', reason: `route must be one of ${ROUTES.join(', ')}` }] } }]);
  });

  it('keeps topics to intake\'s names: the workflow\'s names are routes', () => {
    expect(readLabelName('topic', 'ica')).toBeNull();
    expect(readLabelName('topic', 'data quality')).toBeNull();
  });
});
