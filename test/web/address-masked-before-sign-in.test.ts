// Before anyone signs in, a link's page names its person by the first character of the address and
// its domain: its owner recognises it, whoever else holds the link learns little.
import { expect, it } from 'vitest';
import { maskAddress } from '../../src/web/masked-address.ts';

it.each([
  ['june@agency.example', 'j***@agency.example'],
  ['j@agency.example', 'j***@agency.example'],
  ['Émile.Zola@example.org', 'É***@example.org'],
  ['😀smile@example.org', '😀***@example.org'],
  ['odd@local@example.org', 'o***@example.org'],
  ['@example.org', '***'],
  ['no-address', '***'],
])('shows %s as %s', (email, shown) => {
  expect(maskAddress(email)).toBe(shown);
});
