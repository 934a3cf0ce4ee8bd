/**
 * Contracts (ACT-4): one per provider and financial year, with planned volume and value by point
 * of delivery and specialty ('' = all other specialties of that point of delivery), phased by
 * month evenly or by a twelve-month profile; follow-up to first ratio caps per specialty; KPIs
 * with thresholds; and in-year variations, each changing the plan's value from its effective month
 * on (see ../../domain/activity/monitoring.ts). Money is integer pence throughout.
 *
 * Every change is audited in the transaction that makes it. Lines can also be loaded from a CSV
 * file (provider_code, year, pod, tfc, planned_volume, planned_value in pounds): all or nothing,
 * every bad cell reported by row and column, and the file's lines replace the contract's lines.
 */
import type { Db, Tx } from '../../db/database.js';
import type { Pod } from '../../db/schema.js';
import { treatmentFunctionName } from '../../domain/codes/treatment-functions.js';
import { financialMonthOf, monthLabel, parseFinancialYear } from '../../domain/activity/financial-year.js';
import { parsePounds } from '../../domain/activity/money.js';
import { phaseContract, profileProblem, type Phasing } from '../../domain/activity/monitoring.js';
import { POD_LABELS } from '../../domain/activity/pricing.js';
import { parsePod, parseTfc } from '../../domain/activity/rows.js';
import { parseProviderCode } from '../../domain/org/codes.js';
import { parseIsoDate } from '../../domain/org/iso-date.js';
import { fail, ok, type Parsed } from '../../domain/org/parsed.js';
import { parseRow, type ColumnSet } from '../../domain/org/rows.js';
import { recordAudit } from '../audit/audit-log.js';
import type { AuthenticatedUser } from '../auth/credentials.js';
import { HttpError, notFound, type ErrorDetail } from '../http/errors.js';
import { CsvFileError } from '../org/import/errors.js';
import { cellsOf, matchHeader } from '../org/import/header.js';
import { readCsv } from '../org/import/read-csv.js';

export type KpiDirection = '>=' | '<=';

export interface ContractLineInput { pod: Pod; tfc: string; plannedVolume: number; plannedValuePence: number }
export interface FollowUpCapInput { tfc: string; maxRatio: number }
export interface KpiInput { name: string; direction: KpiDirection; threshold: number; actual: number | null; period: string | null }

export interface ContractInput {
  providerCode: string;
  year: string;
  reference: string;
  phasing: Phasing;
  /** twelve relative weights, April first; required for 'profile', ignored for 'even' */
  profile: number[] | null;
  c2cAllowed: boolean;
  lines: ContractLineInput[];
  followUpCaps: FollowUpCapInput[];
  kpis: KpiInput[];
}

export interface VariationInput { effectiveFrom: string; reason: string; valueChangePence: number }

export interface ContractSummary {
  id: number;
  providerCode: string;
  providerName: string;
  year: string;
  reference: string;
  phasing: Phasing;
  c2cAllowed: boolean;
  lineCount: number;
  plannedVolume: number;
  /** the lines' planned value */
  plannedValuePence: number;
  /** all variations together */
  variationsPence: number;
  /** planned value plus variations dated in the year */
  totalValuePence: number;
  updatedBy: string;
  updatedAt: string;
}

export interface ContractLineView extends ContractLineInput { podName: string; tfcName: string }
export interface KpiView extends KpiInput { id: number; met: boolean | null }
export interface VariationView extends VariationInput { id: number; effectiveMonth: number | null; recordedBy: string; recordedAt: string }
export interface MonthlyPlan { month: number; label: string; plannedVolume: number; plannedValuePence: number; variationsPence: number; totalValuePence: number }

export interface ContractView extends ContractSummary {
  profile: number[] | null;
  lines: ContractLineView[];
  followUpCaps: (FollowUpCapInput & { tfcName: string })[];
  kpis: KpiView[];
  variations: VariationView[];
  /** the plan phased by month, April first */
  monthly: MonthlyPlan[];
}

