/**
 * Deliverables and milestones (PLAN-3): "by [date] we will deliver [item]", with an owner, an
 * optional business case, and whether it is a success criterion that triggers the achievement
 * payment. The wording is plan content (draft plans only); status and evidence are tracked
 * through the year, whatever the plan's state.
 *
 * The payment link (FIN-6; seed 004, Appendix 4 part 5: "linked to defined project milestones not
 * savings achieved"): after every change, when all the plan's payment milestones are delivered,
 * each practice of the plan's group has met the 'milestones_met' condition for the plan's year;
 * when one of them stops being delivered, it has not. The evidence goes through the allowances'
 * writeEvidence (each practice's change audited with what it replaced).
 */
import type { Db, Tx } from '../../db/database.js';
import { MILESTONE_STATUS_LABELS, isOverdue, milestoneSentence, paymentState, type MilestoneStatus, type PaymentState } from '../../domain/plans/milestones.js';
import { recordAudit } from '../audit/audit-log.js';
import type { AuthenticatedUser } from '../auth/credentials.js';
import { writeEvidence } from '../budgets/allowances.js';
import { HttpError, notFound } from '../http/errors.js';
import { assertDraft, frozenByDatabase, lockPlan, type PlanRef } from './business-cases.js';

export interface MilestoneView {
  id: number;
  planId: number;
  businessCaseId: number | null;
  businessCaseTitle: string | null;
  dueOn: string;
  deliverable: string;
  /** "By 31 March 2027 we will deliver …" */
  sentence: string;
  owner: string;
  triggersPayment: boolean;
  status: MilestoneStatus;
  statusLabel: string;
  evidence: string;
  overdue: boolean;
  sortOrder: number;
  updatedBy: string;
  updatedAt: string;
}

/** Today in England (milestones fall due on English calendar days). */
export const londonToday = (now = new Date()) => new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' }).format(now);

async function rows(db: Db | Tx, planId: number) {
  return db.selectFrom('milestone').leftJoin('business_case', 'business_case.id', 'milestone.business_case_id')
    .selectAll('milestone').select('business_case.title as case_title')
    .where('milestone.plan_id', '=', planId).orderBy('milestone.due_on').orderBy('milestone.sort_order').orderBy('milestone.id').execute();
}

export async function listMilestones(db: Db, plan: PlanRef, today: string): Promise<{ milestones: MilestoneView[]; payment: Omit<PaymentState, 'evidence'> }> {
  const found = await rows(db, plan.id);
  const milestones = found.map((m): MilestoneView => ({
    id: m.id, planId: m.plan_id, businessCaseId: m.business_case_id, businessCaseTitle: m.case_title, dueOn: m.due_on, deliverable: m.deliverable,
    sentence: milestoneSentence(m.due_on, m.deliverable), owner: m.owner, triggersPayment: m.triggers_payment, status: m.status,
    statusLabel: MILESTONE_STATUS_LABELS[m.status], evidence: m.evidence, overdue: isOverdue({ dueOn: m.due_on, status: m.status }, today),
    sortOrder: m.sort_order, updatedBy: m.updated_by, updatedAt: m.updated_at.toISOString(),
  }));
  const { evidence: _evidence, ...payment } = paymentState(plan.year, milestones);
  return { milestones, payment };
}

async function oneView(db: Db, plan: PlanRef, id: number, today: string) {
  const found = (await listMilestones(db, plan, today)).milestones.find((m) => m.id === id);
  if (!found) throw notFound(`Milestone ${id} of plan ${plan.id}`);
  return found;
}

async function paymentNow(db: Db | Tx, plan: Pick<PlanRef, 'id' | 'year'>): Promise<PaymentState> {
  const found = await db.selectFrom('milestone').select(['due_on', 'deliverable', 'triggers_payment', 'status', 'evidence', 'sort_order', 'id'])
    .where('plan_id', '=', plan.id).orderBy('due_on').orderBy('sort_order').orderBy('id').execute();
  return paymentState(plan.year, found.map((m) => ({ dueOn: m.due_on, deliverable: m.deliverable, triggersPayment: m.triggers_payment, status: m.status, evidence: m.evidence })));
}

