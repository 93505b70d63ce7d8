// A value opening a row under a table row, or under the previous item of a list written one value per
// line, is read on its own line: the words above describe their own column ("PHA voucher #") or item
// ("has his disability docs"), not the value below them. A value under a table column whose header names
// a look-alike ("Grant", "Invoice") is that thing's number.
import { describe } from 'vitest';
import { readsAll } from '../support/client-id-cases.ts';

describe('client IDs: rows under a table header or a list item', () => {
  readsAll([
    ['a table whose last column names vouchers', 'Keep        | Merge into keep | PHA voucher #\nQRST208810  | QRST209115      | EHV-24-0318\nQRST208834  | QRST209122      | EHV-24-0322', ['QRST208810', 'QRST209115', 'QRST208834', 'QRST209122']],
    ['a tab table whose last column names a case', 'Client\tCase #\nQRST208810\tC-1182\nQRST208834\tC-1190', ['QRST208810', 'QRST208834']],
    ['a list whose first item ends in a label word', 'Two profiles:\n\nJKLM482910 - the older one, has his income and disability docs\nJKLM482190 - created at the front desk on 1/6', ['JKLM482910', 'JKLM482190']],
    ['a bulleted list whose first item ends in a label word', '- JKLM482910 keep, it has the invoice\n- JKLM482190', ['JKLM482910', 'JKLM482190']],
    ['a wrapped sentence that opens with a year keeps its label', '... will close on September 30,\n2025 (state grant STGR220418) and move the beds (state grant\nSTGR240913).', []],
  ]);
});

describe('client IDs: a table column named as another thing', () => {
  readsAll([
    ['a grant column', '| Name | Client ID | Grant |\n|---|---|---|\n| J. Doe | ABCD123456 | ESGS240118 |', ['ABCD123456']],
    ['an invoice column spaced out', 'Client        Invoice\nABCD123456    INVC204417\nABCD123457    INVC204418', ['ABCD123456', 'ABCD123457']],
  ]);
});
