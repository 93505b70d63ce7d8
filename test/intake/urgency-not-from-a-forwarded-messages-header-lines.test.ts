// A forwarded message's header lines (From:, Date:, Subject:, To:) say who wrote when, never what is
// asked: a clock time in "Date: Mon, Feb 3, 2025 at 4:12 PM" is no time ahead, nor a sender at
// housing.example.test a client kept from housing. Mail clients write those lines one under the other,
// right under the "---------- Forwarded message ---------" line; they are read apart, never joined
// onto that line or each other as a wrapped sentence would be.
import { describe, expect, it } from 'vitest';
import { buildContext } from '../../src/intake/context.ts';
import { parseMessage } from '../../src/inbound/parse.ts';
import type { ParsedMessage } from '../../src/inbound/types.ts';
import { loadIntakeAssessor, loadIntakeRules } from '../../src/stage-settings.ts';
import { mailFixture } from '../support/pipeline-settings.ts';

const assess = loadIntakeAssessor({ MACCH_ADDRESS: null, NMIS_ADDRESS: null });

/** The request as the pipeline hands it to intake: its whole text, no HTML. */
async function request(name: string, edit: (text: string) => string = (t) => t): Promise<ParsedMessage> {
  const msg = await parseMessage(Buffer.from(edit(mailFixture(`forwards/${name}`).toString('utf8'))));
  return { ...msg, html: null };
}

describe('a forwarded message\'s header lines make no request urgent', () => {
  it.each([
    ['a clock time in its Date line', 'gmail-header-time-beside-housing-issue.eml'],
    ['its sender at a housing domain', 'gmail-sender-at-housing-domain.eml'],
    ['its sender at a shelter domain, nothing typed above', 'gmail-nothing-typed.eml'],
    ['the same mail without the time (as before)', 'gmail-header-without-time-beside-housing-issue.eml'],
  ])('%s', async (_what, name) => {
    const msg = await request(name);
    const a = assess.request(msg, msg.text);
    expect(a.priority).not.toBe('urgent');
    expect(a.urgentReason).toBeNull();
  });

  it('asks for what is missing, as for the same mail without the time', async () => {
    const withTime = await request('gmail-header-time-beside-housing-issue.eml');
    const without = await request('gmail-header-without-time-beside-housing-issue.eml');
    expect(assess.request(withTime, withTime.text).missingInfo).toEqual(assess.request(without, without.text).missingInfo);
    expect(assess.request(withTime, withTime.text).missingInfo.length).toBeGreaterThan(0);
  });

  it('still reads the forwarded message itself: a client kept from shelter tonight is urgent', async () => {
    const msg = await request('gmail-header-time-beside-housing-issue.eml', (t) => t.replace(
      'Client ABCD123456\'s housing move-in date in the PSH enrollment shows 2023 instead of 2024 and I cannot edit it.',
      'Ms. Reyes (ABCD123456) is in our lobby right now and cannot get her shelter bed tonight because her enrollment will not save.',
    ));
    expect(assess.request(msg, msg.text).priority).toBe('urgent');
  });
});

describe('header lines are read apart from the lines around them', () => {
  it('keeps each field on its own line under the forward marker', () => {
    const text = 'Can you fix this?\n\n---------- Forwarded message ---------\nFrom: Maria Lopez <mlopez@nsc.example.test>\nDate: Mon, Feb 3, 2025 at 4:12 PM\nSubject: Wrong move-in date\nTo: Becky Tyler <becky@agency.example.test>\n\n\nThe move-in date\nis wrong.';
    const ctx = buildContext({ subject: 'Fwd: Wrong move-in date', text, attachments: [] }, loadIntakeRules());
    const lines = ctx.body.split('\n');
    const marker = lines.find((l) => /forwarded message/i.test(l)) ?? '';
    expect(marker).not.toMatch(/from:|date:/i);
    expect(lines.some((l) => /^date: mon, feb 3, 2025 at 4:12 pm$/i.test(l.trim()))).toBe(true);
    expect(lines.some((l) => /^from: maria lopez/i.test(l.trim()))).toBe(true);
    // Wrapped lines of the message itself are still joined.
    expect(ctx.body).toMatch(/the move-in date is wrong\./i);
  });
});
