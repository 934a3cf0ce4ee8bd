/**
 * Versions of a plan (PLAN-5): sending the draft for sign-off freezes it (the snapshot of
 * everything it says and the live figures as they are, in plan_version, which the database then
 * refuses to change); withdrawing a version returns the plan to draft as the next version;
 * starting a new version after sign-off does the same. Any two versions, or a version and the
 * draft, can be compared.
 */
import type { Db } from '../../db/database.js';
import type { PlanStatus, PlanVersionStatus } from '../../db/schema.js';
import { comparePlans, type PlanComparison } from '../../domain/plans/compare.js';
import { COMPLETED_BY_LABELS } from '../../domain/plans/parties.js';
import type { PlanFigures, PlanSnapshot } from '../../domain/plans/snapshot.js';
import { unknownTokens } from '../../domain/plans/figures.js';
import { recordAudit } from '../audit/audit-log.js';
import { HttpError, notFound, type ErrorDetail } from '../http/errors.js';
import { planFigures } from './figures.js';
import { planSnapshot } from './snapshot.js';

const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());

/** What must be put right before a draft can go to the signatories: empty text sections, unknown figures. */
export function readinessProblems(snapshot: PlanSnapshot, figures: PlanFigures): ErrorDetail[] {
  return snapshot.sections.filter((s) => s.kind === 'text').flatMap((s) => {
    const name = `${s.key} ${s.title}`;
    if (!s.body.trim()) return [{ field: `sections.${s.key}`, message: `${name} is empty (${COMPLETED_BY_LABELS[s.completedBy].toLowerCase()})` }];
    const unknown = unknownTokens(s.body, figures);
    return unknown.length ? [{ field: `sections.${s.key}`, message: `${name} names ${unknown.map((k) => `{{${k}}}`).join(', ')}, which ${unknown.length === 1 ? 'is not a figure' : 'are not figures'}` }] : [];
  });
}

async function lockPlan(tx: Db, planId: number) {
  return tx.selectFrom('plan').select(['id', 'group_code', 'year', 'status', 'version']).where('id', '=', planId).forUpdate().executeTakeFirstOrThrow();
}

const notDraft = (plan: { status: PlanStatus; version: number }) => new HttpError(409, 'not_draft', plan.status === 'in_sign_off'
  ? `Version ${plan.version} is already with the signatories.`
  : `Version ${plan.version} is signed: start a new version first.`);

/** Freezes the draft as version N and sends it to the signatories, in one transaction. */
export async function sendForSignOff(db: Db, actor: string, planId: number): Promise<{ version: number }> {
  return db.transaction().execute(async (tx) => {
    const plan = await lockPlan(tx, planId);
    if (plan.status !== 'draft') throw notDraft(plan);
    const [snapshot, figures] = await Promise.all([planSnapshot(tx, planId), planFigures(tx, plan.group_code, plan.year)]);
    const problems = readinessProblems(snapshot, figures);
    if (problems.length) {
      throw new HttpError(400, 'plan_incomplete', `The plan is not ready for sign-off: ${problems.length === 1 ? 'one section needs' : `${problems.length} sections need`} attention first.`, problems);
    }
    await tx.insertInto('plan_version').values({
      plan_id: planId, version: plan.version, snapshot: JSON.stringify(snapshot), figures: JSON.stringify(figures), sent_by: actor,
    }).execute();
    await tx.updateTable('plan').set({ status: 'in_sign_off', updated_at: new Date() }).where('id', '=', planId).execute();
    await recordAudit(tx, { actor, action: 'plan.send_for_sign_off', entityType: 'plan', entityId: String(planId), details: { version: plan.version } });
    return { version: plan.version };
  });
}

/** Takes a version back from the signatories: it is marked withdrawn and the plan is a draft again, as the next version. */
export async function withdrawVersion(db: Db, actor: string, planId: number, reason: string): Promise<{ version: number }> {
  return db.transaction().execute(async (tx) => {
    const plan = await lockPlan(tx, planId);
    if (plan.status !== 'in_sign_off') {
      throw new HttpError(409, 'not_in_sign_off', plan.status === 'draft' ? 'This plan is a draft: there is no version with the signatories to withdraw.' : `Version ${plan.version} is signed and cannot be withdrawn: start a new version instead.`);
    }
    await tx.updateTable('plan_version').set({ status: 'withdrawn', withdrawn_by: actor, withdrawn_at: new Date(), withdrawn_reason: reason })
      .where('plan_id', '=', planId).where('version', '=', plan.version).execute();
    await tx.updateTable('plan').set({ status: 'draft', version: plan.version + 1, updated_at: new Date() }).where('id', '=', planId).execute();
    await recordAudit(tx, { actor, action: 'plan.withdraw', entityType: 'plan', entityId: String(planId), details: { version: plan.version, reason } });
    return { version: plan.version + 1 };
  });
}

