/**
 * The locality's project portfolio (PLAN-6; seed 000): each group's projects (pathway redesigns
 * such as community audiology, weight management, end of life, stroke), the benefits each should
 * realise in the short, medium and long term, and the readings that track them. Every change is
 * audited in the transaction that makes it.
 */
import type { Db, Tx } from '../../db/database.js';
import {
  BENEFIT_HORIZONS, BENEFIT_STATUSES, BENEFIT_STATUS_LABELS, HORIZON_LABELS, PROJECT_STATUS_LABELS, isBenefitPastDue,
  type BenefitHorizon, type BenefitStatus, type ProjectStatus,
} from '../../domain/plans/milestones.js';
import { recordAudit } from '../audit/audit-log.js';
import type { AuthenticatedUser } from '../auth/credentials.js';
import type { ExportTable } from '../http/exports.js';
import { HttpError, notFound } from '../http/errors.js';

export interface ReadingView { id: number; recordedOn: string; value: string; note: string; recordedBy: string; recordedAt: string }

export interface BenefitView {
  id: number;
  projectId: number;
  horizon: BenefitHorizon;
  horizonLabel: string;
  description: string;
  measure: string;
  baseline: string;
  target: string;
  dueOn: string | null;
  status: BenefitStatus;
  statusLabel: string;
  pastDue: boolean;
  sortOrder: number;
  /** newest first */
  readings: ReadingView[];
  latest: ReadingView | null;
}

export interface ProjectSummary {
  id: number;
  groupCode: string;
  groupName: string;
  name: string;
  description: string;
  lead: string;
  status: ProjectStatus;
  statusLabel: string;
  businessCaseId: number | null;
  businessCaseTitle: string | null;
  /** the plan the business case belongs to */
  businessCasePlanId: number | null;
  startedOn: string | null;
  benefits: {
    total: number;
    byHorizon: Record<BenefitHorizon, number>;
    byStatus: Record<BenefitStatus, number>;
    pastDue: number;
  };
}

export interface ProjectView extends ProjectSummary { benefitList: BenefitView[]; createdBy: string; createdAt: string }

const projectQuery = (db: Db | Tx) => db.selectFrom('project').innerJoin('org_group', 'org_group.code', 'project.group_code')
  .leftJoin('business_case', 'business_case.id', 'project.business_case_id')
  .selectAll('project').select(['org_group.name as group_name', 'business_case.title as case_title', 'business_case.plan_id as case_plan_id']);

async function benefitsOf(db: Db | Tx, projectIds: number[], today: string): Promise<BenefitView[]> {
  if (!projectIds.length) return [];
  const benefits = await db.selectFrom('project_benefit').selectAll().where('project_id', 'in', projectIds).orderBy('sort_order').orderBy('id').execute();
  const readings = benefits.length
    ? await db.selectFrom('benefit_update').selectAll().where('benefit_id', 'in', benefits.map((b) => b.id)).orderBy('recorded_on', 'desc').orderBy('id', 'desc').execute()
    : [];
  const horizonOrder = (h: BenefitHorizon) => BENEFIT_HORIZONS.indexOf(h);
  return benefits.sort((a, b) => a.project_id - b.project_id || horizonOrder(a.horizon) - horizonOrder(b.horizon) || a.sort_order - b.sort_order || a.id - b.id).map((b) => {
    const own = readings.filter((r) => r.benefit_id === b.id).map((r): ReadingView => ({
      id: r.id, recordedOn: r.recorded_on, value: r.value, note: r.note, recordedBy: r.recorded_by, recordedAt: r.recorded_at.toISOString(),
    }));
    return {
      id: b.id, projectId: b.project_id, horizon: b.horizon, horizonLabel: HORIZON_LABELS[b.horizon], description: b.description, measure: b.measure,
      baseline: b.baseline, target: b.target, dueOn: b.due_on, status: b.status, statusLabel: BENEFIT_STATUS_LABELS[b.status],
      pastDue: isBenefitPastDue({ dueOn: b.due_on, status: b.status }, today), sortOrder: b.sort_order, readings: own, latest: own[0] ?? null,
    };
  });
}

type ProjectRow = Awaited<ReturnType<ReturnType<typeof projectQuery>['execute']>>[number];

