/** The demo's allowances, DES and running costs: what loads, that it earns and waits as meant, and that a second load changes nothing. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/database.js';
import { buildOrgTree } from '../../testing/factories.js';
import { testDatabase } from '../../testing/test-db.js';
import { allowanceReport } from '../budgets/allowances.js';
import { listDesInvoices, potReport } from '../budgets/des.js';
import { runningCosts } from '../budgets/running-costs.js';
import { loadDemoAllowances } from './allowances.js';

const YEAR = '2025/26';
let database: Database;

beforeAll(async () => {
  database = await testDatabase();
  await buildOrgTree(database.db, { practices: ['E82001', 'E82002', 'E82003', 'E82004', 'E82005', 'E82006'], patientsPerBand: 0 });
});
afterAll(() => database.close());

describe('loadDemoAllowances', () => {
  it('loads participation, evidence, DES payments, two invoices and the ICOF tables', async () => {
    const summary = await loadDemoAllowances(database.db, undefined, 'demo', { year: YEAR });
    expect(summary).toEqual({ year: YEAR, participating: 6, octoberJoiners: ['E82005', 'E82006'], evidence: 19, payments: 6, invoices: 2, runningCostLines: 16 });

    const report = await allowanceReport(database.db, YEAR);
    expect(report.practices.find((p) => p.practiceCode === 'E82006')!.lines.find((l) => l.schemeCode === 'start_up')).toMatchObject({ amountPence: 150_000, status: 'earned' });
    expect(report.practices.find((p) => p.practiceCode === 'E82001')!.lines.find((l) => l.schemeCode === 'start_up')).toMatchObject({ amountPence: 300_000, status: 'earned' });
    expect(report.practices.some((p) => p.lines.some((l) => l.status === 'not_yet_earned'))).toBe(true);

    const invoices = await listDesInvoices(database.db, { year: YEAR });
    expect(invoices.map((i) => [i.status, i.submittedBy, i.decidedBy])).toEqual([['submitted', 'finance', null], ['approved', 'finance', 'board']]);
    const pot = await potReport(database.db, YEAR, 'NORTH');
    expect(pot.approvedPence).toBe(invoices[1]!.amountPence);
    expect(pot.remainingPence).toBe(pot.heldPence - pot.approvedPence);

    const costs = await runningCosts(database.db, YEAR);
    expect(costs.headings.map((h) => h.budgetPence)).toEqual([2_875_000, 17_970_000, 8_800_000]);
    expect(costs.headings[0]!.spentPence).toBe(2_875_000);
  });

  it('changes nothing when loaded again', async () => {
    const before = await database.db.selectFrom('audit_log').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    const again = await loadDemoAllowances(database.db, undefined, 'demo', { year: YEAR });
    expect(again).toMatchObject({ evidence: 0, payments: 0, invoices: 0, runningCostLines: 0 });
    const after = await database.db.selectFrom('audit_log').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
    expect(await listDesInvoices(database.db, { year: YEAR })).toHaveLength(2);
  });
});
