/**
 * The demo's plan signatories (PLAN-5; seed 004, section 10): the three signatory accounts of
 * src/domain/demo/accounts.ts each hold their role for every demo group, so the demo plans can be
 * signed off by signing in as exec-chair, committee-chair and chief-exec.
 *
 * Idempotent: a second load changes nothing, and a holder named since (on the signatories page)
 * is kept. Accounts not there yet are reported, not invented. Audited once as demo.signatories.
 */
import type { Db } from '../../db/database.js';
import { SIGNATORY_ACCOUNTS } from '../../domain/demo/accounts.js';
import { recordAudit } from '../audit/audit-log.js';

export interface DemoSignatoriesSummary {
  groups: number;
  /** role holders named by this load */
  assigned: number;
  /** signatory accounts that do not exist (their roles are left unheld) */
  missing: string[];
}

export async function loadDemoSignatories(db: Db, actor: string): Promise<DemoSignatoriesSummary> {
  const usernames = SIGNATORY_ACCOUNTS.map((a) => a.username);
  const [groups, users] = await Promise.all([
    db.selectFrom('org_group').select('code').orderBy('code').execute(),
    db.selectFrom('app_user').select(['id', 'username']).where('username', 'in', usernames).execute(),
  ]);
  const idOf = new Map(users.map((u) => [u.username, u.id]));
  const missing = usernames.filter((u) => !idOf.has(u));
  const rows = groups.flatMap((g) => SIGNATORY_ACCOUNTS.filter((a) => idOf.has(a.username)).map((a) => ({
    group_code: g.code, role_code: a.signatoryRole, user_id: idOf.get(a.username)!, assigned_by: actor,
  })));
  if (!rows.length) return { groups: groups.length, assigned: 0, missing };
  const inserted = await db.transaction().execute(async (tx) => {
    const added = await tx.insertInto('plan_signatory').values(rows)
      .onConflict((oc) => oc.columns(['group_code', 'role_code']).doNothing())
      .returning(['group_code', 'role_code']).execute();
    if (added.length) {
      await recordAudit(tx, {
        actor, action: 'demo.signatories', entityType: 'plan_signatory', entityId: 'demo',
        details: { assigned: added.map((a) => `${a.group_code} ${a.role_code}`) },
      });
    }
    return added.length;
  });
  return { groups: groups.length, assigned: inserted, missing };
}
