// PostgreSQL's binary COPY format, read for one row of one bytea column: how raw mail comes back
// as bytes rather than as text (the driver reads every query result as text, a bytea as hex
// twice its size). Pure: the bytes of one COPY ... TO STDOUT (FORMAT binary) in, the field out.

const SIGNATURE = Buffer.from('PGCOPY\n\xff\r\n\0', 'latin1');

/** Thrown when the bytes are not one binary COPY of one row with one non-null field. */
export class BinaryCopyError extends Error {
  constructor(message: string) {
    super(`binary COPY: ${message}`);
    this.name = 'BinaryCopyError';
  }
}

/**
 * The single field of the single row of a binary COPY (header, one tuple, trailer), as a view of
 * `copy` (no copy is made). Null when the COPY holds no row.
 */
export function singleFieldOfBinaryCopy(copy: Buffer): Buffer | null {
  if (copy.length < SIGNATURE.length + 8 || !copy.subarray(0, SIGNATURE.length).equals(SIGNATURE)) throw new BinaryCopyError('no binary COPY signature');
  let at = SIGNATURE.length + 4; // the flags field
  const extension = copy.readUInt32BE(at);
  at += 4 + extension;
  if (copy.length < at + 2) throw new BinaryCopyError('cut short after the header');
  const fields = copy.readInt16BE(at);
  at += 2;
  if (fields === -1) return null; // the trailer at once: no row
  if (fields !== 1) throw new BinaryCopyError(`a row of ${fields} fields, expected 1`);
  if (copy.length < at + 4) throw new BinaryCopyError('cut short in the field length');
  const length = copy.readInt32BE(at);
  at += 4;
  if (length < 0) throw new BinaryCopyError('a null field');
  if (copy.length < at + length + 2) throw new BinaryCopyError('cut short in the field');
  const field = copy.subarray(at, at + length);
  if (copy.readInt16BE(at + length) !== -1) throw new BinaryCopyError('more than one row');
  return field;
}
