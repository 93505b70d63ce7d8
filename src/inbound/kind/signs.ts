// The mail signs (config/mail-signs.yaml) as the kind detectors and the reply reader use them: each
// group of phrases joined into one regular expression with the anchors and flags its reader needs.
// Pure: the lists come in as an argument (src/inbound/mail-signs.ts loads them at the edge) and are
// compiled once per loaded object.

/** Every group the detectors and the reply reader read; the data file must name each one, and no other. */
export const SIGN_GROUPS = [
  'replyPrefixes', 'forwardPrefixes', 'autoReplySubjectMarkers', 'genericSubjectMarkers', 'everydayWordMarkers', 'autoReplySubjectPhrases',
  'calendarReplySubjects', 'calendarAutoDeclines', 'automaticMessageStatements', 'answerLaterStatements',
  'absentNowStatements', 'retiredMailboxStatements', 'departedFirstPerson', 'departedThirdPerson', 'mailboxSpeaksOfItself',
  'unmonitoredMailbox', 'pointsElsewhere', 'absenceStatements', 'returnCues', 'aheadOfTime', 'noticeRemarks', 'noticeQuestions',
  'clauseTurns', 'greetings', 'acknowledgementSubjects',
  'acknowledgementBodies', 'ticketTokens', 'failureSubjectStarts', 'failureSubjectPhrases', 'failureTexts', 'delaySubjects',
  'deviceFooters', 'deviceFooterOpenings', 'deviceNouns', 'deviceMakersAndPhones', 'phoneCarriers', 'deviceModelWords', 'deviceLinkWords',
] as const;
export type SignGroup = (typeof SIGN_GROUPS)[number];

/** One group: a sentence saying what it means, and its phrases (regular-expression sources). */
export interface SignList {
  means: string;
  phrases: string[];
}

/** The loaded data file: every group by name. */
export type MailSigns = Record<SignGroup, SignList>;

/**
 * How a detector matches a group: an expression, or an expression with a quick first test
 * (withQuickTest). Only test and exec are used, never with the g or y flag.
 */
export type Sign = Pick<RegExp, 'test' | 'exec'>;

/** The groups as the detectors match them. */
export interface CompiledSigns {
  /** "Re:", "AW:", "Fwd:" ... at the start of a subject. */
  replyOrForward: Sign;
  /** "Fwd:", "FW:", "WG:" ... at the start of a subject: the mail passes another one on. */
  forward: Sign;
  /** An autoresponder's marker at the start of a subject; group 1 is the marker, the rest of the match what follows it. */
  autoReplySubjectMarker: Sign;
  genericSubjectMarker: Sign;
  everydayWordMarker: Sign;
  autoReplySubjectPhrase: Sign;
  calendarReplySubject: Sign;
  calendarAutoDecline: Sign;
  /** A body sentence only machines write: an automatic message, a retired mailbox. */
  autoReplyBody: Sign;
  /** An absence in an autoresponder's words (answer later, absent now): a person on leave may write them too. */
  absenceBody: Sign;
  /** Tried one by one: where each matches matters. */
  departedFirstPerson: Sign[];
  departedThirdPerson: Sign[];
  mailboxSpeaksOfItself: Sign;
  unmonitoredMailbox: Sign;
  pointsElsewhere: Sign;
  /** Tried one by one, in the file's order: where each matches matters. */
  absenceStatements: Sign[];
  returnCue: Sign;
  aheadOfTime: Sign;
  noticeRemark: Sign;
  noticeQuestion: Sign;
  clauseTurn: Sign;
  greeting: Sign;
  acknowledgementSubject: Sign;
  acknowledgementBody: Sign;
  ticketToken: Sign;
  failureSubjectStart: Sign;
  failureSubjectPhrase: Sign;
  failureText: Sign;
  delaySubject: Sign;
  /** A whole line a mail client or phone appends ("Sent from my iPhone"). */
  deviceFooter: Sign;
  /** "Sent from ..." opening a footer of device words; the last group is what follows. */
  deviceFooterOpening: Sign;
  /** One word naming a device, a maker or phone, or a carrier. */
  deviceName: Sign;
  /** One word of a device footer: a name, a model word or a linking word. */
  deviceWord: Sign;
}

const EMAIL_ADDRESS = '[\\w.+-]+@[\\w-]+(?:\\.[\\w-]+)+';

/** How a group is matched: its phrases, as alternatives, inside `wrap`, with these flags. */
export interface GroupShape {
  wrap: (alternatives: string) => string;
  flags: string;
}

