/**
 * Budget setting (FIN-2, FIN-3): drafts a year's budgets for one service line from the practices'
 * fair shares (weighted capitation, through `loadFairShares`), their historic spend (imported, or
 * derived from last year's priced activity through `serviceLineSpend`) and the parameters; reviews
 * and publishes them in versions; records in-year variations. The arithmetic is the pure rule in
 * ../../domain/budgets/setting.ts (and the top slice in risk-pool.ts).
 *
 * - A draft takes the scope in force on 1 April of its year (`budget_scope`): a line not devolved
 *   that year cannot be budgeted; a line devolved for some specialties only counts those
 *   specialties' activity, in history and in monitoring alike (kept on the setting as set).
 * - Historic spend is the previous financial year's. `auto`: a practice's imported figure where
 *   there is one, else its priced activity (+ other spend) that year, stored as derived
 *   (`historic_spend.source = 'activity'`, never over an imported figure); `activity`: every
 *   practice from activity; `imported`: every practice must have an imported figure.
 * - Status: draft → reviewed (budget.manage) → published (budget.publish). Publishing supersedes the
 *   version published before. Only drafts and reviewed versions can be discarded; nothing published
 *   is ever edited: a change is a variation (with its reason and method) or a new version.
 * - Every change is audited, in the same transaction as the change.
 */
import { sql } from 'kysely';
import type { Db, Tx } from '../../db/database.js';
import type { BudgetVariationMethod } from '../../db/schema.js';
import { financialYearStarting, startYearOf } from '../../domain/activity/financial-year.js';
import { profileProblem, type Phasing } from '../../domain/activity/monitoring.js';
import { fractionMillionths } from '../../domain/budgets/apportion.js';
import { topSlice, type SharingRule } from '../../domain/budgets/risk-pool.js';
import type { ReinvestmentRule } from '../../domain/budgets/savings.js';
import { describeScope, scopeForYear, type ScopeLevel, type ScopeRow, type YearScope } from '../../domain/budgets/scope.js';
import { SERVICE_LINE_LABELS, type ServiceLine } from '../../domain/budgets/service-lines.js';
import { BudgetSettingError, groupTotals, setBudgets, SETTING_RULE, totalsOf, type BudgetTotals } from '../../domain/budgets/setting.js';
import { recordAudit } from '../audit/audit-log.js';
import { HttpError, notFound, type ErrorDetail } from '../http/errors.js';
import { loadFairShares } from './capitation.js';
import { serviceLineSpend } from './spend.js';

export const HISTORIC_SOURCES = ['auto', 'activity', 'imported'] as const;
export type HistoricSource = (typeof HISTORIC_SOURCES)[number];

export const VARIATION_METHODS = ['allocation', 'transfer', 'correction', 'service_change', 'other'] as const satisfies readonly BudgetVariationMethod[];
export const VARIATION_METHOD_LABELS: Record<BudgetVariationMethod, string> = {
  allocation: 'New allocation', transfer: 'Transfer between practices', correction: 'Correction', service_change: 'Service change', other: 'Other',
};

export type BudgetStatus = 'draft' | 'reviewed' | 'published' | 'superseded';

export interface DraftInput {
  year: string;
  serviceLine: ServiceLine;
  /** the whole line for the year: practice budgets + the top slice */
  commissionerTotalPence: number;
  pace: number;
  floorPercent: number;
  /** population period (ISO); default: the latest before the year ends */
  populationPeriod?: string | null;
  phasing: Phasing;
  profile?: number[] | null;
  topSlicePercent?: number;
  highCostThresholdPence?: number | null;
  sharingRule?: SharingRule;
  reinvestmentRule?: ReinvestmentRule;
  practiceSharePercent?: number | null;
  historicSource?: HistoricSource;
  /** the version this one revises */
  basedOnId?: number | null;
  notes?: string;
}

