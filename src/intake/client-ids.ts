// Finds the client identifiers a request refers to: ClientTrack-style IDs (4 letters + 6 digits,
// upper-cased, also in any CSV column not named otherwise), numeric Clarity IDs introduced as client IDs
// or listed under a client-ID CSV column.
// Grant, contract, ticket, case, invoice, phone and date look-alikes are left out. Pure.
import { allMatches, compilePattern, hasAnyMatch, normalizeText } from './patterns.ts';
import type { IntakeRules } from './rules.ts';

export interface ClientIdSource {
  subject: string;
  text: string;
  attachmentTexts?: string[];
  /** Attachment names: "ABCD123456 release.pdf" names its client. */
  attachments?: { filename: string }[];
}

type ClientIdRules = IntakeRules['clientIds'];

const NUMERIC = /^\s*#?\s*(\d{3,10})(?![\d/-])/;
const LOOK_BEHIND = 60;

export function extractClientIds(source: ClientIdSource, rules: ClientIdRules): string[] {
  const text = normalizeText(`${source.subject}\n\n${source.text}`);
  const found = new Map<string, number>();
  const note = (id: string, index: number): void => {
    if (!found.has(id)) found.set(id, index);
  };

  for (const match of allMatches(rules.letterDigit, text)) {
    if (!isExcluded(text, match.index, rules)) note(match[0].toUpperCase(), match.index);
  }
  for (const introducer of rules.introducers) {
    for (const match of allMatches(introducer, text)) {
      if (isExcluded(text, match.index, rules, true)) continue;
      for (const [id, index] of readIdList(text, match.index + match[0].length, rules)) note(id, index);
    }
  }
  // A number introduced once may be referred back to earlier or later ("keep 71503"): order by first mention.
  const ordered = [...found.keys()].map((id) => ({ id, index: firstMention(text, id, found.get(id)!) }));
  ordered.sort((a, b) => a.index - b.index);
  const ids = ordered.map((o) => o.id);
  for (const { filename } of source.attachments ?? []) {
    const name = normalizeText(filename ?? '').replace(/[_.]/g, ' ');
    for (const match of allMatches(rules.letterDigit, name)) {
      const id = match[0].toUpperCase();
      if (!isExcluded(name, match.index, rules) && !ids.includes(id)) ids.push(id);
    }
  }
  for (const csv of source.attachmentTexts ?? []) {
    for (const id of readCsvClientIds(csv, rules)) if (!ids.includes(id)) ids.push(id);
  }
  return ids;
}

/** "client IDs 101, 102 and 103": the numbers right after an introducer, joined by list separators. */
function readIdList(text: string, start: number, rules: ClientIdRules): [string, number][] {
  const out: [string, number][] = [];
  let position = start;
  const separator = new RegExp(`^\\s*(?:${compilePattern(rules.listSeparator).source})\\s*`, 'iu');
  for (;;) {
    const rest = text.slice(position);
    const number = NUMERIC.exec(rest);
    if (!number) break;
    out.push([number[1]!, position + rest.indexOf(number[1]!)]);
    position += number[0].length;
    const sep = separator.exec(text.slice(position));
    if (!sep) break;
    position += sep[0].length;
  }
  return out;
}

function isExcluded(text: string, index: number, rules: ClientIdRules, sameLine = false): boolean {
  // For an introducer ("client ID ...") only its own line counts: a subject ending in "enrollment" does
  // not turn the body's "Client ID 40217" into an enrollment reference. A bare look-alike may sit under its
  // label or after a wrapped line, but within its paragraph ("Ms. Hawkins (HWKS218830)" after a subject).
  const window = text.slice(Math.max(0, index - LOOK_BEHIND), index);
  const before = sameLine ? window.slice(window.lastIndexOf('\n') + 1) : window.slice(paragraphStart(window));
  return hasAnyMatch(rules.excludeBefore, before);
}

/** Where the window's last paragraph begins: after its last blank line. */
function paragraphStart(window: string): number {
  const lines = window.split('\n');
  let start = 0;
  let offset = 0;
  lines.forEach((line, i) => {
    if (i > 0 && i < lines.length - 1 && line.trim() === '') start = offset + line.length + 1;
    offset += line.length + 1;
  });
  return Math.min(start, window.length);
}

function firstMention(text: string, id: string, fallback: number): number {
  const re = new RegExp(`(?<![\\w-])${id}(?![\\w/-])`, 'i');
  const match = re.exec(text);
  return match ? Math.min(match.index, fallback) : fallback;
}

/** Values under every column whose header names client IDs (client_id, Client ID (A), ID del cliente). */
export function readCsvClientIds(csv: string, rules: ClientIdRules): string[] {
  const lines = csv.replace(/^\uFEFF/, '').split(/\r?\n/).filter((l) => l.trim());
  const header = lines[0];
  if (!header) return [];
  const delimiter = header.includes(';') && !header.includes(',') ? ';' : header.includes('\t') ? '\t' : ',';
  const cells = (line: string): string[] => line.split(delimiter).map((c) => c.trim().replace(/^"|"$/g, '').trim());
  const isIdColumn = (name: string): boolean => compilePattern(rules.csvColumn).test(name) || compilePattern(rules.csvColumnSpanish).test(name);
  const names = cells(header);
  const columns = names.flatMap((name, i) => (isIdColumn(name) ? [i] : []));
  // A ClientTrack-shaped value is a client ID in any column ("duplicate_of", "keep"), as in the text,
  // unless the header names it as something else ("enrollment_id", "grant").
  const isOtherColumn = (i: number): boolean => hasAnyMatch(rules.excludeBefore, (names[i] ?? '').replace(/[_-]/g, ' '));
  const ids: string[] = [];
  // Row by row, left to right: a file of duplicate pairs lists each pair together.
  for (const line of lines.slice(1)) {
    const row = cells(line);
    for (let column = 0; column < row.length; column++) {
      const value = row[column] ?? '';
      const named = columns.includes(column);
      if ((named && /^\d{3,10}$/.test(value)) || (/^[A-Za-z]{4}\d{6}$/.test(value) && (named || !isOtherColumn(column)))) {
        const id = value.toUpperCase();
        if (!ids.includes(id)) ids.push(id);
      }
    }
  }
  return ids;
}
