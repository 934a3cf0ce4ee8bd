/**
 * What every field validator returns: the clean value, or a message saying what is wrong.
 * Messages are predicates about the cell ("must be …") so callers can prefix row and column.
 */
export type Parsed<T> = { ok: true; value: T } | { ok: false; message: string };

export const ok = <T>(value: T): Parsed<T> => ({ ok: true, value });
export const fail = (message: string): { ok: false; message: string } => ({ ok: false, message });
