/** The demo's plans: one per group, every text section written, valid figures, and a second load changes nothing. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database, Db } from '../../db/database.js';
import { unknownTokens } from '../../domain/plans/figures.js';
import { buildOrgTree } from '../../testing/factories.js';
import { testDatabase } from '../../testing/test-db.js';
import { planFigures } from '../plans/figures.js';
import { planSnapshot } from '../plans/snapshot.js';
import { readinessProblems } from '../plans/versions.js';
import { DEMO_PLAN_ANSWERS, loadDemoPlans } from './plans.js';

let database: Database;
let db: Db;

beforeAll(async () => {
  database = await testDatabase();
  db = database.db;
  await buildOrgTree(db, { groups: ['NORTH', 'SOUTH', 'EAST'], practices: ['E82001', 'E82002', 'E82003'] });
});
afterAll(() => database.close());

describe('demo plans', () => {
  it('starts every group’s plan with every text section written from the seed’s answers, ready for sign-off', async () => {
    const plans = await loadDemoPlans(db, { year: '2026/27', actor: 'demo' });
    expect(Object.keys(plans)).toEqual(['EAST', 'NORTH', 'SOUTH']);
    const snapshot = await planSnapshot(db, plans.NORTH!);
    const text = snapshot.sections.filter((s) => s.kind === 'text');
    expect(text.map((s) => s.key).filter((k) => !DEMO_PLAN_ANSWERS[k])).toEqual([]);
    expect(snapshot.sections.find((s) => s.key === '4.2')!.body).toContain('Reducing A&E attendances');
    expect(snapshot.sections.find((s) => s.key === '4.4')!.body).toContain('| Budget for the year | {{budget_total}} |');
    const figures = await planFigures(db, 'NORTH', '2026/27');
    expect(Object.entries(DEMO_PLAN_ANSWERS).filter(([, body]) => unknownTokens(body, figures).length)).toEqual([]);
    expect(readinessProblems(snapshot, figures)).toEqual([]);
    expect((await db.selectFrom('plan').select('status').distinct().execute()).map((p) => p.status)).toEqual(['draft']);
  });

  it('changes nothing on a second load', async () => {
    const before = await db.selectFrom('plan_section').selectAll().orderBy('plan_id').orderBy('key').execute();
    const audits = await db.selectFrom('audit_log').select('id').execute();
    const first = await db.selectFrom('plan').select(['id', 'group_code']).execute();
    const again = await loadDemoPlans(db, { year: '2026/27', actor: 'demo' });
    expect(again).toEqual(Object.fromEntries(first.map((p) => [p.group_code, p.id])));
    expect(await db.selectFrom('plan_section').selectAll().orderBy('plan_id').orderBy('key').execute()).toEqual(before);
    expect(await db.selectFrom('audit_log').select('id').execute()).toHaveLength(audits.length);
  });
});
