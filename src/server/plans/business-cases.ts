/**
 * Business cases (PLAN-2): the outline business case of each proposed service change with the
 * appendix fields of seed 004, its simple financial model (src/domain/plans/business-case.ts),
 * its status from idea to live, and its approval by the parties the group's delegation level for
 * 'business_case.approve' needs (ORG-4).
 *
 * A case's wording and figures are plan content: they change only while the plan is a draft (the
 * application says so first; migration 0008's trigger refuses it whatever the route). Its status
 * and approvals are tracked whatever the plan's state. Edits name the revision they started from
 * (409 when someone saved since). Every change is audited in the transaction that makes it.
 *
 * Also here: finding a plan for a request (with the practice user's group rule) and the draft
 * rule, which the milestone and responsibility routes share.
 */
import type { FastifyRequest } from 'fastify';
import type { Updateable } from 'kysely';
import type { Db, Tx } from '../../db/database.js';
import type { BusinessCaseTable } from '../../db/schema.js';
import type { Action } from '../../domain/access/can.js';
import { CASE_STATUS_LABELS, allowedTransitions, financialModel, keepsApprovals, statusChange, type CaseStatus, type FinancialModel } from '../../domain/plans/business-case.js';
import { CATEGORY_LABELS, DEFAULT_CATEGORY, approvalState, approversNeeded, type DelegationCategory } from '../../domain/governance/delegation.js';
import { PARTY_LABELS, partyOf, type Party } from '../../domain/plans/parties.js';
import { recordAudit } from '../audit/audit-log.js';
import { authorise } from '../auth/context.js';
import type { AuthenticatedUser } from '../auth/credentials.js';
import { forbidden, HttpError, notFound } from '../http/errors.js';

// ── The plan a request is about ─────────────────────────────────────────────────────────────────

export interface PlanRef { id: number; groupCode: string; groupName: string; year: string; status: 'draft' | 'in_sign_off' | 'signed'; version: number; title: string }

/**
 * The plan, once the caller may do `action` on it: practice users only on their own group's
 * plans (another group's answers 404, audited, so its existence is not revealed).
 */
export async function planForRequest(db: Db, request: FastifyRequest, action: Action, planId: number): Promise<{ user: AuthenticatedUser; plan: PlanRef }> {
  const user = await authorise(db, request, action);
  const row = await db.selectFrom('plan').innerJoin('org_group', 'org_group.code', 'plan.group_code')
    .select(['plan.id', 'plan.group_code', 'org_group.name as group_name', 'plan.year', 'plan.status', 'plan.version', 'plan.title'])
    .where('plan.id', '=', planId).executeTakeFirst();
  if (!row) throw notFound(`Plan ${planId}`);
  if (user.role === 'practice' && !(await inGroup(db, user, row.group_code))) {
    await recordAudit(db, { actor: user.username, action, entityType: 'plan', entityId: String(planId), outcome: 'denied', details: { method: request.method, url: request.url } });
    throw notFound(`Plan ${planId}`);
  }
  return { user, plan: { id: row.id, groupCode: row.group_code, groupName: row.group_name, year: row.year, status: row.status, version: row.version, title: row.title } };
}

/** Whether a practice user's practice belongs to the group. */
export async function inGroup(db: Db | Tx, user: AuthenticatedUser, groupCode: string): Promise<boolean> {
  if (!user.practiceCode) return false;
  const practice = await db.selectFrom('practice').select('group_code').where('code', '=', user.practiceCode).executeTakeFirst();
  return practice?.group_code === groupCode;
}

/** Why the plan's content cannot change now, or null when it is a draft. */
export function frozenMessage(plan: Pick<PlanRef, 'status' | 'version'>): string | null {
  if (plan.status === 'in_sign_off') return `Version ${plan.version} is with the signatories: nothing in it can change. Withdraw it to make changes, or start a new version once it is signed.`;
  if (plan.status === 'signed') return `Version ${plan.version} is signed: start a new version to change it.`;
  return null;
}

