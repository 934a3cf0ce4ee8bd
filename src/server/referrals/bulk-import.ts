/**
 * Bulk referrals (REF-1): a practice uploads `referrals.csv` (FORMATS.md), all or nothing.
 * 1. checking — stream the file with the organisation import's CSV reader and header matching,
 *    turn each row into a ReferralInput, and check batches of rows with the same rules as
 *    submitReferral (prepare.ts); problems are reported by row and CSV column (up to 200 kept,
 *    all counted); good rows are spooled to disk while the file is still clean;
 * 2. storing — only when no row had a problem: every referral in ONE transaction, with one
 *    audit entry for the file listing the referrals it created.
 * A row whose external_id the practice already sent is the same referral: it is counted as
 * unchanged and nothing is written for it, so uploading a file twice sends nothing twice.
 */
import { randomUUID } from 'node:crypto';
import type { Db } from '../../db/database.js';
import { can } from '../../domain/access/can.js';
import type { CellError, Cells, ColumnSet } from '../../domain/org/rows.js';
import { SEXES, type PatientSex, type ReferralInput } from '../../domain/referrals/referral.js';
import { CODE_SYSTEMS, type CodeSystem } from '../../domain/codes/clinical-codes.js';
import { recordAudit } from '../audit/audit-log.js';
import type { AuthenticatedUser } from '../auth/credentials.js';
import { forbidden, type ErrorDetail } from '../http/errors.js';
import { failureReason } from '../org/import/describe.js';
import { ErrorList } from '../org/import/error-list.js';
import { CsvFileError, ImportCancelled, throwIfAborted } from '../org/import/errors.js';
import { cellsOf, matchHeader, type HeaderMatch } from '../org/import/header.js';
import { readCsv } from '../org/import/read-csv.js';
import { Spool } from '../org/import/spool.js';
import type { ImportProgress } from '../org/import/types.js';
import { ReferralChecker, storePreparedReferrals, type PreparedReferral } from './prepare.js';
import { ReferralInputSchema } from './schemas.js';

/** FORMATS.md, in its order; `pathway` may be left out of the header when no row follows one. */
export const REFERRAL_COLUMNS: ColumnSet = {
  required: ['external_id', 'practice_code', 'clinician', 'nhs_number', 'family_name', 'given_name', 'birth_date', 'sex', 'postcode',
    'tfc', 'reason_system', 'reason_code', 'priority', 'chosen_providers', 'referral_date'],
  optional: ['pathway'],
};

/** Rows checked together: one code-list look-up per batch. */
const CHECK_BATCH = 500;
const STORE_BATCH = 500;
const PROGRESS_INTERVAL_MS = 200;

export interface ReferralImportOptions {
  fileName: string;
  onProgress?: (progress: ImportProgress) => void;
  signal?: AbortSignal | undefined;
  /** when the referrals arrived (defaults to now): dates after this day are "in the future" */
  receivedAt?: Date;
}

/** The same shape as an organisation import's report; row 1 is the header. */
export interface ReferralImportReport {
  /** this upload's id in the audit log (entity `referral_import`) */
  id: string;
  kind: 'referrals';
  fileName: string;
  status: 'succeeded' | 'failed';
  /** One sentence for people: what was stored, or why nothing was. */
  message: string;
  /** data rows read (the header and blank rows are not counted) */
  rowsRead: number;
  /** new referrals */
  inserted: number;
  /** rows whose external_id the practice had already sent: the existing referral stands */
  unchanged: number;
  errors: ErrorDetail[];
  errorCount: number;
  warnings: string[];
}

// ---------------------------------------------------------------------------------------------
// Rows → ReferralInput, and problems back to CSV columns

/** Where each ReferralInput field comes from in the file. */
const FIELD_COLUMNS: Record<string, string> = {
  externalId: 'external_id', practiceCode: 'practice_code', clinician: 'clinician',
  'patient.nhsNumber': 'nhs_number', 'patient.familyName': 'family_name', 'patient.givenName': 'given_name',
  'patient.birthDate': 'birth_date', 'patient.sex': 'sex', 'patient.postcode': 'postcode',
  tfc: 'tfc', 'reason.system': 'reason_system', 'reason.code': 'reason_code', reason: 'reason_code', priority: 'priority',
  chosenProviders: 'chosen_providers', pathwayCode: 'pathway', referralDate: 'referral_date',
};

