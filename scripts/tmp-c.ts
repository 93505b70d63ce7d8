import { loadIntakeRules } from '../src/intake/rules.ts';
import { classifyRequest } from '../src/intake/classify.ts';
const rules = loadIntakeRules();
for (const t of process.argv.slice(2)) { const c = classifyRequest({ subject: '', text: t, attachments: [] }, rules); console.log(c.topic, c.type, JSON.stringify(c.confidence?.topic)); }
