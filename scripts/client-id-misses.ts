// Lists, for every labelled set, each request whose client IDs differ from its label (file, IDs
// expected, IDs found, which were extra or left out) and each set's client-ID micro F1. Client-ID
// extraction is rules, not a trained model, so this is the reading a hold-out evaluation scores.
// I/O: reads the labelled folders; prints to stdout. Usage: npx tsx scripts/client-id-misses.ts [SET,SET]
import { extractClientIds } from '../src/intake/client-ids.ts';
import { microF1 } from '../src/intake/evaluation.ts';
import { loadIntakeRules } from '../src/stage-settings.ts';
import { knownSets, loadLabelledMail } from './labelled-mail.ts';

async function main(): Promise<void> {
  const rules = loadIntakeRules(undefined, { withModel: false });
  const only = process.argv[2]?.split(',').map((n) => n.trim().toLowerCase());
  const scores: string[] = [];
  for (const set of knownSets()) {
    if (only && !only.some((n) => set.name.toLowerCase() === n || set.name.toLowerCase().endsWith(`-${n}`))) continue;
    const pairs: [string[], string[]][] = [];
    for (const c of await loadLabelledMail(set.dir)) {
      const expected = c.label.client_ids;
      const got = extractClientIds(c.input, rules.clientIds);
      pairs.push([got, expected]);
      const extra = got.filter((id) => !expected.includes(id));
      const missed = expected.filter((id) => !got.includes(id));
      if (extra.length || missed.length) {
        process.stdout.write(`${set.name}/${c.file}\texpected [${expected}]\tgot [${got}]\textra [${extra}]\tmissed [${missed}]\n`);
      }
    }
    scores.push(`${set.name} ${microF1(pairs).f1.toFixed(3)}`);
  }
  process.stdout.write(`client-ID F1 per set: ${scores.join(', ')}\n`);
}

await main();
