/**
 * Each group's commissioning plan for a year (PLAN-1): starting one from the template in force,
 * reading it with the live parts and figures (or, once sent for sign-off, as frozen in its
 * version), and writing a section — by the party it is for completion by, while the plan is a
 * draft, from the revision the writer started with.
 */
import { sql } from 'kysely';
import type { FastifyRequest } from 'fastify';
import type { Db, Tx } from '../../db/database.js';
import type { Action } from '../../domain/access/can.js';
import { can } from '../../domain/access/can.js';
import { COMPLETED_BY_LABELS, mayComplete, type CompletedBy } from '../../domain/plans/parties.js';
import type { PlanFigures, PlanSnapshot, SectionKind } from '../../domain/plans/snapshot.js';
import type { PlanStatus, PlanVersionStatus } from '../../db/schema.js';
import { recordAudit } from '../audit/audit-log.js';
import { authorise } from '../auth/context.js';
import type { AuthenticatedUser } from '../auth/credentials.js';
import { HttpError, notFound } from '../http/errors.js';
import { planFigures } from './figures.js';
import { planSnapshot } from './snapshot.js';
import { templateInForce } from './templates.js';

export interface PlanSummary {
  id: number;
  groupCode: string;
  groupName: string;
  year: string;
  title: string;
  status: PlanStatus;
  version: number;
  /** text sections written / all text sections */
  sectionsWritten: number;
  sectionsToWrite: number;
  updatedAt: string;
}

export interface PlanRow { id: number; group_code: string; year: string; title: string; status: PlanStatus; version: number; template_id: number }

const iso = (d: Date | string) => new Date(d).toISOString();

/** The group of a practice user (null for everyone else: they are not bound to a group). */
export async function ownGroup(db: Db | Tx, user: AuthenticatedUser): Promise<string | null> {
  if (user.role !== 'practice' || !user.practiceCode) return null;
  const practice = await db.selectFrom('practice').select('group_code').where('code', '=', user.practiceCode).executeTakeFirst();
  return practice?.group_code ?? '';
}

/**
 * Authorises an action on a plan: the role must allow it, and a practice user may act only on
 * its own group's plans (another group's plan is "not found", and the refusal audited).
 */
export async function authorisePlan(db: Db, request: FastifyRequest, action: Action, planId: number): Promise<{ user: AuthenticatedUser; plan: PlanRow }> {
  const user = await authorise(db, request, action);
  const plan = await db.selectFrom('plan').select(['id', 'group_code', 'year', 'title', 'status', 'version', 'template_id']).where('id', '=', planId).executeTakeFirst();
  if (!plan) throw notFound('The plan');
  const group = await ownGroup(db, user);
  if (group !== null && group !== plan.group_code) {
    await recordAudit(db, { actor: user.username, action, entityType: 'plan', entityId: String(planId), outcome: 'denied', details: { method: request.method, url: request.url } });
    throw notFound('The plan');
  }
  return { user, plan };
}

export async function listPlans(db: Db, user: AuthenticatedUser, filter: { year?: string; group?: string }): Promise<PlanSummary[]> {
  const group = await ownGroup(db, user);
  const rows = await db.selectFrom('plan as p').innerJoin('org_group as g', 'g.code', 'p.group_code')
    .select(['p.id', 'p.group_code', 'g.name as group_name', 'p.year', 'p.title', 'p.status', 'p.version', 'p.updated_at',
      (eb) => eb.selectFrom('plan_section as s').select(sql<number>`count(*) filter (where btrim(s.body) <> '')::int`.as('n'))
        .whereRef('s.plan_id', '=', 'p.id').where('s.kind', '=', 'text').as('written'),
      (eb) => eb.selectFrom('plan_section as s').select(sql<number>`count(*)::int`.as('n')).whereRef('s.plan_id', '=', 'p.id').where('s.kind', '=', 'text').as('to_write')])
    .$if(filter.year !== undefined, (q) => q.where('p.year', '=', filter.year!))
    .$if(filter.group !== undefined, (q) => q.where('p.group_code', '=', filter.group!))
    .$if(group !== null, (q) => q.where('p.group_code', '=', group!))
    .orderBy('p.year', 'desc').orderBy('g.name').execute();
  return rows.map((r) => ({
    id: r.id, groupCode: r.group_code, groupName: r.group_name, year: r.year, title: r.title, status: r.status, version: r.version,
    sectionsWritten: r.written ?? 0, sectionsToWrite: r.to_write ?? 0, updatedAt: iso(r.updated_at),
  }));
}