const MAX_VALUE_PENCE = 1e14; // £1 trillion: far beyond any contract, well within 2^53
const MAX_VOLUME = 1e9;
const REFERENCE_MAX = 60;

// ---------------------------------------------------------------------------------------------
// Reading

/** Contracts (optionally of one year, or one provider), by year then provider. */
export async function listContracts(db: Db, filters: { year?: string; providerCode?: string } = {}): Promise<ContractSummary[]> {
  let query = db.selectFrom('contract')
    .innerJoin('provider', 'provider.code', 'contract.provider_code')
    .select((eb) => [
      'contract.id', 'contract.provider_code', 'provider.name as provider_name', 'contract.year', 'contract.reference', 'contract.phasing',
      'contract.c2c_allowed', 'contract.updated_by', 'contract.updated_at',
      eb.selectFrom('contract_line').whereRef('contract_line.contract_id', '=', 'contract.id').select((l) => l.fn.countAll<number>().as('n')).as('line_count'),
      eb.selectFrom('contract_line').whereRef('contract_line.contract_id', '=', 'contract.id').select((l) => l.fn.coalesce(l.fn.sum<number>('planned_volume'), l.lit(0)).as('v')).as('planned_volume'),
      eb.selectFrom('contract_line').whereRef('contract_line.contract_id', '=', 'contract.id').select((l) => l.fn.coalesce(l.fn.sum<number>('planned_value_pence'), l.lit(0)).as('p')).as('planned_value_pence'),
      eb.selectFrom('contract_variation').whereRef('contract_variation.contract_id', '=', 'contract.id').select((l) => l.fn.coalesce(l.fn.sum<number>('value_change_pence'), l.lit(0)).as('c')).as('variations_pence'),
    ])
    .orderBy('contract.year', 'desc').orderBy('contract.provider_code');
  if (filters.year) query = query.where('contract.year', '=', filters.year);
  if (filters.providerCode) query = query.where('contract.provider_code', '=', filters.providerCode);
  const rows = await query.execute();
  return rows.map((r) => {
    const planned = Number(r.planned_value_pence ?? 0);
    const variations = Number(r.variations_pence ?? 0);
    return {
      id: r.id, providerCode: r.provider_code, providerName: r.provider_name, year: r.year, reference: r.reference, phasing: r.phasing,
      c2cAllowed: r.c2c_allowed, lineCount: Number(r.line_count ?? 0), plannedVolume: Number(r.planned_volume ?? 0),
      plannedValuePence: planned, variationsPence: variations, totalValuePence: planned + variations,
      updatedBy: r.updated_by, updatedAt: r.updated_at.toISOString(),
    };
  });
}

