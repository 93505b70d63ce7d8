import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { describeUnstoredFiles, isStorable } from '../../src/inbound/attachment-limit.ts';
import { parseMessage } from '../../src/inbound/parse.ts';
import { runPipeline, type PipelineSettings, type ThreadLookup } from '../../src/inbound/pipeline.ts';
import type { Participant, TicketState } from '../../src/tickets/types.ts';

const fixture = readFileSync(resolve(dirname(fileURLToPath(import.meta.url)), '../fixtures/mail/reply-with-inline-image-and-csv.eml'));
const SETTINGS: PipelineSettings = {
  helpdeskAddress: 'helpdesk@example.test', adminEmails: [], supportAddress: null, reopenDays: 14, staff: [],
  systemName: 'ClientTrack', prefix: 'Utah_RW', secretKey: 'unit-test-secret-key-0123456789',
};
const ALICE: Participant = { personId: 1, email: 'alice@example.test', name: 'Alice Example', role: 'submitter', notify: true };
const TICKET: TicketState = {
  id: 1, ref: 'Utah_RW-1', status: 'new', resolution: null, type: 'question', priority: 'normal', summary: 'Merge duplicate client records',
  assigneeEmail: null, closedAt: null, escalatedAt: null, route: 'ica_helpdesk', topic: 'merge_request', missingInfo: [],
};
const LOOKUP: ThreadLookup = {
  findThread: async () => ({ ticket: TICKET, matchedBy: 'token', participants: [ALICE] }),
  personEmail: async () => ALICE.email,
  isAdmin: async () => false,
  duplicateOf: async () => undefined,
};

describe('files over the attachment limit', () => {
  it('reads both files of a reply with an inline image and a CSV', async () => {
    const msg = await parseMessage(fixture);
    expect(msg.attachments.map((a) => [a.filename, a.inline, a.size])).toEqual([['screenshot.png', true, 66], ['duplicates.csv', false, 2782]]);
    expect(msg.attachments.map((a) => isStorable(a, 1024))).toEqual([true, false]);
  });

  it('adds a line naming the file that is not stored to the reply\'s note', async () => {
    const r = await runPipeline(fixture, { ...SETTINGS, maxAttachmentBytes: 1024 }, LOOKUP, null, new Date('2025-03-04T18:05:00Z'));
    expect(r.decision.change).toMatchObject({
      kind: 'update',
      note: { kind: 'note', body: 'Here is the export of the duplicate entries, and a screenshot:\n\nThanks,\nAlice\n\nNot stored: duplicates.csv (3 KB) was over the 1 KB limit for attached files. Please share it another way if the help desk needs it.' },
    });
  });

  it('leaves the note alone when every file fits', async () => {
    const r = await runPipeline(fixture, { ...SETTINGS, maxAttachmentBytes: 1024 * 1024 }, LOOKUP, null, new Date('2025-03-04T18:05:00Z'));
    expect(r.decision.change).toMatchObject({ kind: 'update', note: { body: expect.not.stringContaining('Not stored') } });
  });

  it('names several files at once, in megabytes', () => {
    const file = (filename: string, size: number) => ({ filename, size, contentType: 'application/pdf', checksum: 'x', contentId: null, inline: false });
    expect(describeUnstoredFiles([file('a.pdf', 3 * 1024 * 1024), file('b.pdf', 10), file('c.zip', 1_600_000)], 1024 * 1024))
      .toBe('Not stored: a.pdf (3 MB), c.zip (1.5 MB) were over the 1 MB limit for attached files. Please share it another way if the help desk needs it.');
  });
});
