// A merge request lists its records without the words "client ID": a table whose columns name the side each
// record takes ("Keep", "Duplicate to merge", "Surviving record"), or numbered pairs ("Pair 1: A / B"). Those
// numbers are the client IDs; a table's dates, phone numbers, counts and grant numbers are not, nor is a table
// that says nothing of merging. A CSV file of merges is read as such a table.
import { describe } from 'vitest';
import { readCsvClientIds } from '../../src/intake/client-ids.ts';
import { loadIntakeRules } from '../../src/stage-settings.ts';
import { readsAll } from '../support/client-id-cases.ts';

const rules = loadIntakeRules().clientIds;
const idsOfCsv = (csv: string): string[] => readCsvClientIds(csv, rules);

const table = (header: string, ...rows: string[]): string =>
  ['Please merge the records below.', '', header, '|---|---|---|', ...rows, '', 'Thanks!'].join('\n');

describe('client IDs: a merge request\'s table named for the sides of each merge', () => {
  readsAll([
    ['"Keep" and "Duplicate to merge" columns', table('| Keep (right record) | Duplicate to merge | Why |', '| 73120 | 73488 | same birth date |', '| 80211 | 80942 | typo in the name |'),
      ['73120', '73488', '80211', '80942']],
    ['"Surviving record" and "Merge into it"', table('| Surviving record | Merge into it | Note |', '| 51007 | 51320 | outreach made it twice |'), ['51007', '51320']],
    ['Spanish columns', table('| Mantener | Duplicado | Nota |', '| 62015 | 62904 | mismo nombre |'), ['62015', '62904']],
    ['a phone, a date and a grant column left out',
      table('| Keep | Duplicate | Duplicate record phone | Date merged | Grant of kept record |', '| 73120 | 73488 | 4025550199 | 20250106 | 240118 |'),
      ['73120', '73488']],
    ['a count under a merge column is no ID', table('| Program | Duplicate | Keep |', '| Night Shelter | 12 | 3 |'), []],
    ['a table that says nothing of merging', table('| Record | Beds | Notes |', '| 40233 | 40871 | two rooms |'), []],
  ]);
});

describe('client IDs: a CSV file named for the sides of each merge', () => {
  readsAll([
    ['"keep" and "merge" columns, row by row', 'keep,merge,reason\n73120,73488,same birth date\n80211,80942,typo', ['73120', '73488', '80211', '80942']],
    ['a date column beside the sides left out', 'Surviving record;Duplicate;Date created\n51007;51320;20250106', ['51007', '51320']],
    ['a count under a merge column is no ID', 'program,duplicates,kept\nNight Shelter,12,3', []],
    ['a file that says nothing of merging', 'record,beds\n40233,40871', []],
  ], idsOfCsv);
});

describe('client IDs: numbered pairs of records', () => {
  readsAll([
    ['pairs split by a slash', 'Could you merge these?\nPair 1: 20931 / 20977\nPair 2: 31408 / 31490', ['20931', '20977', '31408', '31490']],
    ['a Spanish pair', 'Favor de fusionar.\nPar 1: 44120 y 44871', ['44120', '44871']],
    ['a pair of something else', 'We need a pair of 2 chairs and a phone line 555-0199.', []],
  ]);
});
