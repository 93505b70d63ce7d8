// A value inside a web address is part of the address (an article's or a page's name), not a client the
// writer refers to; the same value written in the sentence itself still counts, and so does a value in an
// address that opens a client's record.
import { describe } from 'vitest';
import { readsAll } from '../support/client-id-cases.ts';

describe('client IDs: a web address names a page', () => {
  readsAll([
    ['an article link in brackets', 'I followed the guide (https://docs.example.net/guides/bkmr310245) and the export still fails.', []],
    ['a link without its scheme', 'See www.example.org/kb/TRNG204418 for the steps we used.', []],
    ['a link beside a client ID', 'Client WXYZ558120 cannot be found; the help page https://help.example.com/a/srch204417 did not help.', ['WXYZ558120']],
    ['a host and path without a scheme', 'The steps at support.example.net/howto/expt550913 did not work.', []],
    ['a link to a client record', 'Opening https://crm.example.org/client/DFGR302214/history shows an error.', ['DFGR302214']],
    ['a link with a client ID parameter', 'This link fails: https://crm.example.org/view?ClientID=HJKT302215', ['HJKT302215']],
    ['the same value in the sentence and a link', 'Record QRST402281 is locked, see https://example.org/record/QRST402281 for the screen.', ['QRST402281']],
  ]);
});