async function caseOfPlan(tx: Tx, planId: number, caseId: number | null | undefined) {
  if (caseId === null || caseId === undefined) return;
  const found = await tx.selectFrom('business_case').select('id').where('id', '=', caseId).where('plan_id', '=', planId).executeTakeFirst();
  if (!found) throw new HttpError(400, 'invalid_request', `Business case ${caseId} is not one of this plan’s.`, [{ field: 'body.businessCaseId', message: `is not a business case of plan ${planId}` }]);
}

const checkEvidence = (status: MilestoneStatus | undefined, evidence: string) => {
  if (status === 'delivered' && !evidence.trim()) {
    throw new HttpError(400, 'invalid_request', 'Say what shows the milestone was delivered.', [{ field: 'body.evidence', message: 'is needed when the milestone is delivered: say what shows it (a document, a report, a date)' }]);
  }
};

/**
 * Keeps the 'milestones_met' evidence in step with the payment milestones: met for every practice
 * of the group once they are all delivered (where not already recorded in those words); not met
 * where it was met, when the change undid that. The acting user is recorded against each.
 * The condition follows from the milestones by rule rather than anyone's judgement, so it needs
 * no budget.manage: it is recorded in the tracker's name.
 */
export async function syncPaymentEvidence(db: Db, user: AuthenticatedUser, plan: Pick<PlanRef, 'id' | 'year' | 'groupCode'>, before: PaymentState): Promise<{ recorded: number; state: PaymentState }> {
  const after = await paymentNow(db, plan);
  if (!after.met && !before.met) return { recorded: 0, state: after };
  const practices = await db.selectFrom('practice').select('code').where('group_code', '=', plan.groupCode).orderBy('code').execute();
  if (!practices.length) return { recorded: 0, state: after };
  const current = await db.selectFrom('allowance_evidence').select(['practice_code', 'met', 'evidence'])
    .where('year', '=', plan.year).where('condition', '=', 'milestones_met').where('practice_code', 'in', practices.map((p) => p.code)).execute();
  const recorded = new Map(current.map((c) => [c.practice_code, c]));
  const due = practices.filter((p) => {
    const r = recorded.get(p.code);
    return after.met ? !(r?.met && r.evidence === after.evidence) : r?.met === true;
  });
  if (due.length) {
    await db.transaction().execute((tx) => writeEvidence(tx, {
      practiceCodes: due.map((p) => p.code), year: plan.year, condition: 'milestones_met', met: after.met, evidence: after.evidence,
      actor: user.username, at: new Date(), via: `plan ${plan.id} payment milestones`,
    }));
    await recordAudit(db, {
      actor: user.username, action: 'milestone.payment_evidence', entityType: 'plan', entityId: String(plan.id),
      details: { year: plan.year, met: after.met, practices: due.map((p) => p.code), evidence: after.evidence },
    });
  }
  return { recorded: due.length, state: after };
}

export interface MilestoneWording {
  dueOn: string;
  deliverable: string;
  owner?: string;
  businessCaseId?: number | null;
  triggersPayment?: boolean;
  sortOrder?: number;
}

export async function createMilestone(db: Db, user: AuthenticatedUser, plan: PlanRef, input: MilestoneWording, today: string): Promise<MilestoneView> {
  assertDraft(plan);
  const before = await paymentNow(db, plan);
  const id = await db.transaction().execute(async (tx) => {
    assertDraft(await lockPlan(tx, plan.id));
    await caseOfPlan(tx, plan.id, input.businessCaseId);
    const row = await tx.insertInto('milestone').values({
      plan_id: plan.id, due_on: input.dueOn, deliverable: input.deliverable.trim(), owner: (input.owner ?? '').trim(), business_case_id: input.businessCaseId ?? null,
      triggers_payment: input.triggersPayment ?? false, sort_order: input.sortOrder ?? 0, evidence: '', updated_by: user.username,
    }).returning('id').executeTakeFirstOrThrow().catch(frozenByDatabase);
    await recordAudit(tx, {
      actor: user.username, action: 'milestone.create', entityType: 'milestone', entityId: String(row.id),
      details: { planId: plan.id, dueOn: input.dueOn, deliverable: input.deliverable.trim(), triggersPayment: input.triggersPayment ?? false },
    });
    return row.id;
  });
  await syncPaymentEvidence(db, user, plan, before);
  return oneView(db, plan, id, today);
}

