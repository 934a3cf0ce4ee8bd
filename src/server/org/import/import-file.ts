/**
 * Imports practices.csv, providers.csv, population.csv (ORG-1, ORG-2), tariff.csv and
 * activity.csv (ACT-1), all or nothing:
 * 1. checking — stream the file once, validate every row, collect up to 200 errors (all are
 *    counted) and spool the good rows to disk;
 * 2. storing — only when there were no errors: upsert the rows in batches inside ONE
 *    transaction, together with the import_run record, the kind's follow-on work (activity:
 *    challenge rules) and the audit entry.
 * A rejected or cancelled file stores nothing but is still recorded as a failed run. With
 * `quarantine` (activity only) the good rows are stored and the bad ones set aside, each reported.
 */
import type { Db } from '../../../db/database.js';
import type { ErrorDetail } from '../../http/errors.js';
import { recordAudit } from '../../audit/audit-log.js';
import { failureReason } from './describe.js';
import { ErrorList } from './error-list.js';
import { CsvFileError, ImportCancelled, throwIfAborted } from './errors.js';
import { cellsOf, matchHeader, type HeaderMatch } from './header.js';
import { keyIndex, type Counts, type ImportJob } from './job.js';
import { activityJob } from '../../activity/activity-job.js';
import { tariffJob } from '../../activity/tariff-job.js';
import { spendJob } from '../../budgets/spend-job.js';
import { weightsJob } from '../../budgets/weights-job.js';
import { populationJob } from './population-job.js';
import { practicesJob } from './practices-job.js';
import { providersJob } from './providers-job.js';
import { readCsv } from './read-csv.js';
import { insertImportRun, updateImportRun } from './runs.js';
import { Spool } from './spool.js';
import type { QuarantinedRow } from './job.js';
import type { ImportKind, ImportOptions, ImportProgress, ImportReport } from './types.js';

const BATCH_SIZE = 1000;
const PROGRESS_INTERVAL_MS = 200;

const JOBS: Record<ImportKind, (db: Db) => Promise<ImportJob<unknown>>> = {
  practices: practicesJob,
  providers: providersJob,
  population: populationJob,
  tariff: tariffJob,
  activity: activityJob,
  weights: weightsJob,
  spend: spendJob,
};

/** What one import has gathered so far. */
interface Run {
  rowsRead: number;
  bytesRead: number;
  errors: ErrorList;
  /** The problem that stopped the import early, if one did (bad encoding, cancelled…). */
  stoppedBy?: ErrorDetail;
  warnings: string[];
  counts: Counts;
  /** the file as a whole is unusable (bad header, empty, unreadable): even quarantine stores nothing */
  unusable: boolean;
  quarantined: number;
  summary: Record<string, number>;
}

export async function importOrgFile(db: Db, kind: ImportKind, input: AsyncIterable<Uint8Array | string>, options: ImportOptions): Promise<ImportReport> {
  const startedAt = new Date();
  const run: Run = {
    rowsRead: 0, bytesRead: 0, errors: new ErrorList(), warnings: [], counts: { inserted: 0, updated: 0, unchanged: 0 },
    unusable: false, quarantined: 0, summary: {},
  };
  const progress = throttledProgress(run, options.onProgress);
  let spool: Spool<unknown> | undefined;
  let setAside: Spool<QuarantinedRow> | undefined;
  try {
    throwIfAborted(options.signal);
    const job = await JOBS[kind](db);
    if (options.quarantine && !job.quarantine) {
      stop(run, { message: `quarantine is available for activity files only: a ${job.noun} file is imported whole or not at all` });
      return await recordFailure(db, kind, options, startedAt, run);
    }
    spool = await Spool.create<unknown>();
    if (options.quarantine) setAside = await Spool.create<QuarantinedRow>();
    await checkFile(job, input, run, { spool, setAside }, options.signal, progress);
    if (run.errors.count === 0 || (setAside && !run.unusable)) {
      const times = { startedAt, actor: options.actor };
      const report = await db.transaction().execute(async (tx) => {
        // The run's row first (provisional counts), so stored rows can point at it.
        const id = await insertImportRun(tx, summarise(kind, options.fileName, 'succeeded', run), times);
        run.warnings.push(...(await job.prepare?.(tx) ?? []));
        for await (const batch of spool!.batches(BATCH_SIZE)) {
          throwIfAborted(options.signal);
          const counts = await job.store(tx, batch, id);
          run.counts.inserted += counts.inserted;
          run.counts.updated += counts.updated;
          run.counts.unchanged += counts.unchanged;
          progress('storing');
        }
        if (setAside && job.quarantine) {
          for await (const batch of setAside.batches(BATCH_SIZE)) await job.quarantine.store(tx, id, batch);
        }
        throwIfAborted(options.signal);
        const finished = await job.finish?.(tx, id);
        if (finished) {
          run.summary = finished.summary;
          run.warnings.push(...finished.warnings);
        }
        const result = summarise(kind, options.fileName, 'succeeded', run);
        await updateImportRun(tx, id, result, times);
        await recordAudit(tx, auditEvent(id, result, options.actor));
        return { id, ...result };
      });
      progress('done', true);
      return report;
    }
  } catch (error) {
    if (!(error instanceof ImportCancelled)) {
      await recordFailure(db, kind, options, startedAt, run, 'the import stopped because of an unexpected error').catch(() => undefined);
      throw error;
    }
    stop(run, { message: error.message });
    run.counts = { inserted: 0, updated: 0, unchanged: 0 };
  } finally {
    await spool?.dispose();
    await setAside?.dispose();
  }
  const report = await recordFailure(db, kind, options, startedAt, run);
  progress('done', true);
  return report;
}

