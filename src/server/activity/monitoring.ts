/**
 * Activity and contract monitoring (ACT-5). `activityCost` is the one query every view reads
 * activity and its cost through (the budgets work reuses it): lines and cost at tariff for a
 * financial year, filtered and grouped by any of provider, practice, group, specialty (tfc), point
 * of delivery and month, aggregated in the database (GROUP BY; the same SQL on PGlite and
 * PostgreSQL). Unpriced lines (no tariff row) are counted beside the cost, never as zero cost.
 *
 * Lines for practices outside the commissioner are kept and grouped as "Out of area" (group
 * OUT_OF_AREA). Contract monitoring compares the commissioner's own activity (in-area lines) with
 * the contract plan phased by month, and shows each provider's out-of-area lines beside it: those
 * are charged to the patient's own commissioner, not against this contract.
 *
 * Months elapsed (for year to date and forecasts) default to the latest month of the year with any
 * activity on record, since providers' returns arrive a month or more after the event.
 *
 * RAG is on value (../../domain/activity/monitoring.ts), except that a provider with activity but no
 * plan to date is red even when none of its lines could be priced. The total row's seasonal forecast
 * is the providers' seasonal forecasts added up, each by its own contract's profile (a provider
 * without a contract: even, so its straight line).
 */
import { sql, type RawBuilder } from 'kysely';
import type { Db } from '../../db/database.js';
import type { Pod } from '../../db/schema.js';
import { treatmentFunctionName } from '../../domain/codes/treatment-functions.js';
import { monthLabel } from '../../domain/activity/financial-year.js';
import {
  addMonthly, contractLineMatcher, FORECAST_METHOD_DESCRIPTIONS, monitor, MONTHS_IN_YEAR, phaseContract, phasingWeights,
  RAG_AMBER_PERCENT, RAG_GREEN_PERCENT, sumThrough, type ForecastMethod, type Phasing, type Rag,
} from '../../domain/activity/monitoring.js';
import { POD_LABELS } from '../../domain/activity/pricing.js';

export const ACTIVITY_DIMENSIONS = ['provider', 'practice', 'group', 'tfc', 'pod', 'month'] as const;
export type ActivityDimension = (typeof ACTIVITY_DIMENSIONS)[number];
/** What activityCost can group by: the dimensions, and whether the practice is in the commissioner's area. */
export type CostDimension = ActivityDimension | 'inArea';

export const DIMENSION_LABELS: Record<ActivityDimension, string> = {
  provider: 'Provider', practice: 'Practice', group: 'Group', tfc: 'Specialty', pod: 'Point of delivery', month: 'Month',
};

/** The group of lines whose practice is outside the commissioner. */
export const OUT_OF_AREA = 'OUT_OF_AREA';
export const OUT_OF_AREA_LABEL = 'Out of area';
/** The specialty key of lines with none (A&E). */
export const NO_SPECIALTY = '';
export const NO_SPECIALTY_LABEL = 'No specialty (A&E)';

/**
 * What to count. Every filter is optional; a list matches any of its values, and an empty list
 * matches nothing (so a practice scope of [] can never widen to everything).
 */
export interface ActivityFilters {
  /** financial year, e.g. 2025/26 */
  year: string;
  provider?: readonly string[];
  practice?: readonly string[];
  /** org_group codes; OUT_OF_AREA for lines of practices outside the commissioner */
  group?: readonly string[];
  /** treatment function codes; '' for lines with no specialty */
  tfc?: readonly string[];
  pod?: readonly Pod[];
  /** 1 = April */
  month?: readonly number[];
  /** only months 1 to this (year to date) */
  throughMonth?: number;
  /** true: in-area lines only; false: out-of-area only */
  inArea?: boolean;
  /** true: priced lines only; false: unpriced only */
  priced?: boolean;
}

/** One group's totals; only the dimensions grouped by are set. */
export interface CostRow {
  provider?: string;
  practice?: string;
  group?: string;
  tfc?: string;
  pod?: Pod;
  month?: number;
  inArea?: boolean;
  lines: number;
  pricedLines: number;
  /** lines with no tariff price: not in costPence, never counted as zero cost */
  unpricedLines: number;
  /** tariff price × MFF of the priced lines */
  costPence: number;
  /** what the provider charged, where it said */
  providerChargedPence: number;
}

export type Totals = Omit<CostRow, CostDimension>;

// ---------------------------------------------------------------------------------------------
// The query