/** One contract in full, with its plan by month; 404 when there is none. */
export async function getContract(db: Db | Tx, id: number): Promise<ContractView> {
  const contract = await db.selectFrom('contract')
    .innerJoin('provider', 'provider.code', 'contract.provider_code')
    .selectAll('contract').select('provider.name as provider_name')
    .where('contract.id', '=', id).executeTakeFirst();
  if (!contract) throw notFound('The contract');
  const [lines, caps, kpis, variations] = await Promise.all([
    db.selectFrom('contract_line').selectAll().where('contract_id', '=', id).orderBy('pod').orderBy('tfc').execute(),
    db.selectFrom('contract_follow_up_cap').selectAll().where('contract_id', '=', id).orderBy('tfc').execute(),
    db.selectFrom('contract_kpi').selectAll().where('contract_id', '=', id).orderBy('id').execute(),
    db.selectFrom('contract_variation').selectAll().where('contract_id', '=', id).orderBy('effective_from').orderBy('id').execute(),
  ]);
  const profile = contract.profile === null ? null : (contract.profile as number[]).map(Number);
  const phased = phaseContract({
    year: contract.year, phasing: contract.phasing, profile,
    lines: lines.map((l) => ({ pod: l.pod, tfc: l.tfc, plannedVolume: l.planned_volume, plannedValuePence: Number(l.planned_value_pence) })),
    variations: variations.map((v) => ({ effectiveFrom: v.effective_from, valueChangePence: Number(v.value_change_pence) })),
  });
  const lineViews = lines.map((l): ContractLineView => ({
    pod: l.pod, tfc: l.tfc, plannedVolume: l.planned_volume, plannedValuePence: Number(l.planned_value_pence),
    podName: POD_LABELS[l.pod], tfcName: l.tfc ? treatmentFunctionName(l.tfc) : 'All specialties',
  }));
  const plannedValuePence = lineViews.reduce((a, l) => a + l.plannedValuePence, 0);
  const variationsPence = variations.reduce((a, v) => a + Number(v.value_change_pence), 0);
  return {
    id: contract.id, providerCode: contract.provider_code, providerName: contract.provider_name, year: contract.year,
    reference: contract.reference, phasing: contract.phasing, c2cAllowed: contract.c2c_allowed,
    lineCount: lines.length, plannedVolume: lineViews.reduce((a, l) => a + l.plannedVolume, 0), plannedValuePence, variationsPence,
    totalValuePence: phased.valuePence.reduce((a, b) => a + b, 0),
    updatedBy: contract.updated_by, updatedAt: contract.updated_at.toISOString(),
    profile,
    lines: lineViews,
    followUpCaps: caps.map((c) => ({ tfc: c.tfc, maxRatio: Number(c.max_ratio), tfcName: c.tfc ? treatmentFunctionName(c.tfc) : 'Any other specialty' })),
    kpis: kpis.map((k) => {
      const threshold = Number(k.threshold);
      const actual = k.actual === null ? null : Number(k.actual);
      return { id: k.id, name: k.name, direction: k.direction, threshold, actual, period: k.period, met: actual === null ? null : k.direction === '>=' ? actual >= threshold : actual <= threshold };
    }),
    variations: variations.map((v) => {
      const when = financialMonthOf(v.effective_from);
      return {
        id: v.id, effectiveFrom: v.effective_from, reason: v.reason, valueChangePence: Number(v.value_change_pence),
        effectiveMonth: when.year === contract.year ? when.month : null, recordedBy: v.recorded_by, recordedAt: v.recorded_at.toISOString(),
      };
    }),
    monthly: phased.valuePence.map((total, i) => ({
      month: i + 1, label: monthLabel(contract.year, i + 1), plannedVolume: phased.volume[i]!,
      plannedValuePence: total - phased.variationsPence[i]!, variationsPence: phased.variationsPence[i]!, totalValuePence: total,
    })),
  };
}

// ---------------------------------------------------------------------------------------------
// Checking

const invalid = (details: ErrorDetail[], message = 'The contract is not valid.') => new HttpError(400, 'invalid_request', message, details);

