// How writers go on after the first client ID: a hedge before the next number ("and maybe 71229"),
// the introducer said again ("ID 80115 and ID 80998", a bare "ID" after a colon), a slash between
// IDs, a household member named without a verb ("and her daughter 40218"), the record a merge
// goes into or a duplicate copies ("merge it into 50812", "a dup of 40218"). A phone number written
// after IDs of another length ends the list; a year after "merged into" is no record. A CSV export may
// open with a title and a run date above its header.
import { describe } from 'vitest';
import { readCsvClientIds } from '../../src/intake/client-ids.ts';
import { loadIntakeRules } from '../../src/stage-settings.ts';
import { readsAll } from '../support/client-id-cases.ts';

const rules = loadIntakeRules().clientIds;
const idsOfCsv = (csv: string) => readCsvClientIds(csv, rules);

describe('client IDs: lists that hedge or repeat their introducer', () => {
  readsAll([
    ['a hedge before the last number', 'Same man three times: client IDs\n61220 and 61292, and maybe 61229 (DOB off by a day).', ['61220', '61292', '61229']],
    ['"possibly" after a comma', 'Client IDs 61220, 61292, possibly 61229.', ['61220', '61292', '61229']],
    ['a bare ID after a colon, said again', 'Another dup for a guy at outreach: ID 80115 and ID 80998. Keep whichever has his contacts.', ['80115', '80998']],
    ['"client ID" said again', 'Client ID 80115 and client ID 80998 are the same woman.', ['80115', '80998']],
    ['a phone number after an ID', 'Client ID 40217, 4025550133 is her cell.', ['40217']],
    ['a local phone number after an ID', 'Client ID 40217, 5550133 if you need her.', ['40217']],
    ['IDs split by a slash', 'client IDs 40217/40218 are the same lady', ['40217', '40218']],
    ['a household member without a verb', 'Client ID 40217 and her daughter 40218 share the unit.', ['40217', '40218']],
    ['a household member in Spanish', 'El ID del cliente es 40217 y el de su hija es 40218.', ['40217', '40218']],
    ['"no" before the number', 'client id no 40217 wrong dob', ['40217']],
    ['"HMIS#" written together', 'HMIS# 40217 shows the wrong DOB.', ['40217']],
    ['"Client-ID" with a hyphen', 'Client-ID 40217 shows the wrong org.', ['40217']],
  ]);
});

describe('client IDs: the record a merge goes into', () => {
  readsAll([
    ['"merge it into"', 'A third profile for him: client ID 50991. Please merge it into 50812 as well (50812 stays).', ['50991', '50812']],
    ['"merge them into"', 'Client IDs 50991 and 50992 are the same man; please merge them into 50812.', ['50991', '50992', '50812']],
    ['"a dup of"', 'Client ID 40217 is a dup of 40218 - please merge.', ['40217', '40218']],
    ['a year is no record', 'Client ID 40217 was merged into 2024 data by mistake.', ['40217']],
  ]);
});

describe('client IDs: CSV headers', () => {
  readsAll([
    ['camel case "PersonalID"', 'PersonalID,FirstName\n40217,Ana\n40218,Ana\n', ['40217', '40218']],
    ['a record word\'s IDs', 'Duplicate IDs,Keep\n40217,yes\n40218,\n', ['40217', '40218']],
    ['camel case naming something else', 'EnrollmentID,ProjectID\n40217,1187\n', []],
    ['a title and a run date above the header', 'Report: Duplicates,,\nRun date: 1/2/2025,,\nClient ID,Name,DOB\n40217,Ana,1/2/1980\n40218,Ana,1/2/1980\n', ['40217', '40218']],
  ], idsOfCsv);
});
