// The header block of a raw message, unfolded: lower-cased name -> values in message order. Only
// the sender check reads it (the Authentication-Results header), before any parsing of the body.
const MAX_HEADER_BYTES = 256 * 1024;

export function parseHeaderBlock(raw: Buffer): Record<string, string[]> {
  const head = raw.subarray(0, MAX_HEADER_BYTES).toString('latin1');
  const end = head.search(/\r?\n\r?\n/);
  const block = end < 0 ? head : head.slice(0, end);
  const headers: Record<string, string[]> = {};
  let current: string | null = null;
  for (const line of block.split(/\r?\n/)) {
    if ((line.startsWith(' ') || line.startsWith('\t')) && current !== null) {
      const values = headers[current]!;
      values[values.length - 1] += ` ${line.trim()}`;
      continue;
    }
    const colon = line.indexOf(':');
    if (colon <= 0) { current = null; continue; }
    current = line.slice(0, colon).trim().toLowerCase();
    (headers[current] ??= []).push(line.slice(colon + 1).trim());
  }
  return headers;
}
