// The pipeline threads give the same result as the main thread: every top-level mail fixture runs
// through runPipeline once with the stages on this thread and once on a pipeline thread, and the
// results must be equal. Errors cross the thread as the same class and code (so the worker
// quarantines or retries exactly as before), and a thread that dies fails its message with a
// retryable error and is replaced.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PermanentError, RetryableError } from '../../src/errors.ts';
import { UnparseableMessageError } from '../../src/inbound/parse.ts';
import { DRY_RUN_LOOKUP, preparePipeline, runPipeline, stagesOnThisThread, type AssessIntake, type PipelineSettings } from '../../src/inbound/pipeline.ts';
import { startBudget } from '../../src/inbound/processing-budget.ts';
import { loadIntakeAssessor } from '../../src/stage-settings.ts';
import { startPipelinePool, type PipelinePool } from '../../src/workers/pipeline-threads.ts';
import { processMail, type ProcessMailDeps } from '../../src/workers/process-mail.ts';

const FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'mail');
const SETTINGS: PipelineSettings = {
  helpdeskAddress: 'helpdesk@example.test', adminEmails: ['admin@example.test'], supportAddress: null, reopenDays: 14, staff: [],
  systemName: 'ClientTrack', prefix: 'Utah_RW', secretKey: 'unit-test-secret-key-0123456789abcdef',
};
const NOW = new Date('2025-03-04T17:15:00Z');
const FORWARD = { MACCH_ADDRESS: 'macch@example.test', NMIS_ADDRESS: null };
const assess = loadIntakeAssessor(FORWARD);
const fixtures = readdirSync(FIXTURES).filter((f) => f.endsWith('.eml')).sort();
/** More MIME parts than mailparser allows: refused as MIME_LIMIT_EXCEEDED. */
const TOO_MANY_PARTS = Buffer.from(`From: a@example.test\r\nTo: helpdesk@example.test\r\nContent-Type: multipart/mixed; boundary="b"\r\n\r\n${'--b\r\nContent-Type: text/plain\r\n\r\nx\r\n'.repeat(3000)}--b--\r\n`);

let pool: PipelinePool;
beforeAll(() => { pool = startPipelinePool(1, { intake: FORWARD }); });
afterAll(async () => { await pool.close(); });

/** The rejection of a promise, or a marker when it resolves. */
const rejectionOf = (p: Promise<unknown>): Promise<unknown> => p.then(() => 'resolved', (err: unknown) => err);

