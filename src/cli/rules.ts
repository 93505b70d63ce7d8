// `deskmail rules check [FILE]` checks the intake rules file; `deskmail classify report` shows
// which classifications admins corrected most (#route, #topic), to improve the rules.
import { desc, sql } from 'drizzle-orm';
import { classificationCorrections } from '../adapters/db/schema.ts';
import { checkIntakeRules } from '../intake/rules.ts';
import { print, type CliValues } from './output.ts';
import { withDatabase } from './db.ts';

export async function rulesCommand(args: string[], values: CliValues): Promise<number> {
  if (args[0] !== 'check') {
    process.stderr.write('usage: deskmail rules check [FILE]\n');
    return 2;
  }
  const result = checkIntakeRules(args[1]);
  print(values.json, result, () => result.ok
    ? `rules are valid: ${JSON.stringify(result.summary)}`
    : `rules have ${result.problems.length} problem(s):\n${result.problems.map((p) => `  - ${p}`).join('\n')}`);
  return result.ok ? 0 : 1;
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
