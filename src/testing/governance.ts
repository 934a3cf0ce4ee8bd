/** Governance records to test against, made straight in the database (the routes have their own tests). */
import type { Db } from '../db/database.js';
import type { GovBodyKind } from '../db/schema.js';
import { createTestPlan } from './plans.js';

export async function createTestBody(db: Db, groupCode: string, kind: GovBodyKind, name = `${groupCode} ${kind}`) {
  return db.insertInto('gov_body').values({ group_code: groupCode, kind, name, created_by: 'test' }).returning(['id', 'name', 'group_code']).executeTakeFirstOrThrow();
}

export interface TestMemberOptions { userId?: number | null; practiceCode?: string | null; role?: string; termStart?: string | null; termEnd?: string | null }

export async function createTestMember(db: Db, bodyId: number, personName: string, options: TestMemberOptions = {}) {
  return db.insertInto('gov_member').values({
    body_id: bodyId, person_name: personName, user_id: options.userId ?? null, practice_code: options.practiceCode ?? null, role: options.role ?? 'Member',
    term_start: options.termStart ?? null, term_end: options.termEnd ?? null,
  }).returning(['id', 'person_name']).executeTakeFirstOrThrow();
}

/** A business case in the group's 2026/27 plan (a draft made for it when there is none). */
export async function createTestBusinessCase(db: Db, groupCode: string, title: string) {
  const plan = await db.selectFrom('plan').select('id').where('group_code', '=', groupCode).where('year', '=', '2026/27').executeTakeFirst()
    ?? await createTestPlan(db, { groupCode, year: '2026/27' });
  const row = await db.insertInto('business_case').values({ plan_id: plan.id, title, created_by: 'test', updated_by: 'test' }).returning('id').executeTakeFirstOrThrow();
  return { id: row.id, planId: plan.id };
}
