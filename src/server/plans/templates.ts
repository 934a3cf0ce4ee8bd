/**
 * The plan template (PLAN-1): the sections and questions every group's plan starts from, which an
 * administrator changes for a later year without code. A plan of a year uses the template in force
 * then (the latest whose from_year is not after it) and copies its sections when it starts, so
 * editing a template never changes a plan already begun.
 */
import { sql } from 'kysely';
import type { Db, Tx } from '../../db/database.js';
import type { CompletedBy } from '../../domain/plans/parties.js';
import type { SectionKind } from '../../domain/plans/snapshot.js';
import { recordAudit } from '../audit/audit-log.js';
import { HttpError, notFound, type ErrorDetail } from '../http/errors.js';

export interface TemplateSection { key: string; part: string; title: string; guidance: string; completedBy: CompletedBy; kind: SectionKind }

export interface TemplateSummary {
  id: number;
  name: string;
  fromYear: string;
  sections: number;
  /** plans begun from it (they keep their own copy of its sections) */
  plans: number;
  updatedBy: string;
  updatedAt: string;
}

export interface TemplateView extends Omit<TemplateSummary, 'sections'> { introduction: string; sections: TemplateSection[] }

const iso = (d: Date | string) => new Date(d).toISOString();

export async function listTemplates(db: Db): Promise<TemplateSummary[]> {
  const rows = await db.selectFrom('plan_template as t')
    .select(['t.id', 't.name', 't.from_year', 't.updated_by', 't.updated_at',
      (eb) => eb.selectFrom('plan_template_section as s').select(sql<number>`count(*)::int`.as('n')).whereRef('s.template_id', '=', 't.id').as('sections'),
      (eb) => eb.selectFrom('plan as p').select(sql<number>`count(*)::int`.as('n')).whereRef('p.template_id', '=', 't.id').as('plans')])
    .orderBy('t.from_year', 'desc').execute();
  return rows.map((r) => ({ id: r.id, name: r.name, fromYear: r.from_year, sections: r.sections ?? 0, plans: r.plans ?? 0, updatedBy: r.updated_by, updatedAt: iso(r.updated_at) }));
}

export async function templateSections(db: Db | Tx, templateId: number): Promise<TemplateSection[]> {
  const rows = await db.selectFrom('plan_template_section').selectAll().where('template_id', '=', templateId).orderBy('sort_order').orderBy('key').execute();
  return rows.map((s) => ({ key: s.key, part: s.part, title: s.title, guidance: s.guidance, completedBy: s.completed_by, kind: s.kind }));
}

export async function getTemplate(db: Db, id: number): Promise<TemplateView> {
  const t = await db.selectFrom('plan_template').selectAll().where('id', '=', id).executeTakeFirst();
  if (!t) throw notFound('The plan template');
  const [sections, plans] = await Promise.all([
    templateSections(db, id),
    db.selectFrom('plan').select(sql<number>`count(*)::int`.as('n')).where('template_id', '=', id).executeTakeFirstOrThrow(),
  ]);
  return { id: t.id, name: t.name, fromYear: t.from_year, introduction: t.introduction, sections, plans: plans.n, updatedBy: t.updated_by, updatedAt: iso(t.updated_at) };
}

/** The template in force for a financial year: the latest whose from_year is not after it. */
export async function templateInForce(db: Db | Tx, year: string) {
  return db.selectFrom('plan_template').select(['id', 'name', 'from_year']).where('from_year', '<=', year).orderBy('from_year', 'desc').limit(1).executeTakeFirst();
}

