import { describe, expect, it } from 'vitest';
import { asksFor } from '../support/asks-for.ts';

const asksReportName = asksFor('report_name', 'Board numbers', { topic: 'reports', type: 'issue' });

describe('which report is named', () => {
  it('does not take "The report" or "Our report" at the start of a sentence as a report\'s name', () => {
    expect(asksReportName('The report I build every month for the board shows all zeros since the update.')).toBe(true);
    expect(asksReportName('Our report for the board counts every family twice since Monday.')).toBe(true);
  });

  it('takes a named summary or roster as the report', () => {
    expect(asksReportName('The GPD Bed Night Summary says 412 bed nights for October, our log says 538.')).toBe(false);
    expect(asksReportName('The Program Roster for our transitional living shows 31 clients but we have 18 beds.')).toBe(false);
  });

  it('still takes a capitalised report name', () => {
    expect(asksReportName('The Monthly Occupancy Report counts every family twice since Monday.')).toBe(false);
  });

  it('does not take "HUD report" as the name of one report', () => {
    expect(asksReportName('What should we send for our yearly HUD report for Oakview Family Shelter?')).toBe(true);
    expect(asksReportName('What should we send for the CAPER for Oakview Family Shelter?')).toBe(false);
  });
});