/** Starts a group's plan for a year from the template in force: its sections are copied now. */
export async function startPlan(db: Db, actor: string, input: { groupCode: string; year: string }): Promise<number> {
  const group = await db.selectFrom('org_group').select(['code', 'name']).where('code', '=', input.groupCode).executeTakeFirst();
  if (!group) throw new HttpError(422, 'unknown_group', `There is no group ${input.groupCode}.`, [{ field: 'body.groupCode', message: 'is not a known group' }]);
  return db.transaction().execute(async (tx) => {
    const existing = await tx.selectFrom('plan').select('id').where('group_code', '=', input.groupCode).where('year', '=', input.year).executeTakeFirst();
    if (existing) throw new HttpError(409, 'plan_exists', `${group.name} already has a plan for ${input.year} (plan ${existing.id}).`, [{ field: 'body.groupCode', message: `already has a plan for ${input.year}` }]);
    const template = await templateInForce(tx, input.year);
    if (!template) throw new HttpError(422, 'no_template', `No plan template is in force for ${input.year}: ask an administrator to create one.`, [{ field: 'body.year', message: 'has no plan template in force' }]);
    const plan = await tx.insertInto('plan').values({
      group_code: input.groupCode, year: input.year, template_id: template.id, title: `${group.name} commissioning plan ${input.year}`, created_by: actor,
    }).returning('id').executeTakeFirstOrThrow();
    await tx.insertInto('plan_section').columns(['plan_id', 'key', 'part', 'title', 'guidance', 'completed_by', 'kind', 'sort_order'])
      .expression((eb) => eb.selectFrom('plan_template_section').select([sql.lit(plan.id).as('plan_id'), 'key', 'part', 'title', 'guidance', 'completed_by', 'kind', 'sort_order'])
        .where('template_id', '=', template.id))
      .execute();
    await recordAudit(tx, { actor, action: 'plan.start', entityType: 'plan', entityId: String(plan.id), details: { groupCode: input.groupCode, year: input.year, templateId: template.id, templateFromYear: template.from_year } });
    return plan.id;
  });
}

export interface SectionView {
  key: string;
  part: string;
  title: string;
  guidance: string;
  completedBy: CompletedBy;
  completedByLabel: string;
  kind: SectionKind;
  body: string;
  revision: number;
  updatedBy: string | null;
  updatedAt: string | null;
  /** whether the signed-in user may write this section now */
  mayEdit: boolean;
}

export interface PlanView {
  plan: PlanSummary & { templateId: number; createdBy: string; createdAt: string };
  introduction: string;
  sections: SectionView[];
  /** true once a version is with the signatories or signed: parts and figures are those frozen in it */
  frozen: boolean;
  live: Omit<PlanSnapshot, 'plan' | 'sections'>;
  figures: PlanFigures;
  version: { version: number; status: PlanVersionStatus; sentBy: string; sentAt: string; signedAt: string | null } | null;
  mayManage: boolean;
}

/** Why the user may not write a section, or null when they may. */
export function editRefusal(user: AuthenticatedUser, plan: Pick<PlanRow, 'status' | 'version'>, completedBy: CompletedBy): HttpError | null {
  if (!can(user, 'plan.edit')) return new HttpError(403, 'forbidden', 'You do not have permission to write plan sections.');
  if (!mayComplete(user.role, completedBy)) {
    return new HttpError(403, 'not_your_section', `This section is ${COMPLETED_BY_LABELS[completedBy].replace(/^For/, 'for')}.`);
  }
  if (plan.status === 'in_sign_off') return new HttpError(409, 'plan_frozen', `Version ${plan.version} is with the signatories: withdraw it to change the plan.`);
  if (plan.status === 'signed') return new HttpError(409, 'plan_frozen', `Version ${plan.version} is signed: start a new version to change it.`);
  return null;
}