/** Refuses (409) a change to plan content unless the plan is a draft. */
export function assertDraft(plan: Pick<PlanRef, 'status' | 'version'>) {
  const message = frozenMessage(plan);
  if (message) throw new HttpError(409, 'plan_frozen', message);
}

/**
 * The content trigger's refusal, should the plan have left draft between our check and the
 * write (another request sent it for sign-off), as the same 409.
 */
export function frozenByDatabase(error: unknown): never {
  const e = error as { code?: string; message?: string } | null;
  if (e?.code === '23514' && /cannot change/.test(e.message ?? '')) {
    throw new HttpError(409, 'plan_frozen', 'The plan has just been sent for sign-off or signed, so this change was not saved. Reload it to see where it stands.');
  }
  throw error;
}

/** Locks the plan row for the rest of the transaction and re-reads its state. */
export async function lockPlan(tx: Tx, planId: number) {
  return tx.selectFrom('plan').select(['status', 'version']).where('id', '=', planId).forUpdate().executeTakeFirstOrThrow();
}

// ── Views ───────────────────────────────────────────────────────────────────────────────────────

export interface CaseFields {
  title: string;
  outline: string;
  benefitToPatients: string;
  patientsMin: number | null;
  patientsMax: number | null;
  patientsNote: string;
  evidenceOfEffectiveness: string;
  patientSupport: string;
  stakeholderSupport: string;
  costs: string;
  upfrontInvestmentPence: number;
  freedResources: string;
  freedResourcesTimescale: string;
  linksToPriorities: string;
  risks: string;
}

export interface ModelYearFields { yearIndex: number; costPence: number; releasedPence: number }

export interface ApprovalView {
  function: string;
  category: DelegationCategory;
  categoryLabel: string;
  /** whether the group has set a level, or the default applies */
  categorySet: boolean;
  needed: Party[];
  approvals: { party: Party; partyLabel: string; userName: string; note: string; approvedAt: string }[];
  waitingFor: Party[];
  complete: boolean;
  /** in words: who has approved, or who is still to */
  message: string;
}

export interface CaseView extends CaseFields {
  id: number;
  planId: number;
  status: CaseStatus;
  statusLabel: string;
  /** where the status may go next (approved only through approval) */
  nextStatuses: CaseStatus[];
  revision: number;
  years: ModelYearFields[];
  model: FinancialModel;
  approval: ApprovalView;
  createdBy: string;
  createdAt: string;
  updatedBy: string;
  updatedAt: string;
}

export const APPROVAL_FUNCTION = 'business_case.approve';

/** The group's delegation level for approving business cases (the default when none is set). */
export async function caseApprovalLevel(db: Db | Tx, groupCode: string): Promise<{ category: DelegationCategory; set: boolean }> {
  const row = await db.selectFrom('gov_delegation').select('category').where('group_code', '=', groupCode).where('function_code', '=', APPROVAL_FUNCTION).executeTakeFirst();
  return row ? { category: row.category, set: true } : { category: DEFAULT_CATEGORY, set: false };
}

const lowerFirst = (s: string) => s.charAt(0).toLowerCase() + s.slice(1);
const partyName = (p: Party) => `the ${PARTY_LABELS[p].toLowerCase()}`;
const joinAnd = (xs: string[]) => (xs.length <= 1 ? xs.join('') : `${xs.slice(0, -1).join(', ')} and ${xs.at(-1)}`);

/** "Waiting for the commissioner's approval (category B: joint)", or who approved. */
export function approvalMessage(category: DelegationCategory, approvedBy: Party[], status: CaseStatus): string {
  const level = `(${lowerFirst(CATEGORY_LABELS[category])})`;
  const state = approvalState(category, approvedBy);
  if (state.complete && approvedBy.length) return `Approved by ${joinAnd(approversNeeded(category).map(partyName))} ${level}`;
  if (status !== 'proposed') {
    return `Needs the approval of ${joinAnd(approversNeeded(category).map(partyName))} ${level}, once the case is proposed`;
  }
  return `Waiting for ${joinAnd(state.waitingFor.map((p) => `${partyName(p)}’s`))} approval ${level}`;
}

