/**
 * Test helpers for hospital activity: stored lines in one call, each test stating only what it
 * needs. Lines go straight into the activity table (priced as given), under one import run.
 */
import type { Insertable } from 'kysely';
import type { Db } from '../db/database.js';
import type { ActivityTable } from '../db/schema.js';
import { financialMonthOf } from '../domain/activity/financial-year.js';
import { refreshActivitySummary } from '../server/activity/summary.js';

let counter = 0;

export type TestLine = Partial<Insertable<ActivityTable>> & { activity_date: string };

/** An import run to hang test lines on. */
export async function testImportRun(db: Db, kind = 'activity'): Promise<number> {
  const now = new Date();
  const row = await db.insertInto('import_run').values({ kind, file_name: 'test.csv', status: 'succeeded', started_at: now, finished_at: now, actor: 'test',
    rows_read: 0, inserted: 0, updated: 0, unchanged: 0, error_count: 0, errors: '[]', warnings: '[]' })
    .returning('id').executeTakeFirstOrThrow();
  return row.id;
}

/** Stores lines (defaults: RWG, E82001, an OPFA in 110 priced £100.00 at tariff and by the provider). */
export async function insertActivity(db: Db, lines: TestLine[], importRunId?: number) {
  const runId = importRunId ?? await testImportRun(db);
  const rows = lines.map((l) => ({
    provider_code: 'RWG', activity_id: `T${++counter}`, practice_code: 'E82001', in_area: true, patient_pseudo: 'patient-a',
    pod: 'OPFA' as const, tfc: '110', tariff_price_pence: 10_000, provider_price_pence: 10_000, tariff_basis: 'pod',
    ...financialMonthOf(l.activity_date), import_run_id: runId, ...l,
  }));
  if (rows.length) await db.insertInto('activity').values(rows).execute();
  // As the importer does: the monthly totals the monitoring views read follow the lines.
  await refreshActivitySummary(db, [...new Map(rows.map((r) => [`${r.provider_code}|${r.year}|${r.month}`, { providerCode: r.provider_code, year: r.year, month: r.month }])).values()]);
  return rows;
}