function summaryOf(p: ProjectRow, benefits: BenefitView[]): ProjectSummary {
  const byHorizon = Object.fromEntries(BENEFIT_HORIZONS.map((h) => [h, benefits.filter((b) => b.horizon === h).length])) as Record<BenefitHorizon, number>;
  const byStatus = Object.fromEntries(BENEFIT_STATUSES.map((s) => [s, benefits.filter((b) => b.status === s).length])) as Record<BenefitStatus, number>;
  return {
    id: p.id, groupCode: p.group_code, groupName: p.group_name, name: p.name, description: p.description, lead: p.lead, status: p.status,
    statusLabel: PROJECT_STATUS_LABELS[p.status], businessCaseId: p.business_case_id, businessCaseTitle: p.case_title, businessCasePlanId: p.case_plan_id, startedOn: p.started_on,
    benefits: { total: benefits.length, byHorizon, byStatus, pastDue: benefits.filter((b) => b.pastDue).length },
  };
}

export interface Portfolio {
  groupCode: string | null;
  today: string;
  projects: (ProjectSummary & { benefitList: BenefitView[] })[];
  totals: { projects: number; benefits: number; pastDue: number; byHorizon: Record<BenefitHorizon, number>; byStatus: Record<BenefitStatus, number> };
}

/** The projects of one group (or of all), with their benefits counted by horizon and status. */
export async function portfolio(db: Db, groupCode: string | null, today: string): Promise<Portfolio> {
  let q = projectQuery(db).orderBy('project.group_code').orderBy('project.name');
  if (groupCode) q = q.where('project.group_code', '=', groupCode);
  const projects = await q.execute();
  const benefits = await benefitsOf(db, projects.map((p) => p.id), today);
  const views = projects.map((p) => {
    const own = benefits.filter((b) => b.projectId === p.id);
    return { ...summaryOf(p, own), benefitList: own };
  });
  const sum = <K extends string>(keys: readonly K[], pick: (v: ProjectSummary) => Record<K, number>) =>
    Object.fromEntries(keys.map((k) => [k, views.reduce((n, v) => n + pick(v)[k], 0)])) as Record<K, number>;
  return {
    groupCode, today, projects: views,
    totals: {
      projects: views.length, benefits: benefits.length, pastDue: benefits.filter((b) => b.pastDue).length,
      byHorizon: sum(BENEFIT_HORIZONS, (v) => v.benefits.byHorizon), byStatus: sum(BENEFIT_STATUSES, (v) => v.benefits.byStatus),
    },
  };
}

export async function getProject(db: Db | Tx, id: number, today: string): Promise<ProjectView> {
  const p = await projectQuery(db).where('project.id', '=', id).executeTakeFirst();
  if (!p) throw notFound(`Project ${id}`);
  const benefits = await benefitsOf(db, [id], today);
  return { ...summaryOf(p, benefits), benefitList: benefits, createdBy: p.created_by, createdAt: p.created_at.toISOString() };
}

/** The group a project or benefit belongs to (for the practice user's rule), or 404. */
export async function groupOfProject(db: Db, projectId: number): Promise<string> {
  const p = await db.selectFrom('project').select('group_code').where('id', '=', projectId).executeTakeFirst();
  if (!p) throw notFound(`Project ${projectId}`);
  return p.group_code;
}

export async function projectOfBenefit(db: Db, benefitId: number): Promise<number> {
  const b = await db.selectFrom('project_benefit').select('project_id').where('id', '=', benefitId).executeTakeFirst();
  if (!b) throw notFound(`Benefit ${benefitId}`);
  return b.project_id;
}

// ── Changes ─────────────────────────────────────────────────────────────────────────────────────

export interface ProjectInput {
  name: string;
  description: string;
  lead: string;
  status: ProjectStatus;
  businessCaseId: number | null;
  startedOn: string | null;
}

const invalid = (field: string, message: string) => new HttpError(400, 'invalid_request', message, [{ field: `body.${field}`, message }]);

async function checkCase(tx: Tx, groupCode: string, caseId: number | null | undefined) {
  if (caseId === null || caseId === undefined) return;
  const found = await tx.selectFrom('business_case').innerJoin('plan', 'plan.id', 'business_case.plan_id').select('plan.group_code')
    .where('business_case.id', '=', caseId).executeTakeFirst();
  if (!found) throw invalid('businessCaseId', `There is no business case ${caseId}.`);
  if (found.group_code !== groupCode) throw invalid('businessCaseId', `Business case ${caseId} belongs to another group’s plan.`);
}

