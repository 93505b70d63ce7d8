import { describe, expect, it } from 'vitest';
import { asksFor } from '../support/asks-for.ts';

const asksProgram = (topic: 'data_quality' | 'new_agency_program' | 'hud_report_submission') => asksFor('program_name', 'Question', { topic, type: 'question' });

describe('the program, not the agency or a word of another name', () => {
  it('asks which program when a new-program request names only the sender\'s own agency', () => {
    const text = 'Hillside Food Pantry is starting a new program in the spring, paid for by an ESG grant. Can you set it up in Clarity?\n\nMara Quinn\nHillside Food Pantry';
    expect(asksProgram('new_agency_program')(text)).toBe(true);
  });

  it('still takes the agency\'s name as its program in other requests', () => {
    const text = 'Hillside Food Pantry has 40 clients with no exit date since January 2025. How do we close them?\n\nMara Quinn\nHillside Food Pantry';
    expect(asksProgram('data_quality')(text)).toBe(false);
  });

  it('still takes a named new program that is not the agency', () => {
    const text = 'Hillside Food Pantry is starting the Hillside Mobile Outreach in the spring, paid for by an ESG grant.\n\nMara Quinn\nHillside Food Pantry';
    expect(asksProgram('new_agency_program')(text)).toBe(false);
  });

  it('does not read a job title\'s "Programs" as one program', () => {
    expect(asksProgram('data_quality')('Our Director of Shelter Programs asked why so many exits in FY2024 have no destination.')).toBe(true);
  });

  it('does not read "<name> for program" or "<name> at project" as a program\'s name', () => {
    expect(asksProgram('hud_report_submission')('How do we fill the ESG CAPER for program year 2024?')).toBe(true);
    expect(asksProgram('data_quality')('Many intakes show Veteran Status at project start as blank for Q2 2025. How do we fix them?')).toBe(true);
  });
});
