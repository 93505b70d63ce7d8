// Scores reply extraction on the public corpus in ../shared/corpora/reply-extraction against
// what each source's tests expect, next to the npm packages email-reply-parser and planer as
// baselines, and lists the cases where deskmail's conventions (../shared/notes/reply-conventions.md)
// differ from the source's on purpose; first prints the figures on our own blind sets
// (test/fixtures/mail/replies-blind, kinds-blind). I/O: reads the corpus; prints a report; exits 0 when absent.
// `--dir FOLDER` scores one labelled folder instead (`<case>.eml|.txt|.html` + `<case>.expected.txt`,
// optional `families.json`), and `--first-run NAME` records that score in docs/reply-first-runs.md.
import { appendFileSync, existsSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { convert } from 'html-to-text';
import { simpleParser } from 'mailparser';
import EmailReplyParser from 'email-reply-parser';
import { parseMessage } from '../src/inbound/parse.ts';
import { extractReplyText } from '../src/inbound/reply-text.ts';

// planer ships no types; this is the one call we make.
const planer = createRequire(import.meta.url)('planer') as { extractFrom(body: string, contentType: string): string };

export interface CorpusCase {
  id: string;
  source: string;
  file: string;
  kind: 'plain-text-body' | 'html-body' | 'eml';
  expected_visible_text: string;
  inferred: boolean;
  match?: 'ignore-whitespace';
  notes?: string;
}

/** A corpus case whose source follows another convention than ours, and why. */
export interface ByDesign {
  id: string;
  reason: string;
  /** What our convention yields, where it can be stated. */
  ours?: string;
}

const HIDES_SIGN_OFF = 'source hides the typed "-Name" sign-off; we keep a typed closing and name';
const KEEPS_INTERLEAVED = 'source keeps the quoted lines between inline answers; we keep only the answers';
const DROPS_CLOSING = 'source drops the typed closing and name; we keep them';
const KEEPS_CONTACT = 'source keeps a trailing contact block (name, title, organisation, phone); we strip it';
const KEEPS_DEVICE = 'source keeps signatures and device lines in quotation tests; we strip them';

const RIAK_QUESTION = 'Hi folks\n\nWhat is the best way to clear a Riak bucket of all key, values after\nrunning a test?\nI am currently using the Java HTTP API.\n\n-Abhishek Kona';

export const BY_DESIGN: readonly ByDesign[] = [
  { id: 'gh/email_1_1', reason: HIDES_SIGN_OFF, ours: RIAK_QUESTION },
  { id: 'gh/email_1_3', reason: HIDES_SIGN_OFF, ours: 'Oh thanks.\n\nHaving the function would be great.\n\n-Abhishek Kona' },
  { id: 'wd/email_1', reason: HIDES_SIGN_OFF, ours: RIAK_QUESTION },
  { id: 'wd/email_3', reason: HIDES_SIGN_OFF, ours: 'Oh thanks.\n\nHaving the function would be great.\n\n-Abhishek Kona' },
  { id: 'gh/email_1_2', reason: KEEPS_INTERLEAVED },
  { id: 'gh/email_1_8', reason: KEEPS_INTERLEAVED, ours: 'I will reply under this one\n\nand under this.' },
  { id: 'cr/email_with_regards', reason: 'source drops the closing with the contact block; we keep "Regards," and strip the name-with-title block', ours: 'Hi,\n\nI still have the same problem....\n\nCan you help?\n\nRegards,' },
  { id: 'cr/email_emoji', reason: KEEPS_CONTACT, ours: '🎉' },
  { id: 'cr/email_tricky_16_unicode_signatures', reason: KEEPS_CONTACT, ours: 'Thanks for the update!\n\nCheers 🎉\nSarah' },
  { id: 'cr/email_tricky_11_double_signature', reason: DROPS_CLOSING, ours: 'Thanks for your help!\n\nBest regards,\nJohn' },
  { id: 'cr/email_tricky_2_url_with_wrote', reason: DROPS_CLOSING, ours: 'Hi there,\n\nCheck out this article about email parsing: https://example.com/blog/on-date-someone-wrote-about-parsing\n\nIt\'s really interesting how they handled the case where URLs contain patterns like "wrote:" in them.\n\nBest regards,\nJohn' },
  { id: 'cr/inline_parseReply_with_quote_header', reason: DROPS_CLOSING, ours: 'Hi there,\n\nI appreciate your help with this issue.\n\nBest regards,\nJohn' },
  { id: 'ta/signature/short_url', reason: DROPS_CLOSING, ours: "Simone,\n\nIt is 'example.com'. Please let me know what you see.\n\nThank you,\nNoam" },
  { id: 'ta/signature/test_message_shorter_SIGNATURE_MAX_LINES', reason: DROPS_CLOSING, ours: 'Call me ASAP, please.This is about the last changes you deployed.\n\nThanks in advance,\nBob' },
  { id: 'ta/signature/test_text_line_in_signature', reason: 'source takes a typed sentence under the closing for signature; we keep typed lines', ours: "Call me ASAP, please.This is about the last changes you deployed.\n\nThanks in advance,\nsome text which doesn't seem to be a signature at all\nBob" },
  { id: 'ta/signature/test_long_line_in_signature', reason: 'source drops the sender\'s name typed at the end; we keep typed lines', ours: "Call me ASAP, please.This is about the last changes you deployed.\n\nThanks in advance,\nsome long text here which doesn't seem to be a signature at all\nBob" },
  { id: 'ta/test_too_many_lines', reason: 'source test patches its line limit to 1, so only the first line survives; we keep every typed line', ours: 'Test reply\nHi' },
  { id: 'ta/html/reply-separated-by-hr', reason: 'source cuts the whole <div> that holds the From block, taking the typed "Bob" above the rule with it; we keep text above the rule', ours: 'Hi\nthere\nBob' },
  { id: 'ta/test_appointment', reason: KEEPS_CONTACT, ours: 'Response\n\n10/19/2017 @ 9:30 am for physical therapy\nBla\n1517 4th Avenue Ste 300\nLondon CA 19129, 555-421-6780' },
  { id: 'ta/standard_replies/iphone', reason: KEEPS_DEVICE, ours: 'Hello' },
  { id: 'ta/standard_replies/sparrow', reason: KEEPS_DEVICE, ours: 'Hello' },
  { id: 'ta/test_dont_parse_quotations_for_forwarded_messages', reason: 'source keeps a forwarded message under typed text; we count it as quoted history', ours: 'FYI' },
  { id: 'ta/html/test_regular_blockquote', reason: 'source keeps a header-less <blockquote> above the quote header; plain quoting is quoted history for us', ours: 'Reply' },
  { id: 'ta/html/test_gmail_quote_blockquote', reason: 'source keeps a gmail_quote blockquote that has no attribution; plain quoting is quoted history for us', ours: 'Message' },
  { id: 'ta/html/test_readable_html_empty', reason: 'source returns the whole body when everything is inside a <blockquote>; for us that is all quoted', ours: '' },
];

export function sharedDir(): string {
  const override = process.env.DESKMAIL_SHARED_DIR;
  if (override) return path.resolve(override);
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
  return path.resolve(root, '..', 'shared');
}

export function corpusDir(): string {
  return path.join(sharedDir(), 'corpora', 'reply-extraction');
}

export function loadCases(dir = corpusDir()): CorpusCase[] | null {
  const file = path.join(dir, 'cases.json');
  if (!existsSync(file)) return null;
  const data = JSON.parse(readFileSync(file, 'utf8')) as { cases: CorpusCase[] };
  return data.cases;
}

export interface CaseInput {
  text: string;
  html: string | null;
}

/** The body as the source test feeds it: eml -> first text/plain part, transfer-decoded. */
export async function readCaseInput(c: CorpusCase, dir = corpusDir()): Promise<CaseInput> {
  const bytes = readFileSync(path.join(dir, c.file));
  if (c.kind === 'html-body') return { text: '', html: bytes.toString('utf8') };
  if (c.kind === 'eml') {
    const mail = await simpleParser(bytes, { skipTextToHtml: true, skipImageLinks: true } as Parameters<typeof simpleParser>[1]);
    return { text: mail.text ?? '', html: null };
  }
  return { text: bytes.toString('utf8'), html: null };
}

export function normalise(s: string, match?: string): string {
  return match === 'ignore-whitespace' ? s.replace(/\s+/g, '') : s.trim().replace(/\s+/g, ' ');
}

export function isExactMatch(actual: string, expected: string, match?: string): boolean {
  return normalise(actual, match) === normalise(expected, match);
}

export function tokenF1(actual: string, expected: string): number {
  const a = normalise(actual).split(' ').filter(Boolean);
  const e = normalise(expected).split(' ').filter(Boolean);
  if (a.length === 0 && e.length === 0) return 1;
  if (a.length === 0 || e.length === 0) return 0;
  const counts = new Map<string, number>();
  for (const t of e) counts.set(t, (counts.get(t) ?? 0) + 1);
  let overlap = 0;
  for (const t of a) {
    const n = counts.get(t) ?? 0;
    if (n > 0) {
      overlap++;
      counts.set(t, n - 1);
    }
  }
  if (overlap === 0) return 0;
  const precision = overlap / a.length;
  const recall = overlap / e.length;
  return (2 * precision * recall) / (precision + recall);
}

/** Plain text the baselines get for HTML bodies (neither reads HTML without a browser DOM). */
function htmlForBaselines(html: string): string {
  return convert(html, { wordwrap: false, selectors: [{ selector: 'img', format: 'skip' }] });
}

type Extractor = (input: CaseInput) => string;

const EXTRACTORS: Record<string, Extractor> = {
  deskmail: (input) => extractReplyText(input).replyText,
  'email-reply-parser': (input) => {
    const text = input.text !== '' ? input.text : htmlForBaselines(input.html ?? '');
    return new EmailReplyParser().parseReply(text);
  },
  planer: (input) => {
    const text = input.text !== '' ? input.text : htmlForBaselines(input.html ?? '');
    return planer.extractFrom(text, 'text/plain');
  },
};

interface Score {
  n: number;
  exact: number;
  f1: number;
}

function add(map: Map<string, Score>, key: string, exact: boolean, f1: number): void {
  const s = map.get(key) ?? { n: 0, exact: 0, f1: 0 };
  s.n++;
  if (exact) s.exact++;
  s.f1 += f1;
  map.set(key, s);
}

function pct(x: number): string {
  return `${(x * 100).toFixed(1)}%`.padStart(6);
}

function table(title: string, scores: Record<string, Map<string, Score>>, keys: string[]): string {
  const names = Object.keys(scores);
  const out = [title, `  ${'source'.padEnd(30)}${'n'.padStart(5)}  ${names.map((n) => `${n} exact / F1`.padEnd(30)).join('')}`];
  for (const key of keys) {
    const first = scores[names[0] ?? '']?.get(key);
    if (!first) continue;
    const cells = names.map((name) => {
      const s = scores[name]?.get(key) ?? { n: 0, exact: 0, f1: 0 };
      return `${pct(s.exact / Math.max(1, s.n))} / ${pct(s.f1 / Math.max(1, s.n))}`.padEnd(30);
    });
    out.push(`  ${key.padEnd(30)}${String(first.n).padStart(5)}  ${cells.join('')}`);
  }
  return out.join('\n');
}

export interface CaseResult {
  c: CorpusCase;
  outputs: Record<string, string>;
}

export async function runCorpus(cases: CorpusCase[], dir = corpusDir()): Promise<CaseResult[]> {
  const results: CaseResult[] = [];
  for (const c of cases) {
    const input = await readCaseInput(c, dir);
    const outputs: Record<string, string> = {};
    for (const [name, extract] of Object.entries(EXTRACTORS)) {
      try {
        outputs[name] = extract(input);
      } catch (err) {
        outputs[name] = `<<threw: ${(err as Error).message}>>`;
      }
    }
    results.push({ c, outputs });
  }
  return results;
}

/** Our own blind reply sets and labelled kind sets in test/fixtures/mail: figures and misses. */
async function blindReport(): Promise<string[]> {
  const h = await import('../test/inbound/blind-harness.ts');
  const k = await import('../test/inbound/kind-sets.ts');
  const { squash } = h;
  const lines: string[] = [];
  const sets = [
    { replies: 'replies-blind', repliesDir: h.REPLIES_BLIND_DIR },
    { replies: 'replies-round2', repliesDir: h.REPLIES_ROUND2_DIR },
  ];
  for (const set of sets) {
    const replies = await h.scoreReplyBlind(set.repliesDir);
    lines.push(
      `Blind reply set (test/fixtures/mail/${set.replies}): ${replies.filter((r) => r.ok).length}/${replies.length} exact`,
      ...replies.filter((r) => !r.ok).map((r) => `  miss ${r.name}\n    expected: ${squash(r.expected).slice(0, 200)}\n    got:      ${squash(r.actual).slice(0, 200)}`),
    );
  }
  for (const set of k.KIND_SETS) {
    const kinds = await k.scoreKindSet(set.dir);
    lines.push(
      `Labelled kind set (test/fixtures/mail/${set.name}): ${kinds.filter((k) => k.ok).length}/${kinds.length} right (kind, failed recipient, status)`,
      ...kinds.filter((k) => !k.ok).map((k) => `  miss ${k.label.file}: want ${k.label.kind} ${k.label.failedRecipient ?? ''} ${k.label.status ?? ''}, got ${k.kind} (${k.reason}) ${k.failedRecipient ?? ''} ${k.status ?? ''}`),
    );
  }
  lines.push('');
  return lines;
}

export interface FolderCase {
  name: string;
  family: string;
  expected: string;
  actual: string;
  exact: boolean;
  f1: number;
}

/** The body a labelled case holds: an .eml goes through the service's own parser, as in production. */
async function readFolderInput(file: string): Promise<CaseInput> {
  const bytes = readFileSync(file);
  if (file.endsWith('.html')) return { text: '', html: bytes.toString('utf8') };
  if (file.endsWith('.eml')) {
    const msg = await parseMessage(bytes);
    return { text: msg.text, html: msg.html };
  }
  return { text: bytes.toString('utf8'), html: null };
}

/** Scores every `<case>.(eml|txt|html)` of a folder against its `<case>.expected.txt`. */
export async function scoreFolder(dir: string): Promise<FolderCase[]> {
  const familiesFile = path.join(dir, 'families.json');
  const families = existsSync(familiesFile) ? (JSON.parse(readFileSync(familiesFile, 'utf8')) as Record<string, string>) : {};
  const files = readdirSync(dir).filter((f) => /\.(eml|txt|html)$/.test(f) && !f.endsWith('.expected.txt')).sort();
  const out: FolderCase[] = [];
  for (const file of files) {
    const name = file.replace(/\.(eml|txt|html)$/, '');
    const expectedFile = path.join(dir, `${name}.expected.txt`);
    if (!existsSync(expectedFile)) throw new Error(`${file} has no ${name}.expected.txt`);
    const expected = readFileSync(expectedFile, 'utf8');
    const actual = extractReplyText(await readFolderInput(path.join(dir, file))).replyText;
    out.push({ name, family: families[name] ?? '(no family)', expected, actual, exact: isExactMatch(actual, expected), f1: tokenF1(actual, expected) });
  }
  return out;
}

export function summariseFolder(cases: readonly FolderCase[]): Array<{ family: string; n: number; exact: number; f1: number }> {
  const rows = new Map<string, { family: string; n: number; exact: number; f1: number }>();
  for (const c of cases) {
    for (const key of [c.family, 'overall']) {
      const row = rows.get(key) ?? { family: key, n: 0, exact: 0, f1: 0 };
      row.n++;
      row.exact += c.exact ? 1 : 0;
      row.f1 += c.f1;
      rows.set(key, row);
    }
  }
  const overall = rows.get('overall');
  rows.delete('overall');
  const sorted = [...rows.values()].sort((a, b) => a.family.localeCompare(b.family));
  return overall ? [...sorted, overall] : sorted;
}

export const FIRST_RUNS_FILE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'docs', 'reply-first-runs.md');

