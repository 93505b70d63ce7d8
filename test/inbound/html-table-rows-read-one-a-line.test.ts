// A table in HTML mail reads as the person sees it: one row a line, its cells kept apart
// (" | "), a row with one visible cell as that text alone, and cells that hold paragraphs as
// those paragraphs. The note and intake read the same conversion, so a table of client IDs keeps
// its columns, and a signature laid out as a table is a contact block like a typed one.
import { describe, expect, it } from 'vitest';
import { mailFixture } from '../support/pipeline-settings.ts';
import { extractClientIds } from '../../src/intake/client-ids.ts';
import { toIntakeInput } from '../../src/inbound/intake-input.ts';
import { parseMessage } from '../../src/inbound/parse.ts';
import { extractReplyText } from '../../src/inbound/reply-text.ts';
import { loadIntakeRules } from '../../src/stage-settings.ts';

const rules = loadIntakeRules().clientIds;

async function reading(name: string) {
  const parsed = await parseMessage(mailFixture(name));
  return { parsed, reply: extractReplyText({ text: parsed.text, html: parsed.html }) };
}

const replyOfHtml = (html: string) => extractReplyText({ text: '', html }).replyText;

describe('a table in HTML-only mail', () => {
  it('keeps the cells of a merge table apart, one row a line, in the description', async () => {
    const { reply } = await reading('html-only-merge-ids-in-a-table.eml');
    expect(reply.source).toBe('html');
    expect(reply.replyText).toBe([
      'Hi, please merge these duplicate records. Keep the one marked keep.',
      '',
      'Client ID | Name | Action',
      'ABCD123456 | J. Reyes | keep',
      'EFGH654321 | Juan Reyes | merge',
      '',
      'Thanks,',
      'Dana',
    ].join('\n'));
  });

  it('gives intake the same rows as the description, and intake finds both client IDs in them', async () => {
    const { parsed } = await reading('html-only-merge-ids-in-a-table.eml');
    const input = toIntakeInput(parsed);
    expect(input.text).toContain('Client ID | Name | Action\nABCD123456 | J. Reyes | keep\nEFGH654321 | Juan Reyes | merge');
    expect(extractClientIds(input, rules)).toEqual(['ABCD123456', 'EFGH654321']);
  });

  it('drops a contact block laid out as a table under the closing; the closing stays', async () => {
    const { reply } = await reading('html-only-signature-laid-out-as-a-table.eml');
    expect(reply.source).toBe('html');
    expect(reply.replyText.endsWith('with all the default parameters.\n\nThanks,')).toBe(true);
    expect(reply.replyText).not.toContain('Whitfield');
    expect(reply.replyText).not.toContain('555-0142');
    expect(reply.cuts.map((c) => c.rule)).toContain('contact-block');
    // Each row of the signature is its own line of what was cut, the logo's empty cell left out.
    expect(reply.quoted).toContain('Dana Whitfield\nData Coordinator | Valley Family Services\nP: (801) 555-0142 | F: (801) 555-0143\n1234 S State St, Salt Lake City, UT 84111');
  });
});

describe('tables as page layout keep the text they hold', () => {
  it('reads a one-cell layout table as its paragraphs', () => {
    expect(replyOfHtml('<table><tr><td><p>Hello,</p><p>The report is empty.</p></td></tr></table>'))
      .toBe('Hello,\n\nThe report is empty.');
  });

  it('reads cells that hold paragraphs one after another, not joined on a line', () => {
    expect(replyOfHtml('<table><tr><td><p>The export fails.</p></td><td><p>It started on Monday.</p></td></tr></table>'))
      .toBe('The export fails.\n\nIt started on Monday.');
  });

  it('reads a cell with line breaks as its lines', () => {
    expect(replyOfHtml('<p>Can you help?</p><table><tr><td>Step one<br>Step two</td><td>done</td></tr></table>'))
      .toBe('Can you help?\n\nStep one\nStep two\ndone');
  });

  it('reads a data table nested in a layout table as rows of cells', () => {
    const html = '<table><tr><td><p>These two are the same client:</p>'
      + '<table><tr><th>Client ID</th><th>DOB</th></tr><tr><td>40233</td><td>01/02/1980</td></tr></table>'
      + '<p>Thanks</p></td></tr></table>';
    expect(replyOfHtml(html)).toBe('These two are the same client:\n\nClient ID | DOB\n40233 | 01/02/1980\n\nThanks');
  });

  it('shows a form field left empty in a table of columns, as a reader of forms needs it', () => {
    expect(replyOfHtml('<table><tr><td>Category</td><td>Configuration</td></tr><tr><td>Program</td><td>&nbsp;</td></tr></table>'))
      .toBe('Category | Configuration\nProgram |');
  });

  it('keeps an empty cell in its place between two cells that have text, so columns line up', () => {
    expect(replyOfHtml('<table><tr><td>A</td><td>B</td><td>C</td></tr><tr><td>1</td><td></td><td>3</td></tr></table>'))
      .toBe('A | B | C\n1 |  | 3');
  });
});
