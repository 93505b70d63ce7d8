// A look-alike label names a value only when the words between them run up to the value itself: a
// label closing an earlier line ("the voucher check fails:") says nothing about IDs on the next line
// after other words, while a label wrapped onto the line before ("grant\n(ESGS240118)", "contract
// number\nis PRLT250301") still names the value it reaches. "Subgrant" is a grant.
import { describe } from 'vitest';
import { readsAll } from '../support/client-id-cases.ts';

describe('client IDs: a label reaches its value', () => {
  readsAll([
    ['a label with a colon closing the line before an introducer', 'Our invoice review found this:\nclient IDs WXYZ301122 and WXYZ301187 are one man.', ['WXYZ301122', 'WXYZ301187']],
    ['a reference word with a colon closing an earlier line', 'Our claim was denied:\nthe profile LMNO204417 is on hold.', ['LMNO204417']],
    ['a bracketed paper wrapped after its label', 'Funded by the county housing grant\n(HSGR240056) since July.', []],
    ['a label and "is" wrapped over two lines', 'Our internal contract number\nis CNTR250301 for the new program.', []],
    ['a label on the line above its value', 'Grant number:\nGRNT240118', []],
    ['a subgrant in brackets', 'It is funded by our state subgrant (STSG250044).', []],
    ['a subgrant before its value', 'Please bill subgrant STSG250044 for the new beds.', []],
    ['a hyphenated sub-grant', 'Sub-grant STSG250044 starts in July.', []],
    ['a client ID beside a subgrant', 'Client PQRS204417 is served under subgrant STSG250044.', ['PQRS204417']],
  ]);
});