/**
 * Reads and validates the whole file, spooling valid rows while the file is still clean — or,
 * with quarantine, spooling every valid row and setting each bad one aside.
 */
async function checkFile(
  job: ImportJob<unknown>, input: AsyncIterable<Uint8Array | string>, run: Run,
  { spool, setAside }: { spool: Spool<unknown>; setAside: Spool<QuarantinedRow> | undefined },
  signal: AbortSignal | undefined, progress: (phase: ImportProgress['phase']) => void,
) {
  const { errors } = run;
  const quarantine = setAside && job.quarantine;
  const problem = async (row: number, cells: Record<string, string>, found: { column?: string; value?: string; message: string }[]) => {
    for (const e of found) errors.add({ row, ...e });
    if (quarantine) {
      run.quarantined += 1;
      await setAside.write({ row, cells: quarantine.keep(cells), errors: found });
    }
  };
  const seen = job.createIndex?.() ?? keyIndex(job.key);
  let header: HeaderMatch | undefined;
  try {
    for await (const { row, fields } of readCsv(input, { signal, onBytes: (bytes) => { run.bytesRead = bytes; progress('checking'); } })) {
      if (fields.every((f) => f.trim() === '')) continue; // blank lines, or a row of empty cells
      if (!header) {
        header = matchHeader(fields, job.columns);
        if (!acceptHeader(header, job, row, run)) {
          run.unusable = true;
          return;
        }
        continue;
      }
      run.rowsRead += 1;
      const cells = cellsOf(fields, header);
      const extra = fields.slice(header.width).some((f) => f.trim() !== '');
      if (fields.length < header.width || extra) {
        await problem(row, cells, [{ message: `has ${fields.length} values but the header has ${header.width} columns; a value containing a comma must be in double quotes` }]);
        continue;
      }
      const parsed = job.parseRow(cells);
      if (!parsed.ok) {
        await problem(row, cells, parsed.errors);
        continue;
      }
      const first = seen.firstRow(parsed.value);
      if (first !== undefined) {
        const where = job.keyColumn ? { column: job.keyColumn, value: job.key(parsed.value) } : { value: job.describeKey(parsed.value) };
        await problem(row, cells, [{ ...where, message: `is a duplicate: ${job.describeKey(parsed.value)} is also in row ${first}` }]);
        continue;
      }
      seen.remember(parsed.value, row);
      const problems = job.check(parsed.value, row);
      if (problems.length) await problem(row, cells, problems);
      // Once the file is known to be rejected, nothing will be stored: stop spooling.
      else if (quarantine || errors.count === 0) await spool.write(parsed.value);
    }
  } catch (error) {
    if (!(error instanceof CsvFileError)) throw error;
    stop(run, error.detail);
    run.unusable = true;
    return;
  }
  if (!header) {
    errors.add({ row: 1, message: `the file is empty: expected a header row with columns ${expectedColumns(job)}` });
    run.unusable = true;
  } else if (run.rowsRead === 0 && errors.count === 0) {
    errors.add({ row: 2, message: `the file has a header row but no ${job.noun}s below it` });
    run.unusable = true;
  } else if (errors.count === 0) {
    // Checks that need the whole file (weights: every band of each service line), once every row is clean.
    for (const detail of job.checkAll?.() ?? []) errors.add(detail);
  }
}

