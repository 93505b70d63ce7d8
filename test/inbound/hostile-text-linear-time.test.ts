// Every text stage takes time linear in what a stranger sends: each stage's time on a 400 KB
// pathological input is about 4x its time on a 100 KB one (at most 6x) (a quadratic stage shows 16x).
// A ratio, not a clock: both sizes run in the same process, warmed up, timed over enough calls
// to rise above timer noise where a stage is fast, best of several runs taken in turn.
import { describe, expect, it } from 'vitest';
import { loadIntakeAssessor } from '../../src/stage-settings.ts';
import { defaultMailSigns } from '../../src/inbound/mail-signs.ts';
import { parseReplyCommands } from '../../src/tickets/commands.ts';
import { findExternalRef } from '../../src/inbound/decide.ts';
import { detectMailKind } from '../../src/inbound/mail-kind.ts';
import { parseMessage } from '../../src/inbound/parse.ts';
import { DRY_RUN_LOOKUP, namingOf, runPipeline, type PipelineSettings } from '../../src/inbound/pipeline.ts';
import { extractReplyText } from '../../src/inbound/reply-text.ts';
import { limitMessageText, limitText, MAX_INTAKE_CHARS } from '../../src/inbound/text-limits.ts';
import { findThreadClues } from '../../src/inbound/thread.ts';
import type { ParsedMessage } from '../../src/inbound/types.ts';

const SETTINGS: PipelineSettings = {
  helpdeskAddress: 'helpdesk@example.test', adminEmails: ['summer@example.test'], supportAddress: null, reopenDays: 14, staff: [],
  systemName: 'ClientTrack', prefix: 'Utah_RW', secretKey: 'unit-test-secret-key-0123456789abcdef',
};
const NOW = new Date('2025-03-04T17:15:00Z');
const assess = loadIntakeAssessor({ MACCH_ADDRESS: null, NMIS_ADDRESS: null });
const KIND_CONTEXT = { ownAddresses: [SETTINGS.helpdeskAddress], loopHeader: 'X-Deskmail-Loop', ownMessageIdDomain: namingOf(SETTINGS).host };
const MAIL_SIGNS = defaultMailSigns();

const head = (extra = ''): string =>
  `From: Stranger <stranger@example.test>\r\nTo: helpdesk@example.test\r\nSubject: please help\r\nMessage-ID: <hostile@example.test>\r\nDate: Tue, 04 Mar 2025 17:00:00 +0000\r\n${extra}`;
const plain = (body: string): string => `${head()}Content-Type: text/plain; charset=utf-8\r\n\r\n${body}\r\n`;

/** Pathological bodies of about `n` bytes, each aimed at a pattern that once took quadratic time. */
const INPUTS: Record<string, (n: number) => string> = {
  'a run of spaces': (n) => plain(`Hello,\r\n#assign a${' '.repeat(n)}b\r\nplease help${' '.repeat(n)}x`),
  'a run of dots': (n) => plain(`#fixed${'.'.repeat(n)}\r\nsee ${'.'.repeat(n)}`),
  'a run of digits': (n) => plain(`case ${'1234567890'.repeat(n / 10)}x and #${'9'.repeat(n)}a`),
  'quote markers': (n) => plain(`${'>'.repeat(n / 2)}\r\n${'> a\r\n'.repeat(n / 8)}`),
  'spaced dots': (n) => plain(`#assign ${'. '.repeat(n / 2)}`),
  'nested HTML': (n) => `${head()}Content-Type: text/html; charset=utf-8\r\n\r\n<html><body>${'<div>'.repeat(n / 11)}help${'</div>'.repeat(n / 11)}</body></html>\r\n`,
  'unterminated MIME': (n) => `${head()}Content-Type: multipart/mixed; boundary="b1"\r\n\r\n--b1\r\nContent-Type: text/plain\r\n\r\n${'word '.repeat(n / 10)}${' '.repeat(n / 2)}\r\n--b1\r\nContent-Type: text/html\r\n\r\n<p>${'<b>'.repeat(n / 20)}`,
};

type Stage = (raw: Buffer, parsed: ParsedMessage) => unknown | Promise<unknown>;

/** Each stage as the pipeline feeds it (text already bounded by text-limits). */
const STAGES: Record<string, Stage> = {
  'parse': (raw) => parseMessage(raw, { keepAttachmentContent: false }),
  'text limits': (_raw, parsed) => limitMessageText(parsed),
  'mail kind': (_raw, parsed) => detectMailKind(limitMessageText(parsed), KIND_CONTEXT, MAIL_SIGNS),
  'thread clues': (_raw, parsed) => findThreadClues(limitMessageText(parsed), namingOf(SETTINGS)),
  'reply text': (_raw, parsed) => { const m = limitMessageText(parsed); return extractReplyText({ text: m.text, html: m.html }); },
  'commands': (_raw, parsed) => parseReplyCommands(limitMessageText(parsed).text),
  'external reference': (_raw, parsed) => findExternalRef(limitMessageText(parsed).text.slice(0, 2000), 'Utah_RW-1'),
  'intake': (_raw, parsed) => { const m = limitMessageText(parsed); const text = limitText(m.text, MAX_INTAKE_CHARS); return assess.request({ ...m, html: null, text }, text); },
  'whole pipeline': (raw) => runPipeline(raw, SETTINGS, DRY_RUN_LOOKUP, assess, NOW, { keepAttachmentContent: false }),
};