const shape = (flags: string, wrap: (alternatives: string) => string = (a) => `(?:${a})`): GroupShape => ({ wrap, flags });

/** Every group's anchors and flags. The four body-statement groups are matched together, as one. */
export const GROUP_SHAPES: Record<SignGroup, GroupShape> = {
  replyPrefixes: shape('i', (a) => `^(?:${a})\\s*:`),
  forwardPrefixes: shape('i', (a) => `^(?:${a})\\s*:`),
  autoReplySubjectMarkers: shape('i', (a) => `^(${a})\\s*(?::|\\(|\\[|-|$)`),
  genericSubjectMarkers: shape('i', (a) => `^(?:${a})$`),
  everydayWordMarkers: shape('i', (a) => `^(?:${a})$`),
  autoReplySubjectPhrases: shape('i'),
  calendarReplySubjects: shape('i', (a) => `^(?:${a})\\s*:`),
  calendarAutoDeclines: shape('i', (a) => `\\b(?:${a})\\b`),
  automaticMessageStatements: shape('i'),
  answerLaterStatements: shape('i'),
  absentNowStatements: shape('i'),
  retiredMailboxStatements: shape('i'),
  departedFirstPerson: shape('iu'),
  departedThirdPerson: shape('iu'),
  mailboxSpeaksOfItself: shape('i'),
  unmonitoredMailbox: shape('iu'),
  // An address is looked for only where a run of address characters starts: linear over the text.
  pointsElsewhere: shape('iu', (a) => `\\b(?:${a})|(?<![\\w.+-])${EMAIL_ADDRESS}`),
  absenceStatements: shape('iu'),
  returnCues: shape('iu'),
  aheadOfTime: shape('iu', (a) => `(?<![\\p{L}])(?:${a})(?![\\p{L}])`),
  noticeRemarks: shape('iu'),
  noticeQuestions: shape('iu'),
  // A word that turns the sentence, after a comma or a space, with a space after it.
  clauseTurns: shape('iu', (a) => `(?:,\\s*|\\s)(?:${a})\\s`),
  greetings: shape('iu', (a) => `^(?:${a})(?![\\p{L}])`),
  acknowledgementSubjects: shape('i'),
  acknowledgementBodies: shape('i'),
  ticketTokens: shape('i'),
  failureSubjectStarts: shape('i', (a) => `^(?:${a})`),
  failureSubjectPhrases: shape('i'),
  failureTexts: shape('i'),
  delaySubjects: shape('i', (a) => `\\b(?:${a})`),
  deviceFooters: shape('iu', (a) => `^(?:${a})$`),
  // Read on the lower-cased line.
  deviceFooterOpenings: shape('i', (a) => `^(?:${a}) (.{1,100})$`),
  // Whole words of a lower-cased line, one at a time.
  deviceNouns: shape('i', (a) => `^(?:${a})$`),
  deviceMakersAndPhones: shape('i', (a) => `^(?:${a})$`),
  phoneCarriers: shape('i', (a) => `^(?:${a})$`),
  deviceModelWords: shape('i', (a) => `^(?:${a})$`),
  deviceLinkWords: shape('i', (a) => `^(?:${a})$`),
};

/**
 * Builds every group's expression. Throws a SyntaxError naming the group when a phrase does not
 * compile; the loader reports it with the file's name.
 */
