/**
 * Allowances and incentives (FIN-6): the schemes in force for a year, practices' participation,
 * the evidence that they have met each condition, and what each practice has earned — the
 * arithmetic is src/domain/budgets/allowances.ts; this file reads and writes what it needs.
 *
 * Schemes: a year uses the schemes of the latest year up to it that has schemes of its own, else
 * the defaults (year '' in allowance_scheme, seeded by migration 0007). Changing a scheme of a
 * year that inherits its set first copies that set into the year (audited), so no other year
 * changes with it.
 *
 * Service budgets (for the service-change allowance): the practice's budgets as set in the
 * published budget settings of the year (practice_budget joined to budget_setting with status
 * 'published', summed over service lines; in-year variations are not included). When those
 * tables are not there, or nothing is published for the year, the budget is treated as £0 and the
 * report says so.
 *
 * Every change is audited in the transaction that makes it.
 */
import { sql } from 'kysely';
import type { Db, Tx } from '../../db/database.js';
import type { AllowanceSchemeTable } from '../../db/schema.js';
import { can } from '../../domain/access/can.js';
import {
  ALLOWANCE_STATUS_LABELS, CONDITION_LABELS, allowanceTotals, dayLabel, missingText, orderSchemes, participationProblems, practiceAllowances, schemeProblems,
  type AllowanceCondition, type AllowanceScheme, type AllowanceTotals, type Participation, type PracticeAllowances,
} from '../../domain/budgets/allowances.js';
import { recordAudit } from '../audit/audit-log.js';
import type { AuthenticatedUser } from '../auth/credentials.js';
import type { ExportColumn, ExportTable } from '../http/exports.js';
import { forbidden, HttpError, notFound, type ErrorDetail } from '../http/errors.js';

// ── Schemes ─────────────────────────────────────────────────────────────────────────────────────

export interface SchemeSet {
  year: string;
  /** null: the year has schemes of its own; '': it uses the defaults; else the year it inherits from */
  inheritedFrom: string | null;
  /** every scheme, active or not, in sort order */
  schemes: AllowanceScheme[];
}

type SchemeRow = Pick<AllowanceSchemeTable, 'code' | 'name' | 'kind' | 'amount_pence' | 'late_joiner_amount_pence' | 'late_from_month' | 'percent' | 'of_scheme'>
  & { conditions: AllowanceCondition[]; active: boolean; sort_order: number };

const toScheme = (r: SchemeRow): AllowanceScheme => ({
  code: r.code, name: r.name, kind: r.kind,
  amountPence: r.amount_pence === null ? null : Number(r.amount_pence),
  lateJoinerAmountPence: r.late_joiner_amount_pence === null ? null : Number(r.late_joiner_amount_pence),
  lateFromMonth: r.late_from_month,
  percent: r.percent === null ? null : Number(r.percent),
  ofScheme: r.of_scheme,
  conditions: r.conditions,
  active: r.active,
  sortOrder: r.sort_order,
});

const schemeValues = (year: string, s: AllowanceScheme, actor: string) => ({
  year, code: s.code, name: s.name.trim(), kind: s.kind, amount_pence: s.amountPence, late_joiner_amount_pence: s.lateJoinerAmountPence,
  late_from_month: s.lateFromMonth, percent: s.percent, of_scheme: s.ofScheme, conditions: s.conditions, active: s.active, sort_order: s.sortOrder,
  updated_by: actor, updated_at: new Date(),
});

/** The schemes in force for a year, and where they come from. */
export async function schemesFor(db: Db | Tx, year: string): Promise<SchemeSet> {
  // '' (the defaults) sorts before every year, so it is the fallback of this one query.
  const source = await db.selectFrom('allowance_scheme').select('year').where('year', '<=', year).orderBy('year', 'desc').limit(1).executeTakeFirst();
  const sourceYear = source?.year ?? '';
  const rows = await db.selectFrom('allowance_scheme').selectAll().where('year', '=', sourceYear).orderBy('sort_order').orderBy('code').execute();
  return { year, inheritedFrom: sourceYear === year ? null : sourceYear, schemes: rows.map(toScheme) };
}

/**
 * Adds or changes one scheme of a year (by its code). The scheme is checked against the others of
 * its year; a year that inherits its schemes gets its own copy first.
 */
