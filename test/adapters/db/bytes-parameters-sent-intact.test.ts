// Raw mail goes to PostgreSQL as bytea parameters in binary format, built into the driver's Bind
// message in one piece with the Execute that follows it (patches/postgres+3.4.9.patch). Whatever
// stands around the bytes (text before and after, nulls, several large values, a cursor's
// Execute, statements sent together, a statement prepared again), the server receives every
// parameter as it was sent.
import { createHash, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { useScratchDatabase } from '../../support/harness.ts';

const md5 = (b: Buffer) => createHash('md5').update(b).digest('hex');

describe('bytes parameters', () => {
  const scratch = useScratchDatabase();

  it.each([
    ['prepared', true],
    ['unnamed', false],
  ])('arrive intact with text and nulls around them (%s statement, repeated)', async (_name, prepare) => {
    const big = randomBytes(3 * 1024 * 1024 + 17);
    const small = randomBytes(10);
    for (let round = 0; round < 3; round++) {
      const [row] = await scratch.sql.unsafe<{ before: string; bigMd5: string; bigLength: number; none: string | null; smallHex: string; after: string }[]>(
        'select $1::text as before, md5($2::bytea) as "bigMd5", length($2::bytea) as "bigLength", $3::text as none, encode($4::bytea, \'hex\') as "smallHex", $5::text as after',
        [`héllo ${round}`, big, null, small, 'wörld'], { prepare },
      );
      expect(row).toEqual({ before: `héllo ${round}`, bigMd5: md5(big), bigLength: big.length, none: null, smallHex: small.toString('hex'), after: 'wörld' });
    }
  });

  it('arrive intact as many rows of one insert, among text of many lengths and nulls', async () => {
    await scratch.sql`create table if not exists blobs (n int primary key, raw bytea not null, note text)`;
    const raws = Array.from({ length: 12 }, (_, i) => randomBytes(1000 * 4 ** (i % 6) + i));
    // Text of several kilobytes, some of it two or three bytes a character, and a null: the message is sized for them too.
    const notes = raws.map((_, i) => (i === 5 ? null : `${'ü€'.repeat(300 * i)}#${i}`));
    const placeholders = raws.map((_, i) => `($${3 * i + 1}::int, $${3 * i + 2}::bytea, $${3 * i + 3}::text)`).join(', ');
    await scratch.sql.unsafe(`insert into blobs (n, raw, note) values ${placeholders}`, raws.flatMap((raw, i) => [i, raw, notes[i] ?? null]));
    const rows = await scratch.sql<{ n: number; h: string; note: string | null }[]>`select n, md5(raw) as h, note from blobs order by n`;
    expect(rows.map((r) => r.h)).toEqual(raws.map(md5));
    expect(rows.map((r) => r.note)).toEqual(notes);
  });

  it('arrive intact when many statements are sent together and some of them fail', async () => {
    // One connection: a statement it has prepared is sent along with the ones before it, not alone.
    const connection = await scratch.sql.reserve();
    const check = (raw: Buffer, n: number | string) => connection.unsafe<{ h: string; n: number }[]>('select md5($1::bytea) as h, $2::int as n', [raw, n], { prepare: true });
    await check(Buffer.from('prepare first'), 0);
    const raws = Array.from({ length: 24 }, (_, i) => randomBytes(7919 * i + 1));
    // Every fifth statement is refused at Bind (not a number): the statements after it still get their own bytes.
    const settled = await Promise.allSettled(raws.map((raw, i) => check(raw, i % 5 === 3 ? 'not a number' : i)));
    connection.release();
    expect(settled.map((s, i) => (s.status === 'fulfilled' ? s.value[0]!.h === md5(raws[i]!) && s.value[0]!.n === i : (s.reason as { code?: string }).code)))
      .toEqual(raws.map((_, i) => (i % 5 === 3 ? '22P02' : true)));
  });

  it('arrive intact when the server no longer knows the prepared statement and it is prepared again', async () => {
    const connection = await scratch.sql.reserve();
    await connection`create table if not exists kept (n int primary key, raw bytea not null, note text)`;
    const store = (n: number, raw: Buffer) => connection.unsafe<{ n: number; raw: Buffer; note: string }[]>(
      'insert into kept (n, raw, note) values ($1, $2, $3) returning *', [n, raw, `nötë ${n}`], { prepare: true });
    const first = randomBytes(50_000);
    expect((await store(1, first))[0]!.raw.equals(first)).toBe(true);
    // A new column changes the statement's result: the server refuses the cached plan and the driver
    // binds the same parameters again, which it has already written once.
    await connection`alter table kept add column extra int`;
    const second = randomBytes(50_000);
    const [row] = await store(2, second);
    connection.release();
    expect(md5(row!.raw)).toBe(md5(second));
    expect(row!.note).toBe('nötë 2');
  });

  it('are followed by a cursor\'s Execute that still reads the rows in batches', async () => {
    const big = randomBytes(200_000);
    const batches: number[] = [];
    await scratch.sql.begin(async (tx) => {
      await tx`select g, md5(${big}::bytea) as h from generate_series(1, 5) g`.cursor(2, (rows) => {
        batches.push(rows.length);
        for (const r of rows) expect(r.h).toBe(md5(big));
      });
    });
    expect(batches).toEqual([2, 2, 1]);
  });
});
