// Client IDs of the other household members listed after a client ID, a person's number "in the system",
// and an ID corrected straight after an apology ("33105 - sorry, 33015").
import { describe, expect, it } from 'vitest';
import { extractClientIds } from '../../src/intake/client-ids.ts';
import { loadIntakeRules } from '../../src/stage-settings.ts';

const rules = loadIntakeRules().clientIds;
const ids = (text: string) => extractClientIds({ subject: '', text }, rules);

describe('client IDs: household members listed after a client ID', () => {
  it.each([
    ['a son', 'Mom is client ID 66301 and her son is 66318. He is missing from her Household tab.', ['66301', '66318']],
    ['kids in a list', 'A family at Riverside: mom is client ID 77302, kids are 77303 and 77305.', ['77302', '77303', '77305']],
    ['Spanish', 'La mama es ID del cliente 66301 y su hijo es 66318.', ['66301', '66318']],
    ['not a balance', 'Client ID 40217 and the balance is 45000 on the ledger.', ['40217']],
    ['not a staff member', 'Client ID 40217 and the caseworker is 45012 in payroll.', ['40217']],
  ])('%s', (_name, text, expected) => {
    expect(ids(text)).toEqual(expected);
  });
});

describe('client IDs: a person\'s number in the system', () => {
  it.each([
    ['English', 'One of my RRH clients. Her number in the system is 47026. Her enrollment is gone.', ['47026']],
    ['Spanish, client number in Clarity', 'Su numero de cliente en Clarity es 38820. No aparece en la busqueda.', ['38820']],
    ['Spanish, number in Clarity', 'Su número en Clarity es 38820.', ['38820']],
    ['a number with no system named', 'Her number is 4025550121 if you need to call.', []],
  ])('%s', (_name, text, expected) => {
    expect(ids(text)).toEqual(expected);
  });
});

describe('client IDs: a correction right after an apology', () => {
  it.each([
    ['"sorry,"', 'The annual assessment for client ID 33105 - sorry, 33015, I always flip those - shows an error.', ['33015']],
    ['"perdon"', 'El ID del cliente es 33105, perdón, 33015.', ['33015']],
    ['an apology for something else', 'Client ID 33105 is locked, sorry for the delay. Client ID 33015 too.', ['33105', '33015']],
  ])('%s', (_name, text, expected) => {
    expect(ids(text)).toEqual(expected);
  });
});
