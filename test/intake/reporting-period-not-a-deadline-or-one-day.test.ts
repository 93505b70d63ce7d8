import { describe, expect, it } from 'vitest';
import { hasPeriod } from '../../src/intake/dates.ts';
import { findMissingInfo } from '../../src/intake/missing-info.ts';
import { loadIntakeRules } from '../../src/stage-settings.ts';

const rules = loadIntakeRules(undefined, { withModel: false });
const asksPeriod = (text: string): boolean => findMissingInfo({ subject: 'PIT', text, attachments: [] }, {
  route: 'ica_helpdesk', topic: 'hud_report_submission', type: 'question', priority: 'normal', clientIds: [],
}, rules).includes('reporting_period');

describe('a reporting period is not a deadline, one day or when a quoted message was sent', () => {
  it('takes no due date or deadline month as the period', () => {
    expect(hasPeriod('The county wants our CAPER by the end of April, where do we start?')).toBe(false);
    expect(hasPeriod('Our APR for the youth project is due on October 3 and we have never run one.')).toBe(false);
    expect(hasPeriod('HUD asked for it by November 12.')).toBe(false);
  });

  it('takes no single day something happened as the period', () => {
    expect(hasPeriod('I opened a case about the double counting on September 9 and heard nothing.')).toBe(false);
    expect(hasPeriod('El informe vence el 3 de octubre.')).toBe(false);
  });

  it('takes no date of a quoted or forwarded message as the period', () => {
    expect(hasPeriod('Any news?\n\n> From: Support\n> Sent: Tuesday, August 5, 2025 9:14 AM\n> Subject: your case')).toBe(false);
  });

  it('still takes a month, a range from a day, or a day of a count as the period', () => {
    expect(hasPeriod('The numbers for August look low.')).toBe(true);
    expect(hasPeriod('I ran it for October 1, 2024 to September 30, 2025.')).toBe(true);
    expect(hasPeriod('It covers Oct 1, 2024 through Sep 30, 2025.')).toBe(true);
    expect(hasPeriod('el informe del 1 de octubre 2024 - 30 de septiembre 2025')).toBe(true);
    expect(hasPeriod('Our sheltered PIT for the family program shows 9 households on January 29.')).toBe(true);
    expect(hasPeriod('Can you pull the count for January 29?')).toBe(true);
  });

  it('takes "since" a day, even "since before" it, as the period', () => {
    expect(hasPeriod('Eleven households have had no service since before July 1, 2025.')).toBe(true);
    expect(hasPeriod('Show me everyone enrolled starting Feb 3.')).toBe(true);
  });

  it('takes a count\'s year written a few words before it as its period', () => {
    expect(asksPeriod('Our 2026 unsheltered PIT numbers for Pine Hollow Outreach are short by three people.')).toBe(false);
    expect(asksPeriod('Our unsheltered PIT numbers for Pine Hollow Outreach are short by three people.')).toBe(true);
  });

  it('takes no month that says when a problem began as the period', () => {
    expect(hasPeriod('Since the October release the roster lists everyone twice.')).toBe(false);
    expect(hasPeriod('This started in November; older exports are fine.')).toBe(false);
  });

  it('takes a range "between" two dates and a count date as the period', () => {
    expect(hasPeriod('They want everyone enrolled between 7/1/2024 and 6/30/2025.')).toBe(true);
    expect(asksPeriod('Report: HUD PIT Count\nCount date: 01/29/2026\nResult: 40 people, our tally says 52.')).toBe(false);
  });

  it('takes a range of short month names as the period', () => {
    expect(hasPeriod('The Oct-Dec numbers look low for the family program.')).toBe(true);
    expect(hasPeriod('can you rerun it jul thru sept')).toBe(true);
    expect(hasPeriod('It may to be honest be wrong.')).toBe(false);
  });
});
