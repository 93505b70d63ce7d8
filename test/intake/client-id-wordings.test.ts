// Client IDs as new writers put them: case, spacing and hyphens, look-alikes labelled before or after,
// Spanish introducers, corrections, CSV columns with other names, tables in the body and HTML mail.
import { describe, expect, it } from 'vitest';
import { extractClientIds } from '../../src/intake/client-ids.ts';
import { parseMessage } from '../../src/inbound/parse.ts';
import { toIntakeInput } from '../../src/inbound/intake-input.ts';
import { loadIntakeRules } from '../../src/stage-settings.ts';

const rules = loadIntakeRules().clientIds;
const ids = (text: string, subject = '', attachmentTexts?: string[]) =>
  extractClientIds({ subject, text, ...(attachmentTexts ? { attachmentTexts } : {}) }, rules);

describe('client IDs: how the ID itself is written', () => {
  it.each([
    ['lower case', 'Can you fix the DOB for client mrtn204417? It shows 1901.', ['MRTN204417']],
    ['spaced, upper case', 'Could you merge HRTL 204417 and HRTL 204471? Keep the first one.', ['HRTL204417', 'HRTL204471']],
    ['hyphenated, upper case', 'Record GRCA-118204 has two open shelter stays.', ['GRCA118204']],
    ['spaced, lower case, after an introducer', 'client id hrtl 204417 shows the wrong household head', ['HRTL204417']],
    ['hyphenated, lower case, after "client"', 'The client (mrtn-204417) was exited by mistake.', ['MRTN204417']],
    ['in parentheses after a name', 'Maria G. (grca204417) cannot be found in search.', ['GRCA204417']],
    ['in the subject only', 'She is on the list twice, please merge.', ['DUPL204417'], 'Duplicate DUPL204417'],
  ])('%s', (_name, text, expected, subject = '') => {
    expect(ids(text, subject)).toEqual(expected);
  });
});

describe('client IDs: numbers introduced as client IDs', () => {
  it.each([
    ['"client ID number"', 'Client ID number 58823 has no entry assessment.', ['58823']],
    ['"client ID\'s" with a list', "Client ID's 40217, 40233 and 40251 all show the same DOB.", ['40217', '40233', '40251']],
    ['"client with ID"', 'We have a client with ID 58823 whose exit date vanished.', ['58823']],
    ['Spanish "número de cliente es"', 'El número de cliente es 45123 y no aparece en la lista.', ['45123']],
    ['Spanish "ID del cliente es"', 'El ID del cliente es 61408; no puede entrar al albergue.', ['61408']],
    ['"HMIS ID"', 'His HMIS ID: 77120, the intake was done Monday.', ['77120']],
  ])('%s', (_name, text, expected) => {
    expect(ids(text)).toEqual(expected);
  });
});

describe('client IDs: look-alikes in the same shape are left out', () => {
  it.each([
    ['invoice number', 'Invoice INVC204551 for our licences is attached; who approves it?', []],
    ['subaward with a hyphenated label', 'Our sub-award no. ESGS240118 funds the RRH program.', []],
    ['PO number', 'PO number PRCH204417 was sent to finance.', []],
    ['vendor ticket', 'Our Bitfocus support ticket BTFS204551 is still open after a week.', []],
    ['grant labelled after the number', 'HUDG240011 is our grant number, and the client is MRTN204417.', ['MRTN204417']],
    ['subaward named in brackets after', 'Please update the budget line for ESGS240118 (our ESG subaward).', []],
    ['spaced grant number', 'Our HUD grant GRNT 240011 pays for the position.', []],
    ['Spanish invoice', 'Adjunto la factura número FACT204417 del mes pasado.', []],
    ['Spanish grant', 'La subvención ESGS240118 vence en junio.', []],
    ['case number beside a client', 'Bitfocus case CASE204417 is about client MRTN204417.', ['MRTN204417']],
  ])('%s', (_name, text, expected) => {
    expect(ids(text)).toEqual(expected);
  });
});

