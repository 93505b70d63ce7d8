// Reads the `#command` lines at the top of a reply and splits them from the note text.
// Decides what counts as a command despite mail-client mangling (case, stray spaces,
// non-breaking spaces, rich-text `*#fixed*`, trailing periods, `# fixed`, mailto links)
// and reports every command-looking line it could not use, with a reason; a reply that reads
// as meant to be internal but not in the form `#internal` takes is flagged so its note is
// withheld rather than published. Lines are read for commands in their compatibility form (NFKC:
// full-width `＃ｃｌｏｓｅ` is `#close`), and a `#` word spelt with Cyrillic or Greek letters that look
// like Latin ones (`#іnternal`) is a misspelling, never note text; the note keeps what was typed. Pure; no I/O.
import { trimEndChars } from './trim-end.ts';
import { PRIORITIES, ROUTES, TICKET_TYPES, TOPICS, type Priority, type TicketType } from './types.ts';
import { routeNamed } from './route-names.ts';

export type ReplyCommand =
  | { kind: 'assign'; target: string }
  | { kind: 'fixed' }
  | { kind: 'notfixed' }
  | { kind: 'verified' }
  | { kind: 'close' }
  | { kind: 'reopen' }
  | { kind: 'waiting' }
  | { kind: 'priority'; value: Priority }
  | { kind: 'type'; value: TicketType }
  | { kind: 'escalate' }
  | { kind: 'internal' }
  | { kind: 'cc'; email: string }
  | { kind: 'stop' }
  | { kind: 'route'; value: string }
  | { kind: 'topic'; value: string };

export interface CommandProblem {
  /**
   * The line as the sender wrote it (trimmed); for an `#internal` found in the note's own lines,
   * that word alone, so the refusal never repeats the note.
   */
  line: string;
  reason: string;
  /**
   * The reply reads as meant to be internal, but not as `#internal` must be written: its note (and
   * the files with it) is added for no one, as a refused `#internal`'s is, and the sender is told.
   */
  withholdsNote?: true;
}

export interface ParsedReplyCommands {
  commands: ReplyCommand[];
  problems: CommandProblem[];
  noteText: string;
}

type CommandWord = ReplyCommand['kind'];

/** Command words and whether they take an argument; aliases people commonly type. */
const COMMAND_WORDS: Record<string, CommandWord> = {
  assign: 'assign',
  fixed: 'fixed',
  notfixed: 'notfixed',
  'not-fixed': 'notfixed',
  not_fixed: 'notfixed',
  verified: 'verified',
  verify: 'verified',
  close: 'close',
  closed: 'close',
  reopen: 'reopen',
  waiting: 'waiting',
  priority: 'priority',
  type: 'type',
  escalate: 'escalate',
  internal: 'internal',
  cc: 'cc',
  stop: 'stop',
  route: 'route',
  topic: 'topic',
};

const TAKES_ARGUMENT: ReadonlySet<CommandWord> = new Set(['assign', 'priority', 'type', 'cc', 'route', 'topic']);

const KNOWN_LIST = '#assign, #fixed, #notfixed, #verified, #close, #reopen, #waiting, #priority, #type, #escalate, #internal, #cc, #stop, #route, #topic';

