import { describe, expect, it } from 'vitest';
import { extractClientIds, readCsvClientIds } from '../../src/intake/client-ids.ts';
import { loadIntakeRules } from '../../src/stage-settings.ts';

const rules = loadIntakeRules().clientIds;
const ids = (text: string, subject = '', attachmentTexts?: string[]) =>
  extractClientIds({ subject, text, ...(attachmentTexts ? { attachmentTexts } : {}) }, rules);

describe('extractClientIds', () => {
  it('upper-cases ClientTrack-style IDs and keeps first-appearance order without duplicates', () => {
    expect(ids('Please look at frnk203945, then ABCD123456 and FRNK203945 again.')).toEqual(['FRNK203945', 'ABCD123456']);
  });

  it('takes numeric IDs only when introduced as client IDs, in English and Spanish', () => {
    expect(ids('Client ID: 88102 is missing. We have 300 beds and 45012 services.')).toEqual(['88102']);
    expect(ids('Cuando subo la foto del cliente (ID del cliente 31877) no se guarda.')).toEqual(['31877']);
  });

  it('reads a list after one introducer and a number referred back to later', () => {
    expect(ids('Please merge client IDs 71503 and 71877, keep 71503.')).toEqual(['71503', '71877']);
    expect(ids('Merge client ID 15421 into client ID 15420 (keep 15420).')).toEqual(['15421', '15420']);
  });

  it('leaves out contract, ticket, vendor case, invoice, phone and date look-alikes', () => {
    const text = 'Our contract no. HOPW250031 and grant #GRNT123456 fund it. Ticket HD-29114, Bitfocus case 00481234, '
      + 'invoice 55120, call 402-555-0188, DOB 08/19/1990.';
    expect(ids(text)).toEqual([]);
  });

  it('takes IDs from a CSV column named for client IDs and nothing from other columns', () => {
    expect(readCsvClientIds('client_id,name\n50211,Ray\n50987,Raymond\n', rules)).toEqual(['50211', '50987']);
    expect(readCsvClientIds('program,clients\nLoess Hills RRH,212\n', rules)).toEqual([]);
    expect(ids('See the attached export.', '', ['Client ID;Name\n40233;Ana\n'])).toEqual(['40233']);
  });
});

describe('extractClientIds: look-alikes named earlier in the clause', () => {
  it('skips a pattern-shaped value that the clause calls an enrollment reference, contract or voucher', () => {
    expect(ids('The client ID is 58823. The enrollment reference on the print-out is ENRL240118 if that helps.')).toEqual(['58823']);
    expect(ids('The county contract on our cover sheet is CNTY240017.')).toEqual([]);
  });

  it('still takes an ID when the clause is about the client', () => {
    expect(ids('The reference for the client is ABCD123456.')).toEqual(['ABCD123456']);
  });
});

describe('look-alike IDs do not steer the classification', () => {
  it('masks a subaward or invoice number shaped like a ClientTrack ID, but keeps real client IDs visible to the rules', async () => {
    const { buildContext } = await import('../../src/intake/context.ts');
    const { classifyRequest } = await import('../../src/intake/classify.ts');
    const all = loadIntakeRules();
    const input = { subject: 'CAPER due Friday', text: 'Our ESG CAPER for "Metro ESG RRH" (10/1/2023 - 9/30/2024) is due in Sage this Friday. Our ESG subaward number is ESGS240118.', attachments: [] };
    expect(buildContext(input, all).content).not.toContain('ESGS240118');
    expect(classifyRequest(input, all).topic).toBe('hud_report_submission');
    const record = { subject: 'Wrong DOB', text: 'Client FRNK203945 shows the wrong DOB on her profile.', attachments: [] };
    expect(buildContext(record, all).content).toContain('FRNK203945');
  });
});

describe('extractClientIds: where an ID sits and how it is listed', () => {
  it('takes an ID in the body when the subject ends in a look-alike label word', () => {
    expect(ids('Hi,\n\nMs. Hawkins (HWKS218830) has an appointment tomorrow.', 'Wrong project start on her outreach enrollment')).toEqual(['HWKS218830']);
  });

  it('still leaves out a look-alike under its label on the line above', () => {
    expect(ids('Our grant number:\nGRNT123456\nplease check it.')).toEqual([]);
  });

  it('reads "merge A into B" as two client IDs', () => {
    expect(ids('pls merge client IDs 41177 into 41102. same lady')).toEqual(['41177', '41102']);
  });

  it('reads ClientTrack-shaped IDs from any CSV column not named as something else, pair by pair', () => {
    expect(readCsvClientIds('client_id,duplicate_of,keep\nPGFS300112,PGFS300871,PGFS300112\nBKLR004417,BKLR004471,BKLR004417\n', rules))
      .toEqual(['PGFS300112', 'PGFS300871', 'BKLR004417', 'BKLR004471']);
    expect(readCsvClientIds('Registro duplicado;Conservar\nMQRA118204;MQRA118240\n', rules)).toEqual(['MQRA118204', 'MQRA118240']);
    expect(readCsvClientIds('client_id,enrollment_id,grant\n50211,ENRL240118,HUDC202401\n', rules)).toEqual(['50211']);
    expect(readCsvClientIds('duplicate_of,name\n50987,Raymond\n', rules)).toEqual([]);
  });

  it('reads CSV columns whose client-ID header carries a bracketed note', () => {
    expect(readCsvClientIds('Client ID (keep),Client ID (duplicate),Last name\nLKSF100234,LKSF100871,Moreno\n', rules)).toEqual(['LKSF100234', 'LKSF100871']);
    expect(readCsvClientIds('ID del cliente (conservar);Nombre\n50872;Ana\n', rules)).toEqual(['50872']);
  });
});
