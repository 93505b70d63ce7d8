// One pipeline thread: runs the stages that need no lookup (preparePipeline) on raw mail sent by
// the pool (pipeline-threads.ts), and the new-request assessments a decision asks for later, with
// the intake rules read once when the thread starts.
import { parentPort, workerData } from 'node:worker_threads';
import { preparePipeline, type PrepareSettings } from '../inbound/pipeline.ts';
import type { ParseOptions } from '../inbound/parse.ts';
import { startBudget } from '../inbound/processing-budget.ts';
import { loadIntakeAssessor } from '../stage-settings.ts';
import { asBuffers, describeThreadError, type ThreadRequest, type ThreadSetup } from './pipeline-thread-messages.ts';
import { warmUpPipeline } from './pipeline-warm-up.ts';

const setup = workerData as ThreadSetup;
const assessIntake = setup.intake ? loadIntakeAssessor(setup.intake) : null;

async function answer(request: ThreadRequest): Promise<void> {
  if ('assess' in request) {
    try {
      if (!assessIntake) throw new Error('this pipeline thread has no intake assessment');
      // Attachment bytes arrive as Uint8Array; intake reads a table's text from them as a Buffer.
      const msg = { ...request.assess.msg, attachments: request.assess.msg.attachments.map(asBuffers) };
      parentPort!.postMessage({ id: request.id, assessment: assessIntake.request(msg, request.assess.replyText, request.assess.chosenType) });
    } catch (err) {
      parentPort!.postMessage({ id: request.id, error: describeThreadError(err) });
    }
    return;
  }
  const raw = Buffer.from(request.raw.buffer, request.raw.byteOffset, request.raw.byteLength);
  try {
    const prepared = await preparePipeline(raw, request.settings as PrepareSettings, assessIntake, request.parseOptions as ParseOptions, startBudget(request.budgetMs), request.writtenByWebPage === true);
    parentPort!.postMessage({ id: request.id, prepared });
  } catch (err) {
    parentPort!.postMessage({ id: request.id, error: describeThreadError(err) });
  }
}

parentPort!.on('message', (request: ThreadRequest) => { void answer(request); });
// The first mail after a start would pay for every stage's first run; a request of our own pays it.
void warmUpPipeline(assessIntake).then(() => parentPort!.postMessage({ ready: true }));