// A greeting may stand above the commands ("Hi Summer,"); it stays in the note.
const GREETING = /^(hi|hello|hey|dear|good (morning|afternoon|evening)|greetings)\b[^#]{0,50}$/i;
const EMAIL = /^[^\s@<>()[\],;:"]+@[^\s@<>()[\],;:"]+\.[^\s@<>()[\],;:".]+$/;

/**
 * Whether `address` (trimmed, lower-case) is a full address, such as name@agency.org: the one rule for
 * the people added to a ticket, by `#cc`, on the ticket page and on the request form. Its domain has
 * a dot (`carol@localhost`, which a browser's type=email accepts, reaches nobody), and its parts are
 * within the lengths mail allows (64 characters before the @, 255 after).
 */
export function isFullAddress(address: string): boolean {
  const at = address.indexOf('@');
  return EMAIL.test(address) && at <= 64 && address.length - at - 1 <= 255;
}

export function parseReplyCommands(replyText: string): ParsedReplyCommands {
  const text = normaliseText(replyText);
  // Lines are found by offset and cut out only when looked at: a long quoted tail costs a scan,
  // not one string per line (which made the cost grow faster than the text on huge bodies).
  const commands: ReplyCommand[] = [];
  const problems: CommandProblem[] = [];

  let at = skipBlank(text, 0);
  let greeting: string | null = null;
  if (at < text.length && GREETING.test(lineAt(text, at).trim())) {
    const next = skipBlank(text, nextLine(text, at));
    if (next < text.length && readCommandLine(lineAt(text, next)).kind !== 'text') {
      greeting = lineAt(text, at);
      at = nextLine(text, at);
    }
  }

  // Lines of the command block that say #internal in a form it does not take (`#internal note`,
  // `#interal`), judged once the whole block is read: a well-formed #internal makes the note internal anyway.
  const askedInternal: { line: string; reason: string; said: InternalWord }[] = [];
  for (; at < text.length; at = nextLine(text, at)) {
    const line = lineAt(text, at);
    if (line.trim() === '') continue; // HTML-to-text leaves blank lines between commands
    const read = readCommandLine(line);
    if (read.kind === 'text') break;
    if (read.kind === 'commands') commands.push(...read.commands);
    const said = read.kind === 'commands' && read.commands.some((c) => c.kind === 'internal') ? null : internalWordIn(line);
    if (said !== null) askedInternal.push({ line: line.trim(), reason: read.kind === 'problem' ? read.reason : '', said });
    else if (read.kind === 'problem') problems.push({ line: line.trim(), reason: read.reason });
  }
  const markedInternal = commands.some((c) => c.kind === 'internal');
  for (const asked of askedInternal) {
    if (markedInternal) {
      if (asked.reason !== '') problems.push({ line: asked.line, reason: asked.reason });
    } else {
      problems.push({ line: asked.line, reason: withheldReason(asked.said, true), withholdsNote: true });
    }
  }

  // A lone, well-formed command below the note is kept as text but reported, so the
  // sender learns why nothing happened instead of wondering. Only lines with a '#' can be one.
  // #internal is the exception: said in the note's first lines (under "Becky,", in mid-line, misspelt)
  // or alone on a line anywhere in it, the note was meant for staff, so it is withheld, never published.
  const topEnd = endOfLines(text, at, NOTE_TOP_LINES);
  for (let hash = text.indexOf('#', at); hash >= 0; ) {
    const start = text.lastIndexOf('\n', hash) + 1;
    const line = lineAt(text, start);
    const said = markedInternal ? null : start < topEnd ? internalWordIn(line) : isBareCommandLine(line, 'internal') ? BARE_INTERNAL : null;
    if (said !== null) {
      problems.push({ line: said.word, reason: withheldReason(said, false), withholdsNote: true });
    } else if (readCommandLine(line).kind === 'commands' && isBareCommandLine(line)) {
      problems.push({
        line: line.trim(),
        reason: 'commands must be at the top of the reply, before the note text; this line was kept as part of the note',
      });
    }
    const after = nextLine(text, start);
    hash = after < text.length ? text.indexOf('#', after) : -1;
  }

  const body = noteBody(text, at);
  // A greeting alone is not a note ("Hi,\n#notfixed" still says nothing about what is wrong).
  const noteText = greeting !== null && body !== '' ? `${greeting.trim()}\n\n${body}` : body;
  return { commands, problems, noteText };
}

/** The offset just after the first `count` non-blank lines from offset `from` (text.length if fewer). */
function endOfLines(text: string, from: number, count: number): number {
  let at = from;
  for (let n = 0; n < count && at < text.length; n++) at = nextLine(text, skipBlank(text, at));
  return at;
}

/** The line starting at offset `start`, without its '\n'. */
function lineAt(text: string, start: number): string {
  const end = text.indexOf('\n', start);
  return text.slice(start, end < 0 ? text.length : end);
}

/** The offset of the line after the one starting at `start` (text.length after the last). */
function nextLine(text: string, start: number): number {
  const end = text.indexOf('\n', start);
  return end < 0 ? text.length : end + 1;
}

/** The text from offset `from` without blank lines at either end, each line without trailing space. */
function noteBody(text: string, from: number): string {
  const first = skipBlank(text, from);
  if (first >= text.length) return '';
  // Walk back over blank lines at the end; `end` is where the last non-blank line stops.
  let end = text.length;
  for (;;) {
    const start = text.lastIndexOf('\n', end - 1) + 1;
    if (start <= first || text.slice(start, end).trim() !== '') break;
    end = start - 1;
  }
  const body = text.slice(first, end);
  // Trailing space on any line: trim line by line (rare); otherwise the slice is the note as it is.
  return TRAILING_SPACE.test(body) ? body.split('\n').map((l) => l.trimEnd()).join('\n') : body;
}

// Whitespace other than the line break itself, at the end of a line.
const TRAILING_SPACE = /[^\S\n](?:\n|$)/;

/** The command as a sender would type it, for acknowledgements and refusals. */
export function formatCommand(command: ReplyCommand): string {
  switch (command.kind) {
    case 'assign':
      return `#assign ${command.target}`;
    case 'cc':
      return `#cc ${command.email}`;
    case 'priority':
    case 'type':
    case 'route':
    case 'topic':
      return `#${command.kind} ${command.value}`;
    default:
      return `#${command.kind}`;
  }
}

type LineReading =
  | { kind: 'text' }
  | { kind: 'commands'; commands: ReplyCommand[] }
  | { kind: 'problem'; reason: string };

function readCommandLine(rawLine: string): LineReading {
  // `#not fixed` is how people say #notfixed out loud.
  const line = cleanLine(readable(rawLine)).replace(/^#\s?not[\s_-]+fixed\b/i, '#notfixed');
  // `#fixed`, `#Fixed.`, `# fixed` (a space some clients and autocorrect insert).
  // One separator (spaces, or a colon with optional spaces) that cannot be split two ways.
  const match = /^#\s?([a-z][\w-]*)(?:(?=[\s:])\s*(?::\s*)?(.*))?$/i.exec(line);
  if (!match) return lookalikeCommand(line) ?? { kind: 'text' };
  const word = (match[1] ?? '').toLowerCase();
  const spaced = /^#\s/.test(line);
  const kind = COMMAND_WORDS[word];
  if (!kind) {
    // `# something` is prose (a Markdown-ish heading, "# 3 is broken"); `#something` is a typo.
    if (spaced) return { kind: 'text' };
    return { kind: 'problem', reason: `unknown command #${word}; known commands are ${KNOWN_LIST}` };
  }
  const argument = stripTrailingPunctuation(cleanArgument(match[2] ?? ''));
  if (!TAKES_ARGUMENT.has(kind)) {
    if (argument !== '') {
      // "#escalate #priority high": a second command on the line, which one line does not hold.
      const next = /^#\s?([a-z][\w-]*)/i.exec(argument);
      const where = next && COMMAND_WORDS[(next[1] ?? '').toLowerCase()]
        ? 'put each command on a line of its own, and the note on the lines below them'
        : 'put the note on the lines below the commands';
      return { kind: 'problem', reason: `#${kind} takes nothing after it; ${where}` };
    }
    return { kind: 'commands', commands: [{ kind } as ReplyCommand] };
  }
  if (argument === '') return { kind: 'problem', reason: missingArgumentReason(kind) };
  return readArgument(kind, argument);
}

function readArgument(kind: CommandWord, argument: string): LineReading {
  switch (kind) {
    case 'assign':
      return { kind: 'commands', commands: [{ kind: 'assign', target: argument }] };
    case 'priority': {
      const value = argument.toLowerCase();
      return isPriority(value)
        ? { kind: 'commands', commands: [{ kind: 'priority', value }] }
        : { kind: 'problem', reason: `priority must be one of ${PRIORITIES.join(', ')}` };
    }
    case 'type': {
      const value = argument.toLowerCase();
      return isTicketType(value)
        ? { kind: 'commands', commands: [{ kind: 'type', value }] }
        : { kind: 'problem', reason: `type must be one of ${TICKET_TYPES.join(', ')}` };
    }
    case 'cc': {
      const emails = argument.split(/[\s,;]+/).filter(Boolean).map((e) => stripTrailingPunctuation(e).toLowerCase());
      const bad = emails.filter((e) => !isFullAddress(e));
      if (bad.length > 0) return { kind: 'problem', reason: `#cc needs email addresses; "${bad.join(', ')}" is not one` };
      return { kind: 'commands', commands: [...new Set(emails)].map((email) => ({ kind: 'cc', email }) as const) };
    }
    case 'route':
    case 'topic': {
      // A route may be named as the escalation workflow names its organisation ("ICA Help Desk"); a topic is one word.
      if (kind === 'topic' && /\s/.test(argument)) return { kind: 'problem', reason: `#${kind} takes one name without spaces; ${labelChoices(kind)}` };
      const value = readLabelName(kind, argument);
      return value ? { kind: 'commands', commands: [{ kind, value }] } : { kind: 'problem', reason: labelChoices(kind) };
    }
    default:
      return { kind: 'text' };
  }
}

/** The names `#route` and `#topic` take: intake's own labels, which its training reads back. */
const LABELS: Record<'route' | 'topic', readonly string[]> = { route: ROUTES, topic: TOPICS };

/**
 * The route or topic a typed name stands for, or null when it is none of intake's (never guessed from
 * a near miss: "macc" and "reprots" are refused). Case and a dash for the underscore do not count:
 * "#route MACCH" and "#topic data-quality" mean macch and data_quality. A route is also taken by the
 * name the escalation workflow gives its organisation (tickets/route-names.ts): "#route ICA Help Desk"
 * and "#route ica" mean ica_helpdesk.
 */
export function readLabelName(kind: 'route' | 'topic', typed: string): string | null {
  if (kind === 'route') return routeNamed(typed);
  const name = typed.trim().toLowerCase().replace(/-/g, '_');
  return LABELS[kind].includes(name) ? name : null;
}

/** What a refused `#route` or `#topic` is told it may be. */
export function labelChoices(kind: 'route' | 'topic'): string {
  return `${kind} must be one of ${LABELS[kind].join(', ')}`;
}

function missingArgumentReason(kind: CommandWord): string {
  switch (kind) {
    case 'assign':
      return '#assign needs a staff member: an email address or a name';
    case 'cc':
      return '#cc needs an email address';
    case 'priority':
      return `#priority needs one of ${PRIORITIES.join(', ')}`;
    case 'type':
      return `#type needs one of ${TICKET_TYPES.join(', ')}`;
    case 'route':
    case 'topic':
      return `#${kind} needs one of ${LABELS[kind].join(', ')}`;
    default:
      return `#${kind} needs a name`;
  }
}

/** A line that is nothing but one command (`only`: that one): what we report when it shows up below the note. */
function isBareCommandLine(rawLine: string, only?: CommandWord): boolean {
  const line = cleanLine(readable(rawLine));
  const match = /^#([a-z][\w-]*)$/i.exec(line);
  const kind = match === null ? undefined : COMMAND_WORDS[(match[1] ?? '').toLowerCase()];
  return kind !== undefined && (only === undefined || kind === only);
}

// ---- #internal said in a form it does not take ----
// A staff note whose #internal is slightly off must not go to the requester: the sender meant it for
// staff. Such a reply's note is withheld and the sender told why and how to send it; a false alarm
// costs a resend, a miss discloses what the requester was never to read.

/** How many of the note's first non-blank lines are read for an #internal (under "Becky,", in mid-line). */
const NOTE_TOP_LINES = 3;

/**
 * `#` words in a line: at its start (after what clients wrap around a typed line; `# internal` too),
 * or in mid-line written against the word (`Becky, #internal`), not part of a link (`page#internal`)
 * or of another `#` word. Letters of any alphabet (`#іnternal` with a Cyrillic і). Each alternative
 * matches one way, so time is linear in the line.
 */
const HASH_WORD = /(^|[^\w/&#])#(\s?)(\p{L}[\p{L}\p{M}\p{N}_-]*)/gu;

/** A `#` word that reads as #internal, as typed (`#Internal`, `#interal`), and whether it starts its line. */
interface InternalWord {
  word: string;
  atStart: boolean;
}

const BARE_INTERNAL: InternalWord = { word: '#internal', atStart: true };

/** The first `#` word of the line that reads as #internal (`#internal`, `#Internal-only`, `#interal`); else null. */
function internalWordIn(rawLine: string): InternalWord | null {
  const line = cleanLine(readable(rawLine));
  if (!line.includes('#')) return null;
  for (const m of line.matchAll(HASH_WORD)) {
    if (m[1] !== '' && m[2] !== '') continue; // "item # internal" in mid-line is prose
    const word = m[3] ?? '';
    if (readsAsInternal(word)) return { word: `#${word}`, atStart: m[1] === '' };
  }
  return null;
}

/**
 * Real words within two edits of "internal" that a note may carry as a `#` word and that mean
 * something else (`#external`, `#internet is down`); any other such word is a misspelling of it.
 */
const NOT_INTERNAL: ReadonlySet<string> = new Set([
  'external', 'internet', 'interval', 'intervals', 'intern', 'interns', 'interne', 'interned', 'internee',
  'eternal', 'infernal', 'integral', 'maternal', 'paternal', 'enteral', 'sternal', 'interwar',
]);

/**
 * `internal` in any case, any word that starts with it (`internal-only`), or a misspelling within two
 * edits (`interal`, `intenral`); letters that only look like Latin ones read as those (`#іnternal`).
 */
function readsAsInternal(word: string): boolean {
  const w = foldLookalikes(word).toLowerCase();
  if (w.startsWith('internal')) return true;
  const head = w.split(/[-_]/)[0] ?? '';
  return !NOT_INTERNAL.has(head) && editDistance(head, 'internal', 2) <= 2;
}

/**
 * The optimal-string-alignment distance between `a` and `b` (insertions, deletions, substitutions and
 * swaps of neighbours each count one), or `limit + 1` when it is surely over `limit`.
 */
function editDistance(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let before: number[] = [];
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(previous[j]! + 1, row[j - 1]! + 1, previous[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, before[j - 2]! + 1);
      row.push(d);
    }
    before = previous;
    previous = row;
  }
  return previous[b.length]!;
}

/**
 * Why a reply that said #internal in a form it does not take added no note, and how to send it.
 * `inCommands`: the word is on a line among the commands at the top, not in the note's own lines.
 */
function withheldReason(said: InternalWord, inCommands: boolean): string {
  const leadsCommand = inCommands && said.atStart;
  const what = said.word.toLowerCase() !== '#internal'
    ? `${said.word} is not a command, but it reads like #internal`
    : leadsCommand ? '#internal takes nothing after it' : '#internal must stand alone on the first line, above the note';
  return `${what}: the note was not added (nor any files with it), so it is not shown to anyone. ` +
    'To add it as an internal note, send it again with #internal alone on the first line and the note below it; ' +
    `to share it with everyone on the ticket, send it again without ${leadsCommand ? 'that line' : said.word}`;
}

// ---- Full-width and look-alike letters ----
// East Asian input methods type `＃ｉｎｔｅｒｎａｌ`; a Cyrillic or Greek keyboard layout, or a paste,
// puts `і` for `i`. Read for commands in compatibility form, the full-width line is the command it
// spells; a `#` word whose letters only look Latin is a misspelling: reported as one, and withheld as
// one when it reads as #internal, never published as note text.

/** The line as commands are read from it (NFKC: `＃ｃｌｏｓｅ` is `#close`, `ﬁxed` is `fixed`). */
function readable(line: string): string {
  return line.normalize('NFKC');
}

/**
 * Cyrillic and Greek letters (and a few Latin ones) drawn like a Latin letter in common fonts, after
 * Unicode's confusables (UTS #39) for the letters that commands are spelt with.
 */
const LOOKALIKES: Readonly<Record<string, string>> = {
  // Cyrillic
  а: 'a', в: 'b', е: 'e', һ: 'h', і: 'i', ј: 'j', к: 'k', ӏ: 'l', о: 'o', р: 'p', ԛ: 'q', с: 'c', ѕ: 's', у: 'y', ԝ: 'w', х: 'x', ԁ: 'd',
  А: 'A', В: 'B', Е: 'E', Н: 'H', І: 'I', Ј: 'J', К: 'K', М: 'M', О: 'O', Р: 'P', Ԛ: 'Q', С: 'C', Ѕ: 'S', Т: 'T', У: 'Y', Ԝ: 'W', Х: 'X', Ӏ: 'I',
  // Greek
  α: 'a', ι: 'i', κ: 'k', ν: 'v', ο: 'o', ρ: 'p', υ: 'u', χ: 'x', ϳ: 'j',
  Α: 'A', Β: 'B', Ε: 'E', Ζ: 'Z', Η: 'H', Ι: 'I', Κ: 'K', Μ: 'M', Ν: 'N', Ο: 'O', Ρ: 'P', Τ: 'T', Υ: 'Y', Χ: 'X',
  // Latin letters from outside English
  ı: 'i', ȷ: 'j', ɑ: 'a', ɡ: 'g',
};

/** The word with each look-alike letter read as the Latin letter it looks like; any other letter kept. */
function foldLookalikes(word: string): string {
  let out = '';
  for (const c of word) out += LOOKALIKES[c] ?? c;
  return out;
}

/** A `#` word of letters (any alphabet) standing first on a read line, before a space, a colon or the end. */
const LETTER_WORD = /^#([\p{L}\p{M}][\p{L}\p{M}\p{N}_-]*)(?=[\s:]|$)/u;

/**
 * A `#` word spelt with letters that only look Latin (`#fixеd` with a Cyrillic е): a misspelled
 * command, reported as a typo is, with the word to type instead. Null for anything else: a `#` word
 * of another alphabet (`#привет`) or of letters no command has (`#café`) stays text.
 */
function lookalikeCommand(line: string): LineReading | null {
  const word = LETTER_WORD.exec(line)?.[1];
  if (word === undefined) return null;
  const folded = foldLookalikes(word).toLowerCase();
  if (!/^[a-z][\w-]*$/.test(folded)) return null;
  const meant = COMMAND_WORDS[folded] ? `; to give the command, type it in plain letters: #${folded}` : `; known commands are ${KNOWN_LIST}`;
  return { kind: 'problem', reason: `#${word} is not a command: it is spelt with letters of another alphabet that look like Latin ones${meant}` };
}

function normaliseText(text: string): string {
  // One pass over the text (a long quoted tail is read once, not four times).
  return text.replace(ODD_CHARACTERS, (c) => (c.startsWith('\r') ? '\n' : c === '\uff03' || c === '\ufe5f' ? '#' : ZERO_WIDTH.test(c) ? '' : ' '));
}

// Line breaks as \r\n or a lone \r; non-breaking and other odd spaces that rich-text editors insert;
// zero-width characters and byte-order marks; the full-width and small number signs of East Asian
// input methods (the two characters NFKC reads as `#`, so every line that may hold a command has one).
const ODD_CHARACTERS = /\r\n?|[\u00a0\u2000-\u200a\u202f\u205f\u3000\t]|[\u200b-\u200d\u2060\ufeff]|[\uff03\ufe5f]/g;
const ZERO_WIDTH = /^[\u200b-\u200d\u2060\ufeff]$/;

/** Strips what mail clients wrap around a typed line: bullets, bold/italic markers, quotes of code. */
function cleanLine(line: string): string {
  let s = line.trim();
  s = s.replace(/^(?:[-•·]\s+|\*\s+(?=#))/, ''); // list bullets from HTML-to-text
  // Rich-text emphasis: *#fixed*, **#fixed**, _#fixed_, `#fixed`, ~#fixed~ (also unbalanced).
  s = s.replace(/^[*_`~]+/, '');
  const punctuation = s.slice(trimEndChars(s, '.!,;:').length);
  s = trimEndChars(s.slice(0, s.length - punctuation.length), '*_`~') + punctuation;
  s = s.trim();
  return stripTrailingPunctuation(s);
}

/** Removes what HTML-to-text adds after a link, e.g. `bob@x.test [mailto:bob@x.test]`, and angle brackets. */
function cleanArgument(argument: string): string {
  const cleaned = argument
    .replace(/\s*[[<]mailto:[^\]>]*[\]>]/gi, '')
    .replace(/^mailto:/i, '')
    .trim();
  return trimEndChars(withoutDisplayNames(cleaned).replace(/<([^<>]*)>/g, '$1').trim(), '*_`~').trim();
}

/**
 * `Bob Smith <bob@x.test>` -> `bob@x.test`; the address is what identifies a person. The name
 * dropped is what stands between the address and the `,` `;` `<` or `>` before it. Found by
 * looking back from each address, so time is linear in the line (a pattern that matched the name
 * too tried every start in a long name: seconds for a reply of long `#cc` lines).
 */
function withoutDisplayNames(text: string): string {
  let out = '';
  let from = 0;
  for (const m of text.matchAll(/<([^<>\s@]+@[^<>\s@]+)>/g)) {
    const before = text.slice(from, m.index);
    const nameStart = Math.max(before.lastIndexOf(','), before.lastIndexOf(';'), before.lastIndexOf('<'), before.lastIndexOf('>')) + 1;
    out += before.slice(0, nameStart) + m[1];
    from = m.index + m[0].length;
  }
  return out + text.slice(from);
}

function stripTrailingPunctuation(s: string): string {
  return trimEndChars(s, '.!,;:').trim();
}

/** The offset of the first non-blank line at or after offset `from` (text.length if none). */
function skipBlank(text: string, from: number): number {
  let at = from;
  while (at < text.length && lineAt(text, at).trim() === '') at = nextLine(text, at);
  return at;
}

function isPriority(value: string): value is Priority {
  return (PRIORITIES as readonly string[]).includes(value);
}

function isTicketType(value: string): value is TicketType {
  return (TICKET_TYPES as readonly string[]).includes(value);
}

/**
 * The question the status mail's "Mark as not fixed" button writes under its command, for the
 * person to answer (the guide: "enter a note ... what is still wrong"). Sent unanswered, it is no note.
 */
export const NOT_FIXED_PROMPT = 'What is still wrong: ';

/** The note without an unanswered NOT_FIXED_PROMPT at its start. */
export function withoutNotFixedPrompt(note: string): string {
  const start = note.trimStart();
  return start.toLowerCase().startsWith(NOT_FIXED_PROMPT.trim().toLowerCase()) ? start.slice(NOT_FIXED_PROMPT.trim().length) : note;
}