/** A problem with a ReferralInput field (`patient.nhsNumber`, `chosenProviders.1`) as a row error. */
export function problemAt(row: number, cells: Cells, field: string, message: string): ErrorDetail {
  const provider = /^chosenProviders\.(\d+)/.exec(field);
  if (provider) {
    const code = splitProviders(cells.chosen_providers ?? '')[Number(provider[1])];
    return { row, column: 'chosen_providers', value: code ?? cells.chosen_providers ?? '', message };
  }
  const column = FIELD_COLUMNS[field] ?? FIELD_COLUMNS[field.split('.').slice(0, 2).join('.')] ?? field;
  return { row, column, value: cells[column] ?? '', message };
}

const SEX_WORDS: Record<string, PatientSex> = { m: 'male', f: 'female', ...Object.fromEntries(SEXES.map((s) => [s, s])) };

const isDateShaped = (s: string) => /^\d{4}-\d{2}-\d{2}$/.test(s);

const splitProviders = (cell: string) => cell.split(';').map((c) => c.trim()).filter(Boolean);

/**
 * One row as a ReferralInput, and the problems only the file format has: an unknown code system
 * or sex, a missing external_id, values longer than the API takes. Everything else is left to
 * checkReferral, which still runs on a row with such problems (with stand-ins for the bad cells),
 * so every problem in a row is reported at once.
 */
export function referralFromCells(cells: Cells): { input: ReferralInput; errors: CellError[] } {
  const errors: CellError[] = [];
  const cell = (column: string) => (cells[column] ?? '').trim();
  const sex = SEX_WORDS[cell('sex').toLowerCase()];
  if (!sex) errors.push({ column: 'sex', value: cells.sex ?? '', message: 'must be M, F, male, female, other or unknown' });
  let system = cell('reason_system').toLowerCase().replace(/[\s_-]/g, '').replace(/^snomedct$/, 'snomed') as CodeSystem;
  if (!CODE_SYSTEMS.includes(system)) {
    errors.push({ column: 'reason_system', value: cells.reason_system ?? '', message: 'must be icd10, snomed or read2' });
    system = 'icd10'; // a stand-in so the other columns are still checked; reason_code problems are then set aside
  }
  if (!cell('external_id')) errors.push({ column: 'external_id', value: '', message: 'is required: the practice’s own id for the referral, so that sending the file again does not refer twice' });

  // checkReferral throws on a date-shaped value that is no date at all (month 13): such a value
  // goes to the checks blank, which they report as "must be a real date" against the column.
  const date = (column: string) => (isDateShaped(cell(column)) && Number.isNaN(Date.parse(`${cell(column)}T00:00:00Z`)) ? '' : cell(column));

  const input: ReferralInput = {
    externalId: cell('external_id'),
    practiceCode: cell('practice_code'),
    clinician: cell('clinician'),
    patient: {
      nhsNumber: cell('nhs_number'), familyName: cell('family_name'), givenName: cell('given_name'),
      birthDate: date('birth_date'), sex: sex ?? 'unknown', postcode: cell('postcode'),
    },
    tfc: cell('tfc'),
    reason: { system, code: cell('reason_code') },
    priority: cell('priority').toLowerCase() as ReferralInput['priority'],
    chosenProviders: splitProviders(cells.chosen_providers ?? ''),
    pathwayCode: cell('pathway') || null,
    referralDate: date('referral_date'),
  };
  // The API's limits (lengths, at most five providers) hold for files too.
  const shape = ReferralInputSchema.safeParse({ ...input, priority: 'routine', reason: { ...input.reason, system: 'icd10' } });
  if (!shape.success) {
    for (const issue of shape.error.issues) {
      const field = issue.path.map(String).join('.');
      const { column, value } = problemAt(0, cells, field, '');
      if (!errors.some((e) => e.column === column)) errors.push({ column: column!, value: value ?? '', message: lengthMessage(issue.message, column!) });
    }
  }
  return { input, errors };
}

function lengthMessage(zodMessage: string, column: string): string {
  if (column === 'chosen_providers' && /array|items|elements/i.test(zodMessage)) return 'name at most five providers, separated by ;';
  const max = /(\d+)/.exec(zodMessage)?.[1];
  return max ? `is too long: at most ${max} characters` : zodMessage;
}

// ---------------------------------------------------------------------------------------------
// The import

interface Run {
  rowsRead: number;
  bytesRead: number;
  errors: ErrorList;
  stoppedBy?: ErrorDetail;
  warnings: string[];
  inserted: number;
  unchanged: number;
  stored: number;
}