const GROUP_SQL = sql`case when a.in_area then coalesce(p.group_code, ${sql.lit(OUT_OF_AREA)}) else ${sql.lit(OUT_OF_AREA)} end`;

const DIMENSION_SQL: Record<CostDimension, RawBuilder<unknown>> = {
  inArea: sql`a.in_area`,
  provider: sql`a.provider_code`,
  practice: sql`a.practice_code`,
  group: GROUP_SQL,
  tfc: sql`coalesce(a.tfc, '')`,
  pod: sql`a.pod`,
  month: sql`a.month`,
};

const inList = (expression: RawBuilder<unknown>, values: readonly (string | number)[]) =>
  (values.length ? sql`${expression} in (${sql.join(values)})` : sql`false`);

/**
 * The filters as one SQL condition on `a` — the lines (`activity`) or their monthly totals
 * (`activity_month_summary`, same column names; it says `priced` where a line has a price) — and
 * `practice p` when a group is asked for.
 */
function whereSql(f: ActivityFilters, source: 'lines' | 'summary' = 'lines'): RawBuilder<unknown> {
  const conditions: RawBuilder<unknown>[] = [sql`a.year = ${f.year}`];
  if (f.provider) conditions.push(inList(sql`a.provider_code`, f.provider));
  if (f.practice) conditions.push(inList(sql`a.practice_code`, f.practice));
  if (f.group) conditions.push(inList(GROUP_SQL, f.group));
  if (f.tfc) conditions.push(inList(DIMENSION_SQL.tfc, f.tfc));
  if (f.pod) conditions.push(inList(sql`a.pod`, f.pod));
  if (f.month) conditions.push(inList(sql`a.month`, f.month));
  if (f.throughMonth !== undefined) conditions.push(sql`a.month <= ${f.throughMonth}`);
  if (f.inArea !== undefined) conditions.push(sql`a.in_area = ${f.inArea}`);
  if (f.priced !== undefined) {
    const priced = source === 'summary' ? sql`a.priced` : sql`a.tariff_price_pence is not null`;
    conditions.push(f.priced ? priced : sql`not (${priced})`);
  }
  return sql.join(conditions, sql` and `);
}

/** The practice (for its group) is joined only when a group is grouped or filtered by. */
const fromSql = (f: ActivityFilters, groupBy: readonly CostDimension[], table: 'activity' | 'activity_month_summary' = 'activity') =>
  (groupBy.includes('group') || f.group ? sql`${sql.table(table)} a left join practice p on p.code = a.practice_code` : sql`${sql.table(table)} a`);

interface RawCostRow {
  d_provider?: string; d_practice?: string; d_group?: string; d_tfc?: string; d_pod?: Pod; d_month?: number; d_inArea?: boolean;
  lines: number | string; priced_lines: number | string; cost_pence: number | string; provider_charged_pence: number | string;
}

/** Totals read the monthly summary (thousands of rows however many millions of lines). */
function costQuery(f: ActivityFilters, groupBy: readonly CostDimension[]) {
  const dims = [...new Set(groupBy)];
  const measures = sql`coalesce(sum(a.lines), 0) as lines, coalesce(sum(a.lines) filter (where a.priced), 0) as priced_lines,
    coalesce(sum(a.cost_pence), 0) as cost_pence, coalesce(sum(a.provider_charged_pence), 0) as provider_charged_pence`;
  const from = fromSql(f, dims, 'activity_month_summary');
  const where = whereSql(f, 'summary');
  if (!dims.length) return sql<RawCostRow>`select ${measures} from ${from} where ${where}`;
  const columns = dims.map((d) => sql`${DIMENSION_SQL[d]} as ${sql.ref(`d_${d}`)}`);
  const groupExpressions = sql.join(dims.map((d) => DIMENSION_SQL[d]));
  return sql<RawCostRow>`select ${sql.join(columns)}, ${measures}
    from ${from} where ${where} group by ${groupExpressions} order by ${groupExpressions}`;
}

function toCostRow(r: RawCostRow, dims: readonly CostDimension[]): CostRow {
  const lines = Number(r.lines);
  const pricedLines = Number(r.priced_lines);
  const row: CostRow = { lines, pricedLines, unpricedLines: lines - pricedLines, costPence: Number(r.cost_pence), providerChargedPence: Number(r.provider_charged_pence) };
  for (const d of dims) {
    const value = r[`d_${d}`];
    if (d === 'month') row.month = Number(value);
    else if (d === 'inArea') row.inArea = value === true;
    else if (d === 'pod') row.pod = value as Pod;
    else row[d] = String(value ?? '');
  }
  return row;
}

