// What the pipeline tests of a reply on a ticket share: the help desk's settings, Alice the
// submitter, the time of the reply, and the fixture mail.
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { PipelineSettings } from '../../src/inbound/pipeline.ts';
import type { Participant } from '../../src/tickets/types.ts';

export const PIPELINE_SETTINGS: PipelineSettings = {
  helpdeskAddress: 'helpdesk@example.test', adminEmails: ['summer@example.test'], supportAddress: null, reopenDays: 14, staff: [],
  systemName: 'ClientTrack', prefix: 'Utah_RW', secretKey: 'unit-test-secret-key-0123456789',
};

export const ALICE: Participant = { personId: 1, email: 'alice@example.test', name: 'Alice Example', role: 'submitter', notify: true };

/** When the replies in these tests arrive. */
export const REPLY_NOW = new Date('2025-03-04T17:15:00Z');

/** One .eml of test/fixtures/mail. */
export function mailFixture(name: string): Buffer {
  return readFileSync(resolve(dirname(fileURLToPath(import.meta.url)), '../fixtures/mail', name));
}