type CaseRow = Awaited<ReturnType<typeof caseRows>>[number];

const caseRows = (db: Db | Tx, planId: number, caseId?: number) => {
  let q = db.selectFrom('business_case').selectAll().where('plan_id', '=', planId);
  if (caseId !== undefined) q = q.where('id', '=', caseId);
  return q.orderBy('sort_order').orderBy('id').execute();
};

async function viewsOf(db: Db | Tx, plan: Pick<PlanRef, 'groupCode'>, rows: CaseRow[]): Promise<CaseView[]> {
  if (!rows.length) return [];
  const ids = rows.map((r) => r.id);
  const [years, approvals, level] = await Promise.all([
    db.selectFrom('business_case_year').select(['business_case_id', 'year_index', 'cost_pence', 'released_pence'])
      .where('business_case_id', 'in', ids).orderBy('year_index').execute(),
    db.selectFrom('business_case_approval').innerJoin('app_user', 'app_user.id', 'business_case_approval.user_id')
      .select(['business_case_approval.business_case_id', 'business_case_approval.party', 'business_case_approval.note', 'business_case_approval.approved_at', 'app_user.display_name'])
      .where('business_case_approval.business_case_id', 'in', ids).orderBy('business_case_approval.approved_at').execute(),
    caseApprovalLevel(db, plan.groupCode),
  ]);
  return rows.map((r) => {
    const ys = years.filter((y) => y.business_case_id === r.id).map((y) => ({ yearIndex: y.year_index, costPence: Number(y.cost_pence), releasedPence: Number(y.released_pence) }));
    const given = approvals.filter((a) => a.business_case_id === r.id);
    const approvedBy = given.map((a) => a.party);
    const state = approvalState(level.category, approvedBy);
    return {
      id: r.id, planId: r.plan_id, title: r.title, outline: r.outline, benefitToPatients: r.benefit_to_patients,
      patientsMin: r.patients_min, patientsMax: r.patients_max, patientsNote: r.patients_note,
      evidenceOfEffectiveness: r.evidence_of_effectiveness, patientSupport: r.patient_support, stakeholderSupport: r.stakeholder_support,
      costs: r.costs, upfrontInvestmentPence: Number(r.upfront_investment_pence), freedResources: r.freed_resources,
      freedResourcesTimescale: r.freed_resources_timescale, linksToPriorities: r.links_to_priorities, risks: r.risks,
      status: r.status, statusLabel: CASE_STATUS_LABELS[r.status], nextStatuses: [...allowedTransitions(r.status)], revision: r.revision,
      years: ys, model: financialModel(Number(r.upfront_investment_pence), ys),
      approval: {
        function: APPROVAL_FUNCTION, category: level.category, categoryLabel: CATEGORY_LABELS[level.category], categorySet: level.set,
        needed: approversNeeded(level.category),
        approvals: given.map((a) => ({ party: a.party, partyLabel: PARTY_LABELS[a.party], userName: a.display_name, note: a.note, approvedAt: a.approved_at.toISOString() })),
        waitingFor: state.waitingFor, complete: state.complete && approvedBy.length > 0,
        message: approvalMessage(level.category, approvedBy, r.status),
      },
      createdBy: r.created_by, createdAt: r.created_at.toISOString(), updatedBy: r.updated_by, updatedAt: r.updated_at.toISOString(),
    };
  });
}

export async function listCases(db: Db, plan: PlanRef): Promise<CaseView[]> {
  return viewsOf(db, plan, await caseRows(db, plan.id));
}

export async function getCase(db: Db | Tx, plan: Pick<PlanRef, 'id' | 'groupCode'>, caseId: number): Promise<CaseView> {
  const [view] = await viewsOf(db, plan, await caseRows(db, plan.id, caseId));
  if (!view) throw notFound(`Business case ${caseId} of plan ${plan.id}`);
  return view;
}