/** Checks the header row; false when the file cannot be read any further. */
function acceptHeader(header: HeaderMatch, job: ImportJob<unknown>, row: number, run: Run): boolean {
  for (const column of header.missing) {
    run.errors.add({ row, column, message: `the column ${column} is missing; the header row must have ${expectedColumns(job)}` });
  }
  for (const column of header.repeated) {
    run.errors.add({ row, column, message: `the column ${column} appears more than once in the header row` });
  }
  if (header.unknown.length) {
    run.warnings.push(`ignored column${header.unknown.length > 1 ? 's' : ''} not used for ${job.noun}s: ${header.unknown.join(', ')}`);
  }
  return run.errors.count === 0;
}

const expectedColumns = (job: ImportJob<unknown>) =>
  [...job.columns.required, ...job.columns.optional.map((c) => `${c} (optional)`)].join(', ');

function stop(run: Run, detail: ErrorDetail) {
  run.stoppedBy = detail;
  run.errors.addFirst(detail);
}

function summarise(kind: ImportKind, fileName: string, status: ImportReport['status'], run: Run): Omit<ImportReport, 'id'> {
  const { inserted, updated, unchanged } = run.counts;
  const stored = inserted + updated + unchanged;
  const message = status === 'failed'
    ? `${fileName} was not imported: ${failureReason(run)}. Nothing was stored.`
    : run.quarantined
      ? `Imported ${stored} of ${run.rowsRead} rows from ${fileName}: ${inserted} new, ${updated} updated, ${unchanged} unchanged; ${run.quarantined} set aside in quarantine with their problems.`
      : `Imported ${run.rowsRead} row${run.rowsRead === 1 ? '' : 's'} from ${fileName}: ${inserted} new, ${updated} updated, ${unchanged} unchanged.`;
  return {
    kind, fileName, status, message, rowsRead: run.rowsRead, inserted, updated, unchanged,
    errors: run.errors.items, errorCount: run.errors.count, quarantined: status === 'failed' ? 0 : run.quarantined,
    warnings: run.warnings, summary: status === 'failed' ? {} : run.summary,
  };
}

async function recordFailure(db: Db, kind: ImportKind, options: ImportOptions, startedAt: Date, run: Run, reason?: string): Promise<ImportReport> {
  if (reason) stop(run, { message: reason });
  run.counts = { inserted: 0, updated: 0, unchanged: 0 };
  const result = summarise(kind, options.fileName, 'failed', run);
  return db.transaction().execute(async (tx) => {
    const id = await insertImportRun(tx, result, { startedAt, actor: options.actor });
    await recordAudit(tx, auditEvent(id, result, options.actor));
    return { id, ...result };
  });
}

function auditEvent(id: number, report: Omit<ImportReport, 'id'>, actor: string) {
  return {
    actor, action: `import.${report.kind}`, entityType: 'import_run', entityId: String(id),
    outcome: report.status === 'succeeded' ? 'ok' as const : 'failed' as const,
    details: {
      fileName: report.fileName, rowsRead: report.rowsRead, inserted: report.inserted, updated: report.updated,
      unchanged: report.unchanged, errorCount: report.errorCount,
    },
  };
}

/** Calls onProgress at most every 200 ms, and always when the phase changes or when forced. */
function throttledProgress(run: Run, onProgress: ImportOptions['onProgress']) {
  let last = 0;
  let lastPhase: ImportProgress['phase'] | undefined;
  let stored = 0;
  return (phase: ImportProgress['phase'], force = false) => {
    if (!onProgress) return;
    if (phase === 'storing') stored = run.counts.inserted + run.counts.updated + run.counts.unchanged;
    const now = Date.now();
    if (!force && phase === lastPhase && now - last < PROGRESS_INTERVAL_MS) return;
    last = now;
    lastPhase = phase;
    onProgress({ bytesRead: run.bytesRead, rowsRead: phase === 'storing' ? stored : run.rowsRead, phase });
  };
}