export async function saveScheme(db: Db, user: AuthenticatedUser, year: string, scheme: AllowanceScheme): Promise<SchemeSet> {
  if (!can(user, 'budget.manage')) throw forbidden('Your role cannot change allowance schemes.');
  return db.transaction().execute(async (tx) => {
    await sql`select pg_advisory_xact_lock(${SCHEME_LOCK}, hashtext(${year}))`.execute(tx);
    const current = await schemesFor(tx, year);
    if (current.inheritedFrom !== null && current.schemes.length) {
      await tx.insertInto('allowance_scheme').values(current.schemes.map((s) => schemeValues(year, s, user.username))).execute();
      await recordAudit(tx, {
        actor: user.username, action: 'allowance.schemes_copy', entityType: 'allowance_scheme', entityId: year,
        details: { from: current.inheritedFrom || 'defaults', codes: current.schemes.map((s) => s.code) },
      });
    }
    const problems = schemeProblems(scheme, current.schemes);
    if (problems.length) throw invalid(problems, 'The scheme is not valid.');
    const before = current.schemes.find((s) => s.code === scheme.code) ?? null;
    const values = schemeValues(year, scheme, user.username);
    await tx.insertInto('allowance_scheme').values(values)
      .onConflict((oc) => oc.columns(['year', 'code']).doUpdateSet({ ...values }))
      .execute();
    await recordAudit(tx, {
      actor: user.username, action: 'allowance.scheme', entityType: 'allowance_scheme', entityId: `${year} ${scheme.code}`,
      details: { before, after: { ...scheme, name: scheme.name.trim() } },
    });
    return schemesFor(tx, year);
  });
}

const SCHEME_LOCK = 727_007;

const invalid = (problems: ErrorDetail[], message: string) => new HttpError(422, 'invalid_request', problems.length === 1 ? problems[0]!.message : message, problems);

// ── Participation and evidence ──────────────────────────────────────────────────────────────────

async function practiceOf(db: Db | Tx, practiceCode: string) {
  const found = await db.selectFrom('practice').select(['code', 'name', 'group_code']).where('code', '=', practiceCode).executeTakeFirst();
  if (!found) throw notFound(`The practice ${practiceCode}`);
  return found;
}

export interface ParticipationInput { practiceCode: string; year: string; joinedOn: string; leftOn: string | null }

/** Records (or changes) that a practice takes part in a year, from when and until when. */
export async function setParticipation(db: Db, user: AuthenticatedUser, input: ParticipationInput): Promise<ParticipationInput> {
  if (!can(user, 'budget.manage')) throw forbidden('Your role cannot record participation.');
  const problems = participationProblems(input.year, input);
  if (problems.length) throw invalid(problems, 'The participation is not valid.');
  return db.transaction().execute(async (tx) => {
    await practiceOf(tx, input.practiceCode);
    const before = await tx.selectFrom('practice_participation').select(['joined_on', 'left_on'])
      .where('practice_code', '=', input.practiceCode).where('year', '=', input.year).forUpdate().executeTakeFirst();
    const values = { practice_code: input.practiceCode, year: input.year, joined_on: input.joinedOn, left_on: input.leftOn, updated_by: user.username, updated_at: new Date() };
    await tx.insertInto('practice_participation').values(values)
      .onConflict((oc) => oc.columns(['practice_code', 'year']).doUpdateSet({ joined_on: values.joined_on, left_on: values.left_on, updated_by: values.updated_by, updated_at: values.updated_at }))
      .execute();
    await recordAudit(tx, {
      actor: user.username, action: 'allowance.participation', entityType: 'practice', entityId: input.practiceCode,
      details: { year: input.year, before: before ? { joinedOn: before.joined_on, leftOn: before.left_on } : null, after: { joinedOn: input.joinedOn, leftOn: input.leftOn } },
    });
    return input;
  });
}

/** Removes a practice's participation in a year (it was recorded in error). */
export async function removeParticipation(db: Db, user: AuthenticatedUser, practiceCode: string, year: string): Promise<void> {
  if (!can(user, 'budget.manage')) throw forbidden('Your role cannot record participation.');
  await db.transaction().execute(async (tx) => {
    const before = await tx.deleteFrom('practice_participation').where('practice_code', '=', practiceCode).where('year', '=', year)
      .returning(['joined_on', 'left_on']).executeTakeFirst();
    if (!before) throw notFound(`${practiceCode}'s participation in ${year}`);
    await recordAudit(tx, {
      actor: user.username, action: 'allowance.participation_remove', entityType: 'practice', entityId: practiceCode,
      details: { year, before: { joinedOn: before.joined_on, leftOn: before.left_on } },
    });
  });
}

export interface EvidenceInput { practiceCode: string; year: string; condition: AllowanceCondition; met: boolean; evidence: string }

