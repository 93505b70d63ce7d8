import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseMessage } from '../../src/inbound/parse.ts';
import { findQuarantineReason } from '../../src/inbound/processable.ts';

const fixtures = resolve(dirname(fileURLToPath(import.meta.url)), '../fixtures/mail');
// eslint-disable-next-line no-control-regex
const C0_EXCEPT_TAB_AND_LINE_ENDS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f]/;

describe('parseMessage: NUL bytes and other control characters', () => {
  it('drops NUL and other C0 controls from subject, body, sender name and file name, keeping tabs and line ends', async () => {
    const raw = readFileSync(resolve(fixtures, 'nul-bytes.eml'));
    expect(raw.includes(0)).toBe(true);
    const msg = await parseMessage(raw);
    expect(msg.subject).toBe('Export fails after the upgrade');
    expect(msg.from).toEqual({ address: 'nora@example.test', name: 'Nora Null' });
    expect(msg.text).toContain('the CSV export of the APR stops half way. The log[0m shows:\n\tERROR row 118');
    expect(msg.attachments.map((a) => a.filename)).toEqual(['exportlog.txt']);
    for (const value of [msg.subject, msg.text, msg.from!.name, ...msg.attachments.map((a) => a.filename)]) {
      expect(value).not.toMatch(C0_EXCEPT_TAB_AND_LINE_ENDS);
    }
    // The attachment's bytes are data, kept as they came.
    expect(msg.attachments[0]!.content!.includes(0)).toBe(true);
    expect(findQuarantineReason(msg, raw.length, 'person')).toBeNull();
  });

  it('drops them from an HTML body too', async () => {
    const raw = [
      'From: ann@example.test', 'To: help@helpdesk.example.test', 'Subject: html', 'Message-ID: <html-nul@example.test>',
      'MIME-Version: 1.0', 'Content-Type: text/html; charset=utf-8', '', '<p>Save\u0000 fails\u0007 on <b>Exit</b></p>\r\n',
    ].join('\r\n');
    const msg = await parseMessage(Buffer.from(raw, 'utf8'));
    expect(msg.html).toContain('<p>Save fails on <b>Exit</b></p>');
  });

  it('drops DEL and C1 controls too (U+009B is CSI to a terminal), as text typed on the page loses them', async () => {
    const raw = [
      'From: ann@example.test', 'To: help@helpdesk.example.test', `Subject: =?utf-8?b?${Buffer.from('Save\u009b2J fails').toString('base64')}?=`,
      'Message-ID: <c1@example.test>', 'MIME-Version: 1.0', 'Content-Type: text/plain; charset=utf-8', 'Content-Transfer-Encoding: 8bit', '',
      'Save\u009b2J fails\u007f on \u0085Exit, \u201cevery time\u201d\r\n',
    ].join('\r\n');
    const msg = await parseMessage(Buffer.from(raw, 'utf8'));
    expect(msg.subject).toBe('Save2J fails');
    expect(msg.text).toBe('Save2J fails on Exit, \u201cevery time\u201d\n');
  });
});
