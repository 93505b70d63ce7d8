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

/** The vendor is in To: the user wrote to the vendor, whoever else is copied. */
function isAddressedToVendor(input: IntakeInput, rules: IntakeRules): boolean {
  return (input.to ?? []).some((address) => hasAnyMatch(rules.vendor.addressPatterns, address.toLowerCase()));
}
