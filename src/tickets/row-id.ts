// Whether a number from outside (an address, a command line) can name a row at all: our ids are
// serials, 1 to 2^31 - 1. Anything else names no row, and is never sent to PostgreSQL, which
// would refuse it (22003, out of range for type integer) as an error. Pure: the reply-address
// reader (reply-address.ts) and the adapters at the edges ask the same question.

/** The largest value a serial (integer) column holds. */
export const MAX_ROW_ID = 2_147_483_647;

export const isRowId = (id: number): boolean => Number.isInteger(id) && id > 0 && id <= MAX_ROW_ID;
