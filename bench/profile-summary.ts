// Where a worker's CPU went: reads `node --cpu-prof` files (BENCH_CPU_PROF=<dir> on the backlog
// benchmark writes one per worker process) and prints the share of samples per stage, each sample
// counted for the nearest frame of our code or of a library above the Node internals.
// Usage: npx tsx bench/profile-summary.ts <file.cpuprofile>... I/O: reads the files.
import { readFileSync } from 'node:fs';

interface ProfileNode { id: number; callFrame: { functionName: string; url: string }; children?: number[] }
interface Profile { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[] }

/** Library or source folder to the stage of the mail's path it serves. */
const STAGES: [RegExp, string][] = [
  [/node_modules\/postgres\//, 'PostgreSQL driver (postgres.js)'],
  [/node_modules\/drizzle-orm\//, 'query building (drizzle-orm)'],
  [/node_modules\/(mailparser|libbase64|libmime|libqp|@zone-eu\/mailsplit|iconv-lite|encoding-japanese)\//, 'MIME parsing (mailparser)'],
  [/node_modules\/(html-to-text|htmlparser2|domhandler|domutils|entities|selderee|parseley)\//, 'HTML to text'],
  [/node_modules\/(nodemailer|smtp-server)\//, 'SMTP (nodemailer)'],
  [/node_modules\/imapflow\//, 'IMAP (imapflow)'],
  [/node_modules\/(bullmq|ioredis|msgpackr|cron-parser)\//, 'queue (bullmq, ioredis)'],
  [/node_modules\/(mjml[^/]*|juice|cheerio|js-beautify|html-minifier[^/]*)\//, 'MJML'],
  [/node_modules\/(pino[^/]*|sonic-boom|thread-stream)\//, 'logging (pino)'],
  [/node_modules\/(tsx|esbuild|yaml|zod)\//, 'start-up (tsx, settings)'],
  [/\/src\/intake\//, 'intake (classify, patterns)'],
  [/\/src\/inbound\//, 'inbound stages (parse wrapper, kind, reply text)'],
  [/\/src\/(tickets|outbound)\//, 'ticket decision, notification plan, render'],
  [/\/src\/(adapters|workers)\//, 'adapters and workers (our glue)'],
];

export function summariseProfile(profile: Profile): { stage: string; ms: number }[] {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const stageOf = (id: number): string => {
    const own = byId.get(id)!.callFrame.functionName;
    if (own === '(idle)' || own === '(garbage collector)' || own === '(program)') return own;
    for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
      const url = byId.get(cur)!.callFrame.url;
      if (!url || url.startsWith('node:')) continue;
      return STAGES.find(([re]) => re.test(url))?.[1] ?? `other (${url.replace(/^.*node_modules\//, '').split('/')[0]})`;
    }
    return 'Node internals';
  };
  const totals = new Map<string, number>();
  profile.samples.forEach((id, i) => totals.set(stageOf(id), (totals.get(stageOf(id)) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000));
  return [...totals].map(([stage, ms]) => ({ stage, ms })).sort((a, b) => b.ms - a.ms);
}

if (process.argv[1]?.endsWith('profile-summary.ts')) {
  const all = new Map<string, number>();
  for (const file of process.argv.slice(2)) for (const { stage, ms } of summariseProfile(JSON.parse(readFileSync(file, 'utf8')) as Profile)) all.set(stage, (all.get(stage) ?? 0) + ms);
  const busy = [...all].filter(([s]) => s !== '(idle)').reduce((a, [, ms]) => a + ms, 0);
  process.stdout.write(`busy CPU ${(busy / 1000).toFixed(1)} s, idle ${((all.get('(idle)') ?? 0) / 1000).toFixed(1)} s\n`);
  // Libraries under half a percent each are summed on one line.
  const small = [...all].filter(([s, ms]) => s.startsWith('other (') && ms < busy * 0.005);
  const rows = [...all].filter(([s]) => s !== '(idle)' && !small.some(([o]) => o === s));
  rows.push([`other libraries (${small.length}, each under 0.5%)`, small.reduce((a, [, ms]) => a + ms, 0)]);
  for (const [stage, ms] of rows.sort((a, b) => b[1] - a[1])) process.stdout.write(`${(100 * ms / busy).toFixed(1).padStart(5)}%  ${(ms / 1000).toFixed(1).padStart(6)} s  ${stage}\n`);
}
