/**
 * The subjects declarations and decisions are about: checked against what the hub holds (a
 * provider's ODS code, a practice's code, a business case or project of the group by number, or a
 * topic in words) and named for people (a provider's name, a business case's title).
 */
import type { Db, Tx } from '../../db/database.js';
import {
  SUBJECT_KIND_LABELS, normaliseSubjectRef, subjectLabel, subjectProblem, type Subject, type SubjectKind,
} from '../../domain/governance/interests.js';
import type { ErrorDetail } from '../http/errors.js';

export interface SubjectView { kind: SubjectKind; kindLabel: string; ref: string; name: string | null; label: string }

/**
 * The subject in its one spelling, or the problem with it (field names the form's field). A
 * business case or project must belong to the group (through its plan, for a case).
 */
export async function checkSubject(db: Db | Tx, groupCode: string, subject: Subject, field: string): Promise<{ subject: Subject } | { problem: ErrorDetail }> {
  const shape = subjectProblem(subject);
  if (shape) return { problem: { field, message: shape } };
  const ref = normaliseSubjectRef(subject.kind, subject.ref);
  const missing = (message: string) => ({ problem: { field, value: ref, message } });
  switch (subject.kind) {
    case 'provider': {
      const found = await db.selectFrom('provider').select('code').where('code', '=', ref).executeTakeFirst();
      if (!found) return missing(`There is no provider with the ODS code ${ref}`);
      break;
    }
    case 'practice': {
      const found = await db.selectFrom('practice').select('code').where('code', '=', ref).executeTakeFirst();
      if (!found) return missing(`There is no practice with the code ${ref}`);
      break;
    }
    case 'business_case': {
      const found = await db.selectFrom('business_case as c').innerJoin('plan as p', 'p.id', 'c.plan_id')
        .select('p.group_code').where('c.id', '=', Number(ref)).executeTakeFirst();
      if (!found) return missing(`There is no business case ${ref}`);
      if (found.group_code !== groupCode) return missing(`Business case ${ref} belongs to another group`);
      break;
    }
    case 'project': {
      const found = await db.selectFrom('project').select('group_code').where('id', '=', Number(ref)).executeTakeFirst();
      if (!found) return missing(`There is no project ${ref}`);
      if (found.group_code !== groupCode) return missing(`Project ${ref} belongs to another group`);
      break;
    }
    case 'topic':
      break;
  }
  return { subject: { kind: subject.kind, ref } };
}

const key = (s: Subject) => `${s.kind}:${s.ref}`;

/** Names for many subjects at once: a map from kind:ref to the name, for those that have one. */
export async function subjectNames(db: Db | Tx, subjects: readonly Subject[]): Promise<Map<string, string>> {
  const refs = (kind: SubjectKind) => [...new Set(subjects.filter((s) => s.kind === kind).map((s) => s.ref))];
  const ids = (kind: SubjectKind) => refs(kind).filter((r) => /^\d{1,9}$/.test(r)).map(Number);
  const [providers, practices, cases, projects] = await Promise.all([
    refs('provider').length ? db.selectFrom('provider').select(['code', 'name']).where('code', 'in', refs('provider')).execute() : [],
    refs('practice').length ? db.selectFrom('practice').select(['code', 'name']).where('code', 'in', refs('practice')).execute() : [],
    ids('business_case').length ? db.selectFrom('business_case').select(['id', 'title as name']).where('id', 'in', ids('business_case')).execute() : [],
    ids('project').length ? db.selectFrom('project').select(['id', 'name']).where('id', 'in', ids('project')).execute() : [],
  ]);
  const names = new Map<string, string>();
  for (const p of providers) names.set(key({ kind: 'provider', ref: p.code }), p.name);
  for (const p of practices) names.set(key({ kind: 'practice', ref: p.code }), p.name);
  for (const c of cases) names.set(key({ kind: 'business_case', ref: String(c.id) }), c.name);
  for (const p of projects) names.set(key({ kind: 'project', ref: String(p.id) }), p.name);
  return names;
}

export const nameOf = (names: Map<string, string>, s: Subject) => names.get(key(s)) ?? null;

export const subjectView = (names: Map<string, string>, s: Subject): SubjectView => {
  const name = nameOf(names, s);
  return { kind: s.kind, kindLabel: SUBJECT_KIND_LABELS[s.kind], ref: s.ref, name, label: subjectLabel(s, name) };
};
