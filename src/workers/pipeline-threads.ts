// A small pool of pipeline threads: the stages that need no lookup (MIME parsing, reply text,
// request assessment; pure CPU) run beside the main thread, which keeps the database, the queue
// and the decisions. A thread that dies is replaced; the messages it held fail with a retryable
// error, so the queue tries them again and none is lost. A thread that cannot even start (a
// broken install, no memory) is tried again after 1, 2, 4 ... 30 s, not in a tight loop, and
// meanwhile the mail is prepared on the main thread (the fallback), so nothing waits for it.
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { RetryableError } from '../errors.ts';
import type { PipelinePreparer, PipelineStages, PreparedMail } from '../inbound/pipeline.ts';
import type { IntakeAssessment } from '../inbound/decide.ts';
import { safeError, type Logger } from '../log.ts';
import { rebuildThreadError, withBuffers, type PrepareRequest, type ThreadAnswer, type ThreadRequest, type ThreadSetup } from './pipeline-thread-messages.ts';

export interface PipelinePool {
  /** The stages for runPipeline: preparing each message and the deferred request assessments, on the threads. */
  stages: PipelineStages;
  /** Stops every thread; messages still in a thread fail with a retryable error. */
  close(): Promise<void>;
  /** The threads now running (a dead one is replaced by a new one). */
  threads(): readonly Worker[];
}

interface Waiting { resolve(answer: PreparedMail | IntakeAssessment): void; reject(err: Error): void }
interface Slot {
  /** Null while waiting to start again after failed starts. */
  worker: Worker | null;
  waiting: Map<number, Waiting>;
  /** The thread said it is ready (its sources and intake rules are loaded). */
  ready: boolean;
  /** Starts in a row that ended before the thread was ready. */
  failedStarts: number;
  timer?: NodeJS.Timeout;
}

export interface PipelinePoolOptions {
  log?: Logger;
  /** The stages on this thread, for when no pipeline thread is running. */
  fallback?: PipelineStages;
  /** The module each thread runs (the pipeline thread; another only to test a thread that fails). */
  entry?: string;
}

/** The wait before starting a thread again after `failedStarts` failed starts in a row. */
export function restartDelayMs(failedStarts: number): number {
  return Math.min(30_000, 1000 * 2 ** Math.max(0, failedStarts - 1));
}

// Run from the TypeScript sources, the thread's entry is the source beside this one; run from the
// built command (scripts/build.mjs), this module is part of dist/ and so is the thread's entry.
const BUILT = !import.meta.url.endsWith('.ts');
const ENTRY = new URL(BUILT ? './pipeline-thread.mjs' : './pipeline-thread.ts', import.meta.url).href;
/** A TypeScript entry first registers the loader in its thread; a built one is plain JavaScript. */
function boot(entry: string): string {
  if (!entry.endsWith('.ts')) return `import(${JSON.stringify(entry)});`;
  const tsxApi = typeof import.meta.resolve === 'function' ? import.meta.resolve('tsx/esm/api')
    : pathToFileURL(createRequire(import.meta.url).resolve('tsx/esm/api').replace(/\.cjs$/, '.mjs')).href;
  return `import(${JSON.stringify(tsxApi)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(entry)}); });`;
}

