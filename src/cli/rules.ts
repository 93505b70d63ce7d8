// `deskmail rules check [FILE [VOCABULARY]]` checks the intake rules file; `deskmail classify report` shows
// which classifications admins corrected most (#route, #topic), to improve the rules.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { desc, sql } from 'drizzle-orm';
import { classificationCorrections } from '../adapters/db/schema.ts';
import { checkIntakeRules, DEFAULT_RULES_PATH, loadIntakeRules, VOCABULARY_FILE_NAME } from '../stage-settings.ts';
import { findChangedAnswers, type ChangedAnswer } from '../intake/rule-changes.ts';
import { checkVocabularyText } from '../intake/vocabulary.ts';
import { knownSets, loadLabelledMail } from '../../scripts/labelled-mail.ts';
import { print, type CliValues } from './output.ts';
import { withDatabase } from './db.ts';

export async function rulesCommand(args: string[], values: CliValues): Promise<number> {
  if (args[0] !== 'check') {
    process.stderr.write('usage: deskmail rules check [FILE [VOCABULARY]]\n');
    return 2;
  }
  const result = checkIntakeRules(args[1]);
  if (!result.ok || (!args[1] && !args[2])) {
    print(values.json, result, () => result.ok
      ? `rules are valid: ${JSON.stringify(result.summary)}`
      : `rules have ${result.problems.length} problem(s):\n${result.problems.map((p) => `  - ${p}`).join('\n')}`);
    return result.ok ? 0 : 1;
  }
  // A proposed rules file (and optionally vocabulary): which labelled requests change answer.
  const vocabulary = proposedVocabulary(args[1]!, args[2]);
  const vocabularyProblems = checkVocabularyFile(vocabulary);
  if (vocabularyProblems.length > 0) {
    print(values.json, { ok: false, vocabulary, problems: vocabularyProblems }, () =>
      `vocabulary ${vocabulary} has ${vocabularyProblems.length} problem(s):\n${vocabularyProblems.map((p) => `  - ${p}`).join('\n')}`);
    return 1;
  }
  const current = loadIntakeRules();
  const proposed = loadIntakeRules(args[1], { vocabularyPath: vocabulary, modelFrom: current });
  const changes: (ChangedAnswer & { set: string })[] = [];
  for (const set of knownSets()) {
    for (const change of findChangedAnswers(await loadLabelledMail(set.dir), current, proposed)) changes.push({ set: set.name, ...change });
  }
  const count = (effect: string): number => changes.filter((c) => c.effect === effect).length;
  print(values.json, { ...result, vocabulary, changes }, () => [
    `rules are valid: ${JSON.stringify(result.summary)}`,
    `vocabulary: ${vocabulary}${args[2] || dirname(vocabulary) === dirname(args[1]!) ? '' : ` (the installed one: none beside ${args[1]})`}`,
    `labelled requests that change answer: ${changes.length} (fixed ${count('fixed')}, broken ${count('broken')}, other ${count('other')})`,
    ...changes.map((c) => `  ${c.effect.padEnd(6)} ${c.set}/${c.file}  ${c.field}: ${c.before} -> ${c.after} (label ${c.label})`),
  ].join('\n'));
  return 0;
}

/**
 * The vocabulary a proposed rules file is checked with: the one given, else the one beside the
 * file, else the installed one (a proposal that changes the rules only needs no copy of it).
 */
function proposedVocabulary(rulesPath: string, given: string | undefined): string {
  if (given) return given;
  const beside = join(dirname(rulesPath), VOCABULARY_FILE_NAME);
  return existsSync(beside) ? beside : join(dirname(DEFAULT_RULES_PATH), VOCABULARY_FILE_NAME);
}

/** Every problem of the vocabulary file at `path`, none when it reads and checks. */
function checkVocabularyFile(path: string): string[] {
  try {
    return checkVocabularyText(readFileSync(path, 'utf8')).problems;
  } catch (err) {
    return [`cannot read ${path}: ${(err as Error).message}`];
  }
}

export async function classifyCommand(args: string[], values: CliValues): Promise<number> {
  if (args[0] !== 'report') {
    process.stderr.write('usage: deskmail classify report [--json]\n');
    return 2;
  }
  return withDatabase(async ({ db }) => {
    const rows = await db
      .select({ field: classificationCorrections.field, from: classificationCorrections.fromValue, to: classificationCorrections.toValue, count: sql<number>`count(*)::int` })
      .from(classificationCorrections)
      .groupBy(classificationCorrections.field, classificationCorrections.fromValue, classificationCorrections.toValue)
      .orderBy(desc(sql`count(*)`));
    print(values.json, rows, () => rows.length === 0 ? 'no corrections yet' : rows.map((r) => `${String(r.count).padStart(5)}  ${r.field}: ${r.from ?? '(unset)'} -> ${r.to}`).join('\n'));
    return 0;
  });
}