export function compileSigns(signs: MailSigns): CompiledSigns {
  const any = (...groups: SignGroup[]): string => groups.flatMap((g) => signs[g].phrases).join('|');
  const one = (group: SignGroup): Sign => build(group, GROUP_SHAPES[group].wrap(any(group)), GROUP_SHAPES[group].flags);
  // Tried one by one: where each phrase matches matters.
  const each = (group: SignGroup): Sign[] => signs[group].phrases.map((p) => build(group, GROUP_SHAPES[group].wrap(p), GROUP_SHAPES[group].flags));
  return {
    replyOrForward: one('replyPrefixes'),
    forward: one('forwardPrefixes'),
    autoReplySubjectMarker: one('autoReplySubjectMarkers'),
    genericSubjectMarker: one('genericSubjectMarkers'),
    everydayWordMarker: one('everydayWordMarkers'),
    autoReplySubjectPhrase: one('autoReplySubjectPhrases'),
    calendarReplySubject: one('calendarReplySubjects'),
    calendarAutoDecline: one('calendarAutoDeclines'),
    autoReplyBody: build('automaticMessageStatements', `(?:${any('automaticMessageStatements', 'retiredMailboxStatements')})`, 'i'),
    absenceBody: build('absentNowStatements', `(?:${any('answerLaterStatements', 'absentNowStatements')})`, 'i'),
    departedFirstPerson: each('departedFirstPerson'),
    departedThirdPerson: each('departedThirdPerson'),
    mailboxSpeaksOfItself: one('mailboxSpeaksOfItself'),
    unmonitoredMailbox: one('unmonitoredMailbox'),
    pointsElsewhere: one('pointsElsewhere'),
    absenceStatements: each('absenceStatements'),
    returnCue: one('returnCues'),
    aheadOfTime: one('aheadOfTime'),
    noticeRemark: one('noticeRemarks'),
    noticeQuestion: one('noticeQuestions'),
    clauseTurn: one('clauseTurns'),
    greeting: one('greetings'),
    acknowledgementSubject: one('acknowledgementSubjects'),
    acknowledgementBody: one('acknowledgementBodies'),
    ticketToken: one('ticketTokens'),
    failureSubjectStart: one('failureSubjectStarts'),
    failureSubjectPhrase: one('failureSubjectPhrases'),
    failureText: one('failureTexts'),
    delaySubject: one('delaySubjects'),
    deviceFooter: one('deviceFooters'),
    deviceFooterOpening: one('deviceFooterOpenings'),
    deviceName: build('deviceNouns', `^(?:${any('deviceNouns', 'deviceMakersAndPhones', 'phoneCarriers')})$`, 'i'),
    deviceWord: build('deviceNouns', `^(?:${any('deviceNouns', 'deviceMakersAndPhones', 'phoneCarriers', 'deviceModelWords', 'deviceLinkWords')})$`, 'i'),
  };
}

function build(group: SignGroup, source: string, flags: string): Sign {
  return withQuickTest(compile(group, source, flags), (quickSource) => compile(group, quickSource, flags));
}

function compile(group: SignGroup, source: string, flags: string): RegExp {
  try {
    return new RegExp(source, flags);
  } catch (err) {
    throw new SyntaxError(`mail signs: group ${group} does not compile: ${(err as Error).message}`, { cause: err });
  }
}

/**
 * The expression with a quick first test when it has one worth running: V8 runs `\b` in a
 * case-insensitive Unicode expression (flags i and u) an order of magnitude slower than anything
 * else in it (it can no longer skip ahead to where a phrase could start: 1 ms over 4 KB of text
 * for the absence statements). The same expression without its `\b` assertions matches wherever
 * the exact one does, and more, at the speed of a plain text search; the exact one then runs only
 * on text that passes it, so the answers stay the same.
 */
export function withQuickTest(exact: RegExp, compileQuick: (source: string) => RegExp = (source) => new RegExp(source, exact.flags)): Sign {
  if (!exact.ignoreCase || !exact.unicode || exact.global || exact.sticky) return exact;
  const looser = withoutWordBoundaries(exact.source);
  if (looser === exact.source) return exact;
  const quick = compileQuick(looser);
  return {
    test: (text: string) => quick.test(text) && exact.test(text),
    exec: (text: string) => (quick.test(text) ? exact.exec(text) : null),
  };
}

/**
 * `source` without its `\b` and `\B` assertions, which makes it match more, never less: except
 * inside a negative lookaround, where dropping one would make the lookaround refuse more, so
 * they stay there. Escapes and character classes are read as such (`[\b]` is a backspace).
 */
export function withoutWordBoundaries(source: string): string {
  let out = '';
  let inClass = false;
  // One entry per open group: is it a negative lookaround?
  const negative: boolean[] = [];
  for (let i = 0; i < source.length; i++) {
    const ch = source[i]!;
    if (ch === '\\') {
      const escaped = source[i + 1] ?? '';
      i++;
      if (!inClass && (escaped === 'b' || escaped === 'B') && !negative.includes(true)) continue;
      out += ch + escaped;
      continue;
    }
    if (inClass) inClass = ch !== ']';
    else if (ch === '[') inClass = true;
    else if (ch === '(') negative.push(source.startsWith('(?!', i) || source.startsWith('(?<!', i));
    else if (ch === ')') negative.pop();
    out += ch;
  }
  return out;
}

const compiled = new WeakMap<MailSigns, CompiledSigns>();

/** The compiled groups of one loaded list, built on first use. */
export function compiledSigns(signs: MailSigns): CompiledSigns {
  let c = compiled.get(signs);
  if (!c) {
    c = compileSigns(signs);
    compiled.set(signs, c);
  }
  return c;
}
