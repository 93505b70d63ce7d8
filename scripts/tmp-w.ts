import { loadIntakeRules } from '../src/intake/rules.ts';
import { findConcepts } from '../src/intake/vocabulary.ts';
import { wordsOf } from '../src/intake/linear-model.ts';
const rules = loadIntakeRules();
const t = process.argv[3]!;
console.log(findConcepts(wordsOf(t), rules.itemWords!.get(process.argv[2]!)!).map((h) => wordsOf(t).slice(h.at, h.at + 3).join(' ')));
