/** A plan to test against, made straight in the database (the plan routes have their own tests). */
import type { Db } from '../db/database.js';
import type { PlanParty, PlanSectionKind } from '../db/schema.js';

export interface TestPlanOptions {
  groupCode: string;
  year?: string;
  sections?: { key: string; title: string; completedBy: PlanParty; kind?: PlanSectionKind; body?: string }[];
}

export const TEST_PLAN_SECTIONS: NonNullable<TestPlanOptions['sections']> = [
  { key: '1', title: 'Consortium details', completedBy: 'consortium', kind: 'practices' },
  { key: '4.2', title: 'Services to be commissioned', completedBy: 'consortium', body: 'Reducing A&E attendances.' },
  { key: '5.3', title: 'Fair shares weighting', completedBy: 'commissioner', body: 'Weighted capitation.' },
  { key: '4.4', title: 'Financial targets', completedBy: 'both', body: 'Budget {{budget_total}}.' },
  { key: '10', title: 'Plan sign-off', completedBy: 'both', kind: 'signoff' },
];

let templates = 0;

/** A draft plan for a group and year, with a template of its own (one template per from_year). */
export async function createTestPlan(db: Db, options: TestPlanOptions) {
  const year = options.year ?? '2026/27';
  const sections = options.sections ?? TEST_PLAN_SECTIONS;
  const template = await db.insertInto('plan_template')
    .values({ name: `Test template ${options.groupCode} ${year}`, from_year: `${1000 + ++templates}/00`, created_by: 'test', updated_by: 'test' })
    .returning('id').executeTakeFirstOrThrow();
  const plan = await db.insertInto('plan')
    .values({ group_code: options.groupCode, year, template_id: template.id, title: `${options.groupCode} commissioning plan ${year}`, created_by: 'test' })
    .returning(['id', 'group_code', 'year', 'version', 'status']).executeTakeFirstOrThrow();
  await db.insertInto('plan_section').values(sections.map((s, i) => ({
    plan_id: plan.id, key: s.key, part: s.key.split('.')[0]!, title: s.title, completed_by: s.completedBy, kind: s.kind ?? 'text', sort_order: i, body: s.body ?? '',
  }))).execute();
  return plan;
}

/** Writes every empty text section of a draft plan straight in the database (so it can be sent for sign-off). */
export async function fillPlanSections(db: Db, planId: number, body = 'Written for the test.') {
  await db.updateTable('plan_section').set({ body }).where('plan_id', '=', planId).where('kind', '=', 'text').where('body', '=', '').execute();
}
