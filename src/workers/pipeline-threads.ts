// A small pool of pipeline threads: the stages that need no lookup (MIME parsing, reply text,
// request assessment; pure CPU) run beside the main thread, which keeps the database, the queue
// and the decisions. A thread that dies is replaced; the messages it held fail with a retryable
// error, so the queue tries them again and none is lost.
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { RetryableError } from '../errors.ts';
import type { PipelinePreparer, PreparedMail } from '../inbound/pipeline.ts';
import type { Logger } from '../log.ts';
import { rebuildThreadError, withBuffers, type PrepareRequest, type ThreadAnswer, type ThreadSetup } from './pipeline-thread-messages.ts';

export interface PipelinePool {
  prepare: PipelinePreparer;
  /** Stops every thread; messages still in a thread fail with a retryable error. */
  close(): Promise<void>;
  /** The threads now running (a dead one is replaced by a new one). */
  threads(): readonly Worker[];
}

interface Waiting { resolve(prepared: PreparedMail): void; reject(err: Error): void }
interface Slot { worker: Worker; waiting: Map<number, Waiting> }

const ENTRY = new URL('./pipeline-thread.ts', import.meta.url).href;
// The sources are TypeScript: each thread registers the loader before reading its entry.
const TSX_API = typeof import.meta.resolve === 'function' ? import.meta.resolve('tsx/esm/api')
  : pathToFileURL(createRequire(import.meta.url).resolve('tsx/esm/api').replace(/\.cjs$/, '.mjs')).href;
const BOOT = `import(${JSON.stringify(TSX_API)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(ENTRY)}); });`;

export function startPipelinePool(size: number, setup: ThreadSetup, log?: Logger): PipelinePool {
  let nextId = 0;
  let closed = false;
  const slots: Slot[] = [];

  const lost = (slot: Slot, why: string) => {
    for (const w of slot.waiting.values()) w.reject(new RetryableError('PIPELINE_THREAD_LOST', `the pipeline thread stopped (${why})`));
    slot.waiting.clear();
  };
  const spawn = (): Slot => {
    const slot: Slot = { worker: new Worker(BOOT, { eval: true, workerData: setup }), waiting: new Map() };
    slot.worker.unref();
    slot.worker.on('message', (answer: ThreadAnswer) => settle(slot, answer));
    slot.worker.on('error', (err) => { log?.error({ component: 'pipeline-threads', err: { name: err.name, message: err.message } }, 'pipeline thread failed'); });
    slot.worker.on('exit', (code) => {
      lost(slot, closed ? 'shutting down' : `exit ${code}`);
      if (!closed) slots[slots.indexOf(slot)] = spawn();
    });
    return slot;
  };
  for (let i = 0; i < Math.max(1, size); i++) slots.push(spawn());

  const prepare: PipelinePreparer = (raw, settings, parseOptions, budget) => {
    if (closed) return Promise.reject(new RetryableError('PIPELINE_THREAD_LOST', 'the pipeline threads are shut down'));
    const slot = slots.reduce((a, b) => (b.waiting.size < a.waiting.size ? b : a));
    const id = nextId++;
    // One exact copy of the bytes, moved to the thread (a Buffer may share a larger pool).
    const copy = new Uint8Array(raw);
    const { systemName, prefix, helpdeskAddress, mailSigns } = settings;
    const request: PrepareRequest = { id, raw: copy, settings: { systemName, prefix, helpdeskAddress, ...(mailSigns ? { mailSigns } : {}) }, parseOptions, budgetMs: budget.remainingMs() };
    return new Promise<PreparedMail>((resolve, reject) => {
      slot.waiting.set(id, { resolve, reject });
      // An idle thread keeps nothing running; one with mail in hand does.
      slot.worker.ref();
      slot.worker.postMessage(request, [copy.buffer]);
    });
  };

  return {
    prepare,
    threads: () => slots.map((s) => s.worker),
    async close() {
      closed = true;
      await Promise.all(slots.map((s) => s.worker.terminate()));
    },
  };
}

function settle(slot: Slot, answer: ThreadAnswer): void {
  if (!('id' in answer)) return;
  const waiting = slot.waiting.get(answer.id);
  if (!waiting) return;
  slot.waiting.delete(answer.id);
  if (slot.waiting.size === 0) slot.worker.unref();
  if ('error' in answer) waiting.reject(rebuildThreadError(answer.error));
  else waiting.resolve(withBuffers(answer.prepared));
}