/**
 * Lines and cost at tariff for a year, filtered, grouped by the dimensions given (in that order,
 * sorted by them). With no dimensions, one row: the total.
 */
export async function activityCost(db: Db, filters: ActivityFilters, groupBy: readonly CostDimension[]): Promise<CostRow[]> {
  const dims = [...new Set(groupBy)];
  const { rows } = await costQuery(filters, dims).execute(db);
  return rows.map((r) => toCostRow(r, dims));
}

/** The total of rows from activityCost: every measure is a count or a sum, so adding the groups is exact. */
export function totalOf(rows: readonly CostRow[]): Totals {
  const total: Totals = { lines: 0, pricedLines: 0, unpricedLines: 0, costPence: 0, providerChargedPence: 0 };
  for (const r of rows) {
    total.lines += r.lines;
    total.pricedLines += r.pricedLines;
    total.unpricedLines += r.unpricedLines;
    total.costPence += r.costPence;
    total.providerChargedPence += r.providerChargedPence;
  }
  return total;
}

/**
 * As activityCost, with the total. The total adds up the groups the database returned (a few
 * hundred at most) rather than asking it for GROUPING SETS, which doubled the query's time.
 */
export async function activityCostWithTotal(db: Db, filters: ActivityFilters, groupBy: readonly CostDimension[]): Promise<{ rows: CostRow[]; total: Totals }> {
  const dims = [...new Set(groupBy)];
  const rows = await activityCost(db, filters, dims);
  return { rows: dims.length ? rows : [], total: totalOf(rows) };
}

/** The latest month (1 = April) of the year with any activity on record; 0 when there is none. */
export async function latestActivityMonth(db: Db, year: string): Promise<number> {
  const row = await db.selectFrom('activity_month_summary').select((eb) => eb.fn.max('month').as('m')).where('year', '=', year).executeTakeFirst();
  return Number(row?.m ?? 0);
}

// ---------------------------------------------------------------------------------------------
// Names

export interface Labels {
  providerName?: string;
  practiceName?: string;
  groupName?: string;
  tfcName?: string;
  podName?: string;
  monthLabel?: string;
}

export type LabelledRow = CostRow & Labels;

/** Looks up the names of the providers, practices and groups in the rows (three small queries at most). */
export async function nameLookup(db: Db, rows: readonly { provider?: string; practice?: string; group?: string }[]) {
  const codes = (key: 'provider' | 'practice' | 'group') => [...new Set(rows.map((r) => r[key]).filter((c): c is string => Boolean(c)))];
  const [providers, practices, groups] = [codes('provider'), codes('practice'), codes('group').filter((g) => g !== OUT_OF_AREA)];
  const [providerRows, practiceRows, groupRows] = await Promise.all([
    providers.length ? db.selectFrom('provider').select(['code', 'name']).where('code', 'in', providers).execute() : [],
    practices.length ? db.selectFrom('practice').select(['code', 'name']).where('code', 'in', practices).execute() : [],
    groups.length ? db.selectFrom('org_group').select(['code', 'name']).where('code', 'in', groups).execute() : [],
  ]);
  const provider = new Map(providerRows.map((r) => [r.code, r.name]));
  const practice = new Map(practiceRows.map((r) => [r.code, r.name]));
  const group = new Map(groupRows.map((r) => [r.code, r.name]));
  return {
    provider: (code: string) => provider.get(code) ?? code,
    practice: (code: string) => practice.get(code) ?? `${code} (outside the commissioner)`,
    group: (code: string) => (code === OUT_OF_AREA ? OUT_OF_AREA_LABEL : group.get(code) ?? code),
  };
}

export const tfcLabel = (tfc: string) => (tfc === NO_SPECIALTY ? NO_SPECIALTY_LABEL : treatmentFunctionName(tfc));

async function labelled(db: Db, year: string, rows: CostRow[]): Promise<LabelledRow[]> {
  const names = await nameLookup(db, rows);
  return rows.map((r) => ({
    ...r,
    ...(r.provider !== undefined && { providerName: names.provider(r.provider) }),
    ...(r.practice !== undefined && { practiceName: names.practice(r.practice) }),
    ...(r.group !== undefined && { groupName: names.group(r.group) }),
    ...(r.tfc !== undefined && { tfcName: tfcLabel(r.tfc) }),
    ...(r.pod !== undefined && { podName: POD_LABELS[r.pod] }),
    ...(r.month !== undefined && { monthLabel: monthLabel(year, r.month) }),
  }));
}