interface PendingRow { row: number; cells: Cells; input: ReferralInput; cellErrors: CellError[] }

export async function importReferralsFile(db: Db, user: AuthenticatedUser, input: AsyncIterable<Uint8Array | string>, options: ReferralImportOptions): Promise<ReferralImportReport> {
  if (!can(user, 'referral.submit')) throw forbidden('Only practices send referrals.');
  const id = randomUUID();
  const receivedAt = options.receivedAt ?? new Date();
  const run: Run = { rowsRead: 0, bytesRead: 0, errors: new ErrorList(), warnings: [], inserted: 0, unchanged: 0, stored: 0 };
  const progress = throttledProgress(run, options.onProgress);
  let spool: Spool<PreparedReferral> | undefined;
  try {
    throwIfAborted(options.signal);
    const checker = await ReferralChecker.load(db);
    spool = await Spool.create<PreparedReferral>();
    await checkFile(checker, user, input, receivedAt, run, spool, options.signal, progress);
    if (run.errors.count === 0) {
      const report = await db.transaction().execute(async (tx) => {
        const created: string[] = [];
        for await (const batch of spool!.batches(STORE_BATCH)) {
          throwIfAborted(options.signal);
          const { stored, existing } = await storePreparedReferrals(tx, user.username, batch, 'bulk');
          run.inserted += stored.length;
          run.unchanged += existing;
          run.stored += batch.length;
          created.push(...stored.map((s) => s.id));
          progress('storing');
        }
        throwIfAborted(options.signal);
        const result = summarise(id, options.fileName, 'succeeded', run);
        await recordAudit(tx, auditEvent(user, result, created));
        return result;
      });
      progress('done', true);
      return report;
    }
  } catch (error) {
    if (!(error instanceof ImportCancelled)) {
      await recordFailure(db, user, id, options.fileName, run, 'the import stopped because of an unexpected error').catch(() => undefined);
      throw error;
    }
    stop(run, { message: error.message });
  } finally {
    await spool?.dispose();
  }
  const report = await recordFailure(db, user, id, options.fileName, run);
  progress('done', true);
  return report;
}

async function checkFile(checker: ReferralChecker, user: AuthenticatedUser, input: AsyncIterable<Uint8Array | string>, receivedAt: Date, run: Run,
  spool: Spool<PreparedReferral>, signal: AbortSignal | undefined, progress: (phase: ImportProgress['phase']) => void) {
  const { errors } = run;
  const seen = new Map<string, number>();
  let header: HeaderMatch | undefined;
  let pending: PendingRow[] = [];

  const flush = async () => {
    if (!pending.length) return;
    const batch = pending;
    pending = [];
    const results = await checker.prepare(batch.map((p) => ({ input: p.input, receivedAt })));
    for (const [i, result] of results.entries()) {
      const { row, cells, input, cellErrors } = batch[i]!;
      for (const e of cellErrors) errors.add({ row, ...e });
      // A column already reported by the file-format checks is not reported twice.
      const reported = new Set(cellErrors.map((e) => e.column));
      if (reported.has('reason_system')) reported.add('reason_code');
      const problems = (result.ok ? [] : result.problems).filter((p) => !reported.has(problemAt(row, cells, p.field, '').column!));
      // A practice sends only its own referrals; a code that is no practice at all is reported as such.
      if (!problems.some((p) => p.field === 'practiceCode') && !can(user, 'referral.submit', { practiceCode: input.practiceCode })) {
        errors.add({ row, column: 'practice_code', value: cells.practice_code ?? '', message: `you can only send referrals for your own practice (${user.practiceCode ?? 'none'})` });
      }
      for (const p of problems) errors.add(problemAt(row, cells, p.field, p.message));
      // Once the file is known to be rejected, nothing will be stored: stop spooling.
      if (result.ok && !cellErrors.length && errors.count === 0) await spool.write(result.value);
    }
  };

  try {
    for await (const { row, fields } of readCsv(input, { signal, onBytes: (bytes) => { run.bytesRead = bytes; progress('checking'); } })) {
      if (fields.every((f) => f.trim() === '')) continue;
      if (!header) {
        header = matchHeader(fields, REFERRAL_COLUMNS);
        if (!acceptHeader(header, row, run)) return;
        continue;
      }
      run.rowsRead += 1;
      const extra = fields.slice(header.width).some((f) => f.trim() !== '');
      if (fields.length < header.width || extra) {
        await flush(); // rows before this one are reported first
        errors.add({ row, message: `has ${fields.length} values but the header has ${header.width} columns; a value containing a comma must be in double quotes` });
        continue;
      }
      const cells = cellsOf(fields, header);
      const { input: referral, errors: cellErrors } = referralFromCells(cells);
      if (referral.externalId) {
        const key = `${referral.practiceCode}|${referral.externalId}`;
        const first = seen.get(key);
        if (first !== undefined) {
          await flush();
          errors.add({ row, column: 'external_id', value: referral.externalId, message: `is a duplicate: referral ${referral.externalId} of ${referral.practiceCode} is also in row ${first}` });
          continue;
        }
        seen.set(key, row);
      }
      pending.push({ row, cells, input: referral, cellErrors });
      if (pending.length >= CHECK_BATCH) await flush();
    }
    await flush();
  } catch (error) {
    if (!(error instanceof CsvFileError)) throw error;
    await flush();
    stop(run, error.detail);
    return;
  }
  if (!header) {
    errors.add({ row: 1, message: `the file is empty: expected a header row with columns ${expectedColumns()}` });
  } else if (run.rowsRead === 0 && errors.count === 0) {
    errors.add({ row: 2, message: 'the file has a header row but no referrals below it' });
  }
}