/** How many calls of `stage` on the small input take at least NOISE_FLOOR_MS (judged on the quickest of several single calls). */
async function callsAboveNoise(stage: Stage, [raw, parsed]: [Buffer, ParsedMessage]): Promise<number> {
  let quickest = Infinity;
  for (let i = 0; i < 5; i++) {
    const start = performance.now();
    await stage(raw, parsed);
    quickest = Math.min(quickest, performance.now() - start);
  }
  return Math.min(1024, Math.max(1, Math.ceil(NOISE_FLOOR_MS / Math.max(quickest, 0.01))));
}

/**
 * Best of `runs` for each size, the sizes taken in turn so that both meet the same load on a shared machine.
 * With `calls` > 1 each run times that many calls and the figure is per call.
 */
async function bestTimes(stage: Stage, small: [Buffer, ParsedMessage], large: [Buffer, ParsedMessage], runs: number, calls = 1): Promise<[number, number]> {
  const best: [number, number] = [Infinity, Infinity];
  for (let i = 0; i < runs; i++) {
    for (const [k, [raw, parsed]] of [small, large].entries()) {
      const start = performance.now();
      for (let c = 0; c < calls; c++) await stage(raw, parsed);
      best[k] = Math.min(best[k]!, (performance.now() - start) / calls);
    }
  }
  return best;
}

/** Below this a time is mostly timer and scheduler noise; the ratio is taken against at least this. */
const NOISE_FLOOR_MS = 10;
/**
 * Linear growth is 4x and quadratic growth 16x. Up to 6x allows for garbage collection, which
 * costs more on the larger heap, and for a machine shared with other work.
 */
const MAX_RATIO = 6;

describe('every text stage grows linearly on hostile input (100 KB vs 400 KB)', () => {
  for (const [inputName, make] of Object.entries(INPUTS)) {
    it(`stays linear on ${inputName}`, async () => {
      const small = Buffer.from(make(100_000));
      const large = Buffer.from(make(400_000));
      const smallParsed = await parseMessage(small, { keepAttachmentContent: false });
      const largeParsed = await parseMessage(large, { keepAttachmentContent: false });
      const rows: string[] = [];
      const failures: string[] = [];
      for (const [stageName, stage] of Object.entries(STAGES)) {
        await stage(small, smallParsed); // warm-up: the first call compiles
        const [t100, t400] = await bestTimes(stage, [small, smallParsed], [large, largeParsed], 5);
        const ratio = t400 / Math.max(t100, NOISE_FLOOR_MS);
        rows.push(`${stageName}: ${t100.toFixed(1)} ms -> ${t400.toFixed(1)} ms (x${ratio.toFixed(2)})`);
        if (ratio > MAX_RATIO) failures.push(`${stageName} grew x${ratio.toFixed(1)}`);
      }
      console.log(`[${inputName}]\n  ${rows.join('\n  ')}`);
      expect(failures).toEqual([]);
    }, 120_000);
  }
});

// Tens of thousands of "> a" lines once made reply extraction and the command parser grow 9-13x
// (one string per line, and a quote test run a dozen times a line). Both run well under the noise
// floor here, so each is timed over enough calls to rise above it: the ratio is the stage's own.
describe('reply extraction and commands grow linearly on a long quoted tail (timed above the noise floor)', () => {
  for (const stageName of ['reply text', 'commands'] as const) {
    it(`${stageName} on quote markers`, async () => {
      const make = INPUTS['quote markers']!;
      const small = Buffer.from(make(100_000));
      const large = Buffer.from(make(400_000));
      const pair = async (raw: Buffer): Promise<[Buffer, ParsedMessage]> => [raw, limitMessageText(await parseMessage(raw, { keepAttachmentContent: false }))];
      // The stage alone, on text already bounded (the bounding is timed as a stage of its own above).
      const only: Record<typeof stageName, Stage> = {
        'reply text': (_raw, parsed) => extractReplyText({ text: parsed.text, html: parsed.html }),
        'commands': (_raw, parsed) => parseReplyCommands(parsed.text),
      };
      const stage = only[stageName];
      const smallInput = await pair(small);
      const calls = await callsAboveNoise(stage, smallInput);
      const [t100, t400] = await bestTimes(stage, smallInput, await pair(large), 7, calls);
      console.log(`[quote markers, ${calls} calls a run] ${stageName}: ${t100.toFixed(2)} ms -> ${t400.toFixed(2)} ms (x${(t400 / t100).toFixed(2)})`);
      expect(t400 / t100).toBeLessThanOrEqual(MAX_RATIO);
    }, 120_000);
  }
});