export interface EvidenceView {
  condition: AllowanceCondition;
  conditionLabel: string;
  met: boolean;
  evidence: string;
  recordedBy: string;
  recordedAt: string;
}

/**
 * Records whether a practice has met a condition in a year, replacing what was recorded before
 * (which the audit entry keeps). Saying a condition is met needs the evidence for it.
 */
export async function recordEvidence(db: Db, user: AuthenticatedUser, input: EvidenceInput): Promise<EvidenceView> {
  if (!can(user, 'budget.manage')) throw forbidden('Your role cannot record evidence.');
  const evidence = input.evidence.trim();
  if (input.met && !evidence) {
    throw invalid([{ field: 'evidence', message: `Say what shows that ${CONDITION_LABELS[input.condition].toLowerCase()} is met (a document, a meeting, a date).` }], 'The evidence is missing.');
  }
  return db.transaction().execute(async (tx) => {
    await practiceOf(tx, input.practiceCode);
    const now = new Date();
    await writeEvidence(tx, { practiceCodes: [input.practiceCode], year: input.year, condition: input.condition, met: input.met, evidence, actor: user.username, at: now });
    return { condition: input.condition, conditionLabel: CONDITION_LABELS[input.condition], met: input.met, evidence, recordedBy: user.username, recordedAt: now.toISOString() };
  });
}

export interface EvidenceWrite {
  practiceCodes: readonly string[];
  year: string;
  condition: AllowanceCondition;
  met: boolean;
  evidence: string;
  /** the username recorded against the evidence and in the audit log */
  actor: string;
  at: Date;
  /** what the evidence follows from, when a rule recorded it (a signed plan, delivered milestones) */
  via?: string;
}

/**
 * The one way evidence is written: one row per practice, year and condition, replacing what was
 * there, each practice's change audited with what it replaced - inside the caller's transaction.
 * recordEvidence calls it for a person's judgement (budget.manage); the plan's sign-off and
 * milestones call it for conditions that follow by rule from what signatories and trackers did.
 */
export async function writeEvidence(tx: Tx, input: EvidenceWrite): Promise<void> {
  const codes = [...input.practiceCodes];
  if (codes.length === 0) return;
  const before = await tx.selectFrom('allowance_evidence').select(['practice_code', 'met', 'evidence', 'recorded_by'])
    .where('practice_code', 'in', codes).where('year', '=', input.year).where('condition', '=', input.condition).forUpdate().execute();
  await tx.insertInto('allowance_evidence')
    .values(codes.map((code) => ({ practice_code: code, year: input.year, condition: input.condition, met: input.met, evidence: input.evidence, recorded_by: input.actor, recorded_at: input.at })))
    .onConflict((oc) => oc.columns(['practice_code', 'year', 'condition']).doUpdateSet((eb) => ({
      met: eb.ref('excluded.met'), evidence: eb.ref('excluded.evidence'), recorded_by: eb.ref('excluded.recorded_by'), recorded_at: eb.ref('excluded.recorded_at'),
    })))
    .execute();
  const was = new Map(before.map((b) => [b.practice_code, b]));
  for (const code of codes) {
    const b = was.get(code);
    await recordAudit(tx, {
      actor: input.actor, action: 'allowance.evidence', entityType: 'practice', entityId: code,
      details: {
        year: input.year, condition: input.condition, ...(input.via ? { via: input.via } : {}),
        before: b ? { met: b.met, evidence: b.evidence, recordedBy: b.recorded_by } : null, after: { met: input.met, evidence: input.evidence },
      },
    });
  }
}

// ── Service budgets ─────────────────────────────────────────────────────────────────────────────

export interface ServiceBudgets {
  /** practice code → its published service budget for the year, summed over service lines */
  byPractice: Map<string, number>;
  /** whether any budget setting of the year is published */
  published: boolean;
  /** why budgets are treated as £0, when they are */
  note: string | null;
}

/** Each practice's published service budget for the year (see the file's comment). */
export async function serviceBudgets(db: Db | Tx, year: string): Promise<ServiceBudgets> {
  const tables = await sql<{ setting: string | null; budget: string | null }>`
    select to_regclass('budget_setting')::text as setting, to_regclass('practice_budget')::text as budget`.execute(db);
  const found = tables.rows[0];
  if (!found?.setting || !found.budget) {
    return { byPractice: new Map(), published: false, note: 'Budgets are not set up on this installation, so service budgets are taken as £0.' };
  }
  const settings = await sql<{ n: number | string }>`select count(*) as n from budget_setting where year = ${year} and status = 'published'`.execute(db);
  if (!Number(settings.rows[0]?.n ?? 0)) {
    return { byPractice: new Map(), published: false, note: `No budgets are published for ${year} yet, so service budgets are taken as £0 and the service change allowance is £0.` };
  }
  const rows = await sql<{ practice_code: string; budget_pence: number | string }>`
    select pb.practice_code, sum(pb.budget_pence) as budget_pence
    from practice_budget pb
    join budget_setting s on s.id = pb.setting_id
    where s.year = ${year} and s.status = 'published'
    group by pb.practice_code`.execute(db);
  return { byPractice: new Map(rows.rows.map((r) => [r.practice_code, Number(r.budget_pence)])), published: true, note: null };
}