export function startPipelinePool(size: number, setup: ThreadSetup, options: PipelinePoolOptions = {}): PipelinePool {
  const { log, fallback } = options;
  const source = boot(options.entry ?? ENTRY);
  let nextId = 0;
  let closed = false;
  const slots: Slot[] = [];

  const lost = (slot: Slot, why: string) => {
    for (const w of slot.waiting.values()) w.reject(new RetryableError('PIPELINE_THREAD_LOST', `the pipeline thread stopped (${why})`));
    slot.waiting.clear();
  };
  const spawn = (slot: Slot): void => {
    const worker = new Worker(source, { eval: true, workerData: setup });
    let failed = false;
    slot.worker = worker;
    slot.ready = false;
    worker.unref();
    worker.on('message', (answer: ThreadAnswer) => {
      if ('ready' in answer) {
        if (slot.failedStarts > 0) log?.info({ component: 'pipeline-threads' }, 'pipeline thread started again');
        slot.ready = true;
        slot.failedStarts = 0;
        return;
      }
      settle(slot, answer);
    });
    worker.on('error', (err) => { failed = true; log?.error({ component: 'pipeline-threads', err: safeError(err) }, 'pipeline thread failed'); });
    worker.on('exit', (code) => {
      slot.worker = null;
      lost(slot, closed ? 'shutting down' : `exit ${code}`);
      if (closed) return;
      // Stopped from outside, or failed after it was running: replaced at once.
      if (slot.ready || !failed) { spawn(slot); return; }
      slot.failedStarts++;
      const delayMs = restartDelayMs(slot.failedStarts);
      log?.warn({ component: 'pipeline-threads', failedStarts: slot.failedStarts, retryInMs: delayMs, fallback: fallback ? 'main thread' : 'none' }, 'pipeline thread could not start; trying again later');
      slot.timer = setTimeout(() => { slot.timer = undefined; if (!closed) spawn(slot); }, delayMs);
      slot.timer.unref();
    });
  };
  for (let i = 0; i < Math.max(1, size); i++) {
    const slot: Slot = { worker: null, waiting: new Map(), ready: false, failedStarts: 0 };
    slots.push(slot);
    spawn(slot);
  }

  /** The thread with the least in hand, or null when none is running (or all failed to start). */
  const pick = (): Slot | null => {
    // A thread starting for the first time queues what it is sent; one that failed to start does not take mail.
    const live = slots.filter((s) => s.worker !== null && (s.ready || s.failedStarts === 0));
    return live.length === 0 ? null : live.reduce((a, b) => (b.waiting.size < a.waiting.size ? b : a));
  };
  const ask = <T>(slot: Slot, request: ThreadRequest, transfer: ArrayBuffer[] = []): Promise<T> => {
    const worker = slot.worker!;
    return new Promise<T>((resolve, reject) => {
      slot.waiting.set(request.id, { resolve: resolve as Waiting['resolve'], reject });
      // An idle thread keeps nothing running; one with mail in hand does.
      worker.ref();
      worker.postMessage(request, transfer);
    });
  };
  const shutDown = () => Promise.reject(new RetryableError('PIPELINE_THREAD_LOST', 'the pipeline threads are shut down'));
  const noThread = () => Promise.reject(new RetryableError('PIPELINE_THREAD_LOST', 'no pipeline thread is running'));

  const prepare: PipelinePreparer = (raw, settings, parseOptions, budget, writtenByWebPage = false) => {
    if (closed) return shutDown();
    const slot = pick();
    if (!slot) return fallback ? fallback.prepare(raw, settings, parseOptions, budget, writtenByWebPage) : noThread();
    // One exact copy of the bytes, moved to the thread (a Buffer may share a larger pool).
    const copy = new Uint8Array(raw);
    const { systemName, prefix, helpdeskAddress, mailSigns } = settings;
    const request: PrepareRequest = { id: nextId++, raw: copy, settings: { systemName, prefix, helpdeskAddress, ...(mailSigns ? { mailSigns } : {}) }, parseOptions, budgetMs: budget.remainingMs(), writtenByWebPage };
    return ask<PreparedMail>(slot, request, [copy.buffer]);
  };
  const assessRequest: PipelineStages['assessRequest'] = (msg, replyText, chosenType = null) => {
    if (closed) return shutDown();
    const slot = pick();
    if (!slot) return fallback ? fallback.assessRequest(msg, replyText, chosenType) : noThread();
    return ask<IntakeAssessment>(slot, { id: nextId++, assess: { msg, replyText, chosenType } });
  };

  return {
    stages: { prepare, assessRequest },
    threads: () => slots.flatMap((s) => (s.worker ? [s.worker] : [])),
    async close() {
      closed = true;
      for (const s of slots) clearTimeout(s.timer);
      await Promise.all(slots.map((s) => s.worker?.terminate()));
    },
  };
}

function settle(slot: Slot, answer: Exclude<ThreadAnswer, { ready: true }>): void {
  const waiting = slot.waiting.get(answer.id);
  if (!waiting) return;
  slot.waiting.delete(answer.id);
  if (slot.waiting.size === 0) slot.worker?.unref();
  if ('error' in answer) waiting.reject(rebuildThreadError(answer.error));
  else if ('assessment' in answer) waiting.resolve(answer.assessment);
  else waiting.resolve(withBuffers(answer.prepared));
}
