import { describe, expect, it } from 'vitest';
import { describeAllowedRoles, isAllowed, PERMISSION_ACTIONS, PERMISSIONS } from '../../src/tickets/permissions.ts';

describe('who may do what', () => {
  it('lets only admins assign, escalate, set priority and correct route or topic', () => {
    for (const action of ['assign', 'escalate', 'priority', 'route', 'topic'] as const) {
      expect(isAllowed(action, ['admin'])).toBe(true);
      expect(isAllowed(action, ['submitter'])).toBe(false);
      expect(isAllowed(action, ['interested'])).toBe(false);
      expect(isAllowed(action, ['support'])).toBe(false);
    }
  });

  it('lets admins, the people working the ticket and the submitter mark it fixed (the guide\'s "Mark the issue as fixed"), but not interested people', () => {
    expect(isAllowed('fixed', ['admin'])).toBe(true);
    expect(isAllowed('fixed', ['assignee'])).toBe(true);
    expect(isAllowed('fixed', ['support'])).toBe(true);
    expect(isAllowed('fixed', ['submitter'])).toBe(true);
    expect(isAllowed('fixed', ['interested'])).toBe(false);
  });

  it('lets the submitter and admins verify, mark not fixed or close', () => {
    for (const action of ['verified', 'notfixed', 'close'] as const) {
      expect(isAllowed(action, ['submitter'])).toBe(true);
      expect(isAllowed(action, ['admin'])).toBe(true);
      expect(isAllowed(action, ['interested'])).toBe(false);
      expect(isAllowed(action, ['support'])).toBe(false);
    }
  });

  it('lets every participant add a note, but only staff write internal notes', () => {
    for (const role of ['submitter', 'interested', 'assignee', 'admin', 'support'] as const) {
      expect(isAllowed('note', [role])).toBe(true);
    }
    expect(isAllowed('internal', ['submitter'])).toBe(false);
    expect(isAllowed('internal', ['interested'])).toBe(false);
    expect(isAllowed('internal', ['admin'])).toBe(true);
    expect(isAllowed('internal', ['support'])).toBe(true);
  });

  it('allows an action when any one of several roles allows it', () => {
    expect(isAllowed('assign', ['submitter', 'admin'])).toBe(true);
    expect(isAllowed('verified', ['assignee', 'submitter'])).toBe(true);
  });

  it('allows nothing to someone with no role on the ticket', () => {
    for (const action of PERMISSION_ACTIONS) expect(isAllowed(action, [])).toBe(false);
  });

  it('names the allowed roles in words for refusal messages', () => {
    expect(describeAllowedRoles('assign')).toBe('an admin');
    expect(describeAllowedRoles('verified')).toBe('the submitter or an admin');
  });

  it('has a row for every action', () => {
    expect(Object.keys(PERMISSIONS).sort()).toEqual([...PERMISSION_ACTIONS].sort());
  });
});
