/**
 * The contract of the CSV imports (practices.csv, providers.csv, population.csv, tariff.csv,
 * activity.csv), shared by the web upload, the CLI and the demo loader.
 */
import type { ErrorDetail } from '../../http/errors.js';

export const IMPORT_KINDS = ['practices', 'providers', 'population', 'tariff', 'activity', 'weights', 'spend'] as const;
export type ImportKind = (typeof IMPORT_KINDS)[number];

/** rowsRead counts rows checked so far, and while storing, rows stored so far. */
export interface ImportProgress { bytesRead: number; rowsRead: number; phase: 'checking' | 'storing' | 'done' }

export interface ImportOptions {
  fileName: string;
  /** username recorded in import_run and the audit log */
  actor: string;
  onProgress?: (progress: ImportProgress) => void;
  signal?: AbortSignal;
  /**
   * Store the good rows and set the bad ones aside (each still reported), instead of refusing the
   * whole file. Only kinds that can hold bad rows aside accept it (activity).
   */
  quarantine?: boolean;
}

/** Row-level problems use ErrorDetail { row, column, value, message }; row 1 is the header. */
export interface ImportReport {
  id: number;
  kind: ImportKind;
  fileName: string;
  status: 'succeeded' | 'failed';
  /** One sentence for people: what was stored, or why nothing was. */
  message: string;
  /** Data rows read (the header and blank rows are not counted). */
  rowsRead: number;
  inserted: number;
  updated: number;
  unchanged: number;
  errors: ErrorDetail[];
  /** total errors found (errors[] may be capped) */
  errorCount: number;
  /** rows set aside, with quarantine on */
  quarantined: number;
  warnings: string[];
  /** what the kind adds to the counts, e.g. activity: unpriced, outOfArea, costPence */
  summary: Record<string, number>;
}
