/**
 * The incentive trigger (PLAN-5 → FIN-6): the first time a plan is fully signed, every practice of
 * its group has met the 'plan_signed_off' condition of its allowances for the plan's year. It
 * fires once per plan, ever: plan_incentive_trigger has one row per plan, and only the
 * transaction that inserts that row records the evidence; a later version signed off changes
 * nothing (the incentive has been earned already).
 *
 * The evidence goes through the allowances' writeEvidence (src/server/budgets/allowances.ts), for
 * the whole group at once and without budget.manage: the signatories are not finance users, and
 * the signature is the evidence.
 */
import type { Db, Tx } from '../../db/database.js';
import { incentiveEvidence } from '../../domain/plans/signoff.js';
import { recordAudit } from '../audit/audit-log.js';
import { writeEvidence } from '../budgets/allowances.js';

export interface IncentiveTrigger {
  version: number;
  practices: number;
  firedAt: Date;
  /** the username of the signatory whose signature completed the sign-off */
  firedBy: string;
  firedByName: string | null;
}

export interface FireInput {
  plan: { id: number; groupCode: string; groupName: string; year: string; version: number };
  signedAt: Date;
  /** everyone who signed the version, in the roles' order */
  signers: { name: string; label: string }[];
  /** the username of the last signatory */
  actor: string;
}

/**
 * Fires the trigger inside the signing transaction. Returns the practices whose evidence was
 * recorded, or null when the plan's trigger had fired before (nothing is written then).
 */
export async function fireIncentiveTrigger(tx: Tx, input: FireInput): Promise<{ practices: string[] } | null> {
  const { plan, actor, signedAt } = input;
  const practices = await tx.selectFrom('practice').select('code').where('group_code', '=', plan.groupCode).orderBy('code').execute();
  const inserted = await tx.insertInto('plan_incentive_trigger')
    .values({ plan_id: plan.id, version: plan.version, practices: practices.length, fired_by: actor, fired_at: signedAt })
    .onConflict((oc) => oc.column('plan_id').doNothing())
    .returning('plan_id').executeTakeFirst();
  if (!inserted) return null;

  const evidence = incentiveEvidence(plan, signedAt, input.signers);
  const codes = practices.map((p) => p.code);
  await writeEvidence(tx, {
    practiceCodes: codes, year: plan.year, condition: 'plan_signed_off', met: true, evidence, actor, at: signedAt,
    via: `plan ${plan.id} version ${plan.version} signed off`,
  });
  await recordAudit(tx, {
    actor, action: 'plan.incentive', entityType: 'plan', entityId: String(plan.id),
    details: { version: plan.version, year: plan.year, groupCode: plan.groupCode, practices: codes, evidence },
  });
  return { practices: codes };
}

/** The plan's trigger, if it has fired. */
export async function incentiveOf(db: Db | Tx, planId: number): Promise<IncentiveTrigger | null> {
  const row = await db.selectFrom('plan_incentive_trigger as t').leftJoin('app_user as u', 'u.username', 't.fired_by')
    .select(['t.version', 't.practices', 't.fired_at', 't.fired_by', 'u.display_name'])
    .where('t.plan_id', '=', planId).executeTakeFirst();
  return row ? { version: row.version, practices: row.practices, firedAt: row.fired_at, firedBy: row.fired_by, firedByName: row.display_name } : null;
}
