// Reads the signature containers the HTML reading marked (./html-text.ts): what a client put in
// its signature element is the signature, whatever it says. A closing that opens the container
// ("Thanks,") is what the person would have typed above it, so it stays (reply-conventions: the
// closing stays and the block under it goes).
// Pure: lines in, lines out.
import { SIGNATURE_END_LINE, SIGNATURE_START_LINE } from './html-text.ts';
import { isClosingLine } from './signature.ts';

export interface SignatureContainers {
  /** The lines with every container's content blanked (same length, same indexes). */
  lines: string[];
  /** The containers' lines that were blanked, in order. */
  signature: string[];
  /** Index of each container's first blanked line. */
  starts: number[];
}

export function blankSignatureContainers(lines: readonly string[]): SignatureContainers {
  const out = lines.slice();
  const signature: string[] = [];
  const starts: number[] = [];
  for (let i = 0; i < out.length; i++) {
    if (out[i] !== SIGNATURE_START_LINE) continue;
    out[i] = '';
    let end = i + 1;
    while (end < out.length && out[end] !== SIGNATURE_END_LINE) end++;
    // A container never closed (cut short) runs to the end of what was read.
    let k = i + 1;
    while (k < end && (out[k] ?? '').trim() === '') k++;
    if (k < end && isClosingLine(out[k] ?? '')) k++;
    let first = -1;
    for (; k < end; k++) {
      const line = out[k] ?? '';
      if (line.trim() === '') continue;
      if (first < 0) first = k;
      signature.push(line);
      out[k] = '';
    }
    if (first >= 0) starts.push(first);
    if (end < out.length) out[end] = '';
    i = end;
  }
  return { lines: out, signature, starts };
}