export interface SettingSummary {
  id: number;
  year: string;
  serviceLine: ServiceLine;
  serviceLineLabel: string;
  version: number;
  status: BudgetStatus;
  commissionerTotalPence: number;
  /** held back in the risk pool */
  topSlicePence: number;
  /** what the practices' budgets add up to (commissioner total − top slice) */
  practicesTotalPence: number;
  historicTotalPence: number;
  growthPence: number;
  variationsPence: number;
  pace: number;
  floorPercent: number;
  populationPeriod: string | null;
  phasing: Phasing;
  profile: number[] | null;
  topSlicePercent: number;
  highCostThresholdPence: number | null;
  sharingRule: SharingRule;
  reinvestmentRule: ReinvestmentRule;
  practiceSharePercent: number | null;
  historicYear: string;
  historicSource: 'activity' | 'imported' | 'mixed';
  scope: { tfcs: string[] | null; level: ScopeLevel; description: string };
  basedOnId: number | null;
  notes: string;
  practiceCount: number;
  createdBy: string;
  createdAt: string;
  reviewedBy: string | null;
  reviewedAt: string | null;
  publishedBy: string | null;
  publishedAt: string | null;
  supersededAt: string | null;
}

export interface PracticeBudgetRow {
  practiceCode: string;
  practiceName: string;
  groupCode: string;
  groupName: string;
  historicPence: number;
  fairSharePence: number;
  budgetPence: number;
  /** budget − historic */
  changePence: number;
  /** change ÷ historic, per cent to one place; null with no history */
  changePercent: number | null;
  /** historic − fair share: positive = above target */
  distanceFromTargetPence: number;
  floorApplied: boolean;
  variationsPence: number;
  /** budget + variations */
  currentBudgetPence: number;
}

export interface BudgetTotalsRow extends BudgetTotals { variationsPence: number; currentBudgetPence: number }
export interface GroupBudgetRow extends BudgetTotalsRow { groupCode: string; groupName: string }

export interface VariationView {
  id: number;
  practiceCode: string;
  fromMonth: number;
  amountPence: number;
  reason: string;
  method: BudgetVariationMethod;
  recordedBy: string;
  recordedAt: string;
}

export interface SettingView extends SettingSummary {
  practices: PracticeBudgetRow[];
  groups: GroupBudgetRow[];
  /** the commissioner's: the sum of every practice (whoever is looking) */
  total: BudgetTotalsRow;
  variations: VariationView[];
  rule: string[];
}

const unprocessable = (code: string, message: string, details: ErrorDetail[] = []) => new HttpError(422, code, message, details);

// ---------------------------------------------------------------------------------------------
// Scope

export async function loadScopeRows(db: Db | Tx): Promise<(ScopeRow & { id: number })[]> {
  const rows = await db.selectFrom('budget_scope').selectAll().orderBy('service_line').orderBy('devolved_from').orderBy('id').execute();
  return rows.map((r) => ({ id: r.id, serviceLine: r.service_line, label: r.label, tfcs: r.tfcs as string[] | null, level: r.level, devolvedFrom: r.devolved_from }));
}

export async function yearScope(db: Db | Tx, serviceLine: ServiceLine, year: string): Promise<YearScope> {
  return scopeForYear(await loadScopeRows(db), serviceLine, year);
}

/** Adds a scope row (a line or specialties devolved from a date); audited. */
export async function addScopeRow(db: Db, actor: string, row: { serviceLine: ServiceLine; label: string; tfcs: string[] | null; level: ScopeLevel; devolvedFrom: string }) {
  return db.transaction().execute(async (tx) => {
    const inserted = await tx.insertInto('budget_scope').values({
      service_line: row.serviceLine, label: row.label, tfcs: row.tfcs === null ? null : JSON.stringify([...new Set(row.tfcs)].sort()), level: row.level, devolved_from: row.devolvedFrom,
    }).onConflict((oc) => oc.columns(['service_line', 'devolved_from', 'label']).doNothing()).returning('id').executeTakeFirst();
    if (!inserted) throw new HttpError(409, 'scope_exists', `There is already a scope row “${row.label}” for ${row.serviceLine} from ${row.devolvedFrom}.`);
    await recordAudit(tx, { actor, action: 'budget.scope.add', entityType: 'budget_scope', entityId: String(inserted.id), details: { ...row } });
    return inserted.id;
  });
}

// ---------------------------------------------------------------------------------------------
// Historic spend

export const previousYear = (year: string) => financialYearStarting(startYearOf(year) - 1);

interface HistoricFigure { pence: number; source: 'imported' | 'activity' }