export async function updateMilestone(db: Db, user: AuthenticatedUser, plan: PlanRef, id: number, input: Partial<MilestoneWording>, today: string): Promise<MilestoneView> {
  assertDraft(plan);
  const before = await paymentNow(db, plan);
  await db.transaction().execute(async (tx) => {
    assertDraft(await lockPlan(tx, plan.id));
    const current = await tx.selectFrom('milestone').selectAll().where('id', '=', id).where('plan_id', '=', plan.id).forUpdate().executeTakeFirst();
    if (!current) throw notFound(`Milestone ${id} of plan ${plan.id}`);
    await caseOfPlan(tx, plan.id, input.businessCaseId);
    const values = {
      ...(input.dueOn !== undefined ? { due_on: input.dueOn } : {}),
      ...(input.deliverable !== undefined ? { deliverable: input.deliverable.trim() } : {}),
      ...(input.owner !== undefined ? { owner: input.owner.trim() } : {}),
      ...(input.businessCaseId !== undefined ? { business_case_id: input.businessCaseId } : {}),
      ...(input.triggersPayment !== undefined ? { triggers_payment: input.triggersPayment } : {}),
      ...(input.sortOrder !== undefined ? { sort_order: input.sortOrder } : {}),
    };
    await tx.updateTable('milestone').set({ ...values, updated_by: user.username, updated_at: new Date() }).where('id', '=', id).execute().catch(frozenByDatabase);
    await recordAudit(tx, {
      actor: user.username, action: 'milestone.update', entityType: 'milestone', entityId: String(id),
      details: {
        planId: plan.id,
        before: { dueOn: current.due_on, deliverable: current.deliverable, owner: current.owner, businessCaseId: current.business_case_id, triggersPayment: current.triggers_payment },
        after: input,
      },
    });
  });
  await syncPaymentEvidence(db, user, plan, before);
  return oneView(db, plan, id, today);
}

export async function deleteMilestone(db: Db, user: AuthenticatedUser, plan: PlanRef, id: number): Promise<void> {
  assertDraft(plan);
  const before = await paymentNow(db, plan);
  await db.transaction().execute(async (tx) => {
    assertDraft(await lockPlan(tx, plan.id));
    const gone = await tx.deleteFrom('milestone').where('id', '=', id).where('plan_id', '=', plan.id).returningAll().executeTakeFirst().catch(frozenByDatabase);
    if (!gone) throw notFound(`Milestone ${id} of plan ${plan.id}`);
    await recordAudit(tx, {
      actor: user.username, action: 'milestone.delete', entityType: 'milestone', entityId: String(id),
      details: { planId: plan.id, dueOn: gone.due_on, deliverable: gone.deliverable, status: gone.status, triggersPayment: gone.triggers_payment },
    });
  });
  await syncPaymentEvidence(db, user, plan, before);
}

/** Records a milestone's status and evidence (any time). Delivered needs evidence. */
export async function trackMilestone(db: Db, user: AuthenticatedUser, plan: PlanRef, id: number, input: { status: MilestoneStatus; evidence?: string }, today: string) {
  const before = await paymentNow(db, plan);
  await db.transaction().execute(async (tx) => {
    const current = await tx.selectFrom('milestone').select(['status', 'evidence']).where('id', '=', id).where('plan_id', '=', plan.id).forUpdate().executeTakeFirst();
    if (!current) throw notFound(`Milestone ${id} of plan ${plan.id}`);
    const evidence = (input.evidence ?? current.evidence).trim();
    checkEvidence(input.status, evidence);
    await tx.updateTable('milestone').set({ status: input.status, evidence, updated_by: user.username, updated_at: new Date() }).where('id', '=', id).execute();
    await recordAudit(tx, {
      actor: user.username, action: 'milestone.track', entityType: 'milestone', entityId: String(id),
      details: { planId: plan.id, before: { status: current.status, evidence: current.evidence }, after: { status: input.status, evidence } },
    });
  });
  const payment = await syncPaymentEvidence(db, user, plan, before);
  return { milestone: await oneView(db, plan, id, today), paymentEvidenceRecorded: payment.recorded, payment: { total: payment.state.total, delivered: payment.state.delivered, met: payment.state.met } };
}