/** After sign-off, a change starts a new draft version (the signed one stays as it was). */
export async function startNewVersion(db: Db, actor: string, planId: number, reason: string | null): Promise<{ version: number }> {
  return db.transaction().execute(async (tx) => {
    const plan = await lockPlan(tx, planId);
    if (plan.status !== 'signed') {
      throw new HttpError(409, 'not_signed', plan.status === 'draft' ? `Version ${plan.version} is still a draft: change it as it is.` : `Version ${plan.version} is with the signatories: withdraw it to change the plan.`);
    }
    await tx.updateTable('plan').set({ status: 'draft', version: plan.version + 1, updated_at: new Date() }).where('id', '=', planId).execute();
    await recordAudit(tx, { actor, action: 'plan.new_version', entityType: 'plan', entityId: String(planId), details: { signedVersion: plan.version, version: plan.version + 1, reason } });
    return { version: plan.version + 1 };
  });
}

export interface VersionSummary {
  version: number;
  status: PlanVersionStatus;
  sentBy: string;
  sentAt: string;
  signedAt: string | null;
  withdrawnBy: string | null;
  withdrawnAt: string | null;
  withdrawnReason: string | null;
  signatures: { roleCode: string; label: string; signedName: string; signedAt: string }[];
}

export async function listVersions(db: Db, planId: number): Promise<VersionSummary[]> {
  const [versions, signatures] = await Promise.all([
    db.selectFrom('plan_version').select(['version', 'status', 'sent_by', 'sent_at', 'signed_at', 'withdrawn_by', 'withdrawn_at', 'withdrawn_reason'])
      .where('plan_id', '=', planId).orderBy('version').execute(),
    db.selectFrom('plan_signature as s').innerJoin('plan_signatory_role as r', 'r.code', 's.role_code')
      .select(['s.version', 's.role_code', 'r.label', 's.signed_name', 's.signed_at']).where('s.plan_id', '=', planId).orderBy('r.sort_order').execute(),
  ]);
  return versions.map((v) => ({
    version: v.version, status: v.status, sentBy: v.sent_by, sentAt: iso(v.sent_at)!, signedAt: iso(v.signed_at),
    withdrawnBy: v.withdrawn_by, withdrawnAt: iso(v.withdrawn_at), withdrawnReason: v.withdrawn_reason,
    signatures: signatures.filter((s) => s.version === v.version).map((s) => ({ roleCode: s.role_code, label: s.label, signedName: s.signed_name, signedAt: iso(s.signed_at)! })),
  }));
}

export async function getVersion(db: Db, planId: number, version: number): Promise<VersionSummary & { snapshot: PlanSnapshot; figures: PlanFigures }> {
  const row = await db.selectFrom('plan_version').select(['snapshot', 'figures']).where('plan_id', '=', planId).where('version', '=', version).executeTakeFirst();
  if (!row) throw notFound(`Version ${version} of the plan`);
  const summary = (await listVersions(db, planId)).find((v) => v.version === version)!;
  return { ...summary, snapshot: row.snapshot as PlanSnapshot, figures: row.figures as PlanFigures };
}

/** A version by number, or the draft as it stands ('draft'). */
async function snapshotOf(db: Db, planId: number, which: number | 'draft'): Promise<PlanSnapshot> {
  if (which === 'draft') return planSnapshot(db, planId);
  const row = await db.selectFrom('plan_version').select('snapshot').where('plan_id', '=', planId).where('version', '=', which).executeTakeFirst();
  if (!row) throw new HttpError(404, 'not_found', `Version ${which} of the plan was not found.`, [{ message: `there is no version ${which}` }]);
  return row.snapshot as PlanSnapshot;
}

export async function compareVersions(db: Db, planId: number, from: number | 'draft', to: number | 'draft'): Promise<PlanComparison & { from: number | 'draft'; to: number | 'draft' }> {
  const [a, b] = await Promise.all([snapshotOf(db, planId, from), snapshotOf(db, planId, to)]);
  return { from, to, ...comparePlans(a, b) };
}