/** Each practice's historic spend for the line in `historicYear`, by the source asked for. */
async function historicSpend(db: Db, q: { historicYear: string; serviceLine: ServiceLine; tfcs: string[] | null; practices: string[]; source: HistoricSource }): Promise<Map<string, HistoricFigure>> {
  const imported = q.source === 'activity' ? [] : await db.selectFrom('historic_spend').select(['practice_code', 'amount_pence'])
    .where('year', '=', q.historicYear).where('service_line', '=', q.serviceLine).where('source', '=', 'imported').execute();
  const result = new Map<string, HistoricFigure>(imported.filter((r) => q.practices.includes(r.practice_code)).map((r) => [r.practice_code, { pence: Number(r.amount_pence), source: 'imported' as const }]));
  const needed = q.practices.filter((p) => !result.has(p));
  if (q.source === 'imported' && needed.length) {
    throw unprocessable('missing_historic', `There is no imported ${q.historicYear} ${q.serviceLine} spend for ${needed.length === 1 ? 'practice' : `${needed.length} practices:`} ${needed.slice(0, 10).join(', ')}${needed.length > 10 ? ' …' : ''}. Import it, or take history from activity.`,
      [{ field: 'body.historicSource', message: 'needs an imported figure for every practice' }]);
  }
  if (!needed.length) return result;
  const spend = await serviceLineSpend(db, { year: q.historicYear, serviceLine: q.serviceLine, tfcs: q.tfcs, practices: needed });
  const derived = needed.map((code) => ({ code, pence: Math.max(0, spend.get(code)?.byMonth.reduce((a, b) => a + b, 0) ?? 0) }));
  for (const d of derived) result.set(d.code, { pence: d.pence, source: 'activity' });
  return result;
}

/** Keeps the figures derived from activity (never over an imported one), with the draft that used them. */
async function storeDerivedHistory(tx: Tx, actor: string, q: { historicYear: string; serviceLine: ServiceLine }, history: Map<string, HistoricFigure>) {
  const derived = [...history].filter(([, h]) => h.source === 'activity');
  for (let i = 0; i < derived.length; i += 1000) {
    await tx.insertInto('historic_spend').values(derived.slice(i, i + 1000).map(([code, h]) => ({
      practice_code: code, year: q.historicYear, service_line: q.serviceLine, amount_pence: h.pence, source: 'activity' as const, updated_by: actor,
    }))).onConflict((oc) => oc.columns(['practice_code', 'year', 'service_line']).doUpdateSet((eb) => ({
      amount_pence: eb.ref('excluded.amount_pence'), updated_by: eb.ref('excluded.updated_by'), updated_at: sql`now()`,
    })).where('historic_spend.source', '=', 'activity')).execute();
  }
}

/** Stores imported historic spend for a year and line (all or nothing; an imported figure replaces any). */
export async function importHistoricSpend(db: Db, actor: string, input: { year: string; serviceLine: ServiceLine; rows: { practiceCode: string; amountPence: number }[] }) {
  const codes = input.rows.map((r) => r.practiceCode);
  const known = new Set((codes.length ? await db.selectFrom('practice').select('code').where('code', 'in', codes).execute() : []).map((r) => r.code));
  const details: ErrorDetail[] = [];
  const seen = new Set<string>();
  input.rows.forEach((r, i) => {
    if (!known.has(r.practiceCode)) details.push({ field: `body.rows.${i}.practiceCode`, message: `is not a known practice (${r.practiceCode})` });
    if (seen.has(r.practiceCode)) details.push({ field: `body.rows.${i}.practiceCode`, message: `is given twice (${r.practiceCode})` });
    seen.add(r.practiceCode);
  });
  if (details.length) throw unprocessable('invalid_rows', 'Nothing was stored: some rows are not right.', details);
  await db.transaction().execute(async (tx) => {
    if (input.rows.length) {
      await tx.insertInto('historic_spend').values(input.rows.map((r) => ({
        practice_code: r.practiceCode, year: input.year, service_line: input.serviceLine, amount_pence: r.amountPence, source: 'imported' as const, updated_by: actor,
      }))).onConflict((oc) => oc.columns(['practice_code', 'year', 'service_line']).doUpdateSet((eb) => ({
        amount_pence: eb.ref('excluded.amount_pence'), source: 'imported', updated_by: eb.ref('excluded.updated_by'), updated_at: sql`now()`,
      }))).execute();
    }
    await recordAudit(tx, { actor, action: 'budget.historic.import', entityType: 'historic_spend', entityId: `${input.year}/${input.serviceLine}`, details: { rows: input.rows.length, totalPence: input.rows.reduce((a, r) => a + r.amountPence, 0) } });
  });
  return { stored: input.rows.length };
}

