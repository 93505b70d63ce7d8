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

/**
 * Builds every group's expression. Throws a SyntaxError naming the group when a phrase does not
 * compile; the loader reports it with the file's name.
 */
export function compileSigns(signs: MailSigns): CompiledSigns {
  const any = (...groups: SignGroup[]): string => groups.flatMap((g) => signs[g].phrases).join('|');
  const one = (group: SignGroup, wrap: (alternatives: string) => string, flags: string): RegExp => build(group, wrap(any(group)), flags);
  const each = (group: SignGroup, flags: string): RegExp[] => signs[group].phrases.map((p) => build(group, p, flags));
  return {
    replyOrForward: one('replyPrefixes', (a) => `^(?:${a})\\s*:`, 'i'),
    autoReplySubjectMarker: one('autoReplySubjectMarkers', (a) => `^(${a})\\s*(:|\\(|\\[|-|$)`, 'i'),
    genericSubjectMarker: one('genericSubjectMarkers', (a) => `^(?:${a})$`, 'i'),
    everydayWordMarker: one('everydayWordMarkers', (a) => `^(?:${a})$`, 'i'),
    autoReplySubjectPhrase: one('autoReplySubjectPhrases', (a) => `(?:${a})`, 'i'),
    calendarReplySubject: one('calendarReplySubjects', (a) => `^(?:${a})\\s*:`, 'i'),
    calendarAutoDecline: one('calendarAutoDeclines', (a) => `\\b(?:${a})\\b`, 'i'),
    autoReplyBody: build('automaticMessageStatements', `(?:${any('automaticMessageStatements', 'answerLaterStatements', 'absentNowStatements', 'retiredMailboxStatements')})`, 'i'),
    departedFirstPerson: each('departedFirstPerson', 'iu'),
    departedThirdPerson: each('departedThirdPerson', 'iu'),
    mailboxSpeaksOfItself: one('mailboxSpeaksOfItself', (a) => `(?:${a})`, 'i'),
    unmonitoredMailbox: one('unmonitoredMailbox', (a) => `(?:${a})`, 'iu'),
    pointsElsewhere: one('pointsElsewhere', (a) => `\\b(?:${a})|${EMAIL_ADDRESS}`, 'iu'),
    absenceStatements: each('absenceStatements', 'iu'),
    returnCue: one('returnCues', (a) => `(?:${a})`, 'iu'),
    aheadOfTime: one('aheadOfTime', (a) => `(?<![\\p{L}])(?:${a})(?![\\p{L}])`, 'iu'),
    acknowledgementSubject: one('acknowledgementSubjects', (a) => `(?:${a})`, 'i'),
    acknowledgementBody: one('acknowledgementBodies', (a) => `(?:${a})`, 'i'),
    ticketToken: one('ticketTokens', (a) => `(?:${a})`, 'i'),
    failureSubjectStart: one('failureSubjectStarts', (a) => `^(?:${a})`, 'i'),
    failureSubjectPhrase: one('failureSubjectPhrases', (a) => `(?:${a})`, 'i'),
    failureText: one('failureTexts', (a) => `(?:${a})`, 'i'),
    delaySubject: one('delaySubjects', (a) => `\\b(?:${a})`, 'i'),
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