// ── Changes ─────────────────────────────────────────────────────────────────────────────────────

const COLUMNS: Record<keyof CaseFields, string> = {
  title: 'title', outline: 'outline', benefitToPatients: 'benefit_to_patients', patientsMin: 'patients_min', patientsMax: 'patients_max',
  patientsNote: 'patients_note', evidenceOfEffectiveness: 'evidence_of_effectiveness', patientSupport: 'patient_support',
  stakeholderSupport: 'stakeholder_support', costs: 'costs', upfrontInvestmentPence: 'upfront_investment_pence', freedResources: 'freed_resources',
  freedResourcesTimescale: 'freed_resources_timescale', linksToPriorities: 'links_to_priorities', risks: 'risks',
};

const invalidField = (field: string, message: string) => new HttpError(400, 'invalid_request', `${message.charAt(0).toUpperCase()}${message.slice(1)}.`, [{ field: `body.${field}`, message }]);

function checkFields(f: Pick<CaseFields, 'patientsMin' | 'patientsMax'>) {
  if (f.patientsMin !== null && f.patientsMax !== null && f.patientsMin > f.patientsMax) {
    throw invalidField('patientsMax', `the maximum number of patients must be at least the minimum (${f.patientsMin})`);
  }
}

function checkYears(years: readonly ModelYearFields[]) {
  const seen = new Set<number>();
  years.forEach((y, i) => {
    if (seen.has(y.yearIndex)) throw invalidField(`years.${i}.yearIndex`, `year ${y.yearIndex} is given twice`);
    seen.add(y.yearIndex);
  });
}

/** The columns of the fields given (undefined: left as they are), text trimmed. */
const rowValues = (f: Partial<CaseFields>) => Object.fromEntries(
  (Object.keys(f) as (keyof CaseFields)[]).filter((k) => f[k] !== undefined && k in COLUMNS).map((k) => [COLUMNS[k], typeof f[k] === 'string' ? (f[k] as string).trim() : f[k]]),
) as Updateable<BusinessCaseTable>;

async function replaceYears(tx: Tx, caseId: number, years: readonly ModelYearFields[]) {
  await tx.deleteFrom('business_case_year').where('business_case_id', '=', caseId).execute();
  if (years.length) {
    await tx.insertInto('business_case_year')
      .values(years.map((y) => ({ business_case_id: caseId, year_index: y.yearIndex, cost_pence: y.costPence, released_pence: y.releasedPence }))).execute();
  }
}

/** The plan's writers: plan.edit (authorised already) and, for a practice user, only its own group. */
export type CaseInput = Partial<Omit<CaseFields, 'title'>> & { title: string; years?: ModelYearFields[] };

export async function createCase(db: Db, user: AuthenticatedUser, plan: PlanRef, input: CaseInput): Promise<CaseView> {
  assertDraft(plan);
  const fields = { patientsMin: null, patientsMax: null, ...input };
  checkFields(fields);
  checkYears(input.years ?? []);
  const { years = [], ...wording } = input;
  const id = await db.transaction().execute(async (tx) => {
    assertDraft(await lockPlan(tx, plan.id));
    const last = await tx.selectFrom('business_case').select((eb) => eb.fn.max('sort_order').as('n')).where('plan_id', '=', plan.id).executeTakeFirst();
    const row = await tx.insertInto('business_case').values({
      plan_id: plan.id, ...rowValues(wording), title: wording.title.trim(), sort_order: Number(last?.n ?? 0) + 1, created_by: user.username, updated_by: user.username,
    }).returning('id').executeTakeFirstOrThrow().catch(frozenByDatabase);
    await replaceYears(tx, row.id, years);
    await recordAudit(tx, {
      actor: user.username, action: 'case.create', entityType: 'business_case', entityId: String(row.id),
      details: { planId: plan.id, title: wording.title.trim(), upfrontInvestmentPence: wording.upfrontInvestmentPence ?? 0, years: years.length },
    });
    return row.id;
  });
  return getCase(db, plan, id);
}