/** Stores spend outside activity by practice and month (all or nothing; replaces what was there). */
export async function recordOtherSpend(db: Db, actor: string, rows: { practiceCode: string; year: string; month: number; serviceLine: ServiceLine; amountPence: number }[]) {
  const codes = [...new Set(rows.map((r) => r.practiceCode))];
  const known = new Set((codes.length ? await db.selectFrom('practice').select('code').where('code', 'in', codes).execute() : []).map((r) => r.code));
  const details: ErrorDetail[] = [];
  const seen = new Set<string>();
  rows.forEach((r, i) => {
    if (!known.has(r.practiceCode)) details.push({ field: `body.rows.${i}.practiceCode`, message: `is not a known practice (${r.practiceCode})` });
    const key = `${r.practiceCode}|${r.year}|${r.month}|${r.serviceLine}`;
    if (seen.has(key)) details.push({ field: `body.rows.${i}`, message: 'repeats a practice, year, month and service line given before' });
    seen.add(key);
  });
  if (details.length) throw unprocessable('invalid_rows', 'Nothing was stored: some rows are not right.', details);
  await db.transaction().execute(async (tx) => {
    if (rows.length) {
      await tx.insertInto('other_spend').values(rows.map((r) => ({
        practice_code: r.practiceCode, year: r.year, month: r.month, service_line: r.serviceLine, amount_pence: r.amountPence, updated_by: actor,
      }))).onConflict((oc) => oc.columns(['practice_code', 'year', 'month', 'service_line']).doUpdateSet((eb) => ({
        amount_pence: eb.ref('excluded.amount_pence'), updated_by: eb.ref('excluded.updated_by'), updated_at: sql`now()`,
      }))).execute();
    }
    await recordAudit(tx, { actor, action: 'budget.other_spend.record', entityType: 'other_spend', entityId: [...new Set(rows.map((r) => r.year))].join(','), details: { rows: rows.length, totalPence: rows.reduce((a, r) => a + r.amountPence, 0) } });
  });
  return { stored: rows.length };
}

// ---------------------------------------------------------------------------------------------
// Drafts

function checkParameters(input: DraftInput): void {
  const details: ErrorDetail[] = [];
  if (fractionMillionths(input.pace) === null) details.push({ field: 'body.pace', message: 'must be a number from 0 to 1' });
  if (fractionMillionths(input.floorPercent) === null) details.push({ field: 'body.floorPercent', message: 'must be a fraction from 0 to 1 (0.02 = 2%)' });
  if (input.topSlicePercent !== undefined && fractionMillionths(input.topSlicePercent) === null) details.push({ field: 'body.topSlicePercent', message: 'must be a fraction from 0 to 1 (0.01 = 1%)' });
  if (!Number.isSafeInteger(input.commissionerTotalPence) || input.commissionerTotalPence < 0) details.push({ field: 'body.commissionerTotalPence', message: 'must be whole pence of at least 0' });
  if (input.phasing === 'profile') {
    const problem = profileProblem(input.profile);
    if (problem) details.push({ field: 'body.profile', message: problem });
  }
  if ((input.reinvestmentRule ?? 'one_pot') === 'split' && (input.practiceSharePercent === null || input.practiceSharePercent === undefined || fractionMillionths(input.practiceSharePercent) === null)) {
    details.push({ field: 'body.practiceSharePercent', message: 'is needed for a split: the practice’s fraction of its savings, from 0 to 1' });
  }
  if (input.highCostThresholdPence !== undefined && input.highCostThresholdPence !== null && (!Number.isSafeInteger(input.highCostThresholdPence) || input.highCostThresholdPence <= 0)) {
    details.push({ field: 'body.highCostThresholdPence', message: 'must be whole pence above 0' });
  }
  if (details.length) throw new HttpError(422, 'invalid_parameters', 'The budget parameters are not right: nothing was stored.', details);
}

const SETTING_FIELD: Partial<Record<string, string>> = { pace: 'body.pace', floor: 'body.floorPercent', total: 'body.commissionerTotalPence', below_floor: 'body.commissionerTotalPence' };

