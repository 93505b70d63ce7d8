// Builds the normalised views of one request that the model and the checklists read: subject, content
// without signature, everything incl. attachment texts, and whether the vendor is the addressee. Pure.
import { extractClientIds } from './client-ids.ts';
import { compilePattern, hasAnyMatch, normalizeText, type MatchContext } from './patterns.ts';
import type { IntakeRules } from './rules.ts';
import { splitSignature } from './signature.ts';
import { joinWrappedLines } from './wrapped-lines.ts';
import type { IntakeInput } from './types.ts';

export interface IntakeContext extends MatchContext {
  signature: string;
  body: string;
}

export function buildContext(input: IntakeInput, rules: IntakeRules): IntakeContext {
  const maskLookAlikes = lookAlikeMasker(input, rules);
  const subject = maskLookAlikes(normalizeText(input.subject ?? ''));
  const text = maskLookAlikes(normalizeText(input.text ?? ''));
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
  };
}

/**
 * A grant, subaward, invoice or contract number can have the shape of a ClientTrack ID (4 letters +
 * 6 digits). Once the ID extractor has ruled it out, the rules should not read it as a client either:
 * such tokens become "reference-number" in the views the rules match.
 */
function lookAlikeMasker(input: IntakeInput, rules: IntakeRules): (text: string) => string {
  const ids = new Set(extractClientIds(input, rules.clientIds));
  return (text) => text.replace(compilePattern(rules.clientIds.letterDigit), (token) => (ids.has(token.toUpperCase()) ? token : 'reference-number'));
}

/** Mail clients wrap lines at ~76 columns; join them so a phrase split over two lines still matches. Paragraphs stay apart. */
function unwrapLines(text: string): string {
  return joinWrappedLines(text);
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
