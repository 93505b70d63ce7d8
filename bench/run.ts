// `npm run bench`: prints figures, never pass/fail. (a) whole-path latency on real servers,
// (b) burst throughput, (c) pure stages per message on the fixtures, (d) memory for a 25 MB
// attachment. Bounded to about two minutes by default.
// Env: BENCH_N (burst size, default 200), BENCH_LATENCY_N (default 20), BENCH_ONLY (comma list
// of latency,throughput,stages,memory,web,backlog; BENCH_WEB_SECONDS, BENCH_WEB_CONNECTIONS). Needs what `npm test` needs (see README "Tests").
// The backlog (f) runs only when asked (BENCH_ONLY=backlog, sized by BENCH_BACKLOG_N, default 5000;
// see bench/backlog.ts for its other settings): it takes minutes, not seconds.
import { cpus } from 'node:os';
import { backlogOptionsFromEnv, benchBacklog } from './backlog.ts';
import { benchMemory } from './memory.ts';
import { benchPureStages } from './pure-stages.ts';
import { benchWeb } from './web.ts';
import { fixed, mb, table } from './stats.ts';
import { benchLatency, benchThroughput, summarise } from './whole-path.ts';

process.env.LOG_LEVEL ??= 'silent';
const N = Number(process.env.BENCH_N ?? 200);
const LATENCY_N = Number(process.env.BENCH_LATENCY_N ?? 20);
const only = new Set((process.env.BENCH_ONLY ?? 'latency,throughput,stages,memory,web').split(',').map((s) => s.trim()));
const say = (s = '') => process.stdout.write(`${s}\n`);
const started = Date.now();

say(`deskmail benchmarks: Node ${process.version}, ${cpus().length} CPUs (${cpus()[0]?.model ?? 'unknown'})`);
say('Figures, not verdicts: a shared machine spreads 20-50% between runs; compare ratios taken in one run.');

if (only.has('latency')) {
  say(`\n(a) Whole path, one request at a time (${LATENCY_N} requests after one warm-up), milliseconds`);
  say('    from "SMTP relay accepted it into the help-desk mailbox" to "has been submitted" sent (outbound_messages.sent_at)');
  const lat = await benchLatency(LATENCY_N);
  const rows = [
    ['total: accepted -> submitted mail sent', ...fmt(lat.totalMs)],
    ...lat.segments.map((s) => [`  ${s.name}`, ...fmt(s.ms)]),
  ];
  say(table(['segment', 'median', 'p90', 'max'], rows));
}

if (only.has('throughput')) {
  say(`\n(b) Burst: ${N} new requests delivered at once (BENCH_N), time from the first delivery`);
  const t = await benchThroughput(N);
  say(table(['measure', 'value'], [
    ['requests / distinct senders', `${t.n} / ${t.senders}`],
    ['all delivered into the mailbox (SMTP relay + LMTP)', `${fixed(t.deliveredMs)} ms`],
    ['all raw messages stored by fetch-mail', `${fixed(t.storedMs)} ms`],
    [`all ${t.n} tickets exist`, `${fixed(t.ticketsMs)} ms`],
    [`all ${t.n} "has been submitted" mails sent`, `${fixed(t.submittedSentMs)} ms`],
    [`every status mail sent (${t.outboundSent}, incl. admin notices)`, `${fixed(t.allSentMs)} ms`],
    ['throughput, requests to submitted mail sent', `${fixed((t.n / t.submittedSentMs) * 1000, 1)} msgs/s`],
    ['complete', t.complete ? 'yes' : `NO: ${t.tickets} tickets, ${t.submittedSent} submitted mails sent`],
  ]));
}

if (only.has('stages')) {
  say('\n(c) Pure stages per message on test/fixtures/mail (*.eml, intake/, replies/), microseconds');
  const stages = await benchPureStages();
  say(table(['stage', 'messages', 'mean', 'median', 'p95', 'max', 'slowest message'], stages.map((s) => [
    s.stage, String(s.messages), fixed(s.meanUs), fixed(s.p50Us), fixed(s.p95Us), fixed(s.maxUs), s.slowest,
  ])));
}