/** Creates a draft (see the module comment); returns its id. Nothing is stored when anything is wrong. */
export async function createDraft(db: Db, actor: string, input: DraftInput): Promise<number> {
  checkParameters(input);
  const scope = await yearScope(db, input.serviceLine, input.year);
  if (!scope.devolved) {
    throw unprocessable('not_devolved', `${SERVICE_LINE_LABELS[input.serviceLine]} is not devolved to practices in ${input.year} (see the budget scope).`, [{ field: 'body.serviceLine', message: `is not devolved in ${input.year}` }]);
  }
  if (input.basedOnId) {
    const base = await db.selectFrom('budget_setting').select(['year', 'service_line']).where('id', '=', input.basedOnId).executeTakeFirst();
    if (!base || base.year !== input.year || base.service_line !== input.serviceLine) {
      throw unprocessable('invalid_base', 'A new version must be based on a version of the same year and service line.', [{ field: 'body.basedOnId', message: 'is not a version of this year and service line' }]);
    }
  }
  const { poolPence, distributablePence } = topSlice(input.commissionerTotalPence, input.topSlicePercent ?? 0);
  const fairShares = await loadFairShares(db, {
    serviceLine: input.serviceLine, totalPence: distributablePence, ...(input.populationPeriod ? { period: input.populationPeriod } : { year: input.year }),
  });
  const practices = fairShares.practices.map((p) => ({ code: p.practiceCode, groupCode: p.groupCode }));
  const historicYear = previousYear(input.year);
  const history = await historicSpend(db, {
    historicYear, serviceLine: input.serviceLine, tfcs: scope.tfcs, practices: practices.map((p) => p.code), source: input.historicSource ?? 'auto',
  });

  let result;
  try {
    result = setBudgets({
      totalPence: distributablePence, pace: input.pace, floorPercent: input.floorPercent,
      practices: practices.map((p) => ({ ...p, historicPence: history.get(p.code)!.pence })),
      targets: new Map(fairShares.practices.map((p) => [p.practiceCode, p.fairSharePence])),
    });
  } catch (error) {
    if (error instanceof BudgetSettingError) {
      const field = SETTING_FIELD[error.problem];
      throw unprocessable(`budget_${error.problem}`, error.message, field ? [{ field, message: error.message }] : error.practices.map((p) => ({ message: `practice ${p}` })));
    }
    throw error;
  }
  const sources = new Set([...history.values()].map((h) => h.source));
  const historicSource = sources.size > 1 ? 'mixed' : (sources.values().next().value ?? 'activity');

  return db.transaction().execute(async (tx) => {
    // Versions are numbered per year and line; the advisory lock keeps two drafts from taking one number.
    await sql`select pg_advisory_xact_lock(727006, hashtext(${`${input.year}|${input.serviceLine}`}))`.execute(tx);
    const last = await tx.selectFrom('budget_setting').select((eb) => eb.fn.max('version').as('v'))
      .where('year', '=', input.year).where('service_line', '=', input.serviceLine).executeTakeFirst();
    const version = Number(last?.v ?? 0) + 1;
    const setting = await tx.insertInto('budget_setting').values({
      year: input.year, service_line: input.serviceLine, version, status: 'draft',
      commissioner_total_pence: input.commissionerTotalPence, pace_of_change: input.pace, floor_percent: input.floorPercent,
      growth_pence: result.growthPence, population_period: fairShares.period, phasing: input.phasing,
      profile: input.phasing === 'profile' ? JSON.stringify(input.profile) : null,
      top_slice_percent: input.topSlicePercent ?? 0, high_cost_threshold_pence: input.highCostThresholdPence ?? null,
      sharing_rule: input.sharingRule ?? 'individual', reinvestment_rule: input.reinvestmentRule ?? 'one_pot',
      practice_share_percent: (input.reinvestmentRule ?? 'one_pot') === 'split' ? input.practiceSharePercent ?? null : null,
      historic_year: historicYear, historic_source: historicSource,
      scope_tfcs: scope.tfcs === null ? null : JSON.stringify(scope.tfcs), scope_level: scope.level,
      based_on_id: input.basedOnId ?? null, notes: input.notes ?? '', created_by: actor,
    }).returning('id').executeTakeFirstOrThrow();
    const rows = result.practices.map((p) => ({
      setting_id: setting.id, practice_code: p.code, group_code: p.groupCode, historic_pence: p.historicPence,
      fair_share_pence: p.fairSharePence, budget_pence: p.budgetPence, floor_applied: p.floorApplied,
    }));
    for (let i = 0; i < rows.length; i += 1000) await tx.insertInto('practice_budget').values(rows.slice(i, i + 1000)).execute();
    await storeDerivedHistory(tx, actor, { historicYear, serviceLine: input.serviceLine }, history);
    await recordAudit(tx, {
      actor, action: 'budget.draft.create', entityType: 'budget_setting', entityId: String(setting.id),
      details: {
        year: input.year, serviceLine: input.serviceLine, version, commissionerTotalPence: input.commissionerTotalPence, topSlicePence: poolPence,
        practicesTotalPence: result.total.budgetPence, historicTotalPence: result.total.historicPence, pace: input.pace, floorPercent: input.floorPercent,
        populationPeriod: fairShares.period, historicSource, practices: rows.length, basedOnId: input.basedOnId ?? null,
      },
    });
    return setting.id;
  });
}