/** A template for a later year: a copy of the latest, to edit. */
export async function createNextTemplate(db: Db, actor: string, input: { fromYear: string; name?: string }): Promise<number> {
  return db.transaction().execute(async (tx) => {
    const latest = await tx.selectFrom('plan_template').selectAll().orderBy('from_year', 'desc').limit(1).executeTakeFirst();
    if (latest && input.fromYear <= latest.from_year) {
      throw new HttpError(422, 'not_later', `A new template must be for a year after ${latest.from_year}, the latest template’s.`, [{ field: 'body.fromYear', message: `must be after ${latest.from_year}` }]);
    }
    const created = await tx.insertInto('plan_template').values({
      name: input.name ?? latest?.name ?? 'Locality commissioning plan', from_year: input.fromYear, introduction: latest?.introduction ?? '', created_by: actor, updated_by: actor,
    }).returning('id').executeTakeFirstOrThrow();
    if (latest) {
      await tx.insertInto('plan_template_section').columns(['template_id', 'key', 'part', 'title', 'guidance', 'completed_by', 'kind', 'sort_order'])
        .expression((eb) => eb.selectFrom('plan_template_section').select([sql.lit(created.id).as('template_id'), 'key', 'part', 'title', 'guidance', 'completed_by', 'kind', 'sort_order'])
          .where('template_id', '=', latest.id))
        .execute();
    }
    await recordAudit(tx, { actor, action: 'plan.template.create', entityType: 'plan_template', entityId: String(created.id), details: { fromYear: input.fromYear, copiedFrom: latest?.from_year ?? null } });
    return created.id;
  });
}

/** Problems with a template's sections: keys must be unique; a live part appears once. */
export function sectionProblems(sections: readonly TemplateSection[]): ErrorDetail[] {
  const problems: ErrorDetail[] = [];
  const keys = new Set<string>();
  const kinds = new Set<string>();
  sections.forEach((s, i) => {
    if (keys.has(s.key)) problems.push({ field: `body.sections.${i}.key`, message: `is ${s.key}, used by an earlier section: each section needs its own key` });
    keys.add(s.key);
    if (s.kind !== 'text' && kinds.has(s.kind)) problems.push({ field: `body.sections.${i}.kind`, message: `is ${s.kind}, which an earlier section already shows` });
    kinds.add(s.kind);
  });
  return problems;
}

/**
 * Changes a template: its name, introduction and the whole list of sections in their order (so
 * adding, removing, reordering and rewording are one save). `updatedAt` is the version the editor
 * loaded: a template changed by someone else since is refused (409).
 */
export async function updateTemplate(db: Db, actor: string, id: number, input: { name: string; introduction: string; sections: TemplateSection[]; updatedAt: string }): Promise<void> {
  const problems = sectionProblems(input.sections);
  if (problems.length) throw new HttpError(400, 'invalid_sections', 'The sections are not valid.', problems);
  await db.transaction().execute(async (tx) => {
    const t = await tx.selectFrom('plan_template').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
    if (!t) throw notFound('The plan template');
    if (iso(t.updated_at) !== iso(input.updatedAt)) {
      throw new HttpError(409, 'stale_template', `${t.updated_by} changed this template since you opened it. Reload it to see their changes, then make yours again.`);
    }
    const before = await templateSections(tx, id);
    await tx.deleteFrom('plan_template_section').where('template_id', '=', id).execute();
    if (input.sections.length) {
      await tx.insertInto('plan_template_section').values(input.sections.map((s, i) => ({
        template_id: id, key: s.key, part: s.part, title: s.title, guidance: s.guidance, completed_by: s.completedBy, kind: s.kind, sort_order: (i + 1) * 10,
      }))).execute();
    }
    await tx.updateTable('plan_template').set({ name: input.name, introduction: input.introduction, updated_by: actor, updated_at: new Date() }).where('id', '=', id).execute();
    const keysOf = (list: TemplateSection[]) => list.map((s) => s.key);
    const changed = input.sections.filter((s) => {
      const old = before.find((b) => b.key === s.key);
      return old && JSON.stringify(old) !== JSON.stringify(s);
    }).map((s) => s.key);
    await recordAudit(tx, {
      actor, action: 'plan.template.update', entityType: 'plan_template', entityId: String(id),
      details: {
        fromYear: t.from_year, nameChanged: t.name !== input.name, introductionChanged: t.introduction !== input.introduction,
        added: keysOf(input.sections).filter((k) => !before.some((b) => b.key === k)),
        removed: keysOf(before).filter((k) => !input.sections.some((s) => s.key === k)),
        changed, order: keysOf(input.sections),
      },
    });
  });
}
