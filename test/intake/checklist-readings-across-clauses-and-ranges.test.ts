import { describe, expect, it } from 'vitest';
import { asksFor } from '../support/asks-for.ts';

// The rules alone (no item models), so these pin what the checklist rules read.
const asksWhen = asksFor('when_started', 'Numbers look off', { topic: 'reports', type: 'issue' }, { rulesAlone: true });
const asksSteps = asksFor('steps_followed', 'Request', { topic: 'client_record', type: 'issue' }, { rulesAlone: true });
const asksWhenOfRecord = asksFor('when_started', 'Request', { topic: 'client_record', type: 'issue' }, { rulesAlone: true });
const asksClient = asksFor('client_id', 'Old stays', { topic: 'migration_question', type: 'question' }, { rulesAlone: true });
const asksPeriod = asksFor('reporting_period', 'Open enrollments', { topic: 'data_quality', type: 'question' }, { rulesAlone: true });

describe('when_started: the word that opens a date range belongs to the range', () => {
  it('takes the run time after a range opened by "for" or "from"', () => {
    expect(asksWhen('I ran the Shelter Occupancy report for 3/1/2025 to 3/31/2025 this morning and it counts 90 beds twice.')).toBe(false);
    expect(asksWhen('We pulled the Meals Served export from Feb 1 to Feb 28 yesterday and every guest shows twice.')).toBe(false);
  });

  it('still reads a range with nothing after it as no start', () => {
    expect(asksWhen('The Shelter Occupancy report for 3/1/2025 to 3/31/2025 counts 90 beds twice.')).toBe(true);
  });
});

describe('when_started: first looking at it is first seeing it', () => {
  it('takes "I first looked at this at 9:10 today" as when it was seen', () => {
    expect(asksWhenOfRecord('I first looked at this at 9:10 today: the Programs tab of client 40213 is empty.')).toBe(false);
    expect(asksWhenOfRecord('I first saw it when I came in: the Programs tab of client 40213 is empty.')).toBe(false);
  });
});

describe('steps_followed: a denying word governs its own clause', () => {
  it('does not let a value "No" before "and" deny the click after it', () => {
    expect(asksSteps('Since Friday his Disability field says Yes; when I set it to No and click Save it flips back to Yes.')).toBe(false);
  });

  it('still denies a step in the same clause', () => {
    expect(asksSteps('Since Friday his Disability field says Yes and nobody clicked anything.')).toBe(true);
  });

  it('takes adding someone to a household as what the user did', () => {
    expect(asksSteps('It started Tuesday, after I added his son to the household: the son is now head of household.')).toBe(false);
    expect(asksSteps('Since Tuesday the son was added as head of household on the Household tab.')).toBe(true);
  });
});

describe('client_id_specific: one person of theirs told of ("one man has ..."), not a group in general', () => {
  it('asks for the client ID when the sender speaks of one particular person', () => {
    expect(asksClient('Older stays are missing after the conversion. One man has slept here every winter since 2015 and Clarity starts in 2021.')).toBe(true);
    expect(asksClient('This lady had three stays with us in 2017 that did not come across into Clarity.')).toBe(true);
  });

  it('asks nothing of a general question about the conversion', () => {
    expect(asksClient('Did stays from before 2019 come across into Clarity? Some of our older residents ask about it.')).toBe(false);
  });
});

describe('reporting_period: "going back to <date>" is a period, like "since <date>"', () => {
  it('takes the date the data goes back to as the period', () => {
    expect(asksPeriod('Our Riverside RRH has forty enrollments still open going back to March 3, 2024. How do we close them?')).toBe(false);
  });

  it('still asks when no date is given', () => {
    expect(asksPeriod('Our Riverside RRH has forty enrollments still open. How do we close them?')).toBe(true);
  });
});
