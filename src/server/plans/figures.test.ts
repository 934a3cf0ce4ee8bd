/**
 * The plan's live figures: each drawn from the capability that owns it, for the plan's group only,
 * and null with the reason when the hub cannot yet say.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database, Db } from '../../db/database.js';
import { AGE_BANDS } from '../../domain/population/age-bands.js';
import { insertActivity } from '../../testing/activity.js';
import { insertPublishedBudget } from '../../testing/allowances.js';
import { buildOrgTree } from '../../testing/factories.js';
import { createTestPlan } from '../../testing/plans.js';
import { testDatabase } from '../../testing/test-db.js';
import { FIGURE_DEFINITIONS, planFigures } from './figures.js';

const YEAR = '2025/26';
let database: Database;
let db: Db;

beforeAll(async () => {
  database = await testDatabase();
  db = database.db;
  await buildOrgTree(db, { practices: ['E82001', 'E82002', 'E82003'], patientsPerBand: 10, period: '2025-07-01' }); // NORTH: E82001, E82003
});
afterAll(() => database.close());

describe('live figures', () => {
  it('offers every figure of the registry, each with a label, a unit and a source', async () => {
    const figures = await planFigures(db, 'NORTH', YEAR);
    expect(Object.keys(figures)).toEqual(FIGURE_DEFINITIONS.map((f) => f.key));
    for (const f of Object.values(figures)) expect(f.source.length).toBeGreaterThan(10);
  });

  it('counts the group’s practices and registered patients at their latest extract', async () => {
    const figures = await planFigures(db, 'NORTH', YEAR);
    expect(figures.practices).toMatchObject({ value: 2, unit: 'count' });
    expect(figures.registered_patients).toMatchObject({ value: 2 * 2 * 10 * AGE_BANDS.length, source: expect.stringContaining('2025-07-01') });
  });

  it('says why a figure is not available rather than showing 0', async () => {
    const figures = await planFigures(db, 'NORTH', YEAR);
    for (const key of ['budget_total', 'fair_share_total', 'spend_ytd', 'savings_forecast']) {
      expect(figures[key]).toMatchObject({ value: null, source: 'No budgets are published for 2025/26 yet.' });
    }
    expect(figures.activity_cost_ytd).toMatchObject({ value: null, source: 'No hospital activity for 2025/26 has been received yet.' });
    expect(figures.contract_value!.value).toBeNull();
    expect(figures.savings_target).toMatchObject({ value: null, source: 'This plan has no business cases yet.' });
  });

  it('draws the budget, spend, forecast and savings of the group’s practices only', async () => {
    await insertPublishedBudget(db, YEAR, { E82001: 1_200_000, E82002: 9_999_900, E82003: 600_000 }, 'outpatients');
    await insertActivity(db, [
      { activity_date: '2025-04-10' }, { activity_date: '2025-05-10' },
      { activity_date: '2025-05-12', practice_code: 'E82002', tariff_price_pence: 55_500 },
    ]);
    const f = await planFigures(db, 'NORTH', YEAR);
    expect(f.budget_total).toMatchObject({ value: 1_800_000, unit: 'pence', source: expect.stringContaining('Outpatients') });
    expect(f.fair_share_total!.value).toBe(1_800_000);
    expect(f.budget_vs_fair_share_percent!.value).toBe(0);
    expect(f.activity_cost_ytd).toMatchObject({ value: 20_000, source: expect.stringContaining('Apr 2025 to May 2025 (2 lines)') });
    expect(f.spend_ytd!.value).toBe(20_000);
    expect(f.forecast_outturn!.value).toBeGreaterThan(20_000);
    // No risk pool or overspends here: the savings are the budget less the forecast outturn.
    expect(f.savings_forecast!.value).toBe(1_800_000 - f.forecast_outturn!.value!);
    expect(f.reinvestable!.value).toBe(f.savings_forecast!.value);
    expect((await planFigures(db, 'SOUTH', YEAR)).activity_cost_ytd!.value).toBe(55_500);
  });

  it('takes the savings target from the first year of the plan’s live business cases', async () => {
    const plan = await createTestPlan(db, { groupCode: 'NORTH', year: YEAR });
    const cases = await db.insertInto('business_case').values([
      { plan_id: plan.id, title: 'Reducing A&E attendances', upfront_investment_pence: 250_000, created_by: 't', updated_by: 't' },
      { plan_id: plan.id, title: 'Dropped', status: 'rejected', upfront_investment_pence: 99_999, created_by: 't', updated_by: 't' },
    ]).returning('id').execute();
    await db.insertInto('business_case_year').values([
      { business_case_id: cases[0]!.id, year_index: 1, cost_pence: 100_000, released_pence: 400_000 },
      { business_case_id: cases[0]!.id, year_index: 2, cost_pence: 0, released_pence: 900_000 },
      { business_case_id: cases[1]!.id, year_index: 1, cost_pence: 0, released_pence: 7_000_000 },
    ]).execute();
    const f = await planFigures(db, 'NORTH', YEAR);
    expect(f.savings_target).toMatchObject({ value: 400_000, source: expect.stringContaining('1 business case') });
    expect(f.upfront_investment!.value).toBe(250_000);
    expect((await planFigures(db, 'SOUTH', YEAR)).savings_target!.value).toBeNull();
  });
});
