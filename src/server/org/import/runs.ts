/** The import_run table: every import, successful or not, for the history page and the audit trail. */
import type { Db, Tx } from '../../../db/database.js';
import type { ErrorDetail } from '../../http/errors.js';
import type { ImportKind, ImportReport } from './types.js';

export async function insertImportRun(db: Db | Tx, report: Omit<ImportReport, 'id' | 'message'>, times: { startedAt: Date; actor: string }): Promise<number> {
  const row = await db.insertInto('import_run').values(runColumns(report, times)).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

/** Writes a run's final counts over the provisional row inserted when storing began. */
export async function updateImportRun(db: Db | Tx, id: number, report: Omit<ImportReport, 'id' | 'message'>, times: { startedAt: Date; actor: string }) {
  await db.updateTable('import_run').set(runColumns(report, times)).where('id', '=', id).execute();
}

function runColumns(report: Omit<ImportReport, 'id' | 'message'>, times: { startedAt: Date; actor: string }) {
  return {
    kind: report.kind,
    file_name: report.fileName,
    status: report.status,
    rows_read: report.rowsRead,
    inserted: report.inserted,
    updated: report.updated,
    unchanged: report.unchanged,
    error_count: report.errorCount,
    errors: JSON.stringify(report.errors),
    warnings: JSON.stringify(report.warnings),
    summary: JSON.stringify(report.summary),
    quarantined: report.quarantined,
    started_at: times.startedAt,
    finished_at: new Date(),
    actor: times.actor,
  };
}

export interface ImportRunSummary {
  id: number;
  kind: ImportKind;
  fileName: string;
  status: 'succeeded' | 'failed';
  rowsRead: number;
  inserted: number;
  updated: number;
  unchanged: number;
  errorCount: number;
  actor: string;
  startedAt: Date;
  finishedAt: Date;
}

export interface ImportRunDetail extends ImportRunSummary { errors: ErrorDetail[]; warnings: string[] }

const SUMMARY = [
  'id', 'kind', 'file_name as fileName', 'status', 'rows_read as rowsRead', 'inserted', 'updated', 'unchanged',
  'error_count as errorCount', 'actor', 'started_at as startedAt', 'finished_at as finishedAt',
] as const;

/** Most recent first. */
export async function listImportRuns(db: Db, options: { limit: number; kind?: ImportKind | undefined }): Promise<ImportRunSummary[]> {
  const rows = await db.selectFrom('import_run').select(SUMMARY)
    .$if(options.kind !== undefined, (q) => q.where('kind', '=', options.kind!))
    .orderBy('id', 'desc').limit(options.limit).execute();
  return rows as ImportRunSummary[];
}

export async function findImportRun(db: Db, id: number): Promise<ImportRunDetail | undefined> {
  const row = await db.selectFrom('import_run').select([...SUMMARY, 'errors', 'warnings']).where('id', '=', id).executeTakeFirst();
  if (!row) return undefined;
  return { ...(row as ImportRunSummary), errors: row.errors as ErrorDetail[], warnings: row.warnings as string[] };
}
