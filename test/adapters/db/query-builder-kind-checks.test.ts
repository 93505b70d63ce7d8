// drizzle asks of every value in a query whether it is a column, a table, a piece of SQL, a
// parameter...: the answer for a class and a kind is kept after the first question
// (patches/drizzle-orm+0.45.4.patch). Asked again, by instances, subclasses and foreign values
// alike, it stays what walking the classes says, and a class that is no drizzle kind is refused.
import { Column, is, Param, SQL, sql, Table } from 'drizzle-orm';
import { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import { describe, expect, it } from 'vitest';
import { inboundMessages } from '../../../src/adapters/db/schema.ts';

describe('drizzle kind checks', () => {
  const values: [string, unknown][] = [
    ['a column', inboundMessages.raw],
    ['a table', inboundMessages],
    ['a piece of SQL', sql`select 1`],
    ['a parameter', new Param(1)],
    ['bytes', Buffer.from('raw mail')],
    ['a date', new Date(0)],
    ['a plain object', { a: 1 }],
    ['an array', [1, 2]],
    ['an object without a prototype', Object.create(null) as object],
    ['an object whose prototype names no class', Object.create({ constructor: undefined }) as object],
    ['a string', 'text'],
    ['null', null],
  ];
  const kinds = { Column, PgColumn, Table, PgTable, SQL, Param } as const;
  const expected: Record<string, (keyof typeof kinds)[]> = {
    'a column': ['Column', 'PgColumn'],
    'a table': ['Table', 'PgTable'],
    'a piece of SQL': ['SQL'],
    'a parameter': ['Param'],
  };

  it.each(values)('answers each kind for %s the same the first time and every time after', (name, value) => {
    for (let round = 0; round < 3; round++) {
      const answers = Object.entries(kinds).filter(([, kind]) => {
        if (value !== null && typeof value === 'object' && Object.getPrototypeOf(value) === null) {
          // No prototype: no class to ask, as drizzle itself cannot tell (it reads the constructor).
          expect(() => is(value, kind)).toThrow(TypeError);
          return false;
        }
        return is(value, kind);
      }).map(([k]) => k);
      expect(answers).toEqual(expected[name] ?? []);
    }
  });

  it('refuses a class that is no drizzle kind, asked again as well', () => {
    class Stranger { readonly name = 'stranger'; }
    for (let round = 0; round < 2; round++) expect(() => is(inboundMessages.raw, Stranger as never)).toThrow(/doesn't look like a Drizzle entity/);
  });
});