// ── Reports ─────────────────────────────────────────────────────────────────────────────────────

export interface PracticeStatement extends PracticeAllowances {
  practiceName: string;
  groupCode: string;
  groupName: string;
  evidence: EvidenceView[];
}

export interface AllowanceReport {
  year: string;
  inheritedFrom: string | null;
  /** the active schemes, in the order their lines are shown */
  schemes: AllowanceScheme[];
  serviceBudgetNote: string | null;
  practices: PracticeStatement[];
  /** the sums of the practices shown */
  totals: AllowanceTotals;
}

export interface ReportFilters { practiceCode?: string | null; groupCode?: string | null }

/** Every practice's allowances for a year (or one practice's, or one group's), and their totals. */
export async function allowanceReport(db: Db | Tx, year: string, filters: ReportFilters = {}): Promise<AllowanceReport> {
  let practiceQuery = db.selectFrom('practice as p').innerJoin('org_group as g', 'g.code', 'p.group_code')
    .select(['p.code', 'p.name', 'p.group_code', 'g.name as group_name']).orderBy('p.code');
  if (filters.practiceCode) practiceQuery = practiceQuery.where('p.code', '=', filters.practiceCode);
  if (filters.groupCode) practiceQuery = practiceQuery.where('p.group_code', '=', filters.groupCode);

  let participationQuery = db.selectFrom('practice_participation').select(['practice_code', 'joined_on', 'left_on']).where('year', '=', year);
  let evidenceQuery = db.selectFrom('allowance_evidence').select(['practice_code', 'condition', 'met', 'evidence', 'recorded_by', 'recorded_at']).where('year', '=', year);
  if (filters.practiceCode) {
    participationQuery = participationQuery.where('practice_code', '=', filters.practiceCode);
    evidenceQuery = evidenceQuery.where('practice_code', '=', filters.practiceCode);
  }
  const [set, practices, participation, evidence, budgets] = await Promise.all([
    schemesFor(db, year), practiceQuery.execute(), participationQuery.execute(), evidenceQuery.orderBy('condition').execute(), serviceBudgets(db, year),
  ]);
  const joined = new Map(participation.map((r) => [r.practice_code, { joinedOn: r.joined_on, leftOn: r.left_on } satisfies Participation]));
  const evidenceOf = new Map<string, EvidenceView[]>();
  for (const e of evidence) {
    const list = evidenceOf.get(e.practice_code) ?? [];
    list.push({ condition: e.condition, conditionLabel: CONDITION_LABELS[e.condition], met: e.met, evidence: e.evidence, recordedBy: e.recorded_by, recordedAt: e.recorded_at.toISOString() });
    evidenceOf.set(e.practice_code, list);
  }
  const statements = practices.map((p): PracticeStatement => {
    const recorded = evidenceOf.get(p.code) ?? [];
    const result = practiceAllowances(year, set.schemes, {
      practiceCode: p.code,
      participation: joined.get(p.code) ?? null,
      serviceBudgetPence: budgets.published ? (budgets.byPractice.get(p.code) ?? 0) : null,
      evidence: Object.fromEntries(recorded.map((e) => [e.condition, e.met])),
    });
    return { ...result, practiceName: p.name, groupCode: p.group_code, groupName: p.group_name, evidence: recorded };
  });
  return {
    year, inheritedFrom: set.inheritedFrom, schemes: orderSchemes(set.schemes),
    serviceBudgetNote: budgets.note, practices: statements, totals: allowanceTotals(set.schemes, statements),
  };
}

/** One practice's statement, or 404. */
export async function practiceStatement(db: Db | Tx, year: string, practiceCode: string): Promise<AllowanceReport & { practice: PracticeStatement }> {
  const report = await allowanceReport(db, year, { practiceCode });
  const practice = report.practices[0];
  if (!practice) throw notFound(`The practice ${practiceCode}`);
  return { ...report, practice };
}

// ── Exports ─────────────────────────────────────────────────────────────────────────────────────