function folderReport(dir: string, cases: readonly FolderCase[]): string {
  const lines = [`Reply extraction on ${path.relative(process.cwd(), dir) || dir}: exact = equal after trimming and collapsing white space; F1 = token F1`];
  lines.push(`  ${'family'.padEnd(28)}${'n'.padStart(4)}  ${'exact'.padStart(12)}  ${'F1'.padStart(6)}`);
  for (const row of summariseFolder(cases)) {
    lines.push(`  ${row.family.padEnd(28)}${String(row.n).padStart(4)}  ${`${row.exact}/${row.n}`.padStart(5)} ${pct(row.exact / row.n)}  ${pct(row.f1 / row.n)}`);
  }
  const misses = cases.filter((c) => !c.exact);
  lines.push('', `misses (${misses.length}):`);
  for (const c of misses) {
    lines.push(`  ${c.name} [${c.family}] F1 ${c.f1.toFixed(2)}`, `    expected: ${normalise(c.expected).slice(0, 240)}`, `    got:      ${normalise(c.actual).slice(0, 240)}`);
  }
  return lines.join('\n');
}

/** Appends the first score of a set to the table; a set is recorded once, never re-scored into it. */
export function recordFirstRun(name: string, dir: string, cases: readonly FolderCase[], file: string = FIRST_RUNS_FILE, now: Date = new Date()): void {
  const table = existsSync(file) ? readFileSync(file, 'utf8') : '';
  if (table.split('\n').some((line) => line.startsWith(`| ${name} |`))) {
    throw new Error(`${name} already has a first run in ${path.relative(process.cwd(), file)}; a set is scored into it once`);
  }
  const rows = summariseFolder(cases);
  const overall = rows[rows.length - 1];
  if (!overall) throw new Error(`no cases in ${dir}`);
  const families = rows.slice(0, -1).map((r) => `${r.family} ${r.exact}/${r.n}`).join('; ');
  const date = now.toISOString().slice(0, 10);
  appendFileSync(file, `| ${name} | ${date} | ${overall.n} | ${overall.exact}/${overall.n} (${(100 * overall.exact / overall.n).toFixed(1)}%) | ${(overall.f1 / overall.n).toFixed(3)} | ${families} |\n`);
}

