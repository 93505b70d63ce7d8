// A ClientTrack-shaped value named as some other thing's number, code or ID ("agreement number",
// "site code ... is", "HUD project ID", "vendor ID with Bitfocus:") is that thing's, whatever the noun;
// a client or record word, or a word that only qualifies the ID ("her", "the right", "new"), keeps it a
// client ID. After a value, the writer's own number ("is our supplier number") is that thing's, while "the
// older ID" or "her HoH number" still qualify a client's. A file named by a value the text sets aside
// ("ICAL250117.pdf") names that value's document.
import { describe, expect, it } from 'vitest';
import { extractClientIds } from '../../src/intake/client-ids.ts';
import { loadIntakeRules } from '../../src/stage-settings.ts';
import { readsAll } from '../support/client-id-cases.ts';

const rules = loadIntakeRules().clientIds;
const ids = (text: string, subject = '', filenames: string[] = []) =>
  extractClientIds({ subject, text, attachments: filenames.map((filename) => ({ filename })) }, rules);

describe('client IDs: values named as another thing\'s number', () => {
  readsAll([
    ['an agreement number', 'The board signed the participation agreement (agreement number PTAG240301) last week.', []],
    ['a site code with words before "is"', 'Our site code on the tally sheets is SITE250129 if that helps.', []],
    ['a HUD project ID', 'HUD project ID NEPR240118 needs its APR rerun before Friday.', []],
    ['a licence key', 'The license key is LICK204417, can you activate it?', []],
    ['a tracking number', 'Tracking number TRCK204417 is for the forms we mailed.', []],
    ['a label with words before a colon', 'Our vendor ID with Bitfocus: BTFS204551', []],
    ['another thing\'s number beside a client', 'Our HUD project ID is NEPR240118 and the client is MRTN204417.', ['MRTN204417']],
    ['a participant ID', 'The participant ID is PART204417; her DOB is wrong.', ['PART204417']],
    ['the correct ID', 'Sorry, the correct ID is MRTN204471.', ['MRTN204471']],
    ['his new number', 'His new number is MRTN204471 after the merge.', ['MRTN204471']],
    ['a mother\'s ID', 'Mom\'s ID is MRTN204417 and she heads the household.', ['MRTN204417']],
    ['a Medicaid number before a client ID', 'Her Medicaid number is NEMD448201 and her client ID is MRTN204417.', ['MRTN204417']],
  ]);
});

describe('client IDs: the writer\'s own number named after the value', () => {
  readsAll([
    ['"is our supplier number"', 'SPLR204411 is our supplier number with you, per the invoice.', []],
    ['"(our payee ID)"', 'Please make the check out to PAYE204411 (our payee ID).', []],
    ['Spanish "es nuestro numero de"', 'ESGS240118 es nuestro número de subvención.', []],
    ['Spanish "es su numero de cliente" stays a client ID', 'MRTN204417 es el número de cliente de ella.', ['MRTN204417']],
    ['"our client number" stays a client ID', 'MRTN204417 is our client number for her.', ['MRTN204417']],
    ['"the older ID" stays a client ID', 'Keep MRTN204417, the older ID.', ['MRTN204417']],
    ['"the current ID" stays a client ID', 'MRTN204417 is the current ID after the merge.', ['MRTN204417']],
    ['"her HoH number" stays a client ID', 'MRTN204417 is her HoH number.', ['MRTN204417']],
  ]);
});

describe('client IDs: attachment names', () => {
  it('leaves out a file named by a value the text names as an invoice', () => {
    expect(ids('We received invoice INVL250117 (attached) for 12 licences.', 'Invoice INVL250117', ['INVL250117.pdf'])).toEqual([]);
  });

  it('still reads a file named by a client the text does not mention', () => {
    expect(ids('Signed release attached.', 'Release', ['MRTN204417 release.pdf'])).toEqual(['MRTN204417']);
  });
});

describe('client IDs: how a label meets its value', () => {
  readsAll([
    ['a paper\'s label before a bracket', 'Our new grant (ESGR250114) starts 1/1.', []],
    ['a paper\'s label before a dash', 'Contract - CNTR240009 was signed last week.', []],
    ['a reference word before a bracket still names the client\'s record', 'Can\'t open Jo\'s enrollment (KLMN482915), the tab is blank.', ['KLMN482915']],
    ['"inv" for invoice', 'Inv# ICAL250117 bills 12 licences; we have 10.', []],
    ['a label after a value that brings its own value', 'MRTN204417 (invoice INVC204417 is separate) has the wrong DOB.', ['MRTN204417']],
    ['a year after a label is not its own value', 'Please update HUDG240011 (grant 2024-25) in the budget.', []],
  ]);
});
