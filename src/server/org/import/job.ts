/** What each kind of file plugs into the shared import pipeline (import-file.ts). */
import { sql, type RawBuilder } from 'kysely';
import type { Tx } from '../../../db/database.js';
import type { CellError, Cells, ColumnSet, RowResult } from '../../../domain/org/rows.js';
import type { ErrorDetail } from '../../http/errors.js';

export interface Counts { inserted: number; updated: number; unchanged: number }

export interface ImportJob<T> {
  columns: ColumnSet;
  /** Singular noun for messages: "practice". */
  noun: string;
  parseRow(cells: Cells): RowResult<T>;
  /** The natural key: two rows with the same key are a duplicate. */
  key(row: T): string;
  /** The column to blame for a duplicate (none when the key spans several columns). */
  keyColumn?: string;
  describeKey(row: T): string;
  /** Remembers which row each key was first seen in; defaults to a Map of `key(row)`. */
  createIndex?(): RowIndex<T>;
  /** Checks that need other rows or the database; runs on rows whose cells are valid. */
  check(row: T, rowNumber: number): CellError[];
  /**
   * Checks that need the whole file, run once after the last row when every row was clean (e.g.
   * weights.csv must cover every band of each service line it names); any problem refuses the file.
   */
  checkAll?(): ErrorDetail[];
  /** Runs once in the storing transaction before any rows; returns notes for the report. */
  prepare?(tx: Tx): Promise<string[]>;
  /** Stores a batch; `runId` is the import_run the rows belong to. */
  store(tx: Tx, rows: T[], runId: number): Promise<Counts>;
  /** Runs once after the last batch, in the same transaction: totals and follow-on work (challenges). */
  finish?(tx: Tx, runId: number): Promise<{ summary: Record<string, number>; warnings: string[] }>;
  /** Present only for kinds that may set bad rows aside (ImportOptions.quarantine). */
  quarantine?: {
    /** the cells as they may be kept (e.g. the NHS number replaced by its pseudonym) */
    keep(cells: Readonly<Record<string, string>>): Record<string, string>;
    store(tx: Tx, runId: number, rows: QuarantinedRow[]): Promise<void>;
  };
}

export interface QuarantinedRow { row: number; cells: Record<string, string>; errors: { column?: string; value?: string; message: string }[] }

/** Finds duplicate keys within one file. */
export interface RowIndex<T> {
  /** The row number where this row's key was first seen, if it was. */
  firstRow(row: T): number | undefined;
  remember(row: T, rowNumber: number): void;
}

export function keyIndex<T>(key: (row: T) => string): RowIndex<T> {
  const seen = new Map<string, number>();
  return { firstRow: (row) => seen.get(key(row)), remember: (row, n) => void seen.set(key(row), n) };
}

/**
 * Runs `insert … on conflict do update … where (stored) is distinct from (excluded) returning
 * (xmax = 0)` and counts: xmax is 0 on a freshly inserted row, and rows whose values did not
 * change are not updated at all, so they are the batch's remainder.
 */
export async function countUpserts(tx: Tx, upsert: RawBuilder<unknown>, batchSize: number): Promise<Counts> {
  const result = await sql<{ inserted: number; updated: number }>`
    with upserted as (${upsert} returning (xmax = 0) as inserted)
    select (count(*) filter (where inserted))::int as inserted, (count(*) filter (where not inserted))::int as updated from upserted`.execute(tx);
  const { inserted, updated } = result.rows[0]!;
  return { inserted, updated, unchanged: batchSize - inserted - updated };
}
