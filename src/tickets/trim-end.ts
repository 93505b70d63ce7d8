// Trims a set of characters from the end of a string in linear time, for the command parser.
// Pure; no I/O.
/**
 * `s` without the characters of `set` at its end, in linear time. A pattern such as `/[.!]+$/`
 * rescans a long run once per starting position; this walks back from the end once.
 */
export function trimEndChars(s: string, set: string): string {
  let end = s.length;
  while (end > 0 && set.includes(s[end - 1]!)) end--;
  return end === s.length ? s : s.slice(0, end);
}