function argValue(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

async function main(): Promise<void> {
  const folder = argValue('--dir');
  if (folder !== undefined) {
    const dir = path.resolve(folder);
    const cases = await scoreFolder(dir);
    process.stdout.write(`${folderReport(dir, cases)}\n`);
    const firstRun = argValue('--first-run');
    if (firstRun !== undefined) {
      recordFirstRun(firstRun, dir, cases);
      process.stdout.write(`first run of ${firstRun} recorded in ${path.relative(process.cwd(), FIRST_RUNS_FILE)}\n`);
    }
    return;
  }
  process.stdout.write(`${(await blindReport()).join('\n')}\n`);
  const dir = corpusDir();
  const cases = loadCases(dir);
  if (!cases) {
    process.stdout.write(`eval:replies skipped: no corpus at ../shared/corpora/reply-extraction (set DESKMAIL_SHARED_DIR to point elsewhere)\n`);
    return;
  }
  const byDesign = new Map(BY_DESIGN.map((d) => [d.id, d]));
  const results = await runCorpus(cases, dir);
  const names = Object.keys(EXTRACTORS);
  const sources = [...new Set(cases.map((c) => c.source))];

  const views: Array<{ title: string; filter: (c: CorpusCase) => boolean; convention: boolean }> = [
    { title: 'Asserted cases (inferred:false), against the source expectation', filter: (c) => !c.inferred, convention: false },
    { title: 'All cases, against the source expectation', filter: () => true, convention: false },
    { title: 'Asserted cases, by-design cases scored against our convention where stated (deskmail column only differs)', filter: (c) => !c.inferred, convention: true },
    { title: 'Asserted cases that are not by design', filter: (c) => !c.inferred && !byDesign.has(c.id), convention: false },
    { title: 'All cases that are not by design', filter: (c) => !byDesign.has(c.id), convention: false },
  ];
  const lines: string[] = [
    'Reply extraction on ../shared/corpora/reply-extraction',
    'exact = equal after trimming and collapsing white space (talon HTML cases: all white space removed); F1 = token F1',
    'Baselines: email-reply-parser parseReply() and planer extractFrom(text, "text/plain") on the same text/plain input;',
    '  for html-body cases both get the html-to-text conversion of the HTML (planer\'s HTML path needs a browser DOM, none is installed).',
    '',
  ];
  for (const view of views) {
    const scores: Record<string, Map<string, Score>> = {};
    for (const name of names) scores[name] = new Map();
    for (const { c, outputs } of results) {
      if (!view.filter(c)) continue;
      for (const name of names) {
        const design = byDesign.get(c.id);
        const expected = view.convention && name === 'deskmail' && design?.ours !== undefined ? design.ours : c.expected_visible_text;
        const out = outputs[name] ?? '';
        const exact = isExactMatch(out, expected, c.match);
        const f1 = tokenF1(out, expected);
        add(scores[name] as Map<string, Score>, c.source, exact, f1);
        add(scores[name] as Map<string, Score>, 'overall', exact, f1);
      }
    }
    lines.push(table(view.title, scores, [...sources, 'overall']), '');
  }

  lines.push(`Differ by design (${BY_DESIGN.length}): source expectation vs ours; "convention" = our output equals what our convention yields`);
  for (const d of BY_DESIGN) {
    const r = results.find((x) => x.c.id === d.id);
    if (!r) continue;
    const ours = r.outputs.deskmail ?? '';
    const sourceMatch = isExactMatch(ours, r.c.expected_visible_text, r.c.match);
    const convention = d.ours === undefined ? 'not stated' : isExactMatch(ours, d.ours, r.c.match) ? 'yes' : 'NO';
    lines.push(`  ${d.id.padEnd(58)} ${r.c.inferred ? 'inferred' : 'asserted'}  source ${sourceMatch ? 'match' : 'differs'}  convention ${convention}  - ${d.reason}`);
  }
  lines.push('');
  const misses = results.filter((r) => !byDesign.has(r.c.id) && !isExactMatch(r.outputs.deskmail ?? '', r.c.expected_visible_text, r.c.match));
  lines.push(`deskmail misses outside the by-design list (${misses.length}): ${misses.map((r) => `${r.c.id}${r.c.inferred ? '*' : ''}`).join(', ') || 'none'}`);
  lines.push('  (* = inferred expectation)');
  if (process.env.EVAL_VERBOSE) {
    for (const r of misses) {
      lines.push('', `--- ${r.c.id}`, 'expected:', r.c.expected_visible_text, 'got:', r.outputs.deskmail ?? '');
    }
  }
  process.stdout.write(`${lines.join('\n')}\n`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  main().catch((err: unknown) => {
    process.stderr.write(`eval:replies failed: ${(err as Error).stack ?? String(err)}\n`);
    process.exitCode = 1;
  });
}