const duplicateName = (error: unknown, name: string): never => {
  if ((error as { code?: string } | null)?.code === '23505') {
    throw new HttpError(409, 'already_exists', `The group already has a project called ${name}.`, [{ field: 'body.name', message: 'is already used in this group' }]);
  }
  throw error;
};

export async function createProject(db: Db, user: AuthenticatedUser, groupCode: string, input: ProjectInput, today: string): Promise<ProjectView> {
  const id = await db.transaction().execute(async (tx) => {
    const group = await tx.selectFrom('org_group').select('code').where('code', '=', groupCode).executeTakeFirst();
    if (!group) throw invalid('groupCode', `There is no group ${groupCode}.`);
    await checkCase(tx, groupCode, input.businessCaseId);
    const row = await tx.insertInto('project').values({
      group_code: groupCode, name: input.name.trim(), description: input.description.trim(), lead: input.lead.trim(), status: input.status,
      business_case_id: input.businessCaseId, started_on: input.startedOn, created_by: user.username,
    }).returning('id').executeTakeFirstOrThrow().catch((e: unknown) => duplicateName(e, input.name.trim()));
    await recordAudit(tx, { actor: user.username, action: 'project.create', entityType: 'project', entityId: String(row.id), details: { groupCode, ...input } });
    return row.id;
  });
  return getProject(db, id, today);
}

export async function updateProject(db: Db, user: AuthenticatedUser, id: number, input: Partial<ProjectInput>, today: string): Promise<ProjectView> {
  await db.transaction().execute(async (tx) => {
    const current = await tx.selectFrom('project').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
    if (!current) throw notFound(`Project ${id}`);
    await checkCase(tx, current.group_code, input.businessCaseId);
    const values = {
      ...(input.name !== undefined ? { name: input.name.trim() } : {}),
      ...(input.description !== undefined ? { description: input.description.trim() } : {}),
      ...(input.lead !== undefined ? { lead: input.lead.trim() } : {}),
      ...(input.status !== undefined ? { status: input.status } : {}),
      ...(input.businessCaseId !== undefined ? { business_case_id: input.businessCaseId } : {}),
      ...(input.startedOn !== undefined ? { started_on: input.startedOn } : {}),
    };
    if (Object.keys(values).length) {
      await tx.updateTable('project').set(values).where('id', '=', id).execute().catch((e: unknown) => duplicateName(e, input.name ?? current.name));
    }
    await recordAudit(tx, {
      actor: user.username, action: 'project.update', entityType: 'project', entityId: String(id),
      details: { before: { name: current.name, lead: current.lead, status: current.status, businessCaseId: current.business_case_id, startedOn: current.started_on }, after: input },
    });
  });
  return getProject(db, id, today);
}

export interface BenefitInput {
  horizon: BenefitHorizon;
  description: string;
  measure: string;
  baseline: string;
  target: string;
  dueOn: string | null;
  status: BenefitStatus;
  sortOrder: number;
}

export async function addBenefit(db: Db, user: AuthenticatedUser, projectId: number, input: BenefitInput, today: string): Promise<ProjectView> {
  await db.transaction().execute(async (tx) => {
    const row = await tx.insertInto('project_benefit').values({
      project_id: projectId, horizon: input.horizon, description: input.description.trim(), measure: input.measure.trim(), baseline: input.baseline.trim(),
      target: input.target.trim(), due_on: input.dueOn, status: input.status, sort_order: input.sortOrder,
    }).returning('id').executeTakeFirstOrThrow();
    await recordAudit(tx, { actor: user.username, action: 'benefit.create', entityType: 'project_benefit', entityId: String(row.id), details: { projectId, ...input } });
  });
  return getProject(db, projectId, today);
}

