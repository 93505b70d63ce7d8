// Builds the normalised views of one request that the model and the checklists read: subject, content
// without signature, everything incl. attachment texts, and whether the vendor is the addressee. Pure.
import { extractClientIds } from './client-ids.ts';
import { compilePattern, hasAnyMatch, normalizeText, type MatchContext } from './patterns.ts';
import type { IntakeRules } from './rules.ts';
import { splitSignature } from './signature.ts';
import { isHeaderFieldLine } from './header-lines.ts';
import { joinWrappedLines } from './wrapped-lines.ts';
import type { IntakeInput } from './types.ts';

export interface IntakeContext extends MatchContext {
  signature: string;
  body: string;
  /** The client IDs the request names (extractClientIds), found once: the views below mask look-alikes by them, and the classification reports them. */
  clientIds: readonly string[];
}

export function buildContext(input: IntakeInput, rules: IntakeRules): IntakeContext {
  const clientIds = extractClientIds(input, rules.clientIds);
  const maskLookAlikes = lookAlikeMasker(clientIds, rules);
  const subject = maskLookAlikes(normalizeText(input.subject ?? ''));
  const text = withoutEmptyFormFields(maskLookAlikes(normalizeText(input.text ?? '')));
  const split = splitSignature(text);
  const body = unwrapLines(split.body);
  const attachmentTexts = (input.attachmentTexts ?? []).map(normalizeText);
  return {
    subject,
    body,
    signature: split.signature,
    content: `${subject}\n\n${body}`,
    all: [subject, unwrapLines(text), ...attachmentTexts].join('\n\n'),
    addressedToVendor: isAddressedToVendor(input, rules),
    clientIds,
  };
}

/**
 * A grant, subaward, invoice or contract number can have the shape of a ClientTrack ID (4 letters +
 * 6 digits). Once the ID extractor has ruled it out, the rules should not read it as a client either:
 * such tokens become "reference-number" in the views the rules match.
 */
function lookAlikeMasker(clientIds: readonly string[], rules: IntakeRules): (text: string) => string {
  const ids = new Set(clientIds);
  return (text) => text.replace(compilePattern(rules.clientIds.letterDigit), (token) => (ids.has(token.toUpperCase()) ? token : 'reference-number'));
}

/**
 * A web form's field left empty ("Steps taken:" with the next label on the line below, or "n/a") says nothing, yet its
 * label names the item ("steps", "where"): such lines are dropped. A label whose value is on the lines below it stays.
 */
export function withoutEmptyFormFields(text: string): string {
  const lines = text.split('\n');
  return lines.filter((_, i) => !isEmptyFormField(lines, i)).join('\n');
}

/** The labels of a web form's fields left empty ("When did this start:", "Steps tried: n/a"), as written. */
export function emptyFormFieldLabels(text: string): string[] {
  const lines = text.split('\n');
  return lines.flatMap((line, i) => (isEmptyFormField(lines, i) ? [line.slice(0, line.indexOf(':')).trim()] : []));
}

function isEmptyFormField(lines: string[], i: number): boolean {
  const value = formFieldValue(lines[i]!);
  if (value === null || !(value === '' || EMPTY_VALUES.has(value))) return false;
  // "Steps taken:" with its value on the lines below is no empty field.
  const next = lines[i + 1];
  return EMPTY_VALUES.has(value) || next === undefined || formFieldValue(next) !== null;
}

/**
 * The value of a "Label: value" line, or of a table row laid out in columns ("Program       " with nothing after the
 * label, or "Program |" as an HTML form's table reads once its cells are text: one row a line, its cells apart),
 * trimmed and lower-cased; null when the line opens with no label of 1-40 characters (a column label: one to three
 * words, the first capitalised, then two or more spaces or the cell separator).
 */
function formFieldValue(line: string): string | null {
  const colon = line.indexOf(':');
  if (colon >= 1 && colon <= 44) return FORM_LABEL.test(line.slice(0, colon).trim()) ? valueAfterLabel(line.slice(colon + 1)) : null;
  const cell = line.indexOf(' |');
  if (cell >= 1 && cell <= 44) return isColumnLabel(line.slice(0, cell)) ? valueAfterLabel(line.slice(cell + 2)) : null;
  const gap = line.search(/ {2}|\t/);
  if (gap < 1) return null;
  return isColumnLabel(line.slice(0, gap)) ? line.slice(gap).trim().toLowerCase() : null;
}

/** What follows a label, trimmed and lower-cased, without the cell separator between them ("Steps taken: | ..."). */
function valueAfterLabel(rest: string): string {
  const value = rest.trim();
  return (value.startsWith('|') ? value.slice(1).trim() : value).toLowerCase();
}

const FORM_LABEL = /^\p{L}[\p{L}\d ()/#'-]{0,40}$/u;

/** One to three words, the first capitalised ("Program", "Client ID", "Steps taken"); split, so no expression backtracks. */
function isColumnLabel(label: string): boolean {
  const words = label.split(' ');
  return words.length <= 3 && /^\p{Lu}/u.test(label) && words.every((word) => /^[\p{L}\d()/#'-]+$/u.test(word));
}
const EMPTY_VALUES = new Set(['n/a', 'na', 'none', 'ninguno', 'ninguna', '-', '--']);

/**
 * Mail clients wrap lines at ~76 columns; join them so a phrase split over two lines still matches. Paragraphs stay
 * apart, and so do a forwarded or quoted message's header lines ("From: ...", "Date: ... at 4:12 PM"), which clients
 * write one under the other under the forward's opening line: joined, they would read as one sentence of the request,
 * and no later stage could drop them as header lines.
 */
function unwrapLines(text: string): string {
  return joinWrappedLines(text, isHeaderFieldLine);
}

/**
 * The user wrote to the vendor: the vendor is in To, whoever else is copied; or the vendor is copied and the
 * greeting names it ("Bitfocus Support (copying our ICA help desk),"), so the help desk, though in To, is only copied.
 */
function isAddressedToVendor(input: IntakeInput, rules: IntakeRules): boolean {
  const isVendor = (text: string): boolean => hasAnyMatch(rules.vendor.addressPatterns, text.toLowerCase());
  return (input.to ?? []).some(isVendor) || ((input.cc ?? []).some(isVendor) && isVendor(greetingOf(input.text ?? '')));
}

/** The greeting: the body's first line up to its first comma, colon or end of sentence ("Hello Bitfocus team", "Hi ICA"). */
function greetingOf(text: string): string {
  const first = text.split('\n').find((line) => line.trim()) ?? '';
  return first.split(/[,:;.!?]| - /)[0]!;
}