export interface ActivitySummary {
  year: string;
  by: ActivityDimension[];
  rows: LabelledRow[];
  total: Totals;
}

/** Activity and cost grouped as asked, with names, and the total (one query plus the names). */
export async function activitySummary(db: Db, filters: ActivityFilters, by: readonly ActivityDimension[]): Promise<ActivitySummary> {
  const dims = [...new Set(by)];
  const { rows, total } = await activityCostWithTotal(db, filters, dims);
  return { year: filters.year, by: dims, rows: await labelled(db, filters.year, rows), total };
}

// ---------------------------------------------------------------------------------------------
// Plan against actual

export interface MonthFigures {
  month: number;
  label: string;
  planPence: number;
  actualPence: number;
  planVolume: number;
  actualVolume: number;
  unpricedLines: number;
}

export interface MonitoringSeries {
  months: MonthFigures[];
  yearPlanPence: number;
  ytdPlanPence: number;
  ytdActualPence: number;
  /** ytdActual − ytdPlan: positive is over plan */
  variancePence: number;
  variancePercent: number | null;
  rag: Rag;
  forecast: { straightLinePence: number | null; seasonalPence: number | null };
  /** forecast − year plan */
  forecastVariance: { straightLinePence: number | null; seasonalPence: number | null };
  yearPlanVolume: number;
  ytdPlanVolume: number;
  ytdActualVolume: number;
  /** year-to-date lines with no tariff price (their cost is not in ytdActualPence) */
  ytdUnpricedLines: number;
}

export interface ProviderMonitoring extends MonitoringSeries {
  providerCode: string;
  providerName: string;
  contractId: number | null;
  reference: string | null;
  phasing: Phasing | null;
  /** year to date, not counted against the plan */
  outOfAreaLines: number;
  outOfAreaCostPence: number;
}

export type PlanLineKind = 'line' | 'variations' | 'unplanned';

export interface LineMonitoring extends MonitoringSeries {
  kind: PlanLineKind;
  /** null for the variations and the activity the contract does not plan for */
  pod: Pod | null;
  podName: string;
  /** '' = all specialties of the point of delivery */
  tfc: string;
  tfcName: string;
}

export interface MonitoringReport {
  year: string;
  /** months counted as year to date (1 = April only; 0 = none yet) */
  monthsElapsed: number;
  /** "Apr 2025 to Sep 2025", or null when no month has elapsed */
  period: string | null;
  methods: Record<ForecastMethod, string>;
  rag: { greenWithinPercent: number; amberWithinPercent: number };
  providers: ProviderMonitoring[];
  total: MonitoringSeries;
  /** when one provider is asked for: its plan line by line against the activity they cover */
  lines: LineMonitoring[] | null;
}

interface LoadedContract {
  id: number;
  providerCode: string;
  reference: string;
  phasing: Phasing;
  profile: number[] | null;
  lines: { pod: Pod; tfc: string; plannedVolume: number; plannedValuePence: number }[];
  variations: { effectiveFrom: string; valueChangePence: number }[];
}

/** The year's contracts (optionally of some providers) with their lines and variations: three queries. */
export async function loadContracts(db: Db, year: string, providers?: readonly string[]): Promise<LoadedContract[]> {
  let query = db.selectFrom('contract').select(['id', 'provider_code', 'reference', 'phasing', 'profile']).where('year', '=', year);
  if (providers) query = providers.length ? query.where('provider_code', 'in', [...providers]) : query.where(sql<boolean>`false`);
  const contracts = await query.orderBy('provider_code').execute();
  if (!contracts.length) return [];
  const ids = contracts.map((c) => c.id);
  const [lines, variations] = await Promise.all([
    db.selectFrom('contract_line').selectAll().where('contract_id', 'in', ids).orderBy('contract_id').orderBy('pod').orderBy('tfc').execute(),
    db.selectFrom('contract_variation').select(['contract_id', 'effective_from', 'value_change_pence']).where('contract_id', 'in', ids).orderBy('id').execute(),
  ]);
  return contracts.map((c) => ({
    id: c.id, providerCode: c.provider_code, reference: c.reference, phasing: c.phasing,
    profile: c.profile === null ? null : (c.profile as number[]).map(Number),
    lines: lines.filter((l) => l.contract_id === c.id).map((l) => ({ pod: l.pod, tfc: l.tfc, plannedVolume: l.planned_volume, plannedValuePence: Number(l.planned_value_pence) })),
    variations: variations.filter((v) => v.contract_id === c.id).map((v) => ({ effectiveFrom: v.effective_from, valueChangePence: Number(v.value_change_pence) })),
  }));
}

