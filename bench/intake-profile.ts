// Intake alone on the backlog mix's requests, many rounds, for a CPU profile of where a request's
// classification spends its time. Usage: node --cpu-prof --cpu-prof-dir DIR --import tsx bench/intake-profile.ts [rounds]
// I/O: reads the settings and model files; prints the mean per request.
import { loadConfig } from '../src/config.ts';
import { loadIntakeAssessor } from '../src/stage-settings.ts';
import { parseMessage } from '../src/inbound/parse.ts';
import { extractReplyText } from '../src/inbound/reply-text.ts';
import { buildMessage, MIX, noisePool, planBacklog } from './backlog-mix.ts';

const rounds = Number(process.argv[2] ?? 10);
const config = loadConfig({ IMAP_USER: 'bench', IMAP_PASSWORD: 'bench', HELPDESK_ADDRESS: 'helpdesk@example.test', SECRET_KEY: 'bench-secret-key-0123456789abcdef0123456789' });
const assess = loadIntakeAssessor(config)!;
const plan = planBacklog(400, 42).filter((m) => m.size === 'text' && m.kind === 'request').slice(0, 50);
const pool = noisePool(MIX.bigBytes[1], 42);
const parsed = await Promise.all(plan.map((m) => parseMessage(buildMessage(m, pool, new Date(0)))));
const replies = parsed.map((m) => extractReplyText({ text: m.text, html: m.html }).replyText);
for (let i = 0; i < parsed.length; i++) await assess.request(parsed[i]!, replies[i]!);
const started = process.cpuUsage();
for (let r = 0; r < rounds; r++) for (let i = 0; i < parsed.length; i++) await assess.request(parsed[i]!, replies[i]!);
const used = process.cpuUsage(started);
process.stdout.write(`intake: ${((used.user + used.system) / 1000 / (rounds * parsed.length)).toFixed(2)} ms CPU per request (${rounds * parsed.length} requests)\n`);
