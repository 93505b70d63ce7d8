// A look-alike label may reach its value through a few words or marks: a comma setting the value beside it
// ("the invoice, INVC..., is"), a short clause saying whose paper it is before a bracketed value ("the
// invoice we received (INVC...)"), or a verb of filing between the label's
// clause and the value ("our grant is billed under ESGP..."). A client named the same way still counts.
import { describe } from 'vitest';
import { readsAll } from '../support/client-id-cases.ts';

describe('client IDs: a label through a short clause', () => {
  readsAll([
    ['an invoice we received, in brackets', 'Here is the invoice we received (BLNG330917). Is the amount right?', []],
    ['a contract they sent, after a dash', 'The contract they sent - CNTR250412 - lists the wrong program.', []],
    ['an invoice set beside its value by commas', 'The invoice, BLNG330918, counts six users.', []],
    ['a client set beside its value by commas', 'The client, QWER330918, has two profiles.', ['QWER330918']],
    ['a grant billed under a value', 'Our award is billed under AWRD250033 this year.', []],
    ['a contract filed as a value', 'The county contract was filed as CNTY240871 in March.', []],
    ['a client listed under a value', 'The client is listed under MNOP204417 twice.', ['MNOP204417']],
    ['a client in brackets after a clause', 'The woman we serve (HJKL330912) has two profiles.', ['HJKL330912']],
  ]);
});
