import { join } from 'node:path';
import { loadIntakeRules } from '../src/intake/rules.ts';
import { buildContext } from '../src/intake/context.ts';
import { knownSets, loadLabelledMail } from './labelled-mail.ts';
import { classifyRequest } from '../src/intake/classify.ts';
import { findDates } from '../src/intake/dates.ts';
const rules = loadIntakeRules();
const item = process.argv[2]!; const mode = process.argv[3]; // fp | fn
let n = 0;
for (const set of knownSets()) {
  for (const c of await loadLabelledMail(set.dir)) {
    const p = classifyRequest(c.input, rules);
    if (p.topic !== c.label.topic || p.type !== c.label.type || p.route !== c.label.route) continue;
    const exp = c.label.missing_info.includes(item), got = p.missingInfo.includes(item);
    if (mode === 'fp' ? (got && !exp) : (exp && !got)) {
      const ctx = buildContext(c.input, rules);
      if (n++ < 8) console.log('==', set.name, c.file, p.topic, p.type, c.label.notes?.slice(0, 150), JSON.stringify(findDates(ctx.content)), '\n', ctx.content.slice(0, 600).replace(/\n+/g, ' '));
    }
  }
}
console.log('count', n);
