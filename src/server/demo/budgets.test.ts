/** The demo's budgets: published for the current year from the demo's year of activity, totals exact, a second load changing nothing. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/database.js';
import { insertActivity } from '../../testing/activity.js';
import { buildOrgTree } from '../../testing/factories.js';
import { testDatabase } from '../../testing/test-db.js';
import { budgetMonitoring } from '../budgets/budget-monitoring.js';
import { getSetting } from '../budgets/setting.js';
import { loadDemoBudgets } from './budgets.js';
import { loadDemoWeights } from './weights.js';

const TODAY = '2026-11-22';
let database: Database;

beforeAll(async () => {
  database = await testDatabase();
  const { db } = database;
  await buildOrgTree(db, { practices: ['E82001', 'E82002', 'E82003', 'E82004'], patientsPerBand: 12 });
  await loadDemoWeights(db, 'demo');
  // A year of activity ending yesterday: elective and outpatient lines in scope, in both financial years.
  await insertActivity(db, ['E82001', 'E82002', 'E82003', 'E82004'].flatMap((practice_code, i) => [
    { practice_code, pod: 'DC' as const, tfc: '110', activity_date: '2025-12-01', tariff_price_pence: 150_000 + i * 10_000 },
    { practice_code, pod: 'EL' as const, tfc: '101', activity_date: '2026-06-01', tariff_price_pence: 300_000 },
    { practice_code, pod: 'OPFA' as const, tfc: '130', activity_date: '2026-07-01', tariff_price_pence: 20_000 },
  ]));
});
afterAll(() => database.close());

describe('loadDemoBudgets', () => {
  it('publishes this year’s budgets for the devolved lines with activity, adding up exactly', async () => {
    const summary = await loadDemoBudgets(database.db, 'demo', TODAY);
    expect(summary.year).toBe('2026/27');
    expect(summary.published.map((p) => p.serviceLine)).toEqual(['elective', 'outpatients']);
    expect(summary.skipped).toEqual(['non_elective']); // no emergency activity in this demo
    const elective = await getSetting(database.db, summary.published[0]!.settingId);
    expect(elective).toMatchObject({ status: 'published', historicSource: 'imported', historicYear: '2025/26', historicTotalPence: 4 * 450_000 + 60_000 });
    // History plus 3%, to the £1,000; the practices' budgets and the pool add up to it.
    expect(elective.commissionerTotalPence).toBe(Math.round((1_860_000 * 1.03) / 100_000) * 100_000);
    expect(elective.practicesTotalPence + elective.topSlicePence).toBe(elective.commissionerTotalPence);
    expect(elective.total.budgetPence).toBe(elective.practices.reduce((a, p) => a + p.budgetPence, 0));

    const report = await budgetMonitoring(database.db, { year: '2026/27' });
    expect(report.serviceLines).toHaveLength(2);
    expect(report.total.yearBudgetPence).toBe(report.practices.reduce((a, p) => a + p.yearBudgetPence, 0));
  });

  it('changes nothing the second time', async () => {
    const again = await loadDemoBudgets(database.db, 'demo', TODAY);
    expect(again.published).toEqual([]);
    expect(again.skipped).toEqual(['elective', 'non_elective', 'outpatients']);
    expect(await database.db.selectFrom('budget_setting').select('id').execute()).toHaveLength(2);
  });
});
