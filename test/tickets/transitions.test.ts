import { describe, expect, it } from 'vitest';
import { findTransition, FIX_EVENTS, isClosedAfterFix, nextStatus, TRANSITION_ACTIONS, TRANSITIONS } from '../../src/tickets/transitions.ts';
import { TICKET_STATUSES } from '../../src/tickets/types.ts';

const at = (status: (typeof TICKET_STATUSES)[number], assigneeEmail: string | null = null) => ({ status, assigneeEmail });

describe('ticket status transitions', () => {
  it('moves a new ticket to Assigned when it is assigned', () => {
    expect(nextStatus(at('new'), 'assign')).toEqual({ kind: 'moved', status: 'assigned', resolution: null, event: 'assigned' });
  });

  it('moves an assigned ticket to Fixed - Verify Needed when it is marked fixed', () => {
    expect(nextStatus(at('assigned', 'summer@x.test'), 'fixed')).toMatchObject({ status: 'fixed_verify_needed', event: 'fixed' });
  });

  it('closes a fix with resolution verified when the submitter verifies it', () => {
    expect(nextStatus(at('fixed_verify_needed', 'summer@x.test'), 'verified')).toEqual({
      kind: 'moved',
      status: 'closed',
      resolution: 'verified',
      event: 'verified',
    });
  });

  it('closes with resolution closed, not verified, when a ticket is simply closed', () => {
    for (const from of ['new', 'assigned', 'waiting_for_response', 'fixed_verify_needed'] as const) {
      expect(nextStatus(at(from), 'close')).toMatchObject({ status: 'closed', resolution: 'closed' });
    }
  });

  it('closes a forwarded request with resolution routed', () => {
    expect(nextStatus(at('new'), 'forward')).toMatchObject({ status: 'closed', resolution: 'routed', event: 'routed' });
  });

  it('sends a not-fixed ticket back to its assignee, or to New when nobody is assigned', () => {
    expect(nextStatus(at('fixed_verify_needed', 'summer@x.test'), 'notfixed')).toMatchObject({ status: 'assigned', resolution: null, event: 'not_fixed' });
    expect(nextStatus(at('fixed_verify_needed', null), 'notfixed')).toMatchObject({ status: 'new', event: 'not_fixed' });
  });

  it('lets a verified ticket be marked not fixed after all, as the guide allows', () => {
    expect(nextStatus(at('closed', 'summer@x.test'), 'notfixed')).toMatchObject({ status: 'assigned', resolution: null });
  });

  it('sends a waiting ticket back to work when the submitter responds', () => {
    expect(nextStatus(at('waiting_for_response', 'summer@x.test'), 'respond')).toMatchObject({ status: 'assigned' });
    expect(nextStatus(at('waiting_for_response'), 'respond')).toMatchObject({ status: 'new' });
  });

  it('refuses to verify a ticket that was never marked fixed, and says why', () => {
    const result = nextStatus(at('assigned', 'summer@x.test'), 'verified');
    expect(result.kind).toBe('illegal');
    expect(result.kind === 'illegal' && result.reason).toMatch(/marked fixed.*Assigned/);
  });

  it('refuses to reopen a ticket that is still open', () => {
    expect(nextStatus(at('assigned'), 'reopen')).toMatchObject({ kind: 'illegal', reason: expect.stringMatching(/closed/) });
  });

  it('refuses to mark fixed a ticket that is closed', () => {
    expect(nextStatus(at('closed'), 'fixed')).toMatchObject({ kind: 'illegal', reason: expect.stringMatching(/Closed/) });
  });

  it('auto-closes only a fix waiting for verification, with resolution closed', () => {
    expect(nextStatus(at('fixed_verify_needed'), 'auto_close')).toMatchObject({ status: 'closed', resolution: 'closed', event: 'auto_closed' });
    expect(nextStatus(at('assigned'), 'auto_close').kind).toBe('illegal');
  });

  it('has at most one row per status and action, and a resolution exactly when the row closes', () => {
    const keys = TRANSITIONS.map((t) => `${t.from}/${t.action}`);
    expect(new Set(keys).size).toBe(keys.length);
    for (const t of TRANSITIONS) {
      expect(t.resolution !== null).toBe(t.to === 'closed');
      expect(TICKET_STATUSES).toContain(t.from);
      expect(TRANSITION_ACTIONS).toContain(t.action);
    }
  });

  it('has no way out of Closed except reopening or marking not fixed', () => {
    const fromClosed = TRANSITIONS.filter((t) => t.from === 'closed' && t.to !== 'closed').map((t) => t.action).sort();
    expect(fromClosed).toEqual(['notfixed', 'reopen']);
    expect(findTransition('closed', 'close')).toBeUndefined();
  });

  it('verifies a fix closed without being verified (automatically, or by staff) after all: it stays closed, now verified', () => {
    expect(nextStatus({ ...at('closed', 'summer@x.test'), resolution: 'closed', closedAfterFix: true }, 'verified')).toEqual({
      kind: 'moved',
      status: 'closed',
      resolution: 'verified',
      event: 'verified',
    });
  });

  it('refuses to verify a closed ticket already verified, or routed to another organisation, and says why', () => {
    expect(nextStatus({ ...at('closed'), resolution: 'verified' }, 'verified')).toEqual({ kind: 'illegal', reason: expect.stringMatching(/already verified/) });
    expect(nextStatus({ ...at('closed'), resolution: 'routed' }, 'verified')).toEqual({ kind: 'illegal', reason: expect.stringMatching(/routed to another organisation/) });
  });

  it('refuses to verify a ticket closed while it was not marked fixed, and says why', () => {
    for (const closed of [{ ...at('closed'), resolution: 'closed' as const }, { ...at('closed'), resolution: 'closed' as const, closedAfterFix: false }]) {
      expect(nextStatus(closed, 'verified')).toEqual({ kind: 'illegal', reason: 'it was closed while not marked fixed, so there is no fix to verify; the ticket is Closed' });
    }
  });

  it('reads the way a ticket was closed only where a row asks for one', () => {
    expect(nextStatus({ ...at('closed'), resolution: 'routed' }, 'reopen')).toMatchObject({ kind: 'moved', status: 'new' });
    // A ticket whose resolution is not given is never taken for one closed unverified.
    expect(nextStatus({ ...at('closed'), closedAfterFix: true }, 'verified').kind).toBe('illegal');
  });
});

