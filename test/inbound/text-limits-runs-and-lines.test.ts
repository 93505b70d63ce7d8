// What limitText shortens (src/inbound/text-limits.ts): runs of one character, of whitespace and of
// digits over MAX_RUN_CHARS, lines over MAX_LINE_CHARS; and nothing else, wherever a run starts.
// limitText first looks for such a run at every fiftieth character only, so runs of every length
// near the limit are tried at every offset, and random texts are compared with the rules written as
// regular expressions. LIMITS_SEED=<seed> replays the random texts.
import { describe, expect, it } from 'vitest';
import { limitText, MAX_LINE_CHARS, MAX_RUN_CHARS } from '../../src/inbound/text-limits.ts';
import { seededRandom } from '../support/seeded-random.ts';

const seed = Number(process.env['LIMITS_SEED'] ?? Date.now() % 2 ** 31);

/** The rules, one regular expression each (`\s` without the u flag is the whitespace the stage means). */
function byPatterns(text: string): string {
  const spaces = text.replace(new RegExp(`\\s{${MAX_RUN_CHARS + 1},}`, 'g'), (run) => {
    const newlines = Math.min(2, run.split('\n').length - 1);
    return newlines === 0 ? ' '.repeat(MAX_RUN_CHARS) : '\n'.repeat(newlines);
  });
  const chars = spaces.replace(new RegExp(`(\\S)\\1{${MAX_RUN_CHARS},}`, 'g'), (run) => run.slice(0, MAX_RUN_CHARS));
  const digits = chars.replace(new RegExp(`\\d{${MAX_RUN_CHARS + 1},}`, 'g'), (run) => run.slice(0, MAX_RUN_CHARS));
  return digits.split('\n').map((line) => line.match(new RegExp(`[^]{1,${MAX_LINE_CHARS}}`, 'g'))?.join('\n') ?? '').join('\n');
}

describe('text limits', () => {
  it('shortens a run over the limit and keeps one at it, wherever it starts', () => {
    const runs: Array<[string, (n: number) => string]> = [
      ['one letter', (n) => 'x'.repeat(n)],
      ['one mark', (n) => '>'.repeat(n)],
      ['digits', (n) => '0123456789'.repeat(11).slice(0, n)],
      ['one digit', (n) => '7'.repeat(n)],
      ['spaces', (n) => ' '.repeat(n)],
      ['mixed whitespace', (n) => ' \t\u00a0\r\n'.repeat(30).slice(0, n)],
    ];
    for (const [name, run] of runs) {
      for (let length = MAX_RUN_CHARS - 2; length <= MAX_RUN_CHARS + 2; length++) {
        for (let offset = 0; offset <= MAX_RUN_CHARS + 3; offset++) {
          const text = `${'ab'.repeat(offset).slice(0, offset)}${run(length)}cd`;
          expect(limitText(text), `${name}, ${length} long at ${offset}`).toBe(byPatterns(text));
          if (length <= MAX_RUN_CHARS) expect(limitText(text)).toBe(text);
        }
      }
    }
  });

  it('breaks a line over the limit and keeps one at it', () => {
    for (const length of [MAX_LINE_CHARS - 1, MAX_LINE_CHARS, MAX_LINE_CHARS + 1, 3 * MAX_LINE_CHARS + 7]) {
      const line = 'word '.repeat(length).slice(0, length);
      for (const text of [line, `top\n${line}`, `${line}\nbottom`, `a\r\n${line}\r\nb`]) expect(limitText(text)).toBe(byPatterns(text));
    }
  });

  it(`answers as the rules do on random text (seed ${seed})`, () => {
    const rand = seededRandom(seed);
    const pieces = ['word ', 'x', ' ', '\n', '\r\n', '\t', '7', '-', '.', '\u00a0', 'é', '\u2003', 'ab'];
    for (let n = 0; n < 3000; n++) {
      let text = '';
      while (text.length < 600) {
        const piece = pieces[Math.floor(rand() * pieces.length)]!;
        text += rand() < 0.2 ? piece.repeat(60 + Math.floor(rand() * 60)) : piece;
      }
      expect(limitText(text), `LIMITS_SEED=${seed}, text ${n}`).toBe(byPatterns(text));
    }
  });
});