/** Every problem with a contract's content that its shape alone does not show (field paths as the body's). */
export function contractProblems(input: ContractInput): ErrorDetail[] {
  const problems: ErrorDetail[] = [];
  const year = parseFinancialYear(input.year);
  if (!year.ok) problems.push({ field: 'year', message: year.message });
  const provider = parseProviderCode(input.providerCode);
  if (!provider.ok) problems.push({ field: 'providerCode', message: provider.message });
  if (!input.reference.trim()) problems.push({ field: 'reference', message: 'is required: the contract’s reference, like RWG-2025-26' });
  else if (input.reference.trim().length > REFERENCE_MAX) problems.push({ field: 'reference', message: `must be at most ${REFERENCE_MAX} characters` });
  if (input.phasing === 'profile') {
    const problem = profileProblem(input.profile);
    if (problem) problems.push({ field: 'profile', message: problem });
  }
  const seenLines = new Set<string>();
  input.lines.forEach((line, i) => {
    if (line.tfc && !parseTfc(line.tfc).ok) problems.push({ field: `lines.${i}.tfc`, message: 'must be a 3-digit treatment function code, or blank for all specialties' });
    if (!Number.isInteger(line.plannedVolume) || line.plannedVolume < 0 || line.plannedVolume > MAX_VOLUME) problems.push({ field: `lines.${i}.plannedVolume`, message: 'must be a whole number of 0 or more' });
    if (!Number.isInteger(line.plannedValuePence) || line.plannedValuePence < 0 || line.plannedValuePence > MAX_VALUE_PENCE) problems.push({ field: `lines.${i}.plannedValuePence`, message: 'must be a whole number of pence, 0 or more' });
    const key = `${line.pod}|${line.tfc}`;
    if (seenLines.has(key)) problems.push({ field: `lines.${i}.tfc`, message: `repeats the line for ${line.pod} ${line.tfc || 'all specialties'}: one line per point of delivery and specialty` });
    seenLines.add(key);
  });
  const seenCaps = new Set<string>();
  input.followUpCaps.forEach((cap, i) => {
    if (cap.tfc && !parseTfc(cap.tfc).ok) problems.push({ field: `followUpCaps.${i}.tfc`, message: 'must be a 3-digit treatment function code, or blank for any other specialty' });
    if (!(cap.maxRatio > 0) || cap.maxRatio > 9999.99 || Math.round(cap.maxRatio * 100) !== cap.maxRatio * 100) {
      problems.push({ field: `followUpCaps.${i}.maxRatio`, message: 'must be a ratio above 0 with at most 2 decimal places, like 2.5' });
    }
    if (seenCaps.has(cap.tfc)) problems.push({ field: `followUpCaps.${i}.tfc`, message: `repeats the cap for ${cap.tfc || 'any other specialty'}` });
    seenCaps.add(cap.tfc);
  });
  input.kpis.forEach((kpi, i) => {
    if (!kpi.name.trim()) problems.push({ field: `kpis.${i}.name`, message: 'is required' });
    if (!Number.isFinite(kpi.threshold)) problems.push({ field: `kpis.${i}.threshold`, message: 'must be a number' });
    if (kpi.actual !== null && !Number.isFinite(kpi.actual)) problems.push({ field: `kpis.${i}.actual`, message: 'must be a number, or null when not yet known' });
  });
  return problems;
}

/** What is wrong with a variation of a contract for `year`, if anything. */
export function variationProblems(input: VariationInput, year: string): ErrorDetail[] {
  const problems: ErrorDetail[] = [];
  const date = parseIsoDate(input.effectiveFrom);
  if (!date.ok) problems.push({ field: 'effectiveFrom', message: date.message });
  else if (financialMonthOf(date.value).year !== year) {
    problems.push({ field: 'effectiveFrom', message: `must be in the contract’s year ${year} (1 April to 31 March)` });
  }
  if (!input.reason.trim()) problems.push({ field: 'reason', message: 'is required: say why the contract changed' });
  if (!Number.isInteger(input.valueChangePence) || Math.abs(input.valueChangePence) > MAX_VALUE_PENCE) {
    problems.push({ field: 'valueChangePence', message: 'must be a whole number of pence (negative reduces the plan)' });
  }
  return problems;
}

// ---------------------------------------------------------------------------------------------
// Changing

/** Creates a contract; 409 when the provider already has one for the year. */
export async function createContract(db: Db, actor: AuthenticatedUser, input: ContractInput): Promise<ContractView> {
  const clean = await checked(db, input);
  return db.transaction().execute(async (tx) => {
    await refuseDuplicate(tx, clean.providerCode, clean.year);
    const { id } = await tx.insertInto('contract').values({ ...contractRow(clean, actor) }).returning('id').executeTakeFirstOrThrow();
    await replaceParts(tx, id, clean);
    await recordAudit(tx, { actor: actor.username, action: 'contract.create', entityType: 'contract', entityId: String(id), details: auditSummary(clean) });
    return getContract(tx, id);
  });
}

/** Replaces a contract's terms, lines, caps and KPIs (its variations stay). */
export async function updateContract(db: Db, actor: AuthenticatedUser, id: number, input: ContractInput): Promise<ContractView> {
  const clean = await checked(db, input);
  return db.transaction().execute(async (tx) => {
    const existing = await tx.selectFrom('contract').select(['id', 'provider_code', 'year']).where('id', '=', id).forUpdate().executeTakeFirst();
    if (!existing) throw notFound('The contract');
    if (existing.provider_code !== clean.providerCode || existing.year !== clean.year) await refuseDuplicate(tx, clean.providerCode, clean.year);
    await tx.updateTable('contract').set({ ...contractRow(clean, actor), updated_at: new Date() }).where('id', '=', id).execute();
    await replaceParts(tx, id, clean);
    await recordAudit(tx, { actor: actor.username, action: 'contract.update', entityType: 'contract', entityId: String(id), details: auditSummary(clean) });
    return getContract(tx, id);
  });
}

