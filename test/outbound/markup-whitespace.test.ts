import { describe, expect, it } from 'vitest';
import { collapseLayoutWhitespace } from '../../src/outbound/markup-whitespace.ts';
import { loadMailTemplates } from '../../src/workers/mail-templates.ts';

describe('collapseLayoutWhitespace', () => {
  it('turns each indented or blank-line run into one line break', () => {
    const html = '<table>\n    <tr>\n\n      <td\n         style="padding:0"\n      >Your parcel  is late</td>  \r\n    </tr>\n</table>';
    expect(collapseLayoutWhitespace(html)).toBe('<table>\n<tr>\n<td\nstyle="padding:0"\n>Your parcel  is late</td>\n</tr>\n</table>');
  });

  it('keeps a mustache section tag alone on its line', () => {
    const html = '<p>Hello</p>\n      {{#lines}}\n      <li>{{text}}</li>\n      {{/lines}}\n';
    expect(collapseLayoutWhitespace(html)).toBe('<p>Hello</p>\n{{#lines}}\n<li>{{text}}</li>\n{{/lines}}\n');
  });

  it('leaves no indentation in any compiled status-mail template', async () => {
    const templates = await loadMailTemplates();
    for (const html of Object.values(templates)) expect(html).not.toMatch(/\n[ \t]/);
  });
});
