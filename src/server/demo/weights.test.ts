import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/database.js';
import { rational, rationalsEqual } from '../../domain/budgets/capitation.js';
import { DEMO_SERVICE_LINES } from '../../domain/demo/weights.js';
import { testDatabase } from '../../testing/test-db.js';
import { loadFairShares, sumPractices } from '../budgets/capitation.js';
import { loadDemo } from './load.js';
import { loadDemoWeights } from './weights.js';

let database: Database;
beforeAll(async () => {
  database = await testDatabase();
  await loadDemo(database, { password: 'demo-password', referralFraction: 0 });
});
afterAll(() => database.close());

describe('loadDemoWeights', () => {
  it('imports weights for every usual service line through the pipeline (the demo already has), and again changes nothing', async () => {
    const stored = await database.db.selectFrom('capitation_weight').select(['service_line']).execute();
    expect(stored).toHaveLength(280);
    expect(new Set(stored.map((w) => w.service_line)).size).toBe(7);
    expect(await loadDemoWeights(database.db, 'demo')).toMatchObject({ status: 'succeeded', rowsRead: 280, inserted: 0, updated: 0, unchanged: 280, summary: { serviceLines: 7 } });
  });

  it('gives the demo practices fair shares that add up, by group and in total, for every line', async () => {
    for (const serviceLine of DEMO_SERVICE_LINES) {
      const totalPence = 1_234_567_891;
      const report = await loadFairShares(database.db, { serviceLine, totalPence, year: '2025/26' });
      expect(report.period).toBe('2025-10-01');
      expect(report.practices).toHaveLength(20);
      expect(report.practices.reduce((a, p) => a + p.fairSharePence, 0)).toBe(totalPence);
      expect(report.groups.reduce((a, g) => a + g.fairSharePence, 0)).toBe(totalPence);
      for (const g of report.groups) expect(g).toEqual({ ...g, ...sumPractices(report.practices.filter((p) => p.groupCode === g.groupCode)) });
      expect(rationalsEqual(report.total.weightedPopulation, rational(BigInt(report.total.rawPopulation)))).toBe(true);
      // Practices of different sizes get different shares (a sum of equal zeros would pass the checks above).
      expect(new Set(report.practices.map((p) => p.fairSharePence)).size).toBeGreaterThan(1);
    }
  });
});
