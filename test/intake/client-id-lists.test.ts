// Client IDs in lists, tables and columns whose headers qualify the ID, and the numbers that only look
// like them: grant, invoice and subaward numbers in lists or labelled earlier on the line, household
// and batch numbers, submission IDs, partial SSNs, rows, years, phones, tickets and cases.
import { describe, expect, it } from 'vitest';
import { extractClientIds, readCsvClientIds } from '../../src/intake/client-ids.ts';
import { loadIntakeRules } from '../../src/stage-settings.ts';

const rules = loadIntakeRules().clientIds;
const ids = (text: string) => extractClientIds({ subject: '', text }, rules);

/** One test per case: the IDs read from the text (or from a CSV, with the CSV reader). */
function readsAll(cases: [string, string, string[]][], read: (text: string, r: typeof rules) => string[] = ids): void {
  it.each(cases)('%s', (_name, text, expected) => {
    expect(read(text, rules)).toEqual(expected);
  });
}

describe('client IDs: every number of a list under one introducer', () => {
  readsAll([
    ['an Oxford comma', 'Client IDs 30412, 30498, and 31007 all lost their exit dates.', ['30412', '30498', '31007']],
    ['a list in brackets', 'Three clients (IDs 30412, 30498, 31007) were exited twice.', ['30412', '30498', '31007']],
    ['semicolons', 'Client IDs: 30412; 30498; 31007 need the new flag.', ['30412', '30498', '31007']],
    ['a range', 'Client IDs 30412 through 30415 were entered by the trainee.', ['30412', '30415']],
    ['a range with "to"', 'client ids 30412 to 30415 are the test records.', ['30412', '30415']],
    ['a list wrapped across lines', 'Could you merge client IDs 30412, 30498,\n31007 and 31120? All the same man.', ['30412', '30498', '31007', '31120']],
    ['an introducer split across lines', 'We need the household fixed for client\nID 30412 before Friday.', ['30412']],
    ['a numbered list', 'Client IDs:\n1. 30412\n2. 30498\n3. 31007\nThanks!', ['30412', '30498', '31007']],
    ['"as well as"', 'Client ID 30412 as well as 30498 show the wrong program.', ['30412', '30498']],
    ['"plus"', 'client IDs 30412 plus 30498 need merging', ['30412', '30498']],
  ]);
});

describe('client IDs: corrections written other ways', () => {
  readsAll([
    ['"correction:"', 'Client ID 30412 has the wrong DOB. Correction: the ID is 30421.', ['30421']],
    ['"not ... but"', 'The client ID is not 30412 but 30421, sorry about that.', ['30421']],
  ]);
});

describe('client IDs: CSV and table columns whose header qualifies the client ID', () => {
  readsAll([
    ['"duplicate_client_id"', 'client_id,duplicate_client_id,last_name\n30412,30498,Ruiz\n', ['30412', '30498']],
    ['"keep client ID" and "merge client ID"', 'Keep Client ID,Merge Client ID\n30412,30498\n', ['30412', '30498']],
    ['"old_clarity_id"', 'old_clarity_id;new_clarity_id\n30412;30498\n', ['30412', '30498']],
    ['a household column left out', 'client_id,household_id,row\n30412,77001,2\n', ['30412']],
    ['an export batch column left out', 'export_batch,client_name\n30412,Ruiz\n', []],
  ], readCsvClientIds);

  it('reads a "Duplicate Client ID" column of a table in the body and not the household column', () => {
    expect(ids('Row\tClient ID\tDuplicate Client ID\tHousehold ID\n1\t30412\t30498\t77001\n2\t31007\t31120\t77002\n'))
      .toEqual(['30412', '30498', '31007', '31120']);
  });
});