type PracticeRow = { total: false; p: PracticeStatement } | { total: true; totals: AllowanceTotals };

/** Every practice's allowances, practices down and schemes across, with a total row (CSV/XLSX). */
export function allowancesTable(report: AllowanceReport): ExportTable<PracticeRow> {
  const schemeColumns = report.schemes.flatMap((s): ExportColumn<PracticeRow>[] => [
    {
      header: `${s.name} (£)`, kind: 'pence', width: 16,
      value: (r) => (r.total ? (r.totals.bySchemes.find((t) => t.schemeCode === s.code)?.earnedPence ?? 0) : r.p.lines.find((l) => l.schemeCode === s.code)?.amountPence ?? 0),
    },
    {
      header: `${s.name}: status`, width: 30,
      value: (r) => {
        if (r.total) return 'Earned';
        const line = r.p.lines.find((l) => l.schemeCode === s.code);
        if (!line) return null;
        return line.status === 'not_yet_earned' ? `${ALLOWANCE_STATUS_LABELS[line.status]}: ${missingText(line, schemeName(report))}` : ALLOWANCE_STATUS_LABELS[line.status];
      },
    },
  ]);
  return {
    fileName: `allowances-${report.year.replace('/', '-')}`,
    sheetName: 'Allowances',
    title: [`Allowances and incentives, ${report.year}`, ...(report.serviceBudgetNote ? [report.serviceBudgetNote] : [])],
    columns: [
      { header: 'Practice code', value: (r) => (r.total ? 'Total' : r.p.practiceCode), width: 12 },
      { header: 'Practice', value: (r) => (r.total ? `${r.totals.practices} practices, ${r.totals.participating} taking part` : r.p.practiceName), width: 30 },
      { header: 'Group', value: (r) => (r.total ? null : r.p.groupName), width: 30 },
      { header: 'Joined', kind: 'date', value: (r) => (r.total ? null : r.p.joinedOn), width: 12 },
      { header: 'Service budget (£)', kind: 'pence', value: (r) => (r.total ? null : r.p.serviceBudgetPence), width: 16 },
      ...schemeColumns,
      { header: 'Earned (£)', kind: 'pence', value: (r) => (r.total ? r.totals.earnedPence : r.p.earnedPence), width: 16 },
      { header: 'Not yet earned (£)', kind: 'pence', value: (r) => (r.total ? r.totals.notYetEarnedPence : r.p.notYetEarnedPence), width: 16 },
    ],
    rows: [...report.practices.map((p): PracticeRow => ({ total: false, p })), { total: true, totals: report.totals }],
  };
}

const schemeName = (report: AllowanceReport) => (code: string) => report.schemes.find((s) => s.code === code)?.name ?? code;

interface StatementRow { scheme: string; basis: string; amountPence: number | null; status: string; needs: string }

/** One practice's statement: a row per scheme, then what is earned and what is not yet (CSV/XLSX). */
export function statementTable(report: AllowanceReport & { practice: PracticeStatement }): ExportTable<StatementRow> {
  const p = report.practice;
  const rows: StatementRow[] = p.lines.map((l) => ({
    scheme: l.schemeName, basis: l.basis, amountPence: l.amountPence, status: ALLOWANCE_STATUS_LABELS[l.status],
    needs: l.status === 'not_yet_earned' ? missingText(l, schemeName(report)) : '',
  }));
  rows.push(
    { scheme: 'Earned', basis: '', amountPence: p.earnedPence, status: '', needs: '' },
    { scheme: 'Not yet earned', basis: '', amountPence: p.notYetEarnedPence, status: '', needs: '' },
  );
  const joined = p.joinedOn ? `joined ${dayLabel(p.joinedOn)}` : 'not taking part';
  return {
    fileName: `allowance-statement-${p.practiceCode}-${report.year.replace('/', '-')}`,
    sheetName: 'Statement',
    title: [`Allowance statement: ${p.practiceName} (${p.practiceCode}), ${report.year}`, `${p.groupName}; ${joined}`, ...(report.serviceBudgetNote ? [report.serviceBudgetNote] : [])],
    columns: [
      { header: 'Scheme', value: (r) => r.scheme, width: 36 },
      { header: 'How it is worked out', value: (r) => r.basis || null, width: 70 },
      { header: 'Amount (£)', kind: 'pence', value: (r) => r.amountPence, width: 14 },
      { header: 'Status', value: (r) => r.status || null, width: 16 },
      { header: 'Still needed', value: (r) => r.needs || null, width: 60 },
    ],
    rows,
  };
}
