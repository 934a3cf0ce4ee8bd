/**
 * Weighted capitation from the database (FIN-1): the weights of a service line, the registered
 * population of the commissioner's practices at one period, and their fair shares of a total by
 * the pure rule in ../../domain/budgets/capitation.ts — with each practice's name and group, group
 * subtotals and the commissioner's total (sums of the practices' exact figures, so they agree to
 * the penny wherever they are shown). `loadFairShares` is the one entry point: the fair-share
 * routes, the CLI and budget setting all read fair shares through it.
 *
 * Which practices: every practice of the commissioner (named, or the only one with practices);
 * a practice with no population at the period is included with none, so it gets no share, and is
 * listed in `withoutPopulation`. Which period: the one asked for; else, with a financial year, the
 * latest population period before the year ends; else the latest of all.
 *
 * Problems are HttpErrors (422 for what the data cannot answer: no weights, no population for the
 * period, a band with patients but no weight; 404 for a commissioner or practice that is not there).
 */
import { sql } from 'kysely';
import type { Db } from '../../db/database.js';
import { financialYearBounds } from '../../domain/activity/financial-year.js';
import {
  CapitationError, computeFairShares, rational, rationalsEqual, sumRationals, type BandPatients, type BandWeight, type FairShareResult,
  type PracticeFairShare, type Rational,
} from '../../domain/budgets/capitation.js';
import { compareServiceLines, serviceLineLabel } from '../../domain/budgets/weights.js';
import { isAgeBand, type Sex } from '../../domain/population/age-bands.js';
import { HttpError, notFound } from '../http/errors.js';

export interface FairSharesQuery {
  serviceLine: string;
  /** the service line's budget, whole pence, 0 or more */
  totalPence: number;
  /** population period (ISO date); default by `year`, else the latest */
  period?: string;
  /** financial year (2025/26): the default period is the latest before it ends */
  year?: string;
  /** commissioner code; default the only commissioner with practices */
  commissioner?: string;
}

export interface CommissionerRef { code: string; name: string }

export interface FairSharePractice extends PracticeFairShare {
  practiceName: string;
  groupCode: string;
  groupName: string;
}

/** A sum of practices: a group, the practices other than one, or the commissioner's total. */
export interface FairShareSum {
  practices: number;
  rawPopulation: number;
  weightedPopulation: Rational;
  share: Rational;
  fairSharePence: number;
}

export interface FairShareGroup extends FairShareSum { groupCode: string; groupName: string }

export interface FairSharesReport {
  serviceLine: string;
  serviceLineLabel: string;
  period: string;
  commissioner: CommissionerRef;
  totalPence: number;
  /** the whole calculation (scaling factor, leftover pence), rows in `practices` order */
  result: FairShareResult;
  /** by group name, then practice name */
  practices: FairSharePractice[];
  groups: FairShareGroup[];
  total: FairShareSum;
  /** codes of the commissioner's practices with no population at the period (they get no share) */
  withoutPopulation: string[];
  weights: { importedAt: string | null; fileName: string | null };
}

/** Decimal places of the exact fractions when written out for people (API, downloads, CLI). */
export const WEIGHTED_PLACES = 6;
export const SHARE_PLACES = 10;
export const SCALE_PLACES = 9;
export const EXACT_PENCE_PLACES = 4;

const unprocessable = (code: string, message: string, details: { field?: string; message: string }[] = []) => new HttpError(422, code, message, details);

/** The commissioner asked for, or the only one with practices. */
export async function resolveCommissioner(db: Db, code?: string): Promise<CommissionerRef> {
  if (code) {
    const found = await db.selectFrom('commissioner').select(['code', 'name']).where('code', '=', code).executeTakeFirst();
    if (!found) throw notFound(`The commissioner ${code}`);
    return found;
  }
  const withPractices = await db.selectFrom('commissioner').select(['code', 'name'])
    .where((eb) => eb.exists(eb.selectFrom('practice').select('practice.code').whereRef('practice.commissioner_code', '=', 'commissioner.code')))
    .orderBy('code').execute();
  if (withPractices.length === 1) return withPractices[0]!;
  if (!withPractices.length) throw unprocessable('no_practices', 'There are no practices yet: import practices.csv and population.csv first.');
  throw unprocessable('choose_commissioner', `Say which commissioner: ${withPractices.map((c) => `${c.name} (${c.code})`).join(', ')}.`, [{ field: 'querystring.commissioner', message: 'is required when there is more than one commissioner' }]);
}

