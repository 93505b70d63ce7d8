// The request each pipeline thread prepares before it says it is ready: a plain person's request,
// so that parsing, the mail kind, the reply text and the intake assessment all run on it (a sample
// that were quarantined, taken for a bounce or a reply, or never assessed would warm up nothing
// past the parser), and a failure in it is swallowed rather than stopping the thread.
import { describe, expect, it } from 'vitest';
import type { AssessIntake } from '../../src/inbound/pipeline.ts';
import { loadIntakeAssessor } from '../../src/stage-settings.ts';
import { warmUpPipeline } from '../../src/workers/pipeline-warm-up.ts';

describe('pipeline warm-up', () => {
  it('runs every stage on its sample: a person\'s new request, assessed, with its client ID', async () => {
    const assess = loadIntakeAssessor({ MACCH_ADDRESS: null, NMIS_ADDRESS: null })!;
    const prepared = await warmUpPipeline(assess);
    expect(prepared).not.toBeNull();
    expect(prepared!.verdict.kind).toBe('person');
    expect(prepared!.quarantine).toBeNull();
    expect(prepared!.intakeDeferred).toBe(false);
    expect(prepared!.parsed.html).toContain('Programs tab');
    expect(prepared!.replyText).toContain('Programs tab shows a blank page');
    expect(prepared!.intake).not.toBeNull();
    expect(JSON.stringify(prepared!.intake)).toContain('AAAA111111');
  });

  it('resolves with null when a stage fails, so the thread still starts', async () => {
    const failing = { request: () => { throw new Error('intake rules broken'); } } as unknown as AssessIntake;
    await expect(warmUpPipeline(failing)).resolves.toBeNull();
  });
});