const zeros = () => Array.from({ length: MONTHS_IN_YEAR }, () => 0);

interface Monthly { cost: number[]; volume: number[]; unpriced: number[] }
const emptyMonthly = (): Monthly => ({ cost: zeros(), volume: zeros(), unpriced: zeros() });
function addRow(into: Monthly, row: CostRow) {
  const i = (row.month ?? 1) - 1;
  into.cost[i]! += row.costPence;
  into.volume[i]! += row.lines;
  into.unpriced[i]! += row.unpricedLines;
}

function series(year: string, monthsElapsed: number, plan: { value: number[]; volume: number[]; weights: number[] }, actual: Monthly): MonitoringSeries {
  const figures = monitor({ planByMonth: plan.value, actualByMonth: actual.cost, monthsElapsed, weights: plan.weights });
  return {
    months: plan.value.map((planPence, i) => ({
      month: i + 1, label: monthLabel(year, i + 1), planPence, actualPence: actual.cost[i]!, planVolume: plan.volume[i]!, actualVolume: actual.volume[i]!, unpricedLines: actual.unpriced[i]!,
    })),
    yearPlanPence: figures.yearPlan, ytdPlanPence: figures.ytdPlan, ytdActualPence: figures.ytdActual,
    // With no plan to date, any activity is unplanned (red), even when none of it could be priced.
    variancePence: figures.variance, variancePercent: figures.variancePercent,
    rag: figures.ytdPlan === 0 && sumThrough(actual.volume, monthsElapsed) > 0 ? 'red' : figures.rag,
    forecast: { straightLinePence: figures.forecast.straightLine, seasonalPence: figures.forecast.seasonal },
    forecastVariance: { straightLinePence: figures.forecastVariance.straightLine, seasonalPence: figures.forecastVariance.seasonal },
    yearPlanVolume: sumThrough(plan.volume, MONTHS_IN_YEAR), ytdPlanVolume: sumThrough(plan.volume, monthsElapsed),
    ytdActualVolume: sumThrough(actual.volume, monthsElapsed), ytdUnpricedLines: sumThrough(actual.unpriced, monthsElapsed),
  };
}

/**
 * Plan against actual by month for each provider with a contract or activity in the year, with
 * year to date, forecast outturn by both methods, variance and RAG, and a total row. With one
 * provider, its plan line by line too. `throughMonth` overrides the months elapsed.
 */