if (only.has('memory')) {
  say('\n(d) Memory: one request with a 25 MB attachment (each phase in a fresh process; RSS = resident memory)');
  const mem = await benchMemory();
  say(table(['phase', 'raw', 'baseline RSS', 'peak growth', 'x attachment', 'retained RSS', 'retained buffers'], mem.map((m) => [
    m.phase, mb(m.rawBytes), mb(m.baselineRss), mb(m.peakGrowth), fixed(m.peakGrowth / m.attachmentBytes, 1), mb(m.retainedGrowth), mb(m.retainedBuffers),
  ])));
  for (const m of mem) say(`  ${m.phase}: ${m.note}`);
  say('  The raw mail (base64, 4/3 of the attachment) is in memory before the baseline. "peak growth" is what the step');
  say('  adds on top; divided by the attachment size it says how many attachment-sized copies existed at the peak.');
}

if (only.has('web')) {
  const w = await benchWeb();
  say(`\n(e) Web pages on ${w.tickets.toLocaleString('en')} tickets (seeded in ${fixed(w.seedMs / 1000, 1)} s), autocannon ${w.connections} connections x ${w.seconds} s each, milliseconds`);
  say('    served by the real web server (session cookie, rate limit in Redis, templates) on loopback');
  say(table(['page', 'requests', 'req/s', 'p50', 'p95', 'p99', 'max', 'non-2xx'], w.rows.map((r) => [
    r.page, String(r.requests), fixed(r.perSecond), fixed(r.p50), fixed(r.p95), fixed(r.p99), fixed(r.max), String(r.non2xx),
  ])));
}