/** Population periods of the commissioner's practices, latest first. */
export async function populationPeriods(db: Db, commissionerCode?: string): Promise<string[]> {
  const rows = await db.selectFrom('population').innerJoin('practice', 'practice.code', 'population.practice_code')
    .select('population.period').distinct()
    .$if(commissionerCode !== undefined, (q) => q.where('practice.commissioner_code', '=', commissionerCode!))
    .orderBy('population.period', 'desc').execute();
  return rows.map((r) => r.period);
}

export async function resolvePeriod(db: Db, commissionerCode: string, query: { period?: string; year?: string }): Promise<string> {
  const periods = await populationPeriods(db, commissionerCode);
  const known = periods.length ? ` Periods with population: ${periods.slice(0, 8).join(', ')}${periods.length > 8 ? ' …' : ''}.` : ' Import population.csv first.';
  if (query.period) {
    if (periods.includes(query.period)) return query.period;
    throw unprocessable('no_population', `There is no registered population for ${query.period}.${known}`, [{ field: 'querystring.period', message: 'has no registered population' }]);
  }
  if (query.year) {
    const { until } = financialYearBounds(query.year);
    const chosen = periods.find((p) => p < until);
    if (chosen) return chosen;
    throw unprocessable('no_population', `There is no registered population from before the end of ${query.year}.${known}`, [{ field: 'querystring.year', message: 'has no registered population before it ends' }]);
  }
  if (periods[0]) return periods[0];
  throw unprocessable('no_population', 'There is no registered population yet: import population.csv first.');
}

export interface ServiceLineInfo { serviceLine: string; label: string; bands: number; importedAt: string | null; fileName: string | null }

/** The service lines with weights, usual lines first, with when their weights were last changed. */
export async function listServiceLines(db: Db): Promise<ServiceLineInfo[]> {
  const rows = await db.selectFrom('capitation_weight as w').leftJoin('import_run as r', 'r.id', 'w.import_run_id')
    .select(['w.service_line', sql<number>`count(*)::int`.as('bands'), sql<Date | null>`max(r.finished_at)`.as('imported_at'),
      sql<string | null>`(array_agg(r.file_name order by r.finished_at desc nulls last))[1]`.as('file_name')])
    .groupBy('w.service_line').execute();
  return rows.sort((a, b) => compareServiceLines(a.service_line, b.service_line)).map((r) => ({
    serviceLine: r.service_line, label: serviceLineLabel(r.service_line), bands: r.bands,
    importedAt: r.imported_at ? new Date(r.imported_at).toISOString() : null, fileName: r.file_name,
  }));
}

async function loadWeights(db: Db, serviceLine: string): Promise<{ weights: BandWeight[]; importedAt: string | null; fileName: string | null }> {
  const rows = await db.selectFrom('capitation_weight as w').leftJoin('import_run as r', 'r.id', 'w.import_run_id')
    .select(['w.sex', 'w.age_band', sql<string>`w.weight::text`.as('weight'), 'r.finished_at', 'r.file_name'])
    .where('w.service_line', '=', serviceLine).execute();
  if (!rows.length) {
    const lines = await listServiceLines(db);
    throw unprocessable('no_weights', `There are no weights for ${serviceLine}: import weights.csv with that service line.${lines.length ? ` Service lines with weights: ${lines.map((l) => l.serviceLine).join(', ')}.` : ''}`,
      [{ field: 'querystring.serviceLine', message: 'has no weights' }]);
  }
  const latest = rows.reduce<(typeof rows)[number] | undefined>((a, r) => (r.finished_at && (!a?.finished_at || r.finished_at > a.finished_at) ? r : a), undefined);
  return {
    weights: rows.filter((r) => isAgeBand(r.age_band)).map((r) => ({ sex: r.sex, ageBand: r.age_band as BandWeight['ageBand'], weight: r.weight })),
    importedAt: latest?.finished_at ? new Date(latest.finished_at).toISOString() : null,
    fileName: latest?.file_name ?? null,
  };
}

