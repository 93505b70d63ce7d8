// Benchmark (c): the pure stages, per message, on the project's own fixtures in
// test/fixtures/mail: parse, mail kind, reply-text extraction, intake assessment, and the whole
// pure pipeline (with a lookup that knows no tickets); and intake again on the backlog benchmark's
// longer typed requests (2-6 KB of text each). I/O: reads the fixture files only.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadConfig, SETTINGS } from '../src/config.ts';
import { loadIntakeAssessor, pipelineSettings } from '../src/stage-settings.ts';
import { detectMailKind } from '../src/inbound/mail-kind.ts';
import { defaultMailSigns } from '../src/inbound/mail-signs.ts';
import { parseMessage } from '../src/inbound/parse.ts';
import { DRY_RUN_LOOKUP, namingOf, runPipeline } from '../src/inbound/pipeline.ts';
import { extractReplyText } from '../src/inbound/reply-text.ts';
import type { ParsedMessage } from '../src/inbound/types.ts';
import { LOOP_HEADER } from '../src/outbound/headers.ts';
import { median, percentile } from './stats.ts';
import { buildMessage, MIX, noisePool, planBacklog } from './backlog-mix.ts';

const FIXTURES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../test/fixtures/mail');

export interface StageFigure {
  stage: string;
  messages: number;
  /** Mean, median and slowest message, in microseconds per message. */
  meanUs: number;
  p50Us: number;
  p95Us: number;
  maxUs: number;
  slowest: string;
}

function fixtureFiles(): string[] {
  const out: string[] = [];
  for (const dir of [FIXTURES, path.join(FIXTURES, 'intake'), path.join(FIXTURES, 'replies')]) {
    for (const name of readdirSync(dir).sort()) if (name.endsWith('.eml')) out.push(path.join(dir, name));
  }
  return out;
}

/** Runs `fn` on every item for at least `budgetMs` (at least 3 rounds); per-item mean microseconds. */
async function timeEach<T>(items: T[], fn: (item: T) => unknown, budgetMs: number): Promise<number[]> {
  const totals = items.map(() => 0);
  let rounds = 0;
  const started = performance.now();
  for (const item of items) await fn(item); // warm-up
  while (rounds < 3 || performance.now() - started < budgetMs) {
    for (let i = 0; i < items.length; i++) {
      const t = performance.now();
      await fn(items[i]!);
      totals[i]! += performance.now() - t;
    }
    rounds += 1;
  }
  return totals.map((t) => (t / rounds) * 1000);
}

export async function benchPureStages(budgetMs = 1500): Promise<StageFigure[]> {
  const files = fixtureFiles();
  const raws = files.map((f) => readFileSync(f));
  const names = files.map((f) => path.relative(FIXTURES, f));
  const env: Record<string, string> = { IMAP_USER: 'bench', IMAP_PASSWORD: 'bench', HELPDESK_ADDRESS: 'helpdesk@example.test', SECRET_KEY: 'bench-secret-key-0123456789abcdef0123456789' };
  for (const name of Object.keys(SETTINGS)) if (process.env[name] !== undefined && !(name in env)) env[name] = process.env[name]!;
  const config = loadConfig(env);
  const settings = pipelineSettings(config, []);
  const naming = namingOf(settings);
  const signs = defaultMailSigns();
  const kindContext = { ownAddresses: [settings.helpdeskAddress], loopHeader: LOOP_HEADER, ownMessageIdDomain: naming.host };
  const assess = loadIntakeAssessor(config);
  const parsed: ParsedMessage[] = [];
  for (const raw of raws) parsed.push(await parseMessage(raw));
  const replies = parsed.map((m) => extractReplyText({ text: m.text, html: m.html }).replyText);
  const now = new Date();

  const stages: [string, (i: number) => unknown][] = [
    ['parse (parseMessage)', (i) => parseMessage(raws[i]!)],
    ['mail kind (detectMailKind)', (i) => detectMailKind(parsed[i]!, kindContext, signs)],
    ['reply text (extractReplyText)', (i) => extractReplyText({ text: parsed[i]!.text, html: parsed[i]!.html })],
    ['intake (classify, summary, articles)', (i) => assess.request(parsed[i]!, replies[i]!)],
    ['whole pure pipeline (runPipeline)', (i) => runPipeline(raws[i]!, settings, DRY_RUN_LOOKUP, assess, now)],
  ];
  const figures = await timeStages(stages, names, budgetMs);
  const long = await longRequests();
  const longReplies = long.parsed.map((m) => extractReplyText({ text: m.text, html: m.html }).replyText);
  figures.push(...await timeStages([['intake on 2-6 KB requests (backlog mix)', (i) => assess.request(long.parsed[i]!, longReplies[i]!)]], long.names, budgetMs));
  return figures;
}

async function timeStages(stages: [string, (i: number) => unknown][], names: string[], budgetMs: number): Promise<StageFigure[]> {
  const indexes = names.map((_, i) => i);
  const figures: StageFigure[] = [];
  for (const [stage, fn] of stages) {
    const us = await timeEach(indexes, fn, budgetMs);
    const worst = us.indexOf(Math.max(...us));
    figures.push({
      stage, messages: names.length, meanUs: us.reduce((a, b) => a + b, 0) / us.length, p50Us: median(us), p95Us: percentile(us, 95), maxUs: percentile(us, 100), slowest: names[worst]!,
    });
  }
  return figures;
}

/** The backlog mix's first 50 typed requests without attachments, parsed. */
async function longRequests(): Promise<{ parsed: ParsedMessage[]; names: string[] }> {
  const plan = planBacklog(400, 42).filter((m) => m.size === 'text' && m.kind === 'request').slice(0, 50);
  const pool = noisePool(MIX.bigBytes[1], 42);
  const parsed: ParsedMessage[] = [];
  for (const m of plan) parsed.push(await parseMessage(buildMessage(m, pool, new Date(0))));
  return { parsed, names: plan.map((m) => `backlog request ${m.index} (${m.textBytes} bytes)`) };
}
