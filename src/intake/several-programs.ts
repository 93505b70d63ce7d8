// Decides whether the sender's own sign-off says the agency runs several programs ("RRH (CoC) | RRH (ESG) | PSH",
// "Open Gate Mission - emergency shelter, street outreach and the day center", "we run two access points"): then
// "our program" or "our access point" in the request names no one program, and the help desk must ask which. Pure;
// read word by word, so no expression backtracks.

/** Program kinds as the words that name them; a two-word kind is read before its first word alone. */
const KINDS_OF_TWO = new Set(['rapid re-housing', 'rapid rehousing', 'permanent supportive', 'emergency shelter', 'street outreach',
  'day center', 'day centre', 'transitional housing', 'transitional living', 'safe haven', 'family shelter', 'youth shelter',
  'winter overflow', 'access point', 'warming center', 'food pantry', 'drop-in center']);
const KINDS_OF_ONE = new Set(['rrh', 'psh', 'ssvf', 'hopwa', 'outreach', 'prevention', 'diversion', 'overflow', 'drop-in']);

/** A count of programs: "two access points", "three ESG-funded projects", "varios programas". */
const COUNT_WORDS = new Set(['two', 'three', 'four', 'five', 'six', 'several', 'multiple', '2', '3', '4', '5', '6', 'dos', 'tres',
  'varios', 'varias']);
const PROGRAM_PLURALS = new Set(['programs', 'projects', 'shelters', 'sites', 'points', 'locations', 'programas', 'proyectos', 'refugios']);

/** Three or more program kinds on one line, or a count of programs, in the sign-off lines given. */
export function namesSeveralPrograms(signOff: string): boolean {
  return signOff.split('\n').some((line) => {
    const words = wordsOfLine(line);
    return countKinds(words) >= 3 || countsPrograms(words);
  });
}

function wordsOfLine(line: string): string[] {
  return line.toLowerCase().split(/[^\p{L}\d-]+/u).filter(Boolean);
}

/** How many program kinds a line names, each mention counted ("RRH (CoC) | RRH (ESG)" is two programs). */
function countKinds(words: string[]): number {
  let count = 0;
  for (let i = 0; i < words.length; i += 1) {
    if (KINDS_OF_TWO.has(`${words[i]} ${words[i + 1]}`)) {
      count += 1;
      i += 1;
    } else if (KINDS_OF_ONE.has(words[i]!)) count += 1;
  }
  return count;
}

/** A count word followed, within three words, by a plural of program ("two older sites", "three ESG-funded projects"). */
function countsPrograms(words: string[]): boolean {
  return words.some((word, i) => COUNT_WORDS.has(word) && words.slice(i + 1, i + 4).some((later) => PROGRAM_PLURALS.has(later)));
}

/**
 * The lines a sender signs with: the split-off signature, the last paragraph of what the sender wrote above any quoted or
 * forwarded mail (a sign-off too long for a signature: "Open Gate Mission - emergency shelter, street outreach and the day
 * center"), and a web form's "Agency:" field.
 */
export function signOffLines(text: string, signature: string): string {
  const own = text.split(/\n(?:-{2,}|_{5,}|>)/)[0]!.trim().split('\n');
  let blank = own.length - 1;
  while (blank >= 0 && own[blank]!.trim() !== '') blank -= 1;
  const last = blank < 0 ? '' : own.slice(blank + 1).join('\n');
  const agency = text.split('\n').filter((line) => /^[ \t]*agency[ \t]*:/i.test(line));
  return [signature, last, ...agency].join('\n');
}