export async function contractMonitoring(db: Db, query: { year: string; provider?: string; throughMonth?: number }): Promise<MonitoringReport> {
  const { year } = query;
  const providerFilter = query.provider ? [query.provider] : undefined;
  const monthsElapsed = query.throughMonth ?? await latestActivityMonth(db, year);
  // One pass over the year's activity: by provider, month and whether the practice is in area.
  const [contracts, rows] = await Promise.all([
    loadContracts(db, year, providerFilter),
    activityCost(db, { year, provider: providerFilter }, ['provider', 'month', 'inArea']),
  ]);

  const actualByProvider = new Map<string, Monthly>();
  const outOfArea = new Map<string, { lines: number; costPence: number }>();
  for (const row of rows) {
    if (row.inArea) {
      const monthly = actualByProvider.get(row.provider!) ?? emptyMonthly();
      addRow(monthly, row);
      actualByProvider.set(row.provider!, monthly);
    } else if (row.month! <= monthsElapsed) {
      const sum = outOfArea.get(row.provider!) ?? { lines: 0, costPence: 0 };
      outOfArea.set(row.provider!, { lines: sum.lines + row.lines, costPence: sum.costPence + row.costPence });
    }
  }
  const contractByProvider = new Map(contracts.map((c) => [c.providerCode, c]));
  const codes = [...new Set([...contractByProvider.keys(), ...actualByProvider.keys(), ...(query.provider ? [query.provider] : [])])].sort();
  const names = await nameLookup(db, codes.map((provider) => ({ provider })));
  const even = phasingWeights('even');

  const providers = codes.map((code): ProviderMonitoring & { phased: ReturnType<typeof phaseContract> | null } => {
    const contract = contractByProvider.get(code);
    const phased = contract ? phaseContract({ year, ...contract }) : null;
    const plan = phased ? { value: phased.valuePence, volume: phased.volume, weights: phased.weights } : { value: zeros(), volume: zeros(), weights: even };
    return {
      providerCode: code, providerName: names.provider(code), contractId: contract?.id ?? null, reference: contract?.reference ?? null,
      phasing: contract?.phasing ?? null, outOfAreaLines: outOfArea.get(code)?.lines ?? 0, outOfAreaCostPence: outOfArea.get(code)?.costPence ?? 0,
      ...series(year, monthsElapsed, plan, actualByProvider.get(code) ?? emptyMonthly()),
      phased,
    };
  });

  // The total: months added up; the seasonal forecast is each provider's (by its own profile) added up.
  const totalActual: Monthly = emptyMonthly();
  for (const m of actualByProvider.values()) {
    totalActual.cost = addMonthly(totalActual.cost, m.cost);
    totalActual.volume = addMonthly(totalActual.volume, m.volume);
    totalActual.unpriced = addMonthly(totalActual.unpriced, m.unpriced);
  }
  const total = series(year, monthsElapsed, {
    value: addMonthly(...providers.map((p) => p.months.map((m) => m.planPence))),
    volume: addMonthly(...providers.map((p) => p.months.map((m) => m.planVolume))),
    weights: even,
  }, totalActual);
  const seasonal = providers.some((p) => p.forecast.seasonalPence === null) ? null : providers.reduce((a, p) => a + p.forecast.seasonalPence!, 0);
  total.forecast.seasonalPence = providers.length ? seasonal : total.forecast.straightLinePence;
  total.forecastVariance.seasonalPence = total.forecast.seasonalPence === null ? null : total.forecast.seasonalPence - total.yearPlanPence;

  let lines: LineMonitoring[] | null = null;
  if (query.provider) {
    const provider = providers.find((p) => p.providerCode === query.provider);
    lines = await planLines(db, year, query.provider, monthsElapsed, provider?.phased ?? null);
  }

  return {
    year, monthsElapsed,
    period: monthsElapsed > 0 ? (monthsElapsed === 1 ? monthLabel(year, 1) : `${monthLabel(year, 1)} to ${monthLabel(year, monthsElapsed)}`) : null,
    methods: FORECAST_METHOD_DESCRIPTIONS,
    rag: { greenWithinPercent: RAG_GREEN_PERCENT, amberWithinPercent: RAG_AMBER_PERCENT },
    providers: providers.map(({ phased: _phased, ...p }) => p),
    total,
    lines,
  };
}

/** One provider's contract lines against the activity each covers, its variations, and unplanned activity. */
async function planLines(db: Db, year: string, provider: string, monthsElapsed: number, phased: ReturnType<typeof phaseContract> | null): Promise<LineMonitoring[]> {
  const rows = await activityCost(db, { year, provider: [provider], inArea: true }, ['pod', 'tfc', 'month']);
  const planLinesList = phased?.lines ?? [];
  const weights = phased?.weights ?? phasingWeights('even');
  const match = contractLineMatcher(planLinesList);
  const actual = planLinesList.map(emptyMonthly);
  const unplanned = emptyMonthly();
  for (const row of rows) {
    const index = match(row.pod!, row.tfc ?? '');
    addRow(index >= 0 ? actual[index]! : unplanned, row);
  }
  const result: LineMonitoring[] = planLinesList.map((line, i) => ({
    kind: 'line', pod: line.pod as Pod, podName: POD_LABELS[line.pod as Pod], tfc: line.tfc, tfcName: line.tfc ? treatmentFunctionName(line.tfc) : 'All specialties',
    ...series(year, monthsElapsed, { value: line.valuePence, volume: line.volume, weights }, actual[i]!),
  }));
  if (phased && phased.variationsPence.some((v) => v !== 0)) {
    result.push({
      kind: 'variations', pod: null, podName: 'Variations', tfc: '', tfcName: 'Changes to the plan in year',
      ...series(year, monthsElapsed, { value: phased.variationsPence, volume: zeros(), weights }, emptyMonthly()),
    });
  }
  if (unplanned.volume.some((v) => v > 0)) {
    result.push({
      kind: 'unplanned', pod: null, podName: 'Not in the contract', tfc: '', tfcName: 'Activity no contract line covers',
      ...series(year, monthsElapsed, { value: zeros(), volume: zeros(), weights }, unplanned),
    });
  }
  return result;
}