if (only.has('backlog')) {
  const options = backlogOptionsFromEnv();
  say(`\n(f) Backlog: ${options.n} mixed messages appended into the mailbox, then fetched and handled (BENCH_BACKLOG_N)`);
  const b = await benchBacklog(options, say);
  const rate = (ms: number) => `${fixed((b.n / ms) * 1000, 1)} msgs/s`;
  say(`  ${b.counts.requests} requests and ${b.counts.replies} replies; ${b.counts.text} text only, ${b.counts.attachment} with 50-300 KB, ${b.counts.big} with 2-5 MB; ${mb(b.counts.bytes)} in all`);
  say(table(['measure', 'time', 'rate', 'x ceiling', 'x ceiling around', 'peak RSS (sum of VmHWM)', 'complete'], [
    ['appending into the mailbox (IMAP APPEND, 3 connections)', `${fixed(b.append.ms)} ms`, rate(b.append.ms), '', '', '', ''],
    ['ceiling: imapflow fetch of the whole mailbox', `${fixed(b.ceiling.fetchMs)} ms`, rate(b.ceiling.fetchMs), '', '', '', ''],
    ['ceiling: fetch + mailparser simpleParser on every message', `${fixed(b.ceiling.fetchParseMs)} ms`, rate(b.ceiling.fetchParseMs), '1.00', '', '', ''],
    ...b.endToEnd.map((e) => [
      `deskmail, ${e.workers} worker process${e.workers > 1 ? 'es' : ''}: every outcome, every status mail accepted (${e.statusMailSent})`,
      `${fixed(e.ms)} ms`, rate(e.ms), fixed(e.shareOfCeiling, 2), fixed(e.ceilingAround.share, 2), `${mb(e.peakRssSumBytes)}${e.workers > 1 ? ` (${e.peakRssEachBytes.map(mb).join(' + ')})` : ''}`, e.complete ? 'yes' : 'NO',
    ]),
  ]));
  say(`\n  CPU a message, every process of the machine that took part, and the most the run's CPU allows on ${cpus().length} cores`);
  say(table(['measure', 'CPU s', 'ms a message', 'of which', 'least wall time', 'at most x ceiling'], [
    ['ceiling: fetch + parse', fixed(b.ceiling.cpuSeconds.harness + b.ceiling.cpuSeconds.mailServer, 1), fixed(b.ceiling.cpuSeconds.perMessageMs, 1),
      `parser ${fixed(b.ceiling.cpuSeconds.harness, 1)}, mail server ${fixed(b.ceiling.cpuSeconds.mailServer, 1)}`, '', ''],
    ...b.endToEnd.map((e) => [
      `deskmail, ${e.workers} worker process${e.workers > 1 ? 'es' : ''}`, fixed(e.cpuBound.totalSeconds, 1), fixed(e.cpuBound.perMessageMs, 1),
      `workers ${fixed(e.cpuSeconds.workers.reduce((x, y) => x + y, 0), 1)}, PostgreSQL ${fixed(e.cpuSeconds.postgresBackends + e.cpuSeconds.postgresOther, 1)}, mail server ${fixed(e.cpuSeconds.mailServer, 1)}, Redis ${fixed(e.cpuSeconds.redis, 1)}, receiver ${fixed(e.cpuSeconds.harness, 1)}`,
      `${fixed(e.cpuBound.minWallMs)} ms`, fixed(e.cpuBound.bestShare, 2),
    ]),
  ]));
  for (const e of b.endToEnd) say(`  ${e.workers} worker${e.workers > 1 ? 's' : ''}: started and first message stored after ${fixed(e.startupMs)} ms; outcomes ${Object.entries(e.outcomes).map(([k, v]) => `${k} ${v}`).join(', ')}`);
  if (b.latency) {
    const l = b.latency;
    say(`\n  Delivery (APPEND done) to acknowledgement accepted by the SMTP receiver, one worker process, milliseconds`);
    say(table(['while', 'requests', 'p50', 'p95', 'p99', 'max', 'missing'], [
      ['idle (one at a time)', String(l.idle.n), fixed(l.idle.p50), fixed(l.idle.p95), fixed(l.idle.p99), fixed(l.idle.max), String(l.idle.missing)],
      [`a stream of ${l.stream.rate}/s for ${l.stream.seconds} s from ${l.stream.senders} senders (achieved ${fixed(l.stream.achievedRate, 1)}/s)`, String(l.stream.n), fixed(l.stream.p50), fixed(l.stream.p95), fixed(l.stream.p99), fixed(l.stream.max), String(l.stream.missing)],
      ...(l.idlePushed ? [['idle, the mail server calling the worker\'s /mail-arrived on each new message (MAIL_PUSH_TOKEN)', String(l.idlePushed.n), fixed(l.idlePushed.p50), fixed(l.idlePushed.p95), fixed(l.idlePushed.p99), fixed(l.idlePushed.max), String(l.idlePushed.missing)]] : []),
      ...(l.idleChecked ? [[`idle, the worker asking every ${l.idleChecked.checkMs} ms (IMAP_CHECK_MS) instead of IDLE`, String(l.idleChecked.n), fixed(l.idleChecked.p50), fixed(l.idleChecked.p95), fixed(l.idleChecked.p99), fixed(l.idleChecked.max), String(l.idleChecked.missing)]] : []),
    ]));
    say('  deskmail\'s own share (raw mail stored -> status mail accepted; without the mail server\'s notice), p50 / p95 / p99 ms:');
    say(`    idle ${fixed(l.idle.deskmail.p50)} / ${fixed(l.idle.deskmail.p95)} / ${fixed(l.idle.deskmail.p99)}; stream ${fixed(l.stream.deskmail.p50)} / ${fixed(l.stream.deskmail.p95)} / ${fixed(l.stream.deskmail.p99)}${l.idleChecked ? `; idle with IMAP_CHECK_MS ${fixed(l.idleChecked.deskmail.p50)} / ${fixed(l.idleChecked.deskmail.p95)} / ${fixed(l.idleChecked.deskmail.p99)}` : ''}${l.idlePushed ? `; idle with the hook ${fixed(l.idlePushed.deskmail.p50)} / ${fixed(l.idlePushed.deskmail.p95)} / ${fixed(l.idlePushed.deskmail.p99)}` : ''}`);
    say('  Where the time went (from the rows\' timestamps), p50 / p95, milliseconds');
    say(table(['span', 'idle', 'stream'], l.idle.spans.map((s, i) => [s.name, `${fixed(s.ms.p50)} / ${fixed(s.ms.p95)}`, `${fixed(l.stream.spans[i]!.ms.p50)} / ${fixed(l.stream.spans[i]!.ms.p95)}`])));
  }
  say(`  load average ${b.load.start.map((x) => x.toFixed(2)).join(' ')} at the start, ${b.load.end.map((x) => x.toFixed(2)).join(' ')} at the end; written to ${b.resultsFile}`);
}

say(`\nbench finished in ${fixed((Date.now() - started) / 1000, 1)} s`);
process.exit(0);

function fmt(ms: number[]): string[] {
  const s = summarise(ms);
  return [fixed(s.p50), fixed(s.p90), fixed(s.max)];
}