// ---------------------------------------------------------------------------------------------
// Status

async function lockSetting(tx: Tx, id: number) {
  const row = await tx.selectFrom('budget_setting').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
  if (!row) throw notFound('The budget setting');
  return row;
}

/** draft → reviewed. */
export async function reviewSetting(db: Db, actor: string, id: number): Promise<void> {
  await db.transaction().execute(async (tx) => {
    const s = await lockSetting(tx, id);
    if (s.status !== 'draft') throw new HttpError(409, 'not_a_draft', `Version ${s.version} is ${s.status}: only a draft can be marked as reviewed.`);
    await tx.updateTable('budget_setting').set({ status: 'reviewed', reviewed_by: actor, reviewed_at: new Date() }).where('id', '=', id).execute();
    await recordAudit(tx, { actor, action: 'budget.review', entityType: 'budget_setting', entityId: String(id), details: { year: s.year, serviceLine: s.service_line, version: s.version } });
  });
}

/** reviewed → published; the version published before is superseded. */
export async function publishSetting(db: Db, actor: string, id: number): Promise<{ superseded: number | null }> {
  return db.transaction().execute(async (tx) => {
    const s = await lockSetting(tx, id);
    if (s.status !== 'reviewed') throw new HttpError(409, 'not_reviewed', `Version ${s.version} is ${s.status}: only a reviewed version can be published.`);
    const previous = await tx.updateTable('budget_setting').set({ status: 'superseded', superseded_at: new Date() })
      .where('year', '=', s.year).where('service_line', '=', s.service_line).where('status', '=', 'published').returning('id').executeTakeFirst();
    await tx.updateTable('budget_setting').set({ status: 'published', published_by: actor, published_at: new Date() }).where('id', '=', id).execute();
    await recordAudit(tx, {
      actor, action: 'budget.publish', entityType: 'budget_setting', entityId: String(id),
      details: { year: s.year, serviceLine: s.service_line, version: s.version, supersedes: previous?.id ?? null },
    });
    return { superseded: previous?.id ?? null };
  });
}

/** Removes a draft or reviewed version (a published one never goes). */
export async function discardSetting(db: Db, actor: string, id: number): Promise<void> {
  await db.transaction().execute(async (tx) => {
    const s = await lockSetting(tx, id);
    if (s.status !== 'draft' && s.status !== 'reviewed') throw new HttpError(409, 'published', `Version ${s.version} is ${s.status}: it is kept for good. Change it with a variation or a new version.`);
    await tx.updateTable('budget_setting').set({ based_on_id: null }).where('based_on_id', '=', id).execute();
    await tx.deleteFrom('budget_setting').where('id', '=', id).execute();
    await recordAudit(tx, { actor, action: 'budget.discard', entityType: 'budget_setting', entityId: String(id), details: { year: s.year, serviceLine: s.service_line, version: s.version, status: s.status } });
  });
}