/** Records an in-year variation; it changes the plan from its effective month on. */
export async function addVariation(db: Db, actor: AuthenticatedUser, id: number, input: VariationInput): Promise<ContractView> {
  return db.transaction().execute(async (tx) => {
    const contract = await tx.selectFrom('contract').select(['id', 'year']).where('id', '=', id).forUpdate().executeTakeFirst();
    if (!contract) throw notFound('The contract');
    const problems = variationProblems(input, contract.year);
    if (problems.length) throw invalid(problems, 'The variation is not valid.');
    const { id: variationId } = await tx.insertInto('contract_variation').values({
      contract_id: id, effective_from: input.effectiveFrom, reason: input.reason.trim(), value_change_pence: input.valueChangePence, recorded_by: actor.username,
    }).returning('id').executeTakeFirstOrThrow();
    await tx.updateTable('contract').set({ updated_by: actor.username, updated_at: new Date() }).where('id', '=', id).execute();
    await recordAudit(tx, {
      actor: actor.username, action: 'contract.variation', entityType: 'contract', entityId: String(id),
      details: { variationId, effectiveFrom: input.effectiveFrom, valueChangePence: input.valueChangePence, reason: input.reason.trim() },
    });
    return getContract(tx, id);
  });
}

async function checked(db: Db, input: ContractInput): Promise<ContractInput> {
  const clean: ContractInput = {
    ...input,
    providerCode: input.providerCode.trim().toUpperCase(),
    year: input.year.trim(),
    reference: input.reference.trim(),
    profile: input.phasing === 'profile' ? input.profile : null,
    lines: input.lines.map((l) => ({ ...l, tfc: l.tfc.trim() })),
    followUpCaps: input.followUpCaps.map((c) => ({ ...c, tfc: c.tfc.trim() })),
    kpis: input.kpis.map((k) => ({ ...k, name: k.name.trim(), period: k.period?.trim() || null })),
  };
  const problems = contractProblems(clean);
  if (!problems.some((p) => p.field === 'providerCode')) {
    const provider = await db.selectFrom('provider').select('code').where('code', '=', clean.providerCode).executeTakeFirst();
    if (!provider) problems.push({ field: 'providerCode', message: `is not a provider the hub knows: import it in providers.csv first (${clean.providerCode})` });
  }
  if (problems.length) throw invalid(problems);
  return clean;
}

async function refuseDuplicate(tx: Tx, providerCode: string, year: string) {
  const other = await tx.selectFrom('contract').select('id').where('provider_code', '=', providerCode).where('year', '=', year).executeTakeFirst();
  if (other) {
    throw new HttpError(409, 'contract_exists', `${providerCode} already has a contract for ${year} (contract ${other.id}): change that one instead.`,
      [{ field: 'providerCode', message: `already has a contract for ${year}` }]);
  }
}

const contractRow = (input: ContractInput, actor: AuthenticatedUser) => ({
  provider_code: input.providerCode, year: input.year, reference: input.reference, phasing: input.phasing,
  profile: input.profile ? JSON.stringify(input.profile) : null, c2c_allowed: input.c2cAllowed, updated_by: actor.username,
});

async function replaceParts(tx: Tx, id: number, input: ContractInput) {
  await writeLines(tx, id, input.lines);
  await tx.deleteFrom('contract_follow_up_cap').where('contract_id', '=', id).execute();
  if (input.followUpCaps.length) {
    await tx.insertInto('contract_follow_up_cap').values(input.followUpCaps.map((c) => ({ contract_id: id, tfc: c.tfc, max_ratio: c.maxRatio }))).execute();
  }
  await tx.deleteFrom('contract_kpi').where('contract_id', '=', id).execute();
  if (input.kpis.length) {
    await tx.insertInto('contract_kpi').values(input.kpis.map((k) => ({
      contract_id: id, name: k.name, direction: k.direction, threshold: k.threshold, actual: k.actual, period: k.period,
    }))).execute();
  }
}

