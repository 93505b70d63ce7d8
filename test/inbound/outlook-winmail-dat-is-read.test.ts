// Outlook and Exchange may send a message's body and files inside an application/ms-tnef part
// (winmail.dat), with no text part or only an empty one beside it. The request is read from inside:
// its body (PR_BODY in the MAPI properties, 16-bit or 8-bit, or attBody in the message's code
// page) is the text, and the files it carries are the message's files. Hostile TNEF ends the read,
// never the process. The fixtures are made by test/support/make-opaque-mail-fixtures.ts.
import { describe, expect, it } from 'vitest';
import { parseMessage, SMALL_PART_BYTES } from '../../src/inbound/parse.ts';
import { readTnef } from '../../src/inbound/parse/tnef.ts';
import { DRY_RUN_LOOKUP, preparePipeline, runPipeline } from '../../src/inbound/pipeline.ts';
import { loadIntakeAssessor } from '../../src/stage-settings.ts';
import { seededRandom } from '../support/seeded-random.ts';
import { mailFixture, PIPELINE_SETTINGS, REPLY_NOW } from '../support/pipeline-settings.ts';

const assess = loadIntakeAssessor({ MACCH_ADDRESS: null, NMIS_ADDRESS: null });
const squash = (s: string): string => s.replace(/\s+/g, ' ').trim();
const fixture = (name: string): Buffer => mailFixture(`opaque/${name}`);

async function created(name: string) {
  const r = await runPipeline(fixture(name), PIPELINE_SETTINGS, DRY_RUN_LOOKUP, assess, REPLY_NOW, { keepAttachmentContent: false });
  const change = r.decision.change;
  if (change.kind !== 'create') throw new Error(`expected a new ticket, got ${change.kind}`);
  return change;
}

describe('a request whose text is only in winmail.dat', () => {
  it('is parsed with the body and the files of its TNEF part, in place of the part itself', async () => {
    const msg = await parseMessage(fixture('tnef-request-body-only-in-winmail.eml'), { keepAttachmentContent: false });
    expect(squash(msg.text)).toContain('Client EFGH246810 shows "Missing exit date" on the Data Quality report');
    expect(msg.attachments.map((a) => [a.filename, a.contentType])).toEqual([['HMIS export errors.csv', 'text/csv']]);
    expect(msg.attachments[0]!.content?.toString('utf8')).toContain('EFGH246810,APR,Missing exit date');
    expect(msg.attachments[0]!.partId).toBeTruthy();
    expect(msg.anomalies).toContain('tnef-opened');
  });

  it('is filed with that text, and intake finds its client ID', async () => {
    const prepared = await preparePipeline(fixture('tnef-request-body-only-in-winmail.eml'), PIPELINE_SETTINGS, assess, { keepAttachmentContent: false });
    expect(prepared.intake?.clientIds).toEqual(['EFGH246810']);
    const change = await created('tnef-request-body-only-in-winmail.eml');
    expect(squash(change.ticket.description)).toContain('Our APR for the Rapid Rehousing project will not generate.');
    expect(change.ticket.clientIds).toEqual(['EFGH246810']);
    expect(change.attachments.map((a) => a.filename)).toEqual(['HMIS export errors.csv']);
  });

  it('beside an empty text part, is read from attBody in the code page the stream names', async () => {
    const change = await created('tnef-request-stub-text.eml');
    expect(squash(change.ticket.description)).toContain('José Ramírez (client IJKL135790) was exited from the shelter project by mistake');
    expect(change.ticket.clientIds).toEqual(['IJKL135790']);
    expect(change.attachments).toEqual([]);
  });

  it('as the whole message (application/ms-tnef at the top), is read from its 8-bit PR_BODY', async () => {
    const change = await created('tnef-request-whole-message.eml');
    expect(squash(change.ticket.description)).toContain('I cannot log in to ClientTrack since this morning: it says "Account locked".');
  });

  /** The fixture with an attribute the reader does not know (Outlook writes several), `bytes` long, after the rest. */
  const withFiller = (bytes: number): Buffer => {
    const raw = fixture('tnef-request-body-only-in-winmail.eml').toString('latin1');
    const [, head, body, tail] = /^([\s\S]*filename="winmail.dat"\r\n\r\n)([A-Za-z0-9+/=\r\n]+)(--[\s\S]*)$/.exec(raw)!;
    const filler = Buffer.alloc(9 + bytes + 2);
    filler[0] = 1;
    filler.writeUInt32LE(0x00069999, 1);
    filler.writeUInt32LE(bytes, 5);
    const stream = Buffer.concat([Buffer.from(body!.replace(/\s+/g, ''), 'base64'), filler]);
    return Buffer.from(`${head}${stream.toString('base64').replace(/.{1,76}/g, '$&\r\n')}${tail}`, 'latin1');
  };

  it('is read when winmail.dat is large too (its bytes are kept, up to the size the parse keeps of any part)', async () => {
    const msg = await parseMessage(withFiller(200_000), { keepAttachmentContent: false });
    expect(squash(msg.text)).toContain('Client EFGH246810 shows "Missing exit date"');
  });

  it('is not opened past that size by any parse, so a stored winmail.dat is found again when read back', async () => {
    const raw = withFiller(SMALL_PART_BYTES + 1);
    for (const keepAttachmentContent of [false, true]) {
      const msg = await parseMessage(raw, { keepAttachmentContent });
      expect(msg.attachments.map((a) => a.filename)).toEqual(['winmail.dat']);
      expect(msg.anomalies).not.toContain('tnef-opened');
    }
  });

  it('keeps a text part that says something the TNEF body does not, above it', async () => {
    const raw = fixture('tnef-request-stub-text.eml').toString('latin1')
      .replace('Content-Transfer-Encoding: 7bit\r\n\r\n\r\n', 'Content-Transfer-Encoding: 7bit\r\n\r\nSent from the front desk.\r\n');
    const msg = await parseMessage(Buffer.from(raw, 'latin1'));
    expect(msg.text.startsWith('Sent from the front desk.\n\nHi help desk,')).toBe(true);
  });
});

