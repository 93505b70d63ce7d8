// Separates sign-off blocks (closing, name, title, agency, phone) from what the sender wrote,
// so topic words in a job title ("Data Specialist") do not steer the decision while the agency
// in a signature still counts where the label rules say so. Pure.
import { hasAnyMatch } from './patterns.ts';
import type { PatternSpec } from './patterns.ts';

/** The first line of a sign-off: a closing word in English or Spanish, or a short line ending in a comma. */
export const CLOSINGS: PatternSpec[] = [
  '^(thanks?( you)?( so much)?|many thanks|regards|best( regards)?|sincerely|cheers|respectfully)[,.!]*$',
  '^(take care|blessings|grace and peace|gracias|saludos( cordiales)?|atentamente|un saludo|cordialmente)[,.!]*$',
  '^[\\p{L} ]{1,20},$',
];

export interface SplitText {
  /** The body with signature paragraphs removed. */
  body: string;
  /** The removed signature paragraphs, joined. */
  signature: string;
}

const MAX_LINES = 6;
const MAX_LINE_LENGTH = 70;

export function splitSignature(text: string, closings: PatternSpec[] = CLOSINGS): SplitText {
  const paragraphs = text.replace(/\r\n?/g, '\n').split(/\n\s*\n/);
  const body: string[] = [];
  const signature: string[] = [];
  paragraphs.forEach((paragraph, index) => {
    if (index > 0 && isSignatureParagraph(paragraph, closings)) signature.push(paragraph.trim());
    else body.push(paragraph);
  });
  return { body: body.join('\n\n'), signature: signature.join('\n\n') };
}

function isSignatureParagraph(paragraph: string, closings: PatternSpec[]): boolean {
  const lines = paragraph.split('\n').map((l) => l.trim()).filter(Boolean);
  if (lines.length === 0 || lines.length > MAX_LINES) return false;
  if (lines.some((l) => l.startsWith('>') || (l.length > MAX_LINE_LENGTH && !isServiceList(l)))) return false;
  const first = lines[0]!;
  const startsWithClosing = hasAnyMatch(closings, first);
  const rest = startsWithClosing ? lines.slice(1) : lines;
  // A signature line is short and is not a sentence or a question.
  // A line of services split by bars ("RRH | PSH | Prevention") is the agency's list, however many words.
  return rest.every((line) => !/[?]$/.test(line) && (line.split(/\s+/).length <= 9 || isServiceList(line)) && !/[a-z]{2,}[.!]$/.test(line))
    && (startsWithClosing || isNameLike(first));
}

/** Three or more parts of 2-40 characters split by " | ", in brackets or not; split, not matched, so no regex backtracks. */
function isServiceList(line: string): boolean {
  const parts = line.replace(/^\(/, '').replace(/\)$/, '').split(' | ');
  return parts.length >= 3 && parts.every((part) => part.length >= 2 && part.length <= 40 && !part.includes('|'));
}

/** "Jonah Feld", "V. Mendes", "Philip Anand, MD", "Monique", "Benson Street Youth Shelter - Compliance". */
export function isNameLike(line: string): boolean {
  const words = line.replace(/,.*$/, '').split(/\s+/);
  if (words.length > 7) return false;
  return words.every((w) => /^[\p{Lu}][\p{L}'.&-]*$/u.test(w) || /^[-&]$/.test(w));
}
