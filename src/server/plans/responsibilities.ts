/**
 * Roles and responsibilities (PLAN-4; seed 004, Appendix 4 part 3): what we expect from the
 * commissioner, what the consortium will do, what we expect from the practices. Plan content: the
 * list is replaced whole, only while the plan is a draft, and audited with what it replaced.
 */
import type { Db, Tx } from '../../db/database.js';
import { recordAudit } from '../audit/audit-log.js';
import type { AuthenticatedUser } from '../auth/credentials.js';
import { assertDraft, frozenByDatabase, lockPlan, type PlanRef } from './business-cases.js';

export const RESPONSIBLE_PARTIES = ['commissioner', 'consortium', 'practices'] as const;
export type ResponsibleParty = (typeof RESPONSIBLE_PARTIES)[number];

/** The headings of seed 004, Appendix 4 part 3, for a commissioner and a consortium in general. */
export const RESPONSIBLE_PARTY_LABELS: Record<ResponsibleParty, string> = {
  commissioner: 'What we expect from the commissioner',
  consortium: 'What the consortium will do',
  practices: 'What we expect from the practices',
};

export type Responsibilities = Record<ResponsibleParty, string[]>;

export async function responsibilities(db: Db | Tx, planId: number): Promise<Responsibilities> {
  const rows = await db.selectFrom('plan_responsibility').select(['party', 'text']).where('plan_id', '=', planId).orderBy('sort_order').orderBy('id').execute();
  const result: Responsibilities = { commissioner: [], consortium: [], practices: [] };
  for (const r of rows) result[r.party].push(r.text);
  return result;
}

/** Replaces the plan's whole list (blank lines dropped, the order kept). */
export async function replaceResponsibilities(db: Db, user: AuthenticatedUser, plan: PlanRef, next: Responsibilities): Promise<Responsibilities> {
  assertDraft(plan);
  const cleaned = Object.fromEntries(RESPONSIBLE_PARTIES.map((p) => [p, next[p].map((t) => t.trim()).filter(Boolean)])) as Responsibilities;
  await db.transaction().execute(async (tx) => {
    assertDraft(await lockPlan(tx, plan.id));
    const before = await responsibilities(tx, plan.id);
    await tx.deleteFrom('plan_responsibility').where('plan_id', '=', plan.id).execute().catch(frozenByDatabase);
    const rows = RESPONSIBLE_PARTIES.flatMap((party) => cleaned[party].map((text, i) => ({ plan_id: plan.id, party, text, sort_order: i + 1 })));
    if (rows.length) await tx.insertInto('plan_responsibility').values(rows).execute().catch(frozenByDatabase);
    await recordAudit(tx, { actor: user.username, action: 'plan.responsibilities', entityType: 'plan', entityId: String(plan.id), details: { before, after: cleaned } });
  });
  return responsibilities(db, plan.id);
}
