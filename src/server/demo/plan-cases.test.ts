import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database, Db } from '../../db/database.js';
import { financialModel } from '../../domain/plans/business-case.js';
import { buildOrgTree, createTestUser } from '../../testing/factories.js';
import { createTestPlan } from '../../testing/plans.js';
import { testDatabase } from '../../testing/test-db.js';
import { DEMO_CASES, loadDemoPlanCases, loadDemoPortfolio } from './plan-cases.js';

let database: Database;
let db: Db;
let planId: number;

beforeAll(async () => {
  database = await testDatabase();
  db = database.db;
  await buildOrgTree(db, { patientsPerBand: 0 });
  await createTestUser(db, 'commissioner', 'commissioner');
  planId = (await createTestPlan(db, { groupCode: 'NORTH' })).id;
});
afterAll(() => database.close());

describe('the demo plan’s cases, milestones and roles', () => {
  it('loads seed 004’s three cases, six milestones (two for payment) and the roles, once', async () => {
    expect(await loadDemoPlanCases(db, planId, 'demo')).toEqual({ cases: 3, milestones: 6, responsibilities: 12, skipped: null });
    expect(await loadDemoPlanCases(db, planId, 'demo')).toEqual({ cases: 0, milestones: 0, responsibilities: 0, skipped: null });
    const cases = await db.selectFrom('business_case').select(['id', 'title', 'status', 'upfront_investment_pence']).where('plan_id', '=', planId).orderBy('sort_order').execute();
    expect(cases.map((c) => [c.title, c.status])).toEqual([
      ['Reducing A&E attendances', 'proposed'], ['Reducing admissions of “frequent fliers”', 'approved'], ['Improving outpatient efficiency', 'idea'],
    ]);
    const approval = await db.selectFrom('business_case_approval').select(['business_case_id', 'party']).execute();
    expect(approval).toEqual([{ business_case_id: cases[1]!.id, party: 'commissioner' }]);
    const milestones = await db.selectFrom('milestone').select(['due_on', 'triggers_payment', 'status', 'business_case_id']).where('plan_id', '=', planId).orderBy('due_on').execute();
    expect(milestones.map((m) => m.due_on)).toEqual(['2026-06-30', '2026-07-31', '2026-09-30', '2026-10-31', '2026-12-31', '2027-03-31']);
    expect(milestones.filter((m) => m.triggers_payment).map((m) => m.status)).toEqual(['delivered', 'in_progress']);
  });

  it('gives every case a model that pays back within its years (or has nothing to pay back)', () => {
    for (const c of DEMO_CASES) {
      const model = financialModel(c.upfrontInvestmentPence, c.years.map(([costPence, releasedPence], i) => ({ yearIndex: i + 1, costPence, releasedPence })));
      expect(['pays_back', 'nothing_to_pay_back'], c.title).toContain(model.payback.kind);
    }
  });

  it('leaves a plan that is not a draft alone', async () => {
    const signed = await createTestPlan(db, { groupCode: 'SOUTH' });
    await db.updateTable('plan').set({ status: 'signed' }).where('id', '=', signed.id).execute();
    expect(await loadDemoPlanCases(db, signed.id, 'demo')).toMatchObject({ cases: 0, skipped: 'the plan is signed' });
  });
});

describe('the demo portfolio', () => {
  it('loads four projects with short, medium and long-term benefits and readings to date, once', async () => {
    const first = await loadDemoPortfolio(db, 'NORTH', 'demo', '2026-09-15');
    expect(first).toMatchObject({ projects: 4, benefits: 12 });
    expect(first.readings).toBeGreaterThan(0);
    expect(await loadDemoPortfolio(db, 'NORTH', 'demo', '2026-09-15')).toEqual({ projects: 0, benefits: 0, readings: 0 });
    const readings = await db.selectFrom('benefit_update').select('recorded_on').execute();
    expect(readings.every((r) => r.recorded_on <= '2026-09-15')).toBe(true);
    const names = await db.selectFrom('project').select('name').where('group_code', '=', 'NORTH').orderBy('name').execute();
    expect(names.map((n) => n.name)).toEqual(['Community audiology', 'End of life care', 'Stroke pathways', 'Weight management']);
    const audit = await db.selectFrom('audit_log').select('action').where('action', 'in', ['demo.portfolio', 'demo.plan_cases']).execute();
    expect(audit).toHaveLength(2);
  });
});
