// The backlog benchmark's pure parts: the seeded message mix (shares, sizes, replies that answer
// an earlier request of the same sender, parseable mail) and the latency summary it reports.
import { simpleParser } from 'mailparser';
import { describe, expect, it } from 'vitest';
import { buildMessage, MIX, noisePool, planBacklog } from '../../bench/backlog-mix.ts';
import { seededRandom } from '../support/seeded-random.ts';
import { percentile, summariseLatency } from '../../bench/stats.ts';

const SEED = Number(process.env.BACKLOG_MIX_SEED ?? Math.floor(Math.random() * 1e9));
console.log(`backlog mix seed ${SEED} (BACKLOG_MIX_SEED replays it)`);

describe('the backlog message mix', () => {
  const plan = planBacklog(4000, SEED);

  it('gives the same plan for the same seed and another for another seed', () => {
    expect(planBacklog(50, SEED)).toEqual(planBacklog(50, SEED));
    expect(planBacklog(50, SEED + 1)).not.toEqual(planBacklog(50, SEED));
  });

  it('holds about a quarter with a 50-300 KB attachment, a few with 2-5 MB and the rest text only', () => {
    const share = (size: string) => plan.filter((p) => p.size === size).length / plan.length;
    expect(share('attachment')).toBeGreaterThan(MIX.attachmentShare - 0.03);
    expect(share('attachment')).toBeLessThan(MIX.attachmentShare + 0.03);
    expect(share('big')).toBeGreaterThan(MIX.bigShare - 0.015);
    expect(share('big')).toBeLessThan(MIX.bigShare + 0.015);
    for (const p of plan) {
      expect(p.textBytes).toBeGreaterThanOrEqual(MIX.textBytes[0]);
      expect(p.textBytes).toBeLessThanOrEqual(MIX.textBytes[1]);
      const range = p.size === 'big' ? MIX.bigBytes : p.size === 'attachment' ? MIX.attachmentBytes : ([0, 0] as const);
      expect(p.attachmentBytes).toBeGreaterThanOrEqual(range[0]);
      expect(p.attachmentBytes).toBeLessThanOrEqual(range[1]);
    }
  });

  it('makes replies only to an earlier request of the same sender, and unique Message-IDs', () => {
    const byId = new Map(plan.map((p) => [p.messageId, p]));
    expect(byId.size).toBe(plan.length);
    const replies = plan.filter((p) => p.kind === 'reply');
    expect(replies.length).toBeGreaterThan(plan.length * 0.1);
    for (const r of replies) {
      const answered = byId.get(r.inReplyTo!)!;
      expect(answered.kind).toBe('request');
      expect(answered.sender).toBe(r.sender);
      expect(answered.index).toBeLessThan(r.index);
      expect(r.subject).toBe(`Re: ${answered.subject}`);
    }
  });

  it('builds mail that mailparser reads back with its sender, threading, text size and attachment', async () => {
    const pool = noisePool(MIX.bigBytes[1], SEED);
    const picks = [plan.find((p) => p.kind === 'reply' && p.size === 'text')!, plan.find((p) => p.size === 'attachment')!, plan.find((p) => p.size === 'big')!];
    for (const p of picks) {
      const raw = buildMessage(p, pool, new Date('2026-03-02T10:00:00Z'));
      const parsed = await simpleParser(raw);
      expect(parsed.from?.value[0]?.address).toBe(p.sender);
      expect(parsed.messageId).toBe(`<${p.messageId}>`);
      expect(parsed.inReplyTo ?? null).toBe(p.inReplyTo ? `<${p.inReplyTo}>` : null);
      expect(Math.abs((parsed.text ?? '').length - p.textBytes)).toBeLessThan(300);
      expect(parsed.attachments.map((a) => a.size)).toEqual(p.attachmentBytes ? [p.attachmentBytes] : []);
    }
  });

  it('draws values spread over [0, 1) from its seeded generator', () => {
    const rnd = seededRandom(SEED);
    const values = Array.from({ length: 10_000 }, rnd);
    expect(Math.min(...values)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...values)).toBeLessThan(1);
    const mean = values.reduce((a, b) => a + b, 0) / values.length;
    expect(mean).toBeGreaterThan(0.48);
    expect(mean).toBeLessThan(0.52);
  });
});

describe('the latency summary', () => {
  it('takes nearest-rank percentiles of unsorted values', () => {
    const values = Array.from({ length: 100 }, (_, i) => 100 - i); // 100 .. 1
    expect(summariseLatency(values)).toEqual({ n: 100, mean: 50.5, p50: 50, p95: 95, p99: 99, max: 100 });
    expect(percentile([5, 1, 3], 50)).toBe(3);
    expect(percentile([7], 99)).toBe(7);
  });

  it('says nothing (NaN) for no values rather than zero', () => {
    const s = summariseLatency([]);
    expect(s.n).toBe(0);
    expect(Number.isNaN(s.p50) && Number.isNaN(s.mean) && Number.isNaN(s.max)).toBe(true);
  });
});