/** Records an in-year change to a published practice budget, from a month to March. */
export async function addVariation(db: Db, actor: string, id: number, v: { practiceCode: string; fromMonth: number; amountPence: number; reason: string; method: BudgetVariationMethod }): Promise<number> {
  return db.transaction().execute(async (tx) => {
    const s = await lockSetting(tx, id);
    if (s.status !== 'published') throw new HttpError(409, 'not_published', `Version ${s.version} is ${s.status}: variations are made to the published budget (change a draft by making a new one).`);
    const budget = await tx.selectFrom('practice_budget').select('budget_pence').where('setting_id', '=', id).where('practice_code', '=', v.practiceCode).executeTakeFirst();
    if (!budget) throw unprocessable('unknown_practice', `Practice ${v.practiceCode} has no budget in this version.`, [{ field: 'body.practiceCode', message: 'has no budget in this version' }]);
    const varied = await tx.selectFrom('budget_variation').select((eb) => eb.fn.sum<number>('amount_pence').as('s')).where('setting_id', '=', id).where('practice_code', '=', v.practiceCode).executeTakeFirst();
    const after = Number(budget.budget_pence) + Number(varied?.s ?? 0) + v.amountPence;
    if (after < 0) throw unprocessable('negative_budget', `That would leave practice ${v.practiceCode} a budget of less than nothing.`, [{ field: 'body.amountPence', message: 'would make the budget negative' }]);
    const row = await tx.insertInto('budget_variation').values({
      setting_id: id, practice_code: v.practiceCode, from_month: v.fromMonth, amount_pence: v.amountPence, reason: v.reason, method: v.method, recorded_by: actor,
    }).returning('id').executeTakeFirstOrThrow();
    await recordAudit(tx, { actor, action: 'budget.variation', entityType: 'budget_setting', entityId: String(id), details: { ...v, variationId: row.id, budgetAfterPence: after } });
    return row.id;
  });
}

// ---------------------------------------------------------------------------------------------
// Reading

type SettingRow = Awaited<ReturnType<typeof settingRows>>[number];

function settingRows(db: Db, where: { id?: number; year?: string; serviceLine?: ServiceLine; statuses?: BudgetStatus[] }) {
  return db.selectFrom('budget_setting as s')
    .selectAll('s')
    .select((eb) => [
      eb.selectFrom('practice_budget').select((x) => x.fn.coalesce(x.fn.sum<number>('budget_pence'), sql<number>`0`).as('t')).whereRef('setting_id', '=', 's.id').as('practices_total'),
      eb.selectFrom('practice_budget').select((x) => x.fn.coalesce(x.fn.sum<number>('historic_pence'), sql<number>`0`).as('t')).whereRef('setting_id', '=', 's.id').as('historic_total'),
      eb.selectFrom('practice_budget').select((x) => x.fn.countAll<number>().as('n')).whereRef('setting_id', '=', 's.id').as('practice_count'),
      eb.selectFrom('budget_variation').select((x) => x.fn.coalesce(x.fn.sum<number>('amount_pence'), sql<number>`0`).as('t')).whereRef('setting_id', '=', 's.id').as('variations_total'),
    ])
    .$if(where.id !== undefined, (q) => q.where('s.id', '=', where.id!))
    .$if(where.year !== undefined, (q) => q.where('s.year', '=', where.year!))
    .$if(where.serviceLine !== undefined, (q) => q.where('s.service_line', '=', where.serviceLine!))
    .$if(where.statuses !== undefined, (q) => q.where('s.status', 'in', where.statuses!))
    .orderBy('s.year', 'desc').orderBy('s.service_line').orderBy('s.version', 'desc')
    .execute();
}

const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());

function summaryOf(r: SettingRow): SettingSummary {
  const tfcs = r.scope_tfcs as string[] | null;
  return {
    id: r.id, year: r.year, serviceLine: r.service_line, serviceLineLabel: SERVICE_LINE_LABELS[r.service_line], version: r.version, status: r.status,
    commissionerTotalPence: Number(r.commissioner_total_pence), topSlicePence: topSlice(Number(r.commissioner_total_pence), Number(r.top_slice_percent)).poolPence,
    practicesTotalPence: Number(r.practices_total ?? 0), historicTotalPence: Number(r.historic_total ?? 0), growthPence: Number(r.growth_pence),
    variationsPence: Number(r.variations_total ?? 0),
    pace: Number(r.pace_of_change), floorPercent: Number(r.floor_percent), populationPeriod: r.population_period, phasing: r.phasing,
    profile: r.profile === null ? null : (r.profile as number[]).map(Number), topSlicePercent: Number(r.top_slice_percent),
    highCostThresholdPence: r.high_cost_threshold_pence === null ? null : Number(r.high_cost_threshold_pence),
    sharingRule: r.sharing_rule, reinvestmentRule: r.reinvestment_rule, practiceSharePercent: r.practice_share_percent === null ? null : Number(r.practice_share_percent),
    historicYear: r.historic_year, historicSource: r.historic_source,
    scope: { tfcs, level: r.scope_level, description: describeScope(tfcs) },
    basedOnId: r.based_on_id, notes: r.notes, practiceCount: Number(r.practice_count ?? 0),
    createdBy: r.created_by, createdAt: iso(r.created_at)!, reviewedBy: r.reviewed_by, reviewedAt: iso(r.reviewed_at),
    publishedBy: r.published_by, publishedAt: iso(r.published_at), supersededAt: iso(r.superseded_at),
  };
}