describe('the pipeline threads', () => {
  it('finds a few dozen fixtures to compare', () => {
    expect(fixtures.length).toBeGreaterThanOrEqual(25);
  });

  // Beside the threads the main thread reads replies on their tickets only: every request, the
  // ones a decision asks to be read later included (mail naming an earlier message that still
  // opens a ticket), is read on a thread, so the main thread never loads the trained models.
  const repliesOnly: AssessIntake = {
    request: () => { throw new Error('a request was assessed on the main thread'); },
    reply: (msg, text, ticket) => assess.reply(msg, text, ticket),
  };
  for (const keepAttachmentContent of [true, false]) {
    it(`give the same PipelineResult as the main thread on every fixture, reading every request there (keepAttachmentContent ${keepAttachmentContent})`, async () => {
      let readLater = 0;
      for (const name of fixtures) {
        const raw = readFileSync(join(FIXTURES, name));
        const here = await runPipeline(raw, SETTINGS, DRY_RUN_LOOKUP, assess, NOW, { keepAttachmentContent });
        const threaded = await runPipeline(raw, SETTINGS, DRY_RUN_LOOKUP, repliesOnly, NOW, { keepAttachmentContent }, startBudget(), undefined, pool.stages);
        expect(threaded, name).toEqual(here);
        for (const a of threaded.parsed.attachments) if (a.content) expect(Buffer.isBuffer(a.content), name).toBe(true);
        if (here.clues.messageIds.length > 0 && here.decision.change.kind === 'create' && here.intake) readLater++;
      }
      // Replies with no ticket to land on (none is stored here) are the requests read later.
      expect(readLater).toBeGreaterThan(0);
    }, 120_000);
  }

  it('read the client IDs of a request\'s attached table, read at once or later, here and on a thread', async () => {
    // Named only in the CSV attachment's "Clarity ID" column, not in the text.
    const csvIds = ['60112', '63401', '60877', '64090'];
    const request = readFileSync(join(FIXTURES, 'intake-blind', 'blind-02-csv-pairs-older-survives.eml'));
    // The same mail naming an earlier message of ours: read later, when no ticket is found for it.
    const readLater = Buffer.concat([Buffer.from('In-Reply-To: <an-earlier-message@riverbendfamily.example.net>\r\n'), request]);
    for (const raw of [request, readLater]) {
      const here = await runPipeline(raw, SETTINGS, DRY_RUN_LOOKUP, assess, NOW, { keepAttachmentContent: false });
      const threaded = await runPipeline(raw, SETTINGS, DRY_RUN_LOOKUP, repliesOnly, NOW, { keepAttachmentContent: false }, startBudget(), undefined, pool.stages);
      expect(here.decision.change.kind).toBe('create');
      expect(here.intake?.clientIds).toEqual(expect.arrayContaining(csvIds));
      expect(threaded.intake?.clientIds).toEqual(here.intake?.clientIds);
    }
  });

  it('refuse an unparseable message with the same error class, code and reason', async () => {
    const here = await rejectionOf(preparePipeline(TOO_MANY_PARTS, SETTINGS, assess));
    const threaded = await rejectionOf(pool.stages.prepare(TOO_MANY_PARTS, SETTINGS, {}, startBudget()));
    expect(here).toBeInstanceOf(UnparseableMessageError);
    expect(threaded).toBeInstanceOf(UnparseableMessageError);
    expect(threaded).toMatchObject({ name: 'UnparseableMessageError', code: 'UNPARSEABLE_MESSAGE', reason: 'MIME_LIMIT_EXCEEDED', message: (here as Error).message });
  });

  it('refuse a message over its budget with PROCESSING_BUDGET, a permanent error', async () => {
    const spent = { check: () => {}, remainingMs: () => 0 };
    const threaded = await rejectionOf(pool.stages.prepare(readFileSync(join(FIXTURES, fixtures[0]!)), SETTINGS, {}, spent));
    expect(threaded).toBeInstanceOf(PermanentError);
    expect(threaded).toMatchObject({ code: 'PROCESSING_BUDGET', message: expect.stringMatching(/over the budget of 0 ms \(at parse\)/) });
  });

  it('fail the messages of a thread that dies with a retryable error, and replace the thread', async () => {
    const own = startPipelinePool(1, { intake: null });
    try {
      const big = Buffer.concat([TOO_MANY_PARTS, Buffer.alloc(4 << 20, 'x')]);
      const pending = rejectionOf(own.stages.prepare(big, SETTINGS, {}, startBudget()));
      await own.threads()[0]!.terminate();
      const err = await pending;
      expect(err).toBeInstanceOf(RetryableError);
      expect(err).toMatchObject({ code: 'PIPELINE_THREAD_LOST' });
      const again = await own.stages.prepare(readFileSync(join(FIXTURES, fixtures[0]!)), SETTINGS, {}, startBudget());
      expect(again.parsed.subject).toBeTypeOf('string');
    } finally {
      await own.close();
    }
  });

  it('an error thrown while parsing in the thread quarantines the message as on the main thread', async () => {
    const outcome = async (stages?: ProcessMailDeps['stages']) => {
      const quarantined: { code: string; reason: string }[] = [];
      const deps = fakeDeps(TOO_MANY_PARTS, quarantined, stages);
      return { outcome: await processMail(deps, 7), quarantined };
    };
    const here = await outcome();
    const threaded = await outcome(pool.stages);
    expect(here.outcome).toBe('quarantined:UNPARSEABLE_MESSAGE');
    expect(threaded).toEqual(here);
  });

  it('a thread that dies while holding a message retries it, never quarantines it', async () => {
    const own = startPipelinePool(1, { intake: null });
    const quarantined: { code: string; reason: string }[] = [];
    const big = Buffer.concat([TOO_MANY_PARTS, Buffer.alloc(4 << 20, 'x')]);
    const run = rejectionOf(processMail(fakeDeps(big, quarantined, own.stages), 7));
    await own.close();
    expect(await run).toMatchObject({ code: 'PIPELINE_THREAD_LOST' });
    expect(await run).toBeInstanceOf(RetryableError);
    expect(quarantined).toEqual([]);
  });

  it('a thread that cannot start is tried again after a growing wait, and the mail is prepared here meanwhile', async () => {
    const failedStarts: number[] = [];
    const log = pino({ level: 'warn' }, { write: (line: string) => { const entry = JSON.parse(line) as { msg: string; failedStarts?: number }; if (entry.msg.includes('could not start')) failedStarts.push(entry.failedStarts!); } });
    const mainThread = stagesOnThisThread(assess);
    const broken = startPipelinePool(1, { intake: FORWARD }, { log, fallback: mainThread, entry: 'data:text/javascript,throw new Error("cannot load")' });
    try {
      const raw = readFileSync(join(FIXTURES, fixtures[0]!));
      // The first start may still be under way: what it was handed fails with a retryable error.
      await rejectionOf(broken.stages.prepare(raw, SETTINGS, {}, startBudget()));
      await new Promise((r) => setTimeout(r, 2500));
      const prepared = await broken.stages.prepare(raw, SETTINGS, {}, startBudget());
      expect(prepared).toEqual(await mainThread.prepare(raw, SETTINGS, {}, startBudget()));
      // Started at 0 s, again at 1 s, then not before 3 s: two failed starts, not one every few milliseconds.
      expect(failedStarts.length).toBeGreaterThanOrEqual(1);
      expect(failedStarts.length).toBeLessThanOrEqual(2);
      expect(failedStarts).toEqual(failedStarts.map((_, i) => i + 1));
    } finally {
      await broken.close();
    }
  });
});

/** process-mail over one pending stored message, recording what it quarantines; no database is reached before the pipeline. */
function fakeDeps(raw: Buffer, quarantined: { code: string; reason: string }[], stages?: ProcessMailDeps['stages']): ProcessMailDeps {
  const row = { id: 7, status: 'pending', attempts: 0, raw, mailbox: 'INBOX', uid: 1, messageId: null, outcome: null, reason: null, receivedAt: NOW };
  return {
    db: {} as ProcessMailDeps['db'],
    inbound: {
      load: async () => row,
      quarantine: async (_id: number, code: string, reason: string) => { quarantined.push({ code, reason }); },
      recordAttempt: async () => {},
    } as unknown as ProcessMailDeps['inbound'],
    tickets: {} as ProcessMailDeps['tickets'],
    settings: SETTINGS, assessIntake: assess, maxAttachmentBytes: 1 << 20, log: pino({ level: 'silent' }), afterChange: async () => {},
    ...(stages ? { stages } : {}),
  };
}