export type CaseChange = Partial<CaseFields> & { revision: number; years?: ModelYearFields[] };

const conflict = (caseId: number, by: string, at: Date) => new HttpError(409, 'conflict',
  `Business case ${caseId} was changed by ${by} at ${at.toISOString().slice(11, 16)} after you opened it. Reload it to see their change before you save yours.`);

/**
 * Changes a case's wording and figures (draft plans only). A change to a proposed case withdraws
 * the approvals given so far: they were given to the wording as it stood.
 */
export async function updateCase(db: Db, user: AuthenticatedUser, plan: PlanRef, caseId: number, change: CaseChange): Promise<CaseView> {
  assertDraft(plan);
  const { revision, years, ...wording } = change;
  if (years) checkYears(years);
  await db.transaction().execute(async (tx) => {
    assertDraft(await lockPlan(tx, plan.id));
    const current = await tx.selectFrom('business_case').selectAll().where('id', '=', caseId).where('plan_id', '=', plan.id).forUpdate().executeTakeFirst();
    if (!current) throw notFound(`Business case ${caseId} of plan ${plan.id}`);
    if (current.revision !== revision) throw conflict(caseId, current.updated_by, current.updated_at);
    checkFields({
      patientsMin: wording.patientsMin !== undefined ? wording.patientsMin : current.patients_min,
      patientsMax: wording.patientsMax !== undefined ? wording.patientsMax : current.patients_max,
    });
    const values = rowValues(wording);
    const changed = Object.entries(values).filter(([column, value]) => {
      const before = (current as Record<string, unknown>)[column];
      return (typeof before === 'string' || before === null ? before : Number(before)) !== value;
    }).map(([column]) => column);
    const beforeYears = await tx.selectFrom('business_case_year').select(['year_index', 'cost_pence', 'released_pence']).where('business_case_id', '=', caseId).orderBy('year_index').execute();
    const yearsChanged = years !== undefined && JSON.stringify(beforeYears.map((y) => [y.year_index, Number(y.cost_pence), Number(y.released_pence)]))
      !== JSON.stringify([...years].sort((a, b) => a.yearIndex - b.yearIndex).map((y) => [y.yearIndex, y.costPence, y.releasedPence]));
    await tx.updateTable('business_case').set({ ...values, revision: current.revision + 1, updated_by: user.username, updated_at: new Date() })
      .where('id', '=', caseId).execute().catch(frozenByDatabase);
    if (years && yearsChanged) await replaceYears(tx, caseId, years).catch(frozenByDatabase);
    const withdrawn = current.status === 'proposed' && (changed.length > 0 || yearsChanged)
      ? await tx.deleteFrom('business_case_approval').where('business_case_id', '=', caseId).returning('party').execute()
      : [];
    await recordAudit(tx, {
      actor: user.username, action: 'case.update', entityType: 'business_case', entityId: String(caseId),
      details: {
        planId: plan.id, fromRevision: current.revision, toRevision: current.revision + 1, changed: yearsChanged ? [...changed, 'years'] : changed,
        ...(yearsChanged ? { yearsBefore: beforeYears.map((y) => ({ yearIndex: y.year_index, costPence: Number(y.cost_pence), releasedPence: Number(y.released_pence) })) } : {}),
        ...(withdrawn.length ? { approvalsWithdrawn: withdrawn.map((a) => a.party) } : {}),
      },
    });
  });
  return getCase(db, plan, caseId);
}

