/** The budget-setting service on a real database: exact totals for any inputs, versions, publishing and monitoring agreeing with their rows. */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/database.js';
import { CELLS } from '../../domain/budgets/capitation.js';
import { insertActivity } from '../../testing/activity.js';
import { buildOrgTree } from '../../testing/factories.js';
import { testDatabase } from '../../testing/test-db.js';
import { HttpError } from '../http/errors.js';
import { budgetMonitoring } from './budget-monitoring.js';
import { createDraft, getSetting, importHistoricSpend, listSettings, publishSetting, reviewSetting } from './setting.js';

const PRACTICES = ['E82001', 'E82002', 'E82003', 'E82004', 'E82005', 'E82006'];
const sum = (values: readonly number[]) => values.reduce((a, b) => a + b, 0);
let database: Database;

beforeAll(async () => {
  database = await testDatabase();
  const { db } = database;
  await buildOrgTree(db, { practices: PRACTICES, groups: ['NORTH', 'SOUTH', 'EAST'], patientsPerBand: 0 });
  await db.insertInto('population').values(PRACTICES.flatMap((practice_code, p) => CELLS.map(({ sex, ageBand }, i) => ({
    practice_code, period: '2025-01-01', sex, age_band: ageBand, patients: 3 + ((p * 7 + i * 3) % 17),
  })))).execute();
  await db.insertInto('capitation_weight').values(CELLS.map(({ sex, ageBand }, i) => ({ service_line: 'outpatients', sex, age_band: ageBand, weight: 1 + (i % 20) / 10 }))).execute();
});
afterAll(() => database.close());

describe('budget setting on the database', () => {
  it('property: for any history, total, pace and floor, the stored budgets and every total add up exactly (or nothing is stored)', async () => {
    const { db } = database;
    await fc.assert(fc.asyncProperty(
      fc.array(fc.integer({ min: 0, max: 50_000_000 }), { minLength: PRACTICES.length, maxLength: PRACTICES.length }),
      fc.integer({ min: 0, max: 400_000_000 }),
      fc.integer({ min: 0, max: 1_000_000 }), fc.integer({ min: 0, max: 200_000 }), fc.integer({ min: 0, max: 50_000 }),
      async (history, total, pace, floor, topSlice) => {
        await importHistoricSpend(db, 'test', { year: '2024/25', serviceLine: 'outpatients', rows: PRACTICES.map((practiceCode, i) => ({ practiceCode, amountPence: history[i]! })) });
        const before = (await listSettings(db, { year: '2025/26', serviceLine: 'outpatients' })).length;
        let id: number;
        try {
          id = await createDraft(db, 'test', {
            year: '2025/26', serviceLine: 'outpatients', commissionerTotalPence: total, pace: pace / 1e6, floorPercent: floor / 1e6, topSlicePercent: topSlice / 1e6, phasing: 'even', historicSource: 'imported',
          });
        } catch (error) {
          expect(error).toBeInstanceOf(HttpError);
          expect((error as HttpError).code).toBe('budget_below_floor');
          expect((await listSettings(db, { year: '2025/26', serviceLine: 'outpatients' })).length).toBe(before);
          return;
        }
        const view = await getSetting(db, id);
        expect(view.practicesTotalPence + view.topSlicePence).toBe(total);
        expect(sum(view.practices.map((p) => p.budgetPence))).toBe(view.practicesTotalPence);
        expect(sum(view.practices.map((p) => p.fairSharePence))).toBe(view.practicesTotalPence);
        expect(view.total.budgetPence).toBe(view.practicesTotalPence);
        for (const g of view.groups) expect(g.budgetPence).toBe(sum(view.practices.filter((p) => p.groupCode === g.groupCode).map((p) => p.budgetPence)));
        view.practices.forEach((p) => expect(p.budgetPence).toBeGreaterThanOrEqual(Math.ceil((p.historicPence * (1e6 - floor)) / 1e6 - 1e-9)));
        expect(view.historicSource).toBe('imported');
      },
    ), { numRuns: 12 });
  });

  it('numbers versions, keeps one published, and monitoring sums its practices', async () => {
    const { db } = database;
    await importHistoricSpend(db, 'test', { year: '2024/25', serviceLine: 'outpatients', rows: PRACTICES.map((practiceCode) => ({ practiceCode, amountPence: 1_000_000 })) });
    const input = { year: '2025/26', serviceLine: 'outpatients' as const, commissionerTotalPence: 6_300_000, pace: 0.3, floorPercent: 0.02, phasing: 'profile' as const, profile: [8, 8, 9, 9, 8, 8, 8, 8, 9, 9, 8, 8], historicSource: 'imported' as const };
    // Two drafts at once get different version numbers.
    const [a, b] = await Promise.all([createDraft(db, 'test', input), createDraft(db, 'test', input)]);
    const versions = (await listSettings(db, { year: '2025/26', serviceLine: 'outpatients' })).filter((s) => s.id === a || s.id === b).map((s) => s.version);
    expect(new Set(versions).size).toBe(2);
    for (const id of [a, b]) {
      await reviewSetting(db, 'test', id);
      await publishSetting(db, 'test', id);
    }
    const published = await listSettings(db, { year: '2025/26', serviceLine: 'outpatients', statuses: ['published'] });
    expect(published.map((s) => s.id)).toEqual([b]);
    expect((await getSetting(db, a)).status).toBe('superseded');

    await insertActivity(db, PRACTICES.map((practice_code, i) => ({ practice_code, pod: 'OPFU' as const, tfc: '130', activity_date: '2025-05-02', tariff_price_pence: 100_000 + i })));
    const report = await budgetMonitoring(db, { year: '2025/26', serviceLine: 'outpatients' });
    expect(report.monthsElapsed).toBe(2);
    expect(report.total.yearBudgetPence).toBe(6_300_000);
    expect(report.total.ytdSpendPence).toBe(sum(report.practices.map((p) => p.ytdSpendPence)));
    expect(report.total.forecast.seasonalPence).toBe(sum(report.practices.map((p) => p.forecast.seasonalPence!)));
    for (const g of report.groups) expect(g.ytdBudgetPence).toBe(sum(report.practices.filter((p) => p.groupCode === g.groupCode).map((p) => p.ytdBudgetPence)));
    // By the profile: April and May hold 16/100 of each practice's budget, to the penny.
    expect(report.total.ytdBudgetPence).toBe(sum(report.practices.map((p) => p.budgetByMonth[0]! + p.budgetByMonth[1]!)));
  });
});
