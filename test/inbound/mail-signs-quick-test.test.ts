// A sign matched with `\b` in a case-insensitive Unicode expression first runs a quick test over the
// text: the same expression without its word boundaries (src/inbound/kind/signs.ts withQuickTest).
// The quick test may only let more text through, never less, so every answer is the exact
// expression's: checked for every phrase of every group on the labelled kind sets and on words
// that Unicode case folding reads as ASCII letters.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { GROUP_SHAPES, SIGN_GROUPS, withoutWordBoundaries, withQuickTest } from '../../src/inbound/kind/signs.ts';
import { defaultMailSigns } from '../../src/inbound/mail-signs.ts';

const MAIL = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/mail');

function texts(): string[] {
  const out: string[] = [];
  for (const dir of ['.', 'kinds-blind', 'kinds-round2', 'kinds-round3']) {
    for (const name of readdirSync(path.join(MAIL, dir)).sort()) {
      if (name.endsWith('.eml')) out.push(readFileSync(path.join(MAIL, dir, name), 'utf8'));
    }
  }
  return [
    ...out,
    // ſ and K read as s and k when case is ignored in Unicode; "outof" has no word boundary inside.
    'I am out of the office until Monday.', 'I am ouT of the oFFice untiL Monday', 'I am outof office', 'Iſ am out of office', 'I\u212a am out of office',
    'This mailbox is not monitored.', 'this MAILBOX is not monitored', 'xthis mailbox is not monitoredx', 'I am no longer with the company, please contact bob@example.test',
  ];
}

describe('quick tests for signs matched over long text', () => {
  it('drop word boundaries only where that lets more text through', () => {
    expect(withoutWordBoundaries(String.raw`\bout\b of \Boffice`)).toBe('out of office');
    // A backspace in a class, an escaped backslash before a b.
    expect(withoutWordBoundaries(String.raw`[\b]x\\b`)).toBe(String.raw`[\b]x\\b`);
    // Inside a negative lookaround a boundary stays; inside a positive one it goes.
    expect(withoutWordBoundaries(String.raw`a(?!\bx)\bb(?<!(?:\by))(?=\bz)(?<=\bw)`)).toBe(String.raw`a(?!\bx)b(?<!(?:\by))(?=z)(?<=w)`);
    expect(withoutWordBoundaries(String.raw`(?<name>\bx)\k<name>`)).toBe(String.raw`(?<name>x)\k<name>`);
  });

  it('are only made where they pay: case ignored, Unicode, a word boundary, no g or y flag', () => {
    const exact = /\bout of office\b/iu;
    expect(withQuickTest(exact)).not.toBe(exact);
    for (const plain of [/\bout of office\b/i, /out of office/iu, /\bout of office\b/giu]) expect(withQuickTest(plain)).toBe(plain);
  });

  it('answer as the exact expression does, for every phrase and every group', () => {
    const signs = defaultMailSigns();
    const all = texts();
    let quick = 0;
    let matched = 0;
    for (const group of SIGN_GROUPS) {
      const { wrap, flags } = GROUP_SHAPES[group];
      const sources = [...signs[group].phrases.map((p) => wrap(p)), wrap(signs[group].phrases.join('|'))];
      for (const source of sources) {
        const exact = new RegExp(source, flags);
        const sign = withQuickTest(exact);
        if (sign === exact) continue;
        quick++;
        for (const text of all) {
          expect(sign.test(text), `${group} ${source}`).toBe(exact.test(text));
          expect(sign.exec(text), `${group} ${source}`).toEqual(exact.exec(text));
          if (exact.test(text)) matched++;
        }
      }
    }
    // The groups read over whole bodies (absences, departures, unmonitored mailboxes) get one.
    expect(quick).toBeGreaterThan(20);
    // And the texts hold what they look for: the comparison would see a quick test that refused too much.
    expect(matched).toBeGreaterThan(50);
  });
});
