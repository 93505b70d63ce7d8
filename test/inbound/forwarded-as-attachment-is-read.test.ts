// "Forward as attachment" sends the client's mail as a message/rfc822 part. Its text is read like a
// forward written inline: intake finds the client IDs and facts in it, and a new request's description
// holds it under what the sender typed. It is parsed by our own parse stage, within the same limits
// as any part (a part whose bytes were not kept is not read).
import { describe, expect, it } from 'vitest';
import { readAttachedMessages } from '../../src/inbound/attached-messages.ts';
import { parseMessage } from '../../src/inbound/parse.ts';
import { preparePipeline } from '../../src/inbound/pipeline.ts';
import { MAX_INTAKE_CHARS } from '../../src/inbound/text-limits.ts';
import { loadIntakeAssessor } from '../../src/stage-settings.ts';
import { mailFixture, PIPELINE_SETTINGS } from '../support/pipeline-settings.ts';

const assess = loadIntakeAssessor({ MACCH_ADDRESS: null, NMIS_ADDRESS: null });
const squash = (s: string): string => s.replace(/\s+/g, ' ').trim();
const raw = mailFixture('forwards/forwarded-as-attachment.eml');

describe('a message forwarded as an attachment', () => {
  it('is read by the parse stage: who wrote it, when, its subject and its text', async () => {
    const [attached, ...more] = await readAttachedMessages(await parseMessage(raw));
    expect(more).toEqual([]);
    expect(attached).toMatchObject({ from: 'Maria Lopez <maria.lopez@nsc.example.test>', subject: 'Client record shows wrong birthdate' });
    expect(attached!.date).toContain('2025');
    expect(squash(attached!.text)).toContain('Client ABCD123456 shows a birthdate of 01/01/1900 on the Client Profile page');
  });

  it('gives intake the client IDs and facts it holds', async () => {
    const prepared = await preparePipeline(raw, PIPELINE_SETTINGS, assess, { keepAttachmentContent: false });
    expect(prepared.intake?.clientIds).toEqual(['ABCD123456']);
    expect(prepared.intake?.missingInfo).not.toContain('client_id');
    expect(prepared.intake?.missingInfo).not.toContain('where_in_system');
  });

  it('is the request under what the sender typed', async () => {
    const prepared = await preparePipeline(raw, PIPELINE_SETTINGS, assess, { keepAttachmentContent: false });
    expect(prepared.replyText).toBe('Forwarding the message below from our case manager as an attachment.\n\nBecky');
    expect(prepared.requestText.startsWith(prepared.replyText)).toBe(true);
    expect(prepared.requestText).toContain('From: Maria Lopez <maria.lopez@nsc.example.test>');
    expect(prepared.requestText).toContain('Subject: Client record shows wrong birthdate');
    expect(squash(prepared.requestText)).toContain('when I try to edit it in ClientTrack I get "Error: record locked by another user"');
  });

  it('is not read when its bytes were not kept (a part over the size the parse holds)', async () => {
    const msg = await parseMessage(raw);
    const dropped = { ...msg, attachments: msg.attachments.map(({ content: _content, ...a }) => a) };
    expect(await readAttachedMessages(dropped)).toEqual([]);
  });

  it('is read only as far as intake reads any text', async () => {
    const long = Buffer.from(raw.toString('utf8').replace('Thanks,\nMaria', `${'The record is still locked. '.repeat(5000)}\nThanks,\nMaria`));
    const [attached] = await readAttachedMessages(await parseMessage(long));
    expect(attached!.text.length).toBeLessThanOrEqual(MAX_INTAKE_CHARS);
  });
});
