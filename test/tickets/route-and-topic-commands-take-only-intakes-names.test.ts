// `#route` and `#topic` take only the names intake decides among (the admins' corrections are read
// back as training labels): a near miss ("macc", "icaa", "reprots") is reported back with the valid
// names, never stored nor guessed, as `#priority hgh` is. Case and a dash for the underscore are the
// same name (a route is also taken by the escalation workflow's name for its organisation, "ICA Help
// Desk": route-named-as-the-escalation-workflow-names-it.test.ts). A value the web's form sends as
// typed is held to the same names.
import { describe, expect, it } from 'vitest';
import { parseReplyCommands } from '../../src/tickets/commands.ts';
import { decide, type Actor, type DecideContext } from '../../src/tickets/decide.ts';
import { ROUTES, TOPICS, type TicketState } from '../../src/tickets/types.ts';

const NOW = new Date('2026-05-20T12:00:00Z');
const admin: Actor = { email: 'summer@utah.test', personId: 3, roles: ['admin'], authenticated: true };
const context: DecideContext = {
  participants: [{ personId: 1, email: 'becky@utah.test', name: 'Becky', role: 'submitter', notify: true }],
  staff: [{ email: 'summer@utah.test', name: 'Summer Bammes' }], reopenDays: 14, helpdeskAddress: 'helpdesk@utah.test', supportAddress: null,
};
const ticket: TicketState = {
  id: 180, ref: 'Utah_RW-180', status: 'assigned', resolution: null, type: 'issue', priority: 'normal', summary: 'APR totals',
  assigneeEmail: 'summer@utah.test', closedAt: null, escalatedAt: null, route: 'ica_helpdesk', topic: 'system_error',
};

describe('#route and #topic by mail', () => {
  it.each([
    ['#route macc', 'route'],
    ['#route icaa', 'route'],
    ['#route hepldesk', 'route'],
    ['#topic reprots', 'topic'],
    ['#topic dq', 'topic'],
  ] as const)('refuses %s with the names it may be', (line, kind) => {
    const parsed = parseReplyCommands(`${line}\nThis one is ours.`);
    expect(parsed.commands).toEqual([]);
    const names = kind === 'route' ? ROUTES : TOPICS;
    expect(parsed.problems).toEqual([{ line, reason: `${kind} must be one of ${names.join(', ')}` }]);
  });

  it('takes intake\'s names in any case, with a dash for the underscore', () => {
    expect(parseReplyCommands('#route MACCH\n#route ica-helpdesk\n#topic Data_Quality\n#topic new-user-training').commands).toEqual([
      { kind: 'route', value: 'macch' }, { kind: 'route', value: 'ica_helpdesk' },
      { kind: 'topic', value: 'data_quality' }, { kind: 'topic', value: 'new_user_training' },
    ]);
  });

  it('names the valid names when the name is missing, has spaces or says more than a name', () => {
    expect(parseReplyCommands('#topic\nnote').problems[0]?.reason).toBe(`#topic needs one of ${TOPICS.join(', ')}`);
    expect(parseReplyCommands('#topic data quality\nnote').problems[0]?.reason).toContain(`topic must be one of ${TOPICS.join(', ')}`);
    expect(parseReplyCommands('#route macch please\nnote').problems[0]?.reason).toContain(`route must be one of ${ROUTES.join(', ')}`);
  });

  it('stores no correction and acknowledges none for a refused name, and the sender hears why', () => {
    const parsed = parseReplyCommands('#route macc\n#topic reprots\nMoving this.');
    const change = decide(ticket, admin, { commands: parsed.commands, noteText: parsed.noteText, problems: parsed.problems }, NOW, context);
    if (change.kind !== 'update') throw new Error(`expected an update, got ${change.kind}`);
    expect(change.patch.route).toBeUndefined();
    expect(change.patch.topic).toBeUndefined();
    expect(change.corrections).toEqual([]);
    expect(change.acknowledgements ?? []).toEqual([]);
    expect(change.events.map((e) => e.event)).toEqual(['new_note', 'command_refused']);
  });
});

describe('#route and #topic as the web\'s form sends them (the name as typed)', () => {
  it('refuses a name intake does not know, and corrects to one it does', () => {
    const refused = decide(ticket, admin, { commands: [{ kind: 'route', value: 'macc' }, { kind: 'topic', value: 'reprots' }], noteText: '' }, NOW, context);
    if (refused.kind !== 'update') throw new Error(`expected an update, got ${refused.kind}`);
    expect(refused.patch).toEqual({});
    expect(refused.corrections).toEqual([]);
    expect(refused.events).toMatchObject([{ event: 'command_refused', payload: { refusals: [
      { command: '#route macc', reason: `route must be one of ${ROUTES.join(', ')}` },
      { command: '#topic reprots', reason: `topic must be one of ${TOPICS.join(', ')}` },
    ] } }]);
    const taken = decide(ticket, admin, { commands: [{ kind: 'topic', value: 'Reports' }], noteText: '' }, NOW, context);
    if (taken.kind !== 'update') throw new Error(`expected an update, got ${taken.kind}`);
    expect(taken.patch).toEqual({ topic: 'reports' });
    expect(taken.acknowledgements).toEqual(['Topic corrected to reports.']);
  });
});
