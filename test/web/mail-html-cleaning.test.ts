import { describe, expect, it } from 'vitest';
import { cleanMailHtml } from '../../src/web/html.ts';

describe('mail HTML shown on a page', () => {
  it('keeps formatting, lists, tables and plain links', () => {
    const out = cleanMailHtml('<p>Hello <b>Summer</b>,</p><ul><li>one</li></ul><table><tr><td colspan="2">AAAA111111</td></tr></table><a href="https://help.example.org/a">guide</a>');
    expect(out).toContain('<p>Hello <b>Summer</b>,</p>');
    expect(out).toContain('<ul><li>one</li></ul>');
    expect(out).toContain('<td colspan="2">AAAA111111</td>');
    expect(out).toContain('<a href="https://help.example.org/a" rel="noopener noreferrer nofollow" target="_blank">guide</a>');
  });

  it.each([
    ['<script>alert(1)</script>x', 'x'],
    ['<img src=x onerror="alert(2)">y', 'y'],
    ['<p onclick="alert(3)" style="color:red">z</p>', '<p>z</p>'],
    ['<a href="javascript:alert(4)">link</a>', '<a rel="noopener noreferrer nofollow" target="_blank">link</a>'],
    ['<a href="//evil.example/x">pr</a>', '<a rel="noopener noreferrer nofollow" target="_blank">pr</a>'],
    ['<iframe src="https://evil.example"></iframe><object data="x"></object>w', 'w'],
    ['<style>body{display:none}</style><form action="https://evil.example"><input name=a>v</form>', 'v'],
    ['<svg><script>alert(5)</script></svg>u', 'u'],
    ['<h1>Big</h1>', '<p>Big</p>'],
  ])('removes what could run or mislead: %s', (dirty, clean) => {
    expect(cleanMailHtml(dirty)).toBe(clean);
  });
});