describe('a TNEF stream that cannot be read', () => {
  const signature = Buffer.from('789f3e223c5a', 'hex');
  const attr = (level: number, id: number, data: Buffer, length = data.length): Buffer => {
    const head = Buffer.alloc(9);
    head[0] = level;
    head.writeUInt32LE(id, 1);
    head.writeUInt32LE(length, 5);
    return Buffer.concat([head, data, Buffer.alloc(2)]);
  };
  const props = (count: number, rest: Buffer): Buffer => { const b = Buffer.alloc(4); b.writeUInt32LE(count); return Buffer.concat([b, rest]); };

  it('gives nothing, quickly, for lying lengths, counts past any cap and random bytes', () => {
    const seed = Number(process.env.TNEF_SEED ?? 20250305);
    console.log(`TNEF_SEED=${seed}`);
    const next = seededRandom(seed);
    const lying = [
      Buffer.concat([signature, attr(1, 0x0002800c, Buffer.from('hello'), 0xffffffff)]),
      Buffer.concat([signature, attr(1, 0x00069003, props(0xffffffff, Buffer.alloc(64)))]),
      // A property with the most values allowed, of a type with no bytes, many times over.
      Buffer.concat([signature, attr(1, 0x00069003, props(5000, Buffer.concat(Array.from({ length: 5000 }, () => Buffer.from('01100010e8030000', 'hex')))))]),
      Buffer.concat([signature, attr(1, 0x00069003, props(1, Buffer.from('1f000010ffffffff', 'hex')))]),
      Buffer.concat([signature, ...Array.from({ length: 20_000 }, () => attr(2, 0x00069002, Buffer.alloc(0)))]),
    ];
    const random = Array.from({ length: 200 }, () => Buffer.concat([signature, Buffer.from(Array.from({ length: 1 + Math.floor(next() * 4000) }, () => Math.floor(next() * 256)))]));
    const started = Date.now();
    for (const stream of lying) expect(readTnef(stream) ?? { text: null, html: null, files: [] }).toEqual({ text: null, html: null, files: [] });
    for (const stream of random) {
      const read = readTnef(stream);
      if (read) expect(read.files.length).toBeLessThanOrEqual(50);
    }
    expect(Date.now() - started).toBeLessThan(3000);
  });

  it('leaves the message as it came', async () => {
    const raw = fixture('tnef-request-stub-text.eml').toString('latin1').replace(/(filename="winmail.dat"\r\n\r\n)[A-Za-z0-9+/=\r\n]+/, `$1${Buffer.concat([signature, Buffer.from('garbage')]).toString('base64')}\r\n`);
    const msg = await parseMessage(Buffer.from(raw, 'latin1'), { keepAttachmentContent: false });
    expect(msg.anomalies).not.toContain('tnef-opened');
    expect(msg.attachments.map((a) => a.filename)).toEqual(['winmail.dat']);
  });
});