/** Moves a case's status (any time: status is tracked, not plan content). Never to approved: see approveCase. */
export async function changeCaseStatus(db: Db, user: AuthenticatedUser, plan: PlanRef, caseId: number, to: CaseStatus, revision: number, note: string): Promise<CaseView> {
  await db.transaction().execute(async (tx) => {
    const current = await tx.selectFrom('business_case').select(['status', 'revision', 'updated_by', 'updated_at']).where('id', '=', caseId).where('plan_id', '=', plan.id).forUpdate().executeTakeFirst();
    if (!current) throw notFound(`Business case ${caseId} of plan ${plan.id}`);
    if (current.revision !== revision) throw conflict(caseId, current.updated_by, current.updated_at);
    const move = statusChange(current.status, to);
    if (!move.ok) throw new HttpError(409, 'not_allowed_now', move.message, [{ field: 'body.status', message: move.message }]);
    await tx.updateTable('business_case').set({ status: to, revision: current.revision + 1, updated_by: user.username, updated_at: new Date() }).where('id', '=', caseId).execute();
    const cleared = keepsApprovals(to) ? [] : await tx.deleteFrom('business_case_approval').where('business_case_id', '=', caseId).returning('party').execute();
    await recordAudit(tx, {
      actor: user.username, action: 'case.status', entityType: 'business_case', entityId: String(caseId),
      details: { planId: plan.id, from: current.status, to, note, ...(cleared.length ? { approvalsWithdrawn: cleared.map((a) => a.party) } : {}) },
    });
  });
  return getCase(db, plan, caseId);
}

/**
 * Records the approval of the caller's party. The group's delegation level says whose approvals
 * a case needs (A: the commissioner; B: both; C: the consortium); once all are in, the case is
 * approved.
 */
export async function approveCase(db: Db, user: AuthenticatedUser, plan: PlanRef, caseId: number, note: string): Promise<CaseView> {
  const party = partyOf(user.role);
  if (party === null) throw forbidden('Only the consortium and the commissioner approve business cases.');
  await db.transaction().execute(async (tx) => {
    const current = await tx.selectFrom('business_case').select(['status', 'revision', 'title']).where('id', '=', caseId).where('plan_id', '=', plan.id).forUpdate().executeTakeFirst();
    if (!current) throw notFound(`Business case ${caseId} of plan ${plan.id}`);
    if (current.status !== 'proposed') {
      throw new HttpError(409, 'not_allowed_now', current.status === 'approved' || current.status === 'live'
        ? `Business case ${caseId} is already approved.`
        : `Only a proposed case can be approved; this one is marked ${CASE_STATUS_LABELS[current.status]}. Propose it first.`);
    }
    const level = await caseApprovalLevel(tx, plan.groupCode);
    const needed = approversNeeded(level.category);
    if (!needed.includes(party)) {
      throw forbidden(`At ${lowerFirst(CATEGORY_LABELS[level.category])}, business cases of this group are approved by ${joinAnd(needed.map(partyName))}, not ${partyName(party)}.`);
    }
    const given = await tx.selectFrom('business_case_approval').innerJoin('app_user', 'app_user.id', 'business_case_approval.user_id')
      .select(['business_case_approval.party', 'app_user.display_name', 'business_case_approval.approved_at']).where('business_case_id', '=', caseId).execute();
    const mine = given.find((g) => g.party === party);
    if (mine) throw new HttpError(409, 'already_approved', `${PARTY_LABELS[party]} approval was given already, by ${mine.display_name} on ${mine.approved_at.toISOString().slice(0, 10)}.`);
    await tx.insertInto('business_case_approval').values({ business_case_id: caseId, party, user_id: user.id, note: note.trim() }).execute();
    const state = approvalState(level.category, [...given.map((g) => g.party), party]);
    await recordAudit(tx, {
      actor: user.username, action: 'case.approve', entityType: 'business_case', entityId: String(caseId),
      details: { planId: plan.id, party, category: level.category, note: note.trim(), waitingFor: state.waitingFor },
    });
    if (state.complete) {
      await tx.updateTable('business_case').set({ status: 'approved', revision: current.revision + 1, updated_by: user.username, updated_at: new Date() }).where('id', '=', caseId).execute();
      await recordAudit(tx, {
        actor: user.username, action: 'case.status', entityType: 'business_case', entityId: String(caseId),
        details: { planId: plan.id, from: 'proposed', to: 'approved', via: `approvals at category ${level.category}` },
      });
    }
  });
  return getCase(db, plan, caseId);
}
