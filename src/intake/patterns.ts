// Compiles the rule file's one-line patterns and finds them in the views of a mail. Pure; compiled
// expressions are cached by source. Text and patterns are both compared without accents so Spanish
// mail matches "contrasena" and "contraseña".

/** A regular expression source (matched case-insensitively, accents ignored) or the long form. */
export type PatternSpec = string | { re: string; caseSensitive: boolean };

export type Scope = 'content' | 'subject' | 'all';

/** The views of one mail the patterns look at. */
export interface MatchContext {
  subject: string;
  /** Subject and body with signature blocks removed. */
  content: string;
  /** Subject, whole body and attachment texts. */
  all: string;
  addressedToVendor: boolean;
}

const cache = new Map<string, RegExp>();
/** Printable ASCII, tabs and line breaks: nothing normalizeText changes. */
const PLAIN_ASCII = /^[\t\n\r -~]*$/;

/** Accents stripped, typographic quotes and spaces made plain. Keeps length-insensitive semantics only. */
export function normalizeText(text: string): string {
  // Most mail is plain ASCII, which has nothing to change: returned without the six passes below.
  if (PLAIN_ASCII.test(text)) return text;
  return text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/[\u2018\u2019\u201B]/g, "'")
    .replace(/[\u201C\u201D\u201E\u00AB\u00BB]/g, '"')
    .replace(/[\u00A0\u2007\u202F]/g, ' ')
    .replace(/[\u2013\u2014]/g, '-');
}

/**
 * Rule authors write "can.t" for "can't"; a bare dot would also match a space, so "Can they take it"
 * read as "can't". In a contraction the dot stands for an optional apostrophe only.
 */
function contractionApostrophes(source: string): string {
  return source.replace(/\b(can|won|don|doesn|didn|isn|aren|wasn|weren|couldn|wouldn|shouldn|haven|hasn|hadn|ain)\.t/gi, "$1['`]?t");
}

export function compilePattern(spec: PatternSpec): RegExp {
  const source = typeof spec === 'string' ? spec : spec.re;
  const caseSensitive = typeof spec !== 'string' && spec.caseSensitive;
  const key = `${caseSensitive ? 'c' : 'i'}:${source}`;
  let re = cache.get(key);
  if (!re) {
    re = new RegExp(contractionApostrophes(normalizeText(source)), caseSensitive ? 'gmu' : 'gimu');
    cache.set(key, re);
  }
  re.lastIndex = 0;
  return re;
}

export function hasMatch(spec: PatternSpec, text: string): boolean {
  return compilePattern(spec).test(text);
}

const endCache = new Map<RegExp, RegExp>();

/**
 * Whether a pattern anchored with `$` matches at the very end of the text. Patterns are compiled
 * multi-line, so elsewhere `$` also matches at the end of an earlier line; a window read "just before
 * a value" must end at the value itself.
 */
export function hasMatchAtEnd(spec: PatternSpec, text: string): boolean {
  const re = compilePattern(spec);
  let atEnd = endCache.get(re);
  if (!atEnd) endCache.set(re, (atEnd = new RegExp(re.source, re.flags.replace(/[gm]/g, ''))));
  return atEnd.test(text);
}

export function hasAnyMatch(specs: PatternSpec[] | undefined, text: string): boolean {
  return (specs ?? []).some((spec) => hasMatch(spec, text));
}

export function allMatches(spec: PatternSpec, text: string): RegExpExecArray[] {
  return [...text.matchAll(compilePattern(spec))];
}

export function scopeText(ctx: MatchContext, scope: Scope = 'content'): string {
  return scope === 'subject' ? ctx.subject : scope === 'all' ? ctx.all : ctx.content;
}
