// An HTML-only request whose client IDs stand in a table: the pipeline hands intake the HTML's
// visible text with its columns kept, so the IDs are found and nobody is asked for what was sent.
import { describe, expect, it } from 'vitest';
import { mailFixture, PIPELINE_SETTINGS, REPLY_NOW } from '../support/pipeline-settings.ts';
import { DRY_RUN_LOOKUP, runPipeline } from '../../src/inbound/pipeline.ts';
import { loadIntakeAssessor } from '../../src/stage-settings.ts';

const assess = loadIntakeAssessor({ MACCH_ADDRESS: null, NMIS_ADDRESS: null });

describe('an HTML-only merge request with its client IDs in a table', () => {
  it('opens a ticket with both client IDs and does not wait for them', async () => {
    const r = await runPipeline(mailFixture('html-only-merge-ids-in-a-table.eml'), PIPELINE_SETTINGS, DRY_RUN_LOOKUP, assess, REPLY_NOW);
    expect(r.intake?.clientIds).toEqual(['ABCD123456', 'EFGH654321']);
    expect(r.intake?.missingInfo).not.toContain('duplicate_client_ids');
    const change = r.decision.change;
    expect(change.kind).toBe('create');
    if (change.kind !== 'create') return;
    expect(change.ticket.clientIds).toEqual(['ABCD123456', 'EFGH654321']);
    expect(change.ticket.status).not.toBe('waiting_for_response');
    expect(change.ticket.description).toContain('ABCD123456 | J. Reyes | keep\nEFGH654321 | Juan Reyes | merge');
  });
});