interface PracticeInfo { code: string; name: string; groupCode: string; groupName: string; bands: BandPatients[] }

/** The commissioner's practices with their population at the period (none for a practice without), by group then name. */
async function loadPractices(db: Db, commissionerCode: string, period: string): Promise<PracticeInfo[]> {
  const rows = await db.selectFrom('practice as p').innerJoin('org_group as g', 'g.code', 'p.group_code')
    .leftJoin('population as pop', (join) => join.onRef('pop.practice_code', '=', 'p.code').on('pop.period', '=', period))
    .select(['p.code', 'p.name', 'p.group_code', 'g.name as group_name', 'pop.sex', 'pop.age_band', 'pop.patients'])
    .where('p.commissioner_code', '=', commissionerCode)
    .orderBy('g.name').orderBy('g.code').orderBy('p.name').orderBy('p.code').execute();
  const practices = new Map<string, PracticeInfo>();
  for (const r of rows) {
    let practice = practices.get(r.code);
    if (!practice) practices.set(r.code, (practice = { code: r.code, name: r.name, groupCode: r.group_code, groupName: r.group_name, bands: [] }));
    if (r.sex && r.age_band && r.patients !== null && isAgeBand(r.age_band)) practice.bands.push({ sex: r.sex as Sex, ageBand: r.age_band, patients: r.patients });
  }
  return [...practices.values()];
}

/** Sums practices (a group, all but one practice, all of them) from their exact figures. */
export const sumPractices = (rows: readonly FairSharePractice[]): FairShareSum => ({
  practices: rows.length,
  rawPopulation: rows.reduce((a, r) => a + r.rawPopulation, 0),
  weightedPopulation: sumRationals(rows.map((r) => r.weightedPopulation)),
  share: sumRationals(rows.map((r) => r.share)),
  fairSharePence: rows.reduce((a, r) => a + r.fairSharePence, 0),
});

/** Every practice's fair share of a service line's total, with group subtotals and the commissioner's total. */
export async function loadFairShares(db: Db, query: FairSharesQuery): Promise<FairSharesReport> {
  const commissioner = await resolveCommissioner(db, query.commissioner);
  const period = await resolvePeriod(db, commissioner.code, query);
  const [weights, practices] = await Promise.all([loadWeights(db, query.serviceLine), loadPractices(db, commissioner.code, period)]);
  let result: FairShareResult;
  try {
    result = computeFairShares({
      serviceLine: query.serviceLine, totalPence: query.totalPence, weights: weights.weights,
      populations: practices.map((p) => ({ practiceCode: p.code, bands: p.bands })),
    });
  } catch (error) {
    if (error instanceof CapitationError) {
      throw unprocessable(error.code, error.message, error.details.map((d) => ({ message: d.message })));
    }
    throw error;
  }
  const rows: FairSharePractice[] = result.rows.map((r, i) => ({ ...r, practiceName: practices[i]!.name, groupCode: practices[i]!.groupCode, groupName: practices[i]!.groupName }));
  const groups: FairShareGroup[] = [];
  for (const row of rows) {
    if (groups.at(-1)?.groupCode === row.groupCode) continue;
    groups.push({ groupCode: row.groupCode, groupName: row.groupName, ...sumPractices(rows.filter((r) => r.groupCode === row.groupCode)) });
  }
  const total = sumPractices(rows);
  // The sums are exact: they must be the commissioner's figures (a broken sum would be a bug, never shown).
  if (total.fairSharePence !== query.totalPence || !rationalsEqual(total.weightedPopulation, rational(BigInt(result.totals.rawPopulation)))
    || !rationalsEqual(total.share, rational(1n))) {
    throw new Error('fair shares do not add up to the total');
  }
  return {
    serviceLine: query.serviceLine, serviceLineLabel: serviceLineLabel(query.serviceLine), period, commissioner, totalPence: query.totalPence,
    result, practices: rows, groups, total,
    withoutPopulation: practices.filter((p) => p.bands.length === 0).map((p) => p.code),
    weights: { importedAt: weights.importedAt, fileName: weights.fileName },
  };
}
