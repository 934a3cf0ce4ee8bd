/**
 * The demo's groupings of practices (issue 7, item 8), so the insight pages have something to
 * compare by from the start:
 * - 'North and South federation': shared, every practice of the first two demo groups (by code);
 * - 'Primary care network 1': shared, the first four practices (by code) of the first group;
 * - 'Reviewer’s caseload': private to the demo 'reviewer' account, one practice in four across
 *   the locality (skipped when there is no such account).
 * Shared ones belong to the demo 'commissioner' account where it exists. Each is audited as made
 * by `actor`. Idempotent: a shared grouping of that name, or the owner's private one, already
 * there is left as it is.
 */
import type { Db } from '../../db/database.js';
import type { GroupingKind } from '../../domain/insight-groupings/groupings.js';
import { recordAudit } from '../audit/audit-log.js';

export interface DemoGroupingsSummary { created: string[]; skipped: string[] }

interface Plan { name: string; kind: GroupingKind; shared: boolean; owner: 'commissioner' | 'reviewer'; practiceCodes: string[] }

export const DEMO_GROUPING_NAMES = { federation: 'North and South federation', network: 'Primary care network 1', caseload: 'Reviewer’s caseload' } as const;

export async function loadDemoGroupings(db: Db, actor: string): Promise<DemoGroupingsSummary> {
  const practices = await db.selectFrom('practice').select(['code', 'group_code']).orderBy('code').execute();
  const groups = [...new Set(practices.map((p) => p.group_code))].sort().slice(0, 2);
  const users = await db.selectFrom('app_user').select(['id', 'username']).where('username', 'in', ['commissioner', 'reviewer']).execute();
  const userId = (username: string) => users.find((u) => u.username === username)?.id ?? null;

  const plans: Plan[] = [
    { name: DEMO_GROUPING_NAMES.federation, kind: 'federation', shared: true, owner: 'commissioner', practiceCodes: practices.filter((p) => groups.includes(p.group_code)).map((p) => p.code) },
    { name: DEMO_GROUPING_NAMES.network, kind: 'network', shared: true, owner: 'commissioner', practiceCodes: practices.filter((p) => p.group_code === groups[0]).slice(0, 4).map((p) => p.code) },
    { name: DEMO_GROUPING_NAMES.caseload, kind: 'caseload', shared: false, owner: 'reviewer', practiceCodes: practices.filter((_, i) => i % 4 === 1).map((p) => p.code) },
  ];

  const summary: DemoGroupingsSummary = { created: [], skipped: [] };
  for (const plan of plans) {
    const owner = userId(plan.owner);
    // A private grouping without its owner would be seen by no one.
    if (!plan.practiceCodes.length || (!plan.shared && owner === null)) {
      summary.skipped.push(plan.name);
      continue;
    }
    await db.transaction().execute(async (tx) => {
      const existing = await tx.selectFrom('practice_grouping').select('id').where('name', '=', plan.name)
        .where((eb) => (plan.shared ? eb('shared', '=', true) : eb('owner_user_id', '=', owner))).executeTakeFirst();
      if (existing) {
        summary.skipped.push(plan.name);
        return;
      }
      const { id } = await tx.insertInto('practice_grouping').values({ name: plan.name, kind: plan.kind, shared: plan.shared, owner_user_id: owner, created_by: actor })
        .returning('id').executeTakeFirstOrThrow();
      for (let i = 0; i < plan.practiceCodes.length; i += 1000) {
        await tx.insertInto('practice_grouping_member').values(plan.practiceCodes.slice(i, i + 1000).map((practice_code) => ({ grouping_id: id, practice_code }))).execute();
      }
      await recordAudit(tx, {
        actor, action: 'grouping.create', entityType: 'practice_grouping', entityId: String(id),
        details: { name: plan.name, kind: plan.kind, shared: plan.shared, owner: owner === null ? null : plan.owner, practices: plan.practiceCodes.length, demo: true },
      });
      summary.created.push(plan.name);
    });
  }
  return summary;
}
