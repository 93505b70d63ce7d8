// Joins lines a mail client wrapped (at ~76 columns) back into one, keeping paragraphs (a blank line)
// apart, in one pass over the lines. Pure. A line break between two lines with text becomes one space,
// with the spaces and tabs around it; a break next to a blank line stays, and so does a break next to
// a line the caller keeps apart (a forwarded message's "From:" or "Date:" line is no wrapped sentence).

export function joinWrappedLines(text: string, keepApart: (line: string) => boolean = () => false): string {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  const out: string[] = [lines[0] ?? ''];
  let previousApart = keepApart(lines[0] ?? '');
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i]!;
    const apart = keepApart(line);
    // A blank line only ends a paragraph when a line break follows it; a blank first line never does.
    const isParagraphBreak = (i < lines.length - 1 && isBlank(line)) || (i - 1 > 0 && isBlank(lines[i - 1]!));
    const wasApart = previousApart;
    previousApart = apart;
    if (isParagraphBreak || apart || wasApart) {
      out.push('\n', line);
    } else {
      out.push(trimSpaceTab(out.pop()!, 'end'), ' ', trimSpaceTab(line, 'start'));
    }
  }
  return out.join('');
}

function isBlank(line: string): boolean {
  for (let k = 0; k < line.length; k++) if (line[k] !== ' ' && line[k] !== '\t') return false;
  return true;
}

function trimSpaceTab(s: string, side: 'start' | 'end'): string {
  let a = 0;
  let b = s.length;
  if (side === 'start') while (a < b && (s[a] === ' ' || s[a] === '\t')) a++;
  else while (b > a && (s[b - 1] === ' ' || s[b - 1] === '\t')) b--;
  return s.slice(a, b);
}