function acceptHeader(header: HeaderMatch, row: number, run: Run): boolean {
  for (const column of header.missing) {
    run.errors.add({ row, column, message: `the column ${column} is missing; the header row must have ${expectedColumns()}` });
  }
  for (const column of header.repeated) {
    run.errors.add({ row, column, message: `the column ${column} appears more than once in the header row` });
  }
  if (header.unknown.length) {
    run.warnings.push(`ignored column${header.unknown.length > 1 ? 's' : ''} not used for referrals: ${header.unknown.join(', ')}`);
  }
  return run.errors.count === 0;
}

const expectedColumns = () => [...REFERRAL_COLUMNS.required, ...REFERRAL_COLUMNS.optional.map((c) => `${c} (optional)`)].join(', ');

function stop(run: Run, detail: ErrorDetail) {
  run.stoppedBy = detail;
  run.errors.addFirst(detail);
}

function summarise(id: string, fileName: string, status: ReferralImportReport['status'], run: Run): ReferralImportReport {
  const { inserted, unchanged } = status === 'succeeded' ? run : { inserted: 0, unchanged: 0 };
  const message = status === 'succeeded'
    ? `Imported ${run.rowsRead} referral${run.rowsRead === 1 ? '' : 's'} from ${fileName}: ${inserted} new, ${unchanged} already sent (unchanged).`
    : `${fileName} was not imported: ${failureReason(run)}. Nothing was stored.`;
  return {
    id, kind: 'referrals', fileName, status, message, rowsRead: run.rowsRead, inserted, unchanged,
    errors: run.errors.items, errorCount: run.errors.count, warnings: run.warnings,
  };
}

async function recordFailure(db: Db, user: AuthenticatedUser, id: string, fileName: string, run: Run, reason?: string): Promise<ReferralImportReport> {
  if (reason) stop(run, { message: reason });
  const result = summarise(id, fileName, 'failed', run);
  await recordAudit(db, auditEvent(user, result, []));
  return result;
}

function auditEvent(user: AuthenticatedUser, report: ReferralImportReport, created: string[]) {
  return {
    actor: user.username, action: 'import.referrals', entityType: 'referral_import', entityId: report.id,
    outcome: report.status === 'succeeded' ? 'ok' as const : 'failed' as const,
    details: {
      fileName: report.fileName, practice: user.practiceCode, rowsRead: report.rowsRead, inserted: report.inserted,
      unchanged: report.unchanged, errorCount: report.errorCount, referrals: created,
    },
  };
}

/** Calls onProgress at most every 200 ms, and always when the phase changes or when forced. */
function throttledProgress(run: Run, onProgress: ReferralImportOptions['onProgress']) {
  let last = 0;
  let lastPhase: ImportProgress['phase'] | undefined;
  return (phase: ImportProgress['phase'], force = false) => {
    if (!onProgress) return;
    const now = Date.now();
    if (!force && phase === lastPhase && now - last < PROGRESS_INTERVAL_MS) return;
    last = now;
    lastPhase = phase;
    onProgress({ bytesRead: run.bytesRead, rowsRead: phase === 'storing' ? run.stored : run.rowsRead, phase });
  };
}