/** Settings, newest year first, then by line and newest version. */
export async function listSettings(db: Db, where: { year?: string; serviceLine?: ServiceLine; statuses?: BudgetStatus[] } = {}): Promise<SettingSummary[]> {
  return (await settingRows(db, where)).map(summaryOf);
}

export async function getSettingSummary(db: Db, id: number): Promise<SettingSummary> {
  const [row] = await settingRows(db, { id });
  if (!row) throw notFound('The budget setting');
  return summaryOf(row);
}

const percentOf = (part: number, whole: number) => (whole === 0 ? null : Math.round((part * 1000) / whole) / 10);

function totalsRow(rows: readonly PracticeBudgetRow[]): BudgetTotalsRow {
  const t = totalsOf(rows);
  const variations = rows.reduce((a, r) => a + r.variationsPence, 0);
  return { ...t, variationsPence: variations, currentBudgetPence: t.budgetPence + variations };
}

/**
 * One setting with every practice's line (only `practice`'s, when given: a practice user's
 * view), group totals (only that practice's group) and the commissioner's total — totals are
 * always the sums of all their practices' rows.
 */
export async function getSetting(db: Db, id: number, scope: { practice: string | null } = { practice: null }): Promise<SettingView> {
  const summary = await getSettingSummary(db, id);
  const [rows, variations] = await Promise.all([
    db.selectFrom('practice_budget as b').innerJoin('practice as p', 'p.code', 'b.practice_code').leftJoin('org_group as g', 'g.code', 'b.group_code')
      .select(['b.practice_code', 'p.name', 'b.group_code', 'g.name as group_name', 'b.historic_pence', 'b.fair_share_pence', 'b.budget_pence', 'b.floor_applied'])
      .where('b.setting_id', '=', id).orderBy('b.group_code').orderBy('b.practice_code').execute(),
    db.selectFrom('budget_variation').selectAll().where('setting_id', '=', id).orderBy('id').execute(),
  ]);
  const varied = new Map<string, number>();
  for (const v of variations) varied.set(v.practice_code, (varied.get(v.practice_code) ?? 0) + Number(v.amount_pence));
  const practices: PracticeBudgetRow[] = rows.map((r) => {
    const historic = Number(r.historic_pence);
    const budget = Number(r.budget_pence);
    const fair = Number(r.fair_share_pence);
    const v = varied.get(r.practice_code) ?? 0;
    return {
      practiceCode: r.practice_code, practiceName: r.name, groupCode: r.group_code, groupName: r.group_name ?? r.group_code,
      historicPence: historic, fairSharePence: fair, budgetPence: budget, changePence: budget - historic, changePercent: percentOf(budget - historic, historic),
      distanceFromTargetPence: historic - fair, floorApplied: r.floor_applied, variationsPence: v, currentBudgetPence: budget + v,
    };
  });
  const groups: GroupBudgetRow[] = groupTotals(practices).map((g) => {
    const members = practices.filter((p) => p.groupCode === g.groupCode);
    return { ...totalsRow(members), groupCode: g.groupCode, groupName: members[0]?.groupName ?? g.groupCode };
  });
  const mine = scope.practice;
  const myGroup = mine === null ? null : practices.find((p) => p.practiceCode === mine)?.groupCode ?? null;
  return {
    ...summary,
    practices: mine === null ? practices : practices.filter((p) => p.practiceCode === mine),
    groups: mine === null ? groups : groups.filter((g) => g.groupCode === myGroup),
    total: totalsRow(practices),
    variations: variations.filter((v) => mine === null || v.practice_code === mine).map((v) => ({
      id: v.id, practiceCode: v.practice_code, fromMonth: v.from_month, amountPence: Number(v.amount_pence), reason: v.reason, method: v.method,
      recordedBy: v.recorded_by, recordedAt: iso(v.recorded_at)!,
    })),
    rule: [...SETTING_RULE],
  };
}