describe('a ticket closed after its fix', () => {
  it('is one whose latest move into a fix or back to work from one was the fix', () => {
    expect(isClosedAfterFix('closed', ['submitted', 'assigned', 'fixed', 'auto_closed'])).toBe(true);
    expect(isClosedAfterFix('closed', ['submitted', 'fixed', 'closed'])).toBe(true);
    expect(isClosedAfterFix('closed', ['submitted', 'fixed', 'assigned', 'escalated', 'closed'])).toBe(true);
    expect(isClosedAfterFix('closed', ['submitted', 'closed'])).toBe(false);
    expect(isClosedAfterFix('closed', ['submitted', 'fixed', 'not_fixed', 'closed'])).toBe(false);
    expect(isClosedAfterFix('closed', ['submitted', 'fixed', 'auto_closed', 'reopened', 'closed'])).toBe(false);
    expect(isClosedAfterFix('closed', ['submitted', 'fixed', 'not_fixed', 'fixed', 'closed'])).toBe(true);
    expect(isClosedAfterFix('fixed_verify_needed', ['submitted', 'fixed'])).toBe(false);
  });

  it('is told by FIX_EVENTS: a fix is left only for Closed or back to work, and every way back to work announces one of them', () => {
    for (const t of TRANSITIONS) {
      const into = t.to === 'fixed_verify_needed' && t.from !== 'fixed_verify_needed';
      const back = (t.from === 'fixed_verify_needed' || t.from === 'closed') && t.to !== t.from && t.to !== 'closed';
      if (into || back) expect(FIX_EVENTS, `${t.from}/${t.action}`).toContain(t.event);
      if (t.from === 'fixed_verify_needed') expect(['fixed_verify_needed', 'closed', 'back_to_work'], `${t.from}/${t.action}`).toContain(t.to);
    }
    expect(TRANSITIONS.filter((t) => t.to === 'fixed_verify_needed' && t.from !== 'fixed_verify_needed').every((t) => t.event === 'fixed')).toBe(true);
  });
});
