// The automatic-mail signs (config/mail-signs.yaml) as the kind detectors use them: each group of
// phrases joined into one regular expression with the anchors and flags its detector needs.
// Pure: the lists come in as an argument (src/inbound/mail-signs.ts loads them at the edge) and are
// compiled once per loaded object.

/** Every group the detectors read; the data file must name each one, and no other. */
export const SIGN_GROUPS = [
  'replyPrefixes', 'autoReplySubjectMarkers', 'genericSubjectMarkers', 'everydayWordMarkers', 'autoReplySubjectPhrases',
  'calendarReplySubjects', 'calendarAutoDeclines', 'automaticMessageStatements', 'answerLaterStatements',
  'absentNowStatements', 'retiredMailboxStatements', 'departedFirstPerson', 'departedThirdPerson', 'mailboxSpeaksOfItself',
  'unmonitoredMailbox', 'pointsElsewhere', 'absenceStatements', 'returnCues', 'aheadOfTime', 'acknowledgementSubjects',
  'acknowledgementBodies', 'ticketTokens', 'failureSubjectStarts', 'failureSubjectPhrases', 'failureTexts', 'delaySubjects',
] as const;
export type SignGroup = (typeof SIGN_GROUPS)[number];

/** One group: a sentence saying what it means, and its phrases (regular-expression sources). */
export interface SignList {
  means: string;
  phrases: string[];
}

/** The loaded data file: every group by name. */
export type MailSigns = Record<SignGroup, SignList>;

/** The groups as the detectors match them. */
export interface CompiledSigns {
  /** "Re:", "AW:", "Fwd:" ... at the start of a subject. */
  replyOrForward: RegExp;
  /** An autoresponder's marker at the start of a subject; group 1 is the marker, the rest of the match what follows it. */
  autoReplySubjectMarker: RegExp;
  genericSubjectMarker: RegExp;
  everydayWordMarker: RegExp;
  autoReplySubjectPhrase: RegExp;
  calendarReplySubject: RegExp;
  calendarAutoDecline: RegExp;
  /** Any body sentence only autoresponders write (automatic message, answer later, absent now, retired mailbox). */
  autoReplyBody: RegExp;
  /** Tried one by one: where each matches matters. */
  departedFirstPerson: RegExp[];
  departedThirdPerson: RegExp[];
  mailboxSpeaksOfItself: RegExp;
  unmonitoredMailbox: RegExp;
  pointsElsewhere: RegExp;
  /** Tried one by one, in the file's order: where each matches matters. */
  absenceStatements: RegExp[];
  returnCue: RegExp;
  aheadOfTime: RegExp;
  acknowledgementSubject: RegExp;
  acknowledgementBody: RegExp;
  ticketToken: RegExp;
  failureSubjectStart: RegExp;
  failureSubjectPhrase: RegExp;
  failureText: RegExp;
  delaySubject: RegExp;
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
  acknowledgementSubjects: shape('i'),
  acknowledgementBodies: shape('i'),
  ticketTokens: shape('i'),
  failureSubjectStarts: shape('i', (a) => `^(?:${a})`),
  failureSubjectPhrases: shape('i'),
  failureTexts: shape('i'),
  delaySubjects: shape('i', (a) => `\\b(?:${a})`),
};

/**
 * Builds every group's expression. Throws a SyntaxError naming the group when a phrase does not
 * compile; the loader reports it with the file's name.
 */
export function compileSigns(signs: MailSigns): CompiledSigns {
  const any = (...groups: SignGroup[]): string => groups.flatMap((g) => signs[g].phrases).join('|');
  const one = (group: SignGroup): RegExp => build(group, GROUP_SHAPES[group].wrap(any(group)), GROUP_SHAPES[group].flags);
  // Tried one by one: where each phrase matches matters.
  const each = (group: SignGroup): RegExp[] => signs[group].phrases.map((p) => build(group, GROUP_SHAPES[group].wrap(p), GROUP_SHAPES[group].flags));
  return {
    replyOrForward: one('replyPrefixes'),
    autoReplySubjectMarker: one('autoReplySubjectMarkers'),
    genericSubjectMarker: one('genericSubjectMarkers'),
    everydayWordMarker: one('everydayWordMarkers'),
    autoReplySubjectPhrase: one('autoReplySubjectPhrases'),
    calendarReplySubject: one('calendarReplySubjects'),
    calendarAutoDecline: one('calendarAutoDeclines'),
    autoReplyBody: build('automaticMessageStatements', `(?:${any('automaticMessageStatements', 'answerLaterStatements', 'absentNowStatements', 'retiredMailboxStatements')})`, 'i'),
    departedFirstPerson: each('departedFirstPerson'),
    departedThirdPerson: each('departedThirdPerson'),
    mailboxSpeaksOfItself: one('mailboxSpeaksOfItself'),
    unmonitoredMailbox: one('unmonitoredMailbox'),
    pointsElsewhere: one('pointsElsewhere'),
    absenceStatements: each('absenceStatements'),
    returnCue: one('returnCues'),
    aheadOfTime: one('aheadOfTime'),
    acknowledgementSubject: one('acknowledgementSubjects'),
    acknowledgementBody: one('acknowledgementBodies'),
    ticketToken: one('ticketTokens'),
    failureSubjectStart: one('failureSubjectStarts'),
    failureSubjectPhrase: one('failureSubjectPhrases'),
    failureText: one('failureTexts'),
    delaySubject: one('delaySubjects'),
  };
}

function build(group: SignGroup, source: string, flags: string): RegExp {
  try {
    return new RegExp(source, flags);
  } catch (err) {
    throw new SyntaxError(`mail signs: group ${group} does not compile: ${(err as Error).message}`, { cause: err });
  }
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