async function writeLines(tx: Tx, id: number, lines: readonly ContractLineInput[]) {
  await tx.deleteFrom('contract_line').where('contract_id', '=', id).execute();
  if (lines.length) {
    await tx.insertInto('contract_line').values(lines.map((l) => ({
      contract_id: id, pod: l.pod, tfc: l.tfc, planned_volume: l.plannedVolume, planned_value_pence: l.plannedValuePence,
    }))).execute();
  }
}

const auditSummary = (input: ContractInput) => ({
  providerCode: input.providerCode, year: input.year, reference: input.reference, phasing: input.phasing, c2cAllowed: input.c2cAllowed,
  lines: input.lines.length, plannedValuePence: input.lines.reduce((a, l) => a + l.plannedValuePence, 0),
  followUpCaps: input.followUpCaps.length, kpis: input.kpis.length,
});

// ---------------------------------------------------------------------------------------------
// Contract lines from CSV

export const CONTRACT_LINE_COLUMNS: ColumnSet = {
  required: ['provider_code', 'year', 'pod', 'tfc', 'planned_volume', 'planned_value'],
  optional: [],
};

/** The most row problems a report lists (all are counted). */
export const MAX_REPORTED_ERRORS = 200;
/** A contract has tens of lines; this bounds the work a junk file can cause. */
export const MAX_LINE_ROWS = 10_000;

export interface LinesImportReport {
  contractId: number;
  fileName: string;
  status: 'succeeded' | 'failed';
  message: string;
  rowsRead: number;
  /** lines the contract now has (0 when the file was refused) */
  lines: number;
  /** lines the file replaced */
  replaced: number;
  plannedVolume: number;
  plannedValuePence: number;
  errors: ErrorDetail[];
  errorCount: number;
  warnings: string[];
}

const parseWholeNumber = (input: string): Parsed<number> => {
  const text = input.trim().replace(/,(?=\d{3}(?:\D|$))/g, '');
  if (!/^\d{1,9}$/.test(text)) return fail('must be a whole number of 0 or more, like 1200');
  return ok(Number(text));
};
const parseBlankOrTfc = (input: string): Parsed<string> => (input.trim() === '' ? ok('') : parseTfc(input));

/**
 * Reads a contract-lines CSV and, when every row is good, replaces the contract's lines with the
 * file's in one transaction (audited). Rows must name the contract's own provider and year, and a
 * point of delivery and specialty at most once. Any problem: nothing is stored.
 */