describe('client IDs: look-alikes in the ClientTrack shape', () => {
  readsAll([
    ['plural "invoices" with a list', 'Two payments, invoices HOPW240981 and HOPW241107, are missing from the report.', []],
    ['plural "grants"', 'Our grants CCOC240011 and CCOC240012 both end in June.', []],
    ['a label earlier on the line with a colon', 'Subaward number from the city: ESGC250104', []],
    ['a subaward in brackets', 'Funding: ESG, through the county (subaward ESGC250104)', []],
    ['"grant numbers:" with a list', 'Grant numbers: CCOC240011, CCOC240012.', []],
    ['labelled after, plural', 'CCOC240011 and CCOC240012 are our grant numbers.', []],
    ['"award ID"', 'The award ID for the new project is YHDP250104.', []],
    ['"HDX submission ID"', 'The HDX submission ID SUBM250104 was rejected.', []],
    ['a contract and a client on one line', 'Contract CNTR240011 covers client MRTN204417.', ['MRTN204417']],
    ['a client, then an invoice after a full stop', 'Client MRTN204417 is fine. Invoice INVC240011 is the question.', ['MRTN204417']],
  ]);
});

describe('client IDs: numbers beside a client ID that are not client IDs', () => {
  readsAll([
    ['a household ID after the client', 'Client ID 30412, household ID 77001, shows two heads of household.', ['30412']],
    ['partial SSN', 'Client ID 30412, SSN ending 4821, has a twin record.', ['30412']],
    ['a year after the list', 'Client IDs 30412 and 2024 enrollments are missing exits.', ['30412']],
    ['a phone number', 'Client ID 30412, call her at 555-0142 or 402-555-0199.', ['30412']],
    ['a ticket number after the list', 'Client ID 30412 and ticket 88123 are related.', ['30412']],
    ['row numbers', 'Rows 14 and 15 of the export (client IDs 30412 and 30498) are duplicates.', ['30412', '30498']],
    ['an export batch number', 'Export batch 30412 failed; client ID 30498 was in it.', ['30498']],
    ['a date in a list', 'Client ID 30412 on 12/03/2024 and 30498 on 12/04/2024 were both exited.', ['30412', '30498']],
  ]);
});

describe('client IDs: a second round of wordings', () => {
  readsAll([
    ['"client #s" with "&"', 'Client #s 30412 & 30498 are the same person.', ['30412', '30498']],
    ['a bulleted list with notes', 'HMIS IDs:\n• 30412 (older)\n• 30498 (newer)\n', ['30412', '30498']],
    ['a Spanish list', 'Los ID de los clientes son 30412, 30498 y 31007.', ['30412', '30498', '31007']],
    ['"through" does not reach a phone', 'Client ID 30412, reach me through 402-555-0142.', ['30412']],
    ['a retraction with "correction" and a ClientTrack ID', 'Please fix MRTN204417. Correction: it is MRTN204471.', ['MRTN204471']],
    ['"isn\'t ..., it\'s"', "Her client ID isn't 30412, it's 30421.", ['30421']],
    ['a count after the list', 'Client IDs 30412 and 30498 and 3 more in the attached file.', ['30412', '30498']],
    ['an invoice list labelled afterwards', 'INVC240981, INVC241107 and INVC241200 are the invoices in question.', []],
    ['a client beside an invoice list', 'Invoices INVC240981 and INVC241107 were both charged to client MRTN204417.', ['MRTN204417']],
    ['a voucher number with "no." in a list', 'Voucher nos. VCHR240011 and VCHR240012 were issued.', []],
    ['a client in the subject and in the body', 'MRTN204417 wrong DOB\n\nHer DOB shows 1901 on MRTN204417.', ['MRTN204417']],
    ['a client record under a subaward', 'Rent for MRTN204417 under subaward ESGS240118 did not post.', ['MRTN204417']],
  ]);

  it('leaves out a number in the subject that the body names as a grant', () => {
    expect(extractClientIds({ subject: 'New program (ESGS240118)', text: 'Funding: ESG (subaward ESGS240118)' }, rules)).toEqual([]);
    expect(extractClientIds({ subject: 'MRTN204417 wrong DOB', text: 'Her DOB shows 1901 on MRTN204417.' }, rules)).toEqual(['MRTN204417']);
  });

  readsAll([
    ['"secondary HMIS ID"', 'Primary HMIS ID,Secondary HMIS ID\n30412,30498\n', ['30412', '30498']],
    ['"Client ID 2"', 'Client ID 1,Client ID 2,Reason\n30412,30498,same SSN\n', ['30412', '30498']],
    ['an "Enrollment ID" column left out', 'Client ID,Enrollment ID\n30412,88123\n', ['30412']],
    ['a "Submission ID" column left out', 'Submission ID,Status\n30412,rejected\n', []],
  ], readCsvClientIds);
});
