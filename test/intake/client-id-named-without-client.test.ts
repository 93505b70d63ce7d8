// Client IDs given without the words "client ID": numbers named as a person's profiles or records
// or asked to be merged, a bare "ID 40217" (alone, after a name, after "her"/"the"), and corrections
// written "I mean ...". A bare ID names no kind of record, so a label that names another system's
// number, before it or after it, still keeps that number out.
import { describe, expect, it } from 'vitest';
import { extractClientIds, readCsvClientIds } from '../../src/intake/client-ids.ts';
import { loadIntakeRules } from '../../src/stage-settings.ts';

const rules = loadIntakeRules().clientIds;
const ids = (text: string) => extractClientIds({ subject: '', text }, rules);

function readsAll(cases: [string, string, string[]][]): void {
  it.each(cases)('%s', (_name, text, expected) => {
    expect(ids(text)).toEqual(expected);
  });
}

describe('client IDs: numbers named as one person\'s profiles or records', () => {
  readsAll([
    ['"has two profiles, A and B"', 'I think our guest has two profiles, 51230 and 51203. Please merge.', ['51230', '51203']],
    ['"records:" with a list', 'Same man, two records: 51230 and 51203.', ['51230', '51203']],
    ['"duplicates"', 'Duplicates 51230 and 51203 are the same woman.', ['51230', '51203']],
    ['the numbers asked to be merged', 'Could you merge 51230 into 51203? Same youth.', ['51230', '51203']],
    ['a year after "merge" is not an ID', 'We should merge 2024 and 2025 reports into one.', []],
    ['Spanish "perfiles"', 'La señora tiene dos perfiles, 51230 y 51203.', ['51230', '51203']],
    ['a year after "records" is not an ID', 'Records: 2024 intake counts look low.', []],
  ]);
});

describe('client IDs: a bare "ID" in a mail about a client', () => {
  readsAll([
    ['alone after a sentence', 'The Accept button is greyed out for her referral. ID 62018. We tried twice.', ['62018']],
    ['at the start of a line', 'Referral stuck since Monday\nID: 62018', ['62018']],
    ['after a name in brackets', 'Dana Ortiz (ID 62018) shows the wrong move-in date.', ['62018']],
    ['after a name and a comma', 'Dana Ortiz, ID 62018, lost her bed assignment.', ['62018']],
    ['after "her"', 'Her ID is 62018 and the exit date is blank.', ['62018']],
    ['"the ID is"', 'She was exited by mistake; the ID is 62018.', ['62018']],
    ['Spanish "su ID"', 'La clienta no aparece; su ID es 62018.', ['62018']],
  ]);
});

describe('client IDs: a bare "ID" that a label names as something else', () => {
  readsAll([
    ['a household ID', 'Household ID 88124 lists the wrong head.', []],
    ['an HDX submission ID', 'HDX submission ID 734112 was rejected.', []],
    ['a batch ID', 'The import failed. Batch ID 20931 again.', []],
    ['a grant in brackets', 'The county grant (ID 62018) ends in June.', []],
    ['a named grant before a bracketed ID', 'The Hope Street Grant (ID 62018) ends in June.', []],
    ['an invoice before ", ID"', 'We paid the Invoice, ID 62018, last week.', []],
    ['a thing in brackets, not a person', 'The household (ID 88124) shows two heads.', []],
    ['a grant named after the number', 'ID 62018 is our ESG grant, not a client.', []],
    ['a user account', 'User ID 62018 is locked out.', []],
    ['a phone fragment', 'Call me back. ID 555-0142 is my desk line.', []],
    ['a date', 'Seen on the report. ID 12/03/2024 was the run date.', []],
    ['a booking number', 'Booking number 7731220 from the jail is on his form.', []],
    ['a VA file number', 'His VA file number 28812345 is on the DD-214.', []],
    ['an MRN', 'The hospital MRN 554120 is in the case note.', []],
  ]);

  it('does not read a bare "ID" column of a CSV as client IDs', () => {
    expect(readCsvClientIds('ID,Program\n62018,Rapid Rehousing\n', rules)).toEqual([]);
  });
});

describe('client IDs: a correction written "I mean"', () => {
  readsAll([
    ['"typo, I mean client"', 'Client 62018 shows as a leaver - sorry, typo, I mean client 62081.', ['62081']],
    ['"I mean" alone', 'Client 62018, I mean 62081, has no exit date.', ['62081']],
    ['"I mean" that corrects nothing', 'I mean it, client 62018 has waited all week.', ['62018']],
    ['"I mean" with the next ID in another sentence', 'Client 62018 vanishes, I mean daily. Client 62081 does too.', ['62018', '62081']],
  ]);
});

describe('client IDs: other systems\' numbers of the same shape are not client IDs', () => {
  readsAll([
    ['a hospital\'s medical record number', 'Her MRN is RTYQ204411 and our client ID is 62018.', ['62018']],
    ['"medical record" before the value', 'Discharge papers list medical record 554120; client 62018 in ClientTrack.', ['62018']],
    ['a jail booking number', 'Booking # KLMN300182 - he is released Friday. Client ID 62018.', ['62018']],
    ['a VA file number', 'VA file 28812345 is on the form. His ClientTrack ID is 62018.', ['62018']],
    ['a Medicaid ID of the client shape', 'Medicaid ID WXYZ123456 is on the card; client ID PQRS204718.', ['PQRS204718']],
    ['a school\'s student number', 'Student ID 4471023 for the daughter; the mother is client 62018.', ['62018']],
    ['a hospital named before a bracketed ID', 'St. Luke Hospital (ID 554120) sent her over. Client 62018.', ['62018']],
    ['an insurance claim number', 'The claim no. ABCD998877 was denied; client 62018.', ['62018']],
  ]);
});
