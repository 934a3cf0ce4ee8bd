/** Finds the expected columns in a header row: any order, any case, unknown ones set aside. */
import type { ColumnSet } from '../../../domain/org/rows.js';

export interface HeaderMatch {
  /** column name → position in each record */
  index: Map<string, number>;
  missing: string[];
  /** names not used by this kind of file (ignored, with a warning) */
  unknown: string[];
  /** expected columns that appear more than once (ambiguous, so an error) */
  repeated: string[];
  width: number;
}

/** `Practice Code` and `practice_code` are the same column. */
export const normaliseColumnName = (name: string) => name.trim().toLowerCase().replace(/[\s-]+/g, '_');

export function matchHeader(fields: readonly string[], columns: ColumnSet): HeaderMatch {
  const expected = new Set([...columns.required, ...columns.optional]);
  const index = new Map<string, number>();
  const unknown: string[] = [];
  const repeated = new Set<string>();
  fields.forEach((field, position) => {
    const name = normaliseColumnName(field);
    if (!name) return; // spreadsheets often add an unnamed empty column at the end
    if (!expected.has(name)) unknown.push(field.trim());
    else if (index.has(name)) repeated.add(name);
    else index.set(name, position);
  });
  const missing = columns.required.filter((c) => !index.has(c));
  return { index, missing, unknown, repeated: [...repeated], width: fields.length };
}

/** A record's values by column name, for the columns this kind of file uses. */
export function cellsOf(fields: readonly string[], header: HeaderMatch): Record<string, string> {
  const cells: Record<string, string> = {};
  for (const [name, position] of header.index) cells[name] = fields[position] ?? '';
  return cells;
}
