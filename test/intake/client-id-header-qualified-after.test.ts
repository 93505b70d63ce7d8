// A client-ID column may be qualified by a word after its name as well as before: "client_id_keep",
// "client_id_mantener", "Client ID duplicado". A header naming something else after it still does not.
import { describe, expect, it } from 'vitest';
import { extractClientIds, readCsvClientIds } from '../../src/intake/client-ids.ts';
import { loadIntakeRules } from '../../src/stage-settings.ts';

const rules = loadIntakeRules().clientIds;

describe('client IDs: column headers qualified after the introducer', () => {
  it('reads pairs under "client_id_mantener" and "client_id_duplicado"', () => {
    expect(readCsvClientIds('client_id_mantener,client_id_duplicado\n40118,40902\n51233,51307\n', rules)).toEqual(['40118', '40902', '51233', '51307']);
  });

  it('reads "client_id_keep" next to a bare number column', () => {
    expect(readCsvClientIds('row,client_id_keep,notes\n1,40118,ok\n2,51233,ok\n', rules)).toEqual(['40118', '51233']);
  });

  it('reads a table in the mail under "Client ID keep"', () => {
    const text = 'Pairs:\nClient ID keep    Client ID duplicate\n40118             40902\n';
    expect(extractClientIds({ subject: '', text }, rules)).toEqual(['40118', '40902']);
  });

  it('does not read a column whose header goes on to name something else', () => {
    expect(readCsvClientIds('client_id_keep_reason_code,phone\n40118,5550123\n', rules)).toEqual([]);
  });
});
