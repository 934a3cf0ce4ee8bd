/**
 * Reads a plan as it stands into a PlanSnapshot (src/domain/plans/snapshot.ts): what sending a
 * version for sign-off freezes, and what the editor shows of the live parts.
 */
import type { Db } from '../../db/database.js';
import type { PlanSnapshot, SnapshotBody, SnapshotBusinessCase, SnapshotMilestone, SnapshotResponsibility } from '../../domain/plans/snapshot.js';

export async function businessCaseSnapshot(db: Db, planId: number): Promise<SnapshotBusinessCase[]> {
  const cases = await db.selectFrom('business_case').selectAll().where('plan_id', '=', planId).orderBy('sort_order').orderBy('id').execute();
  if (cases.length === 0) return [];
  const years = await db.selectFrom('business_case_year').selectAll()
    .where('business_case_id', 'in', cases.map((c) => c.id)).orderBy('business_case_id').orderBy('year_index').execute();
  return cases.map((c) => ({
    id: c.id, title: c.title, outline: c.outline, benefitToPatients: c.benefit_to_patients,
    patientsMin: c.patients_min, patientsMax: c.patients_max, patientsNote: c.patients_note,
    evidenceOfEffectiveness: c.evidence_of_effectiveness, patientSupport: c.patient_support, stakeholderSupport: c.stakeholder_support,
    costs: c.costs, upfrontInvestmentPence: c.upfront_investment_pence, freedResources: c.freed_resources,
    freedResourcesTimescale: c.freed_resources_timescale, linksToPriorities: c.links_to_priorities, risks: c.risks, status: c.status,
    years: years.filter((y) => y.business_case_id === c.id).map((y) => ({ yearIndex: y.year_index, costPence: y.cost_pence, releasedPence: y.released_pence })),
  }));
}

export async function milestoneSnapshot(db: Db, planId: number): Promise<SnapshotMilestone[]> {
  const rows = await db.selectFrom('milestone').selectAll().where('plan_id', '=', planId).orderBy('due_on').orderBy('sort_order').orderBy('id').execute();
  return rows.map((m) => ({
    id: m.id, businessCaseId: m.business_case_id, dueOn: m.due_on, deliverable: m.deliverable, owner: m.owner,
    triggersPayment: m.triggers_payment, status: m.status, evidence: m.evidence,
  }));
}

const PARTY_ORDER = { commissioner: 0, consortium: 1, practices: 2 } as const;

export async function responsibilitySnapshot(db: Db, planId: number): Promise<SnapshotResponsibility[]> {
  const rows = await db.selectFrom('plan_responsibility').select(['party', 'text', 'sort_order', 'id']).where('plan_id', '=', planId).execute();
  return rows.sort((a, b) => PARTY_ORDER[a.party] - PARTY_ORDER[b.party] || a.sort_order - b.sort_order || a.id - b.id)
    .map((r) => ({ party: r.party, text: r.text }));
}

/** The group's governance bodies and members, council first (seed 004, section 2). */
export async function governanceSnapshot(db: Db, groupCode: string): Promise<SnapshotBody[]> {
  const bodies = await db.selectFrom('gov_body').select(['id', 'kind', 'name']).where('group_code', '=', groupCode).orderBy('id').execute();
  if (bodies.length === 0) return [];
  const members = await db.selectFrom('gov_member').select(['body_id', 'person_name', 'role', 'discipline', 'practice_code', 'id'])
    .where('body_id', 'in', bodies.map((b) => b.id)).orderBy('id').execute();
  return bodies.map((b) => ({
    kind: b.kind, name: b.name,
    members: members.filter((m) => m.body_id === b.id).map((m) => ({ name: m.person_name, role: m.role, discipline: m.discipline, practiceCode: m.practice_code })),
  }));
}

/** Everything the plan says now. */
export async function planSnapshot(db: Db, planId: number): Promise<PlanSnapshot> {
  const plan = await db.selectFrom('plan').innerJoin('org_group', 'org_group.code', 'plan.group_code')
    .select(['plan.id', 'plan.group_code', 'org_group.name as group_name', 'plan.year', 'plan.title', 'plan.version'])
    .where('plan.id', '=', planId).executeTakeFirstOrThrow();
  const [sections, practices, governance, responsibilities, businessCases, milestones, signatories] = await Promise.all([
    db.selectFrom('plan_section').selectAll().where('plan_id', '=', planId).orderBy('sort_order').execute(),
    db.selectFrom('practice').select(['code', 'name']).where('group_code', '=', plan.group_code).orderBy('name').execute(),
    governanceSnapshot(db, plan.group_code),
    responsibilitySnapshot(db, planId),
    businessCaseSnapshot(db, planId),
    milestoneSnapshot(db, planId),
    db.selectFrom('plan_signatory_role').select(['code', 'label']).orderBy('sort_order').execute(),
  ]);
  return {
    plan: { id: plan.id, groupCode: plan.group_code, groupName: plan.group_name, year: plan.year, title: plan.title, version: plan.version },
    sections: sections.map((s) => ({ key: s.key, part: s.part, title: s.title, guidance: s.guidance, completedBy: s.completed_by, kind: s.kind, body: s.body })),
    practices, governance, responsibilities, businessCases, milestones,
    signatories: signatories.map((s) => ({ roleCode: s.code, label: s.label })),
  };
}