export async function importContractLines(
  db: Db, actor: AuthenticatedUser, contractId: number, body: AsyncIterable<Uint8Array | string>, options: { fileName: string; signal?: AbortSignal },
): Promise<LinesImportReport> {
  const contract = await db.selectFrom('contract').select(['id', 'provider_code', 'year']).where('id', '=', contractId).executeTakeFirst();
  if (!contract) throw notFound('The contract');
  const report: LinesImportReport = {
    contractId, fileName: options.fileName, status: 'failed', message: '', rowsRead: 0, lines: 0, replaced: 0, plannedVolume: 0, plannedValuePence: 0,
    errors: [], errorCount: 0, warnings: [],
  };
  const problem = (detail: ErrorDetail) => {
    report.errorCount += 1;
    if (report.errors.length < MAX_REPORTED_ERRORS) report.errors.push(detail);
  };
  const lines: ContractLineInput[] = [];
  const seen = new Map<string, number>();
  try {
    let header: ReturnType<typeof matchHeader> | undefined;
    for await (const record of readCsv(body, { signal: options.signal })) {
      if (!header) {
        header = matchHeader(record.fields, CONTRACT_LINE_COLUMNS);
        for (const column of header.missing) problem({ row: 1, column, message: `is a required column and is missing (needed: ${CONTRACT_LINE_COLUMNS.required.join(', ')})` });
        for (const column of header.repeated) problem({ row: 1, column, message: 'appears more than once' });
        if (header.unknown.length) report.warnings.push(`Columns ignored: ${header.unknown.join(', ')}.`);
        if (header.missing.length || header.repeated.length) break;
        continue;
      }
      if (record.fields.every((f) => f.trim() === '')) continue; // a blank line
      report.rowsRead += 1;
      if (report.rowsRead > MAX_LINE_ROWS) {
        problem({ row: record.row, message: `is beyond the ${MAX_LINE_ROWS.toLocaleString('en-GB')} lines a contract file may have` });
        break;
      }
      const row = parseRow<{ providerCode: string; year: string; pod: Pod; tfc: string; plannedVolume: number; plannedValuePence: number }>(cellsOf(record.fields, header), {
        providerCode: ['provider_code', parseProviderCode],
        year: ['year', parseFinancialYear],
        pod: ['pod', parsePod],
        tfc: ['tfc', parseBlankOrTfc],
        plannedVolume: ['planned_volume', parseWholeNumber],
        plannedValuePence: ['planned_value', parsePounds],
      });
      if (!row.ok) {
        for (const e of row.errors) problem({ row: record.row, ...e });
        continue;
      }
      const line = row.value;
      if (line.providerCode !== contract.provider_code) problem({ row: record.row, column: 'provider_code', value: line.providerCode, message: `must be this contract’s provider, ${contract.provider_code}` });
      if (line.year !== contract.year) problem({ row: record.row, column: 'year', value: line.year, message: `must be this contract’s year, ${contract.year}` });
      const key = `${line.pod}|${line.tfc}`;
      const first = seen.get(key);
      if (first !== undefined) problem({ row: record.row, column: 'tfc', value: line.tfc, message: `repeats row ${first} (${line.pod} ${line.tfc || 'all specialties'}): one row per point of delivery and specialty` });
      else seen.set(key, record.row);
      lines.push({ pod: line.pod, tfc: line.tfc, plannedVolume: line.plannedVolume, plannedValuePence: line.plannedValuePence });
    }
    if (!header) problem({ row: 1, message: 'the file is empty: it needs a header row and a row per contract line' });
    else if (report.errorCount === 0 && report.rowsRead === 0) problem({ row: 2, message: 'the file has a header row but no contract lines' });
  } catch (error) {
    if (!(error instanceof CsvFileError)) throw error;
    problem(error.detail);
  }

  if (report.errorCount > 0) {
    report.message = `${options.fileName} was not imported: ${report.errorCount} ${report.errorCount === 1 ? 'problem' : 'problems'} found. Nothing was stored.`;
    return report;
  }
  await db.transaction().execute(async (tx) => {
    await tx.selectFrom('contract').select('id').where('id', '=', contractId).forUpdate().execute();
    const before = await tx.selectFrom('contract_line').select((eb) => eb.fn.countAll<number>().as('n')).where('contract_id', '=', contractId).executeTakeFirstOrThrow();
    report.replaced = Number(before.n);
    await writeLines(tx, contractId, lines);
    await tx.updateTable('contract').set({ updated_by: actor.username, updated_at: new Date() }).where('id', '=', contractId).execute();
    report.lines = lines.length;
    report.plannedVolume = lines.reduce((a, l) => a + l.plannedVolume, 0);
    report.plannedValuePence = lines.reduce((a, l) => a + l.plannedValuePence, 0);
    await recordAudit(tx, {
      actor: actor.username, action: 'contract.lines_import', entityType: 'contract', entityId: String(contractId),
      details: { fileName: options.fileName, lines: report.lines, replaced: report.replaced, plannedValuePence: report.plannedValuePence },
    });
  });
  report.status = 'succeeded';
  report.message = `${options.fileName} was imported: the contract now has ${report.lines} ${report.lines === 1 ? 'line' : 'lines'} (it had ${report.replaced}).`;
  return report;
}