export async function getPlanView(db: Db, user: AuthenticatedUser, plan: PlanRow): Promise<PlanView> {
  const [row, sections, template, version] = await Promise.all([
    db.selectFrom('plan as p').innerJoin('org_group as g', 'g.code', 'p.group_code').selectAll('p').select('g.name as group_name').where('p.id', '=', plan.id).executeTakeFirstOrThrow(),
    db.selectFrom('plan_section').selectAll().where('plan_id', '=', plan.id).orderBy('sort_order').orderBy('key').execute(),
    db.selectFrom('plan_template').select('introduction').where('id', '=', plan.template_id).executeTakeFirstOrThrow(),
    db.selectFrom('plan_version').selectAll().where('plan_id', '=', plan.id).where('version', '=', plan.version).executeTakeFirst(),
  ]);
  const frozen = row.status !== 'draft' && version !== undefined;
  const [snapshot, figures] = frozen
    ? [version.snapshot as PlanSnapshot, version.figures as PlanFigures]
    : await Promise.all([planSnapshot(db, plan.id), planFigures(db, row.group_code, row.year)]);
  const text = sections.filter((s) => s.kind === 'text');
  const { practices, governance, responsibilities, businessCases, milestones, signatories } = snapshot;
  return {
    plan: {
      id: row.id, groupCode: row.group_code, groupName: row.group_name, year: row.year, title: row.title, status: row.status, version: row.version,
      sectionsWritten: text.filter((s) => s.body.trim()).length, sectionsToWrite: text.length, updatedAt: iso(row.updated_at),
      templateId: row.template_id, createdBy: row.created_by, createdAt: iso(row.created_at),
    },
    introduction: template.introduction,
    sections: sections.map((s) => ({
      key: s.key, part: s.part, title: s.title, guidance: s.guidance, completedBy: s.completed_by, completedByLabel: COMPLETED_BY_LABELS[s.completed_by],
      kind: s.kind, body: s.body, revision: s.revision, updatedBy: s.updated_by, updatedAt: s.updated_at ? iso(s.updated_at) : null,
      mayEdit: editRefusal(user, row, s.completed_by) === null,
    })),
    frozen,
    live: { practices, governance, responsibilities, businessCases, milestones, signatories },
    figures,
    version: version ? { version: version.version, status: version.status, sentBy: version.sent_by, sentAt: iso(version.sent_at), signedAt: version.signed_at ? iso(version.signed_at) : null } : null,
    mayManage: can(user, 'plan.manage'),
  };
}

/**
 * Writes a section's text. The plan row is locked so a version cannot be sent half-way through;
 * the section must still be at the revision the writer started from (409 naming it otherwise).
 */
export async function saveSection(db: Db, user: AuthenticatedUser, planId: number, key: string, input: { body: string; revision: number }) {
  return db.transaction().execute(async (tx) => {
    const plan = await tx.selectFrom('plan').select(['id', 'status', 'version']).where('id', '=', planId).forUpdate().executeTakeFirstOrThrow();
    const section = await tx.selectFrom('plan_section').selectAll().where('plan_id', '=', planId).where('key', '=', key).executeTakeFirst();
    if (!section) throw notFound(`Section ${key} of the plan`);
    const refusal = editRefusal(user, plan, section.completed_by);
    if (refusal) throw refusal;
    if (section.revision !== input.revision) {
      throw new HttpError(409, 'stale_section', `Section ${key} (${section.title}) was changed by ${section.updated_by ?? 'someone else'} since you opened it. Copy your text, reload the section to see their changes, then make yours again.`,
        [{ field: 'body.revision', message: `is ${input.revision} but the section is now at revision ${section.revision}` }]);
    }
    const updated = await tx.updateTable('plan_section').set({ body: input.body, revision: section.revision + 1, updated_by: user.username, updated_at: new Date() })
      .where('plan_id', '=', planId).where('key', '=', key).where('revision', '=', input.revision)
      .returning(['revision', 'updated_by', 'updated_at']).executeTakeFirstOrThrow();
    await tx.updateTable('plan').set({ updated_at: new Date() }).where('id', '=', planId).execute();
    await recordAudit(tx, {
      actor: user.username, action: 'plan.section.edit', entityType: 'plan_section', entityId: `${planId} ${key}`,
      details: { planId, key, version: plan.version, fromRevision: input.revision, revision: updated.revision, characters: input.body.length },
    });
    return { key, body: input.body, revision: updated.revision, updatedBy: updated.updated_by, updatedAt: updated.updated_at ? iso(updated.updated_at) : null };
  });
}