export async function updateBenefit(db: Db, user: AuthenticatedUser, benefitId: number, input: Partial<BenefitInput>, today: string): Promise<ProjectView> {
  const projectId = await db.transaction().execute(async (tx) => {
    const current = await tx.selectFrom('project_benefit').selectAll().where('id', '=', benefitId).forUpdate().executeTakeFirst();
    if (!current) throw notFound(`Benefit ${benefitId}`);
    const values = {
      ...(input.horizon !== undefined ? { horizon: input.horizon } : {}),
      ...(input.description !== undefined ? { description: input.description.trim() } : {}),
      ...(input.measure !== undefined ? { measure: input.measure.trim() } : {}),
      ...(input.baseline !== undefined ? { baseline: input.baseline.trim() } : {}),
      ...(input.target !== undefined ? { target: input.target.trim() } : {}),
      ...(input.dueOn !== undefined ? { due_on: input.dueOn } : {}),
      ...(input.status !== undefined ? { status: input.status } : {}),
      ...(input.sortOrder !== undefined ? { sort_order: input.sortOrder } : {}),
    };
    if (Object.keys(values).length) await tx.updateTable('project_benefit').set(values).where('id', '=', benefitId).execute();
    await recordAudit(tx, {
      actor: user.username, action: 'benefit.update', entityType: 'project_benefit', entityId: String(benefitId),
      details: { projectId: current.project_id, before: { horizon: current.horizon, description: current.description, target: current.target, dueOn: current.due_on, status: current.status }, after: input },
    });
    return current.project_id;
  });
  return getProject(db, projectId, today);
}

export async function addReading(db: Db, user: AuthenticatedUser, benefitId: number, input: { recordedOn: string; value: string; note: string }, today: string): Promise<ProjectView> {
  if (input.recordedOn > today) throw invalid('recordedOn', 'A reading cannot be dated in the future.');
  const projectId = await db.transaction().execute(async (tx) => {
    const benefit = await tx.selectFrom('project_benefit').select('project_id').where('id', '=', benefitId).executeTakeFirst();
    if (!benefit) throw notFound(`Benefit ${benefitId}`);
    const row = await tx.insertInto('benefit_update').values({
      benefit_id: benefitId, recorded_on: input.recordedOn, value: input.value.trim(), note: input.note.trim(), recorded_by: user.username,
    }).returning('id').executeTakeFirstOrThrow();
    await recordAudit(tx, { actor: user.username, action: 'benefit.reading', entityType: 'project_benefit', entityId: String(benefitId), details: { readingId: row.id, ...input } });
    return benefit.project_id;
  });
  return getProject(db, projectId, today);
}

// ── Export ──────────────────────────────────────────────────────────────────────────────────────

type ExportRow = { project: Portfolio['projects'][number]; benefit: BenefitView | null };

/** One row per benefit (a project without benefits gets one row of its own). */
export function portfolioTable(p: Portfolio): ExportTable<ExportRow> {
  const rows = p.projects.flatMap((project): ExportRow[] => (project.benefitList.length ? project.benefitList.map((benefit) => ({ project, benefit })) : [{ project, benefit: null }]));
  return {
    fileName: `portfolio${p.groupCode ? `-${p.groupCode}` : ''}-${p.today}`,
    sheetName: 'Portfolio',
    title: [`Project portfolio${p.groupCode ? `, ${p.projects[0]?.groupName ?? p.groupCode}` : ''}`, `As at ${p.today}: ${p.totals.projects} projects, ${p.totals.benefits} benefits, ${p.totals.pastDue} past due and not realised`],
    columns: [
      { header: 'Group', value: (r) => r.project.groupName, width: 24 },
      { header: 'Project', value: (r) => r.project.name, width: 30 },
      { header: 'Project status', value: (r) => r.project.statusLabel, width: 14 },
      { header: 'Lead', value: (r) => r.project.lead || null, width: 20 },
      { header: 'Business case', value: (r) => r.project.businessCaseTitle, width: 30 },
      { header: 'Horizon', value: (r) => r.benefit?.horizonLabel ?? null, width: 12 },
      { header: 'Benefit', value: (r) => r.benefit?.description ?? null, width: 40 },
      { header: 'Measure', value: (r) => r.benefit?.measure || null, width: 30 },
      { header: 'Baseline', value: (r) => r.benefit?.baseline || null, width: 16 },
      { header: 'Target', value: (r) => r.benefit?.target || null, width: 16 },
      { header: 'Due', kind: 'date', value: (r) => r.benefit?.dueOn ?? null, width: 12 },
      { header: 'Status', value: (r) => r.benefit?.statusLabel ?? null, width: 14 },
      { header: 'Past due', value: (r) => (r.benefit ? (r.benefit.pastDue ? 'Yes' : 'No') : null), width: 10 },
      { header: 'Latest reading', value: (r) => r.benefit?.latest?.value ?? null, width: 20 },
      { header: 'Reading date', kind: 'date', value: (r) => r.benefit?.latest?.recordedOn ?? null, width: 12 },
    ],
    rows,
  };
}
