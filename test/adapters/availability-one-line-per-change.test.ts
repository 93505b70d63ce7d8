// The availability board: one line when a server goes away and one when it is back, however
// many failures are reported in between; a failure the probe does not confirm is no outage; the
// board asks the probe again with back-off until it answers; /healthz reasons name what is away.
import { describe, expect, it } from 'vitest';
import { Availability, describe as describeError, transition } from '../../src/adapters/availability.ts';
import { PermanentError, RetryableError } from '../../src/errors.ts';
import { captureLog, waitFor } from '../support/outage.ts';

const refused = () => new RetryableError('SMTP_CONNECT', 'smtp send failed', { cause: Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:2525'), { code: 'ESOCKET' }) });

describe('availability board', () => {
  it('says a change of state once, not once per failure', () => {
    expect(transition('smtp', null, { ok: false, at: 0, code: 'ECONNREFUSED' })).toEqual({ kind: 'down', line: 'smtp: unavailable (ECONNREFUSED), retrying with back-off' });
    const outage = { since: 1000, code: 'ECONNREFUSED', message: 'x', refused: false };
    expect(transition('smtp', outage, { ok: false, at: 5000, code: 'ECONNREFUSED' })).toBeNull();
    expect(transition('smtp', outage, { ok: true, at: 63_000 })).toEqual({ kind: 'up', downForMs: 62_000, line: 'smtp: available again after 62 s' });
    expect(transition('smtp', null, { ok: true, at: 63_000 })).toBeNull();
  });

  it('names the socket error under our wrapper and nodemailer\'s', () => {
    expect(describeError(refused())).toEqual({ code: 'ECONNREFUSED', message: 'smtp send failed: connect ECONNREFUSED 127.0.0.1:2525' });
  });

  it('logs one line each way through many failures, probing with back-off until the server answers', async () => {
    const captured = captureLog();
    const board = new Availability({ log: captured.log, maxProbeMs: 200 });
    let probes = 0;
    let serverUp = false;
    board.setProbe('smtp', async () => { probes += 1; if (!serverUp) throw new Error('ECONNREFUSED'); });
    const ups: number[] = [];
    board.onUp('smtp', (ms) => ups.push(ms));
    for (let i = 0; i < 20; i += 1) expect(board.down('smtp', refused())).toBe(true);
    await waitFor('declared', () => board.isDown('smtp'), 3000);
    expect(board.reasons()).toEqual([expect.stringMatching(/^smtp: unavailable for \d+ s \(ECONNREFUSED: smtp send failed: connect ECONNREFUSED 127\.0\.0\.1:2525\)$/)]);
    for (let i = 0; i < 20; i += 1) board.down('smtp', refused());
    await waitFor('probed again', () => probes >= 3, 5000);
    serverUp = true;
    await waitFor('back', () => !board.isDown('smtp'), 5000);
    expect(ups).toHaveLength(1);
    expect(board.reasons()).toEqual([]);
    expect(captured.lines().map((l) => l.msg)).toEqual(['smtp: unavailable (ECONNREFUSED), retrying with back-off', expect.stringMatching(/^smtp: available again after \d+ s$/)]);
    board.stop();
  });

  it('calls a failure the probe does not confirm no outage', async () => {
    const captured = captureLog();
    const board = new Availability({ log: captured.log });
    let probed = false;
    board.setProbe('postgresql', async () => { probed = true; });
    expect(board.down('postgresql', new RetryableError('DB_UNAVAILABLE', 'database unavailable (CONNECTION_CLOSED)'))).toBe(true);
    await waitFor('probed', () => probed, 3000);
    await new Promise((r) => setTimeout(r, 50));
    expect(board.isDown('postgresql')).toBe(false);
    expect(captured.lines()).toEqual([]);
    board.stop();
  });

  it('lets no success that began before the outage end it (no "back" line, then "away" again)', async () => {
    const captured = captureLog();
    let clock = 10_000;
    const board = new Availability({ log: captured.log, now: () => clock });
    board.down('postgresql', new RetryableError('DB_UNAVAILABLE', 'database unavailable (ECONNREFUSED)'));
    expect(board.isDown('postgresql')).toBe(true);
    clock = 12_000;
    // A fetch pass that began at 9 s, its last query answered before the stop, finishing now.
    expect(board.up('postgresql', 9_000)).toBe(false);
    expect(board.isDown('postgresql')).toBe(true);
    // Work that began after the outage was declared, and succeeded, is the server back.
    expect(board.up('postgresql', 11_000)).toBe(true);
    expect(captured.lines().map((l) => l.msg)).toEqual(['postgresql: unavailable (DB_UNAVAILABLE), retrying with back-off', 'postgresql: available again after 2 s']);
    board.stop();
  });

  it('takes a failure of work that began before the server came back as the old outage\'s, not a new one', async () => {
    const captured = captureLog();
    let clock = 10_000;
    const board = new Availability({ log: captured.log, now: () => clock });
    // The probe fails, as one may just after a restart (a busy server, a connection the restart ended).
    let probes = 0;
    board.setProbe('postgresql', async () => { probes += 1; throw new Error('terminating connection due to administrator command'); });
    const cutOff = () => new RetryableError('DB_UNAVAILABLE', 'database unavailable (57P01): terminating connection due to administrator command');
    board.down('postgresql', cutOff());
    await waitFor('declared', () => board.isDown('postgresql'), 3000);
    clock = 17_000;
    expect(board.up('postgresql', 16_000)).toBe(true);
    probes = 0;
    clock = 17_200;
    // A job that began at 12 s, cut off by the restart, reports its failure once its attempt is recorded.
    expect(board.down('postgresql', cutOff(), 12_000)).toBe(true);
    await new Promise((r) => setTimeout(r, 50));
    expect(probes).toBe(0);
    expect(board.isDown('postgresql')).toBe(false);
    // Work that began after the server was back, failing, is asked about as before.
    expect(board.down('postgresql', cutOff(), 17_100)).toBe(true);
    await waitFor('a new outage', () => board.isDown('postgresql'), 3000);
    expect(probes).toBe(1);
    expect(captured.lines().map((l) => l.msg)).toEqual([
      'postgresql: unavailable (DB_UNAVAILABLE), retrying with back-off', 'postgresql: available again after 7 s',
      'postgresql: unavailable (DB_UNAVAILABLE), retrying with back-off',
    ]);
    board.stop();
  });

  it('says "refused" when the server answered no, and keeps it until it is fixed', () => {
    const captured = captureLog();
    const board = new Availability({ log: captured.log });
    board.down('oauth2', new PermanentError('OAUTH_CLIENT_REJECTED', 'oauth2 token endpoint refused client x (invalid_grant)'));
    board.down('oauth2', new PermanentError('OAUTH_CLIENT_REJECTED', 'oauth2 token endpoint refused client x (invalid_grant)'));
    expect(captured.lines().map((l) => l.msg)).toEqual(['oauth2: refused (OAUTH_CLIENT_REJECTED), retrying with back-off']);
    expect(board.reasons()).toEqual([expect.stringMatching(/^oauth2: refused for \d+ s \(OAUTH_CLIENT_REJECTED: .*invalid_grant\)\)$/)]);
    board.stop();
  });
});
