// `deskmail rules check [FILE]` checks the intake rules file; `deskmail classify report` shows
// which classifications admins corrected most (#route, #topic), to improve the rules.
import { desc, sql } from 'drizzle-orm';
import { classificationCorrections } from '../adapters/db/schema.ts';
import { checkIntakeRules, loadIntakeRules } from '../stage-settings.ts';
import { findChangedAnswers, type ChangedAnswer } from '../intake/rule-changes.ts';
import { knownSets, loadLabelledMail } from '../../scripts/labelled-mail.ts';
import { print, type CliValues } from './output.ts';
import { withDatabase } from './db.ts';

export async function rulesCommand(args: string[], values: CliValues): Promise<number> {
  if (args[0] !== 'check') {
    process.stderr.write('usage: deskmail rules check [FILE]\n');
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
  const current = loadIntakeRules();
  const proposed = loadIntakeRules(args[1], { ...(args[2] ? { vocabularyPath: args[2] } : {}), modelFrom: current });
  const changes: (ChangedAnswer & { set: string })[] = [];
  for (const set of knownSets()) {
    for (const change of findChangedAnswers(await loadLabelledMail(set.dir), current, proposed)) changes.push({ set: set.name, ...change });
  }
  const count = (effect: string): number => changes.filter((c) => c.effect === effect).length;
  print(values.json, { ...result, changes }, () => [
    `rules are valid: ${JSON.stringify(result.summary)}`,
    `labelled requests that change answer: ${changes.length} (fixed ${count('fixed')}, broken ${count('broken')}, other ${count('other')})`,
    ...changes.map((c) => `  ${c.effect.padEnd(6)} ${c.set}/${c.file}  ${c.field}: ${c.before} -> ${c.after} (label ${c.label})`),
  ].join('\n'));
  return 0;
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