describe('client IDs: corrections and other clients', () => {
  it('drops an ID the writer retracts as mistyped', () => {
    expect(ids('Client ID 40217 - sorry, I mistyped, it is 40271.')).toEqual(['40271']);
    expect(ids('Ignore the ID in my last email (HRTL204471); the right one is HRTL204417.')).toEqual(['HRTL204417']);
    expect(ids('El ID del cliente es 61408, perdón, me equivoqué: es 61480.')).toEqual(['61480']);
  });

  it('keeps both IDs of a merge or a typo in a name, which take nothing back', () => {
    expect(ids('MRTN204417 should be merged into MRTN204471, it is the same man.')).toEqual(['MRTN204417', 'MRTN204471']);
    expect(ids('There is a typo in the last name on MRTN204417; her sister MRTN204471 is fine.')).toEqual(['MRTN204417', 'MRTN204471']);
  });

  it('keeps another client named beside the one to fix', () => {
    expect(ids('Please fix MRTN204417 (not MRTN204471, that one is her son and is fine).')).toEqual(['MRTN204417', 'MRTN204471']);
  });
});

describe('client IDs: forwarded and quoted text', () => {
  it('reads IDs in a forwarded message the sender asks about', () => {
    const text = 'Can you help with the one below?\n\n---------- Forwarded message ---------\nFrom: Case Manager\n\nClient ID: 88102 is missing her enrollment.';
    expect(ids(text)).toEqual(['88102']);
  });

  it('reads IDs in quoted history', () => {
    expect(ids('Still the same today.\n\nOn Mon, Jan 6 the help desk wrote:\n> Which record? Client ID: 88102 or 88120?')).toEqual(['88102', '88120']);
  });
});

describe('client IDs: attachments and tables', () => {
  it.each([
    ['"HMIS ID" column', 'HMIS ID,Last name\n50211,Ray\n50987,Raymond\n', ['50211', '50987']],
    ['"Client #" column', 'Client #;Program\n40233;RRH\n', ['40233']],
    ['an ID inside a notes column', 'name,notes\nAna,possible duplicate of PGFS300871\n', ['PGFS300871']],
    ['an invoice column left out', 'Invoice #,Amount\nINVC204551,1200\n', []],
  ])('CSV with %s', (_name, csv, expected) => {
    expect(ids('See the attached file.', '', [csv])).toEqual(expected);
  });

  it('reads a client-ID column of a table in the body', () => {
    expect(ids('Here they are:\n\nName\tClient ID\nAna\t40233\nAna M\t40871\n\nThanks')).toEqual(['40233', '40871']);
    expect(ids('| Client ID | Name |\n|---|---|\n| 40233 | Ana |\n| 40871 | Ana M |')).toEqual(['40233', '40871']);
  });

  it('reads a client-ID column of an HTML-only mail table', async () => {
    const html = '<p>Please merge these two:</p><table><tr><th>Name</th><th>Client ID</th></tr>'
      + '<tr><td>Ana</td><td>40233</td></tr><tr><td>Ana M</td><td>40871</td></tr></table><p>Keep the first.</p>';
    const raw = ['From: Case Manager <cm@example.org>', 'To: help@example.net', 'Subject: merge', 'MIME-Version: 1.0',
      'Content-Type: text/html; charset=utf-8', '', html, ''].join('\r\n');
    const input = toIntakeInput(await parseMessage(Buffer.from(raw)));
    expect(extractClientIds(input, rules)).toEqual(['40233', '40871']);
  });
});

describe('client IDs: an introducer in brackets', () => {
  it('reads "a client (ID 66120)" as a client ID', () => {
    expect(ids('When I upload a PDF to the Files tab of a client (ID 66120), I get an error.')).toEqual(['66120']);
    expect(ids('El cliente (ID 24418) no aparece.')).toEqual(['24418']);
  });
});

describe('client IDs: lists and labels written other ways', () => {
  it.each([
    ['a note after each listed number', 'Client ID 40217 (keep) and 40233 (dup) are the same woman.', ['40217', '40233']],
    ['one number per line', 'Client IDs:\n40217\n40233\n\nThanks', ['40217', '40233']],
    ['a bulleted list', 'Client IDs:\n- 40217 (keep)\n- 40233\nKeep the first.', ['40217', '40233']],
    ['a line after the list is not an item', 'Client ID: 40217\n2024 was the year she enrolled.', ['40217']],
    ['"client_id=" as in a form export', 'client_id=40217 shows twice', ['40217']],
    ['"Cliente:" before a number', 'Cliente: 40217, no aparece su inscripción.', ['40217']],
    ['records to merge', 'Please merge records 40217 and 40233, keep the older one.', ['40217', '40233']],
    ['duplicate IDs', 'Duplicate IDs 40217 / 40233, same DOB.', ['40217', '40233']],
    ['a plain count is not an ID', 'We have 300 records and 45 clients in that program.', []],
  ])('%s', (_name, text, expected) => {
    expect(ids(text)).toEqual(expected);
  });
});
