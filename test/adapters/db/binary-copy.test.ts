// The one field of a one-row binary COPY, read from bytes written here by hand in PostgreSQL's
// documented layout (signature, flags, header extension, tuples, trailer).
import { describe, expect, it } from 'vitest';
import { BinaryCopyError, singleFieldOfBinaryCopy } from '../../../src/adapters/db/binary-copy.ts';

const SIGNATURE = Buffer.from('PGCOPY\n\xff\r\n\0', 'latin1');
const int16 = (n: number) => { const b = Buffer.alloc(2); b.writeInt16BE(n); return b; };
const int32 = (n: number) => { const b = Buffer.alloc(4); b.writeInt32BE(n); return b; };
const header = (extension = Buffer.alloc(0)) => Buffer.concat([SIGNATURE, int32(0), int32(extension.length), extension]);
const tuple = (...fields: (Buffer | null)[]) => Buffer.concat([int16(fields.length), ...fields.flatMap((f) => (f ? [int32(f.length), f] : [int32(-1)]))]);
const TRAILER = int16(-1);

describe('singleFieldOfBinaryCopy', () => {
  it('returns the field of one row with one field, bytes as they are', () => {
    const field = Buffer.from([0, 1, 2, 0xff, 0x0d, 0x0a, 0]);
    expect(singleFieldOfBinaryCopy(Buffer.concat([header(), tuple(field), TRAILER]))).toEqual(field);
  });

  it('skips a header extension and returns an empty field as empty', () => {
    expect(singleFieldOfBinaryCopy(Buffer.concat([header(Buffer.from('future')), tuple(Buffer.alloc(0)), TRAILER]))).toEqual(Buffer.alloc(0));
  });

  it('returns null when the COPY holds no row', () => {
    expect(singleFieldOfBinaryCopy(Buffer.concat([header(), TRAILER]))).toBeNull();
  });

  it.each([
    ['text, not a binary COPY', Buffer.from('\\\\x68656c6c6f\n')],
    ['a row of two fields', Buffer.concat([header(), tuple(Buffer.from('a'), Buffer.from('b')), TRAILER])],
    ['a null field', Buffer.concat([header(), tuple(null), TRAILER])],
    ['two rows', Buffer.concat([header(), tuple(Buffer.from('a')), tuple(Buffer.from('b')), TRAILER])],
    ['a field cut short', Buffer.concat([header(), tuple(Buffer.from('abcdef'))]).subarray(0, -2)],
  ])('refuses %s', (_name, bytes) => {
    expect(() => singleFieldOfBinaryCopy(bytes)).toThrow(BinaryCopyError);
  });
});
