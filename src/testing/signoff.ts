/**
 * Fixtures for sign-off tests. sendForSignOff and startNewVersion do straight in the database what
 * the plan routes do (src/server/plans/versions.ts has their own tests), so sign-off can be tested
 * on its own.
 */
import type { Db } from '../db/database.js';
import type { PlanFigures } from '../domain/plans/snapshot.js';
import { planSnapshot } from '../server/plans/snapshot.js';

export const TEST_FIGURES: PlanFigures = {
  budget_total: { label: 'Budget for the year', value: 123_456_700, unit: 'pence', source: 'Published budgets (test)' },
};

/** Freezes the plan's current version as sending does, and puts the plan in sign-off. */
export async function sendForSignOff(db: Db, planId: number, sentBy = 'test', figures: PlanFigures = TEST_FIGURES) {
  const plan = await db.selectFrom('plan').select(['version', 'status']).where('id', '=', planId).executeTakeFirstOrThrow();
  if (plan.status !== 'draft') throw new Error(`plan ${planId} is ${plan.status}, not a draft`);
  await db.insertInto('plan_version').values({
    plan_id: planId, version: plan.version, snapshot: JSON.stringify(await planSnapshot(db, planId)), figures: JSON.stringify(figures), sent_by: sentBy,
  }).execute();
  await db.updateTable('plan').set({ status: 'in_sign_off', updated_at: new Date() }).where('id', '=', planId).execute();
  return plan.version;
}

/** A signed plan back to a draft of its next version, as "start a new version" does. */
export async function startNewVersion(db: Db, planId: number) {
  const row = await db.updateTable('plan').set((eb) => ({ status: 'draft', version: eb('version', '+', 1), updated_at: new Date() }))
    .where('id', '=', planId).returning('version').executeTakeFirstOrThrow();
  return row.version;
}

/** A version in sign-off withdrawn, as withdrawing does: the plan back to a draft of the next version. */
export async function withdrawVersion(db: Db, planId: number, by = 'test') {
  const plan = await db.selectFrom('plan').select('version').where('id', '=', planId).executeTakeFirstOrThrow();
  await db.updateTable('plan_version').set({ status: 'withdrawn', withdrawn_by: by, withdrawn_at: new Date(), withdrawn_reason: 'test' })
    .where('plan_id', '=', planId).where('version', '=', plan.version).execute();
  return startNewVersion(db, planId);
}

/** Names the holder of a signatory role for a group. */
export async function nameSignatory(db: Db, groupCode: string, roleCode: string, userId: number) {
  await db.insertInto('plan_signatory').values({ group_code: groupCode, role_code: roleCode, user_id: userId, assigned_by: 'test' })
    .onConflict((oc) => oc.columns(['group_code', 'role_code']).doUpdateSet({ user_id: userId })).execute();
}