// ---------------------------------------------------------------------------------------------
// The lines behind a total

export const LINES_PAGE_SIZE = 50;
/** A download of lines stops here: narrow the filters for more. */
export const LINES_EXPORT_LIMIT = 100_000;

/** A line as shown: the patient only as the installation's pseudonym. */
export interface ActivityLineView {
  providerCode: string;
  activityId: string;
  practiceCode: string;
  inArea: boolean;
  patientPseudo: string;
  pod: Pod;
  tfc: string | null;
  hrg: string | null;
  activityDate: string;
  dischargeDate: string | null;
  month: number;
  primaryDiagnosis: string | null;
  primaryProcedure: string | null;
  referralSource: string | null;
  tariffPricePence: number | null;
  providerPricePence: number | null;
  tariffBasis: string | null;
}

interface RawLine {
  provider_code: string; activity_id: string; practice_code: string; in_area: boolean; patient_pseudo: string; pod: Pod; tfc: string | null;
  hrg: string | null; activity_date: string; discharge_date: string | null; month: number; primary_diagnosis: string | null;
  primary_procedure: string | null; referral_source: string | null; tariff_price_pence: number | null; provider_price_pence: number | null;
  tariff_basis: string | null; total?: number | string;
}

const LINE_COLUMNS = sql`a.provider_code, a.activity_id, a.practice_code, a.in_area, a.patient_pseudo, a.pod, a.tfc, a.hrg,
  a.activity_date, a.discharge_date, a.month, a.primary_diagnosis, a.primary_procedure, a.referral_source,
  a.tariff_price_pence, a.provider_price_pence, a.tariff_basis`;

const toLine = (r: RawLine): ActivityLineView => ({
  providerCode: r.provider_code, activityId: r.activity_id, practiceCode: r.practice_code, inArea: r.in_area, patientPseudo: r.patient_pseudo,
  pod: r.pod, tfc: r.tfc, hrg: r.hrg, activityDate: r.activity_date, dischargeDate: r.discharge_date, month: Number(r.month),
  primaryDiagnosis: r.primary_diagnosis, primaryProcedure: r.primary_procedure, referralSource: r.referral_source,
  tariffPricePence: r.tariff_price_pence === null ? null : Number(r.tariff_price_pence),
  providerPricePence: r.provider_price_pence === null ? null : Number(r.provider_price_pence), tariffBasis: r.tariff_basis,
});

export interface LinesPage { page: number; pageSize: number; total: number; rows: ActivityLineView[] }

/** One page (1 = first) of the lines matching the filters, by date, provider and id. */
export async function activityLines(db: Db, filters: ActivityFilters, page = 1): Promise<LinesPage> {
  const offset = (page - 1) * LINES_PAGE_SIZE;
  const { rows } = await sql<RawLine>`select ${LINE_COLUMNS}, count(*) over () as total from ${fromSql(filters, [])}
    where ${whereSql(filters)} order by a.activity_date, a.provider_code, a.activity_id limit ${LINES_PAGE_SIZE} offset ${offset}`.execute(db);
  // Past the last page the window count has no row to ride on: count on its own.
  const total = rows.length ? Number(rows[0]!.total) : page > 1 ? await countLines(db, filters) : 0;
  return { page, pageSize: LINES_PAGE_SIZE, total, rows: rows.map(toLine) };
}

export async function countLines(db: Db, filters: ActivityFilters): Promise<number> {
  const { rows } = await sql<{ n: number | string }>`select count(*) as n from ${fromSql(filters, [])} where ${whereSql(filters)}`.execute(db);
  return Number(rows[0]?.n ?? 0);
}

/** Every line matching the filters, for a download; null when there are more than `limit`. */
export async function allActivityLines(db: Db, filters: ActivityFilters, limit = LINES_EXPORT_LIMIT): Promise<ActivityLineView[] | null> {
  const { rows } = await sql<RawLine>`select ${LINE_COLUMNS} from ${fromSql(filters, [])}
    where ${whereSql(filters)} order by a.activity_date, a.provider_code, a.activity_id limit ${limit + 1}`.execute(db);
  return rows.length > limit ? null : rows.map(toLine);
}
