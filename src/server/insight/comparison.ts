/**
 * Practices compared fairly (issue 7 §1-2, §8, REF-8): one measure over a period for every practice
 * of the commissioner (the reference is always all of them), shown for a peer set (a group, a
 * grouping, or all); each practice's trend against its peers; CUSUM change alerts.
 *
 * Who sees what: a practice user sees its own practice named and every other practice only as
 * rates under a pseudonymous label ("Practice K", ordered by a keyed hash with the installation's
 * peer-label secret): never another practice's code, name, counts or list, nor any patient data.
 */
import type { Db } from '../../db/database.js';
import type { Actor } from '../../domain/access/roles.js';
import { CUSUM_DEFAULTS, cusum, type CusumMonth } from '../../domain/insight/cusum.js';
import { decileOf, deciles, type DecileCut } from '../../domain/insight/deciles.js';
import type { FunnelPosition } from '../../domain/insight/funnel.js';
import type { MeasureDefinition } from '../../domain/insight/measures.js';
import { peerLabels } from '../../domain/insight/peer-labels.js';
import {
  assessPractices, averagePopulation, funnelCurve, methodText, monthsBefore, monthStarts, peerSpread, positionWords,
  type Assessment, type CurvePoint, type PracticeAssessment, type PracticeCounts,
} from '../../domain/insight/practice-rates.js';
import type { PopulationCell } from '../../domain/insight/rates.js';
import { monthLabel, financialMonthOf } from '../../domain/activity/financial-year.js';
import { resolveCommissioner } from '../budgets/capitation.js';
import { HttpError, notFound } from '../http/errors.js';
import {
  commissionerPractices, countEvents, monthlyPopulation, serviceLineOf, weightedLists, type EventsByMonth, type MonthlyPopulation, type PracticeRef, type WeightedLists,
} from './counts.js';
import { practicesInGrouping } from './groupings.js';
import { loadMeasures, measureFor, measuresInForce, type StoredMeasure } from './measures.js';

// ── Who, which practices ────────────────────────────────────────────────────────────────────────

export interface PeerQuery { group?: string; grouping?: number; highlight?: string }

interface Scope {
  commissionerCode: string;
  practices: PracticeRef[];
  /** the practices shown (the peer set) */
  peers: PracticeRef[];
  highlight: string | null;
  /** set for a practice user: everyone else is shown only as labels and rates */
  ownPractice: string | null;
  labels: Map<string, string>;
}

let cachedSecret: { db: Db; secret: Promise<string> } | undefined;
/** The installation's secret for peer labels (migration 0014), read once per database. */
function peerLabelSecret(db: Db): Promise<string> {
  if (cachedSecret?.db !== db) {
    cachedSecret = { db, secret: db.selectFrom('installation_secret').select('secret').where('name', '=', 'peer_labels').executeTakeFirstOrThrow().then((r) => r.secret) };
  }
  return cachedSecret.secret;
}

async function resolveScope(db: Db, actor: Actor, query: PeerQuery): Promise<Scope> {
  const ownPractice = actor.role === 'practice' ? actor.practiceCode : null;
  let commissionerCode: string;
  if (ownPractice) {
    const own = await db.selectFrom('practice').select('commissioner_code').where('code', '=', ownPractice).executeTakeFirst();
    if (!own) throw notFound(`Practice ${ownPractice}`);
    commissionerCode = own.commissioner_code;
  } else {
    commissionerCode = (await resolveCommissioner(db)).code;
  }
  const practices = await commissionerPractices(db, commissionerCode);
  let peers = practices;
  if (query.group !== undefined) {
    const group = await db.selectFrom('org_group').select('code').where('code', '=', query.group).where('commissioner_code', '=', commissionerCode).executeTakeFirst();
    if (!group) throw new HttpError(404, 'not_found', `The group ${query.group} was not found.`, [{ field: 'querystring.group', message: 'is not a group of the commissioner' }]);
    peers = practices.filter((p) => p.groupCode === query.group);
  } else if (query.grouping !== undefined) {
    const members = new Set(await practicesInGrouping(db, query.grouping, actor));
    peers = practices.filter((p) => members.has(p.code));
  }
  let highlight = ownPractice;
  if (!ownPractice && query.highlight) {
    if (!practices.some((p) => p.code === query.highlight)) {
      throw new HttpError(404, 'not_found', `The practice ${query.highlight} was not found.`, [{ field: 'querystring.highlight', message: 'is not a practice of the commissioner' }]);
    }
    highlight = query.highlight;
  }
  const labels = ownPractice ? peerLabels(practices.map((p) => p.code), await peerLabelSecret(db)) : new Map<string, string>();
  return { commissionerCode, practices, peers, highlight, ownPractice, labels };
}

/** How a practice is named to this viewer. */
function identify(scope: Scope, practice: PracticeRef) {
  const named = !scope.ownPractice || practice.code === scope.ownPractice;
  return named
    ? { key: practice.code, label: `${practice.name} (${practice.code})`, practiceCode: practice.code as string | null, practiceName: practice.name as string | null, groupCode: practice.groupCode as string | null }
    : { key: scope.labels.get(practice.code)!, label: scope.labels.get(practice.code)!, practiceCode: null, practiceName: null, groupCode: null };
}

// ── Counts for a measure ────────────────────────────────────────────────────────────────────────

interface Gathered {
  measure: MeasureDefinition;
  months: string[];
  practices: PracticeRef[];
  population: MonthlyPopulation;
  numerator: EventsByMonth;
  denominator: EventsByMonth | null;
  weighted: WeightedLists | null;
}

async function gather(db: Db, measure: MeasureDefinition, commissionerCode: string, practices: PracticeRef[], months: string[], tfc: string | null): Promise<Gathered> {
  const countQuery = { commissionerCode, months, tfc };
  const population = await monthlyPopulation(db, commissionerCode, months);
  const periods = [...new Set([...population.periodOf.values()].filter((p): p is string => p !== null))];
  const needsWeights = measure.denominator.kind === 'weighted_patients' || (measure.standardisation === 'indirect_age_sex' && measure.numerator.events !== 'referrals');
  const [numerator, denominator, weighted] = await Promise.all([
    countEvents(db, measure.numerator, countQuery),
    measure.denominator.kind === 'events' ? countEvents(db, measure.denominator, countQuery) : Promise.resolve(null),
    needsWeights && periods.length ? weightedLists(db, commissionerCode, periods, serviceLineOf(measure.numerator)) : Promise.resolve(null),
  ]);
  if (measure.denominator.kind === 'weighted_patients' && !weighted) {
    throw new HttpError(422, 'no_weights', `${measure.name} is per weighted patients, but there are no capitation weights for ${serviceLineOf(measure.numerator)}: import weights.csv first.`);
  }
  return { measure, months, practices, population, numerator, denominator, weighted };
}

/** Each practice's counts over some of the gathered months: lists averaged, events added up. */
function countsOver(g: Gathered, months: readonly string[]): PracticeCounts[] {
  return g.practices.map((practice) => {
    const lists: PopulationCell[][] = [];
    let weighted = 0;
    let events = 0;
    let denominatorEvents = 0;
    const bands = [];
    for (const month of months) {
      const period = g.population.periodOf.get(month) ?? null;
      lists.push(period ? g.population.lists.get(period)?.get(practice.code) ?? [] : []);
      if (period && g.weighted) weighted += g.weighted.byPeriod.get(period)?.get(practice.code) ?? 0;
      const counted = g.numerator.get(month)?.get(practice.code);
      if (counted) {
        events += counted.total;
        bands.push(...counted.bands);
      }
      denominatorEvents += g.denominator?.get(month)?.get(practice.code)?.total ?? 0;
    }
    return {
      practiceCode: practice.code, population: averagePopulation(lists),
      weightedPatients: g.weighted ? weighted / months.length : null,
      events, eventBands: bands, denominatorEvents: g.denominator ? denominatorEvents : null,
    };
  });
}

const assess = (g: Gathered, months: readonly string[]): Assessment => assessPractices(g.measure, countsOver(g, months), g.weighted?.weights ?? null);

// ── Periods ─────────────────────────────────────────────────────────────────────────────────────

/** The last whole month ('YYYY-MM'). */
export function lastWholeMonth(today = new Date()): string {
  const y = today.getUTCFullYear();
  const m = today.getUTCMonth(); // 0-based: the previous month's number, 1-based
  return m === 0 ? `${y - 1}-12` : `${y}-${String(m).padStart(2, '0')}`;
}

function periodOf(from: string | undefined, to: string | undefined, defaultMonths: number): string[] {
  const end = to ?? lastWholeMonth();
  const start = from ?? monthsBefore(end, defaultMonths - 1);
  if (start > end) throw new HttpError(400, 'invalid_request', 'The period must start before it ends.', [{ field: 'querystring.from', message: `must be on or before ${end}` }]);
  const months = monthStarts(start, end);
  if (months.length > 60) throw new HttpError(400, 'invalid_request', 'The period can be at most 60 months.', [{ field: 'querystring.from', message: 'is more than 60 months before the end' }]);
  return months;
}

const labelOfMonth = (month: string) => {
  const { year, month: m } = financialMonthOf(month);
  return monthLabel(year, m);
};

const measureSummary = (m: StoredMeasure) => ({
  code: m.code, version: m.version, name: m.name, direction: m.direction, rationale: m.rationale, validFrom: m.validFrom,
  standardisation: m.standardisation, per: m.denominator.kind === 'events' ? 1 : m.denominator.per,
});

// ── Comparison ──────────────────────────────────────────────────────────────────────────────────

export interface ComparisonQuery extends PeerQuery { measure: string; from?: string; to?: string; tfc?: string }

export interface ComparisonRow {
  key: string;
  label: string;
  practiceCode: string | null;
  practiceName: string | null;
  groupCode: string | null;
  highlighted: boolean;
  /** counts and lists: null for other practices when a practice user asks */
  observed: number | null;
  patients: number | null;
  weightedPatients: number | null;
  denominatorEvents: number | null;
  expected: number;
  crudeRate: number | null;
  crudeLower: number | null;
  crudeUpper: number | null;
  ratio: number | null;
  ratioLower: number | null;
  ratioUpper: number | null;
  rate: number | null;
  rateLower: number | null;
  rateUpper: number | null;
  intervalMethod: string | null;
  reason: string | null;
  position: FunnelPosition;
  positionWords: string;
  decile: number | null;
  x: number;
  y: number | null;
}

export interface Comparison {
  measure: ReturnType<typeof measureSummary>;
  period: { from: string; to: string; months: number };
  filters: { tfc: string | null; group: string | null; grouping: number | null };
  method: string;
  reference: { events: number; patients: number; rate: number | null; unplacedEvents: number };
  chart: { scale: 'ratio' | 'rate'; xLabel: string; yLabel: string; target: number | null; curve: CurvePoint[] };
  deciles: DecileCut[] | null;
  highlight: string | null;
  practiceView: boolean;
  practices: ComparisonRow[];
}

function rowOf(scope: Scope, practice: PracticeRef, a: PracticeAssessment, cuts: DecileCut[] | null): ComparisonRow {
  const who = identify(scope, practice);
  const hidden = who.practiceCode === null;
  return {
    ...who, highlighted: practice.code === scope.highlight,
    observed: hidden ? null : a.observed, patients: hidden ? null : a.patients,
    weightedPatients: hidden ? null : a.weightedPatients, denominatorEvents: hidden ? null : a.denominatorEvents,
    expected: a.expected, crudeRate: a.crudeRate, crudeLower: a.crudeLower, crudeUpper: a.crudeUpper,
    ratio: a.ratio, ratioLower: a.ratioLower, ratioUpper: a.ratioUpper, rate: a.rate, rateLower: a.rateLower, rateUpper: a.rateUpper,
    intervalMethod: a.intervalMethod, reason: a.reason, position: a.position, positionWords: positionWords(a.position),
    decile: decileOf(a.rate, cuts), x: a.x, y: a.y,
  };
}

function axisLabels(measure: MeasureDefinition, scale: 'ratio' | 'rate', per: number) {
  if (scale === 'ratio') return { xLabel: 'Expected events', yLabel: 'Standardised ratio (observed ÷ expected)' };
  const d = measure.denominator;
  return d.kind === 'events'
    ? { xLabel: `Denominator (${d.events.replace(/_/g, ' ')})`, yLabel: `${measure.name}` }
    : { xLabel: d.kind === 'weighted_patients' ? 'Weighted list size' : 'List size (registered patients)', yLabel: `Rate per ${per.toLocaleString('en-GB')}` };
}

export async function comparison(db: Db, actor: Actor, query: ComparisonQuery): Promise<Comparison> {
  const months = periodOf(query.from, query.to, 12);
  const measure = await measureFor(db, query.measure, months.at(-1)!);
  const scope = await resolveScope(db, actor, query);
  const g = await gather(db, measure, scope.commissionerCode, scope.practices, months, query.tfc ?? null);
  const assessment = assess(g, months);
  const byCode = new Map(assessment.practices.map((a) => [a.practiceCode, a]));
  const shown = scope.peers.map((p) => byCode.get(p.code)!);
  const cuts = deciles(shown.map((a) => a.rate));
  const rows = scope.peers.map((p) => rowOf(scope, p, byCode.get(p.code)!, cuts));
  // Labels are in a keyed-hash order; for everyone else, the code order is kept.
  if (scope.ownPractice) rows.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const highlighted = rows.find((r) => r.highlighted);
  return {
    measure: measureSummary(measure),
    period: { from: months[0]!.slice(0, 7), to: months.at(-1)!.slice(0, 7), months: months.length },
    filters: { tfc: query.tfc ?? null, group: query.group ?? null, grouping: query.grouping ?? null },
    method: methodText(measure, assessment),
    reference: {
      events: assessment.reference.events, patients: assessment.reference.patients,
      rate: assessment.reference.crudeRate === null ? null : assessment.reference.crudeRate * assessment.per, unplacedEvents: assessment.reference.unplaced,
    },
    chart: { scale: assessment.scale, ...axisLabels(measure, assessment.scale, assessment.per), target: assessment.target, curve: funnelCurve(assessment, shown) },
    deciles: cuts,
    highlight: highlighted?.key ?? null,
    practiceView: scope.ownPractice !== null,
    practices: rows,
  };
}

// ── Trend ───────────────────────────────────────────────────────────────────────────────────────

export interface TrendQuery extends PeerQuery { measure: string; practice: string; months: number; to?: string; tfc?: string }

export interface TrendMonth {
  month: string;
  label: string;
  observed: number;
  expected: number;
  rate: number | null;
  rateLower: number | null;
  rateUpper: number | null;
  peerMedian: number | null;
  peerP10: number | null;
  peerP90: number | null;
  peers: number;
}

export async function trend(db: Db, actor: Actor, query: TrendQuery) {
  const months = periodOf(undefined, query.to, query.months).slice(-query.months);
  const measure = await measureFor(db, query.measure, months.at(-1)!);
  const scope = await resolveScope(db, actor, { ...query, highlight: query.practice });
  const practice = scope.practices.find((p) => p.code === query.practice);
  if (!practice) throw new HttpError(404, 'not_found', `The practice ${query.practice} was not found.`, [{ field: 'querystring.practice', message: 'is not a practice of the commissioner' }]);
  const g = await gather(db, measure, scope.commissionerCode, scope.practices, months, query.tfc ?? null);
  const peerCodes = new Set(scope.peers.map((p) => p.code));
  const series: TrendMonth[] = months.map((month) => {
    const assessment = assess(g, [month]);
    const own = assessment.practices.find((a) => a.practiceCode === practice.code)!;
    const spread = peerSpread(assessment.practices.filter((a) => peerCodes.has(a.practiceCode)).map((a) => a.rate));
    return {
      month: month.slice(0, 7), label: labelOfMonth(month), observed: own.observed, expected: own.expected,
      rate: own.rate, rateLower: own.rateLower, rateUpper: own.rateUpper,
      peerMedian: spread.median, peerP10: spread.p10, peerP90: spread.p90, peers: spread.practices,
    };
  });
  const overall = assess(g, months);
  return {
    measure: measureSummary(measure),
    practice: identify(scope, practice),
    period: { from: months[0]!.slice(0, 7), to: months.at(-1)!.slice(0, 7), months: months.length },
    method: `${methodText(measure, overall)} Each month is worked out on its own; the peers’ band is their 10th to 90th percentile (nearest rank).`,
    months: series,
  };
}

// ── Alerts ──────────────────────────────────────────────────────────────────────────────────────

export interface AlertsQuery extends PeerQuery { measure?: string; months: number; to?: string }

export interface AlertRow {
  key: string;
  label: string;
  practiceCode: string | null;
  practiceName: string | null;
  measureCode: string;
  measureName: string;
  direction: string;
  /** the latest month with a signal (or a suppressed one), its kind and words */
  month: string;
  monthLabel: string;
  signal: 'increase' | 'decrease' | null;
  suppressed: boolean;
  judgement: string | null;
  message: string;
  observed: number;
  expected: number;
  signals: number;
  months: (CusumMonth & { label: string })[];
}

export async function alerts(db: Db, actor: Actor, query: AlertsQuery) {
  const months = periodOf(undefined, query.to, query.months).slice(-query.months);
  const onDate = months.at(-1)!;
  const measures = query.measure ? [await measureFor(db, query.measure, onDate)] : measuresInForce(await loadMeasures(db), onDate);
  const scope = await resolveScope(db, actor, query);
  const watched = scope.ownPractice ? scope.peers.filter((p) => p.code === scope.ownPractice) : scope.peers;
  const rows: AlertRow[] = [];
  for (const measure of measures) {
    const g = await gather(db, measure, scope.commissionerCode, scope.practices, months, null);
    const monthly = months.map((month) => new Map(assess(g, [month]).practices.map((a) => [a.practiceCode, a])));
    for (const practice of watched) {
      const series = cusum(months.map((month, i) => {
        const a = monthly[i]!.get(practice.code)!;
        return { period: month.slice(0, 7), observed: a.observed, expected: a.expected };
      }), measure);
      const flagged = series.filter((m) => m.signal !== null || m.suppressed);
      const latest = flagged.at(-1);
      if (!latest) continue;
      const who = identify(scope, practice);
      const words = latest.message ?? `${measure.name}: a change reached the alert level in ${labelOfMonth(`${latest.period}-01`)}, but the numbers are too small to judge (fewer than ${CUSUM_DEFAULTS.smallNumber} events observed or expected), so no alert is raised.`;
      rows.push({
        key: who.key, label: who.label, practiceCode: who.practiceCode, practiceName: who.practiceName,
        measureCode: measure.code, measureName: measure.name, direction: measure.direction,
        month: latest.period, monthLabel: labelOfMonth(`${latest.period}-01`), signal: latest.signal, suppressed: latest.suppressed,
        judgement: latest.judgement, message: words, observed: latest.observed, expected: latest.expected,
        signals: series.filter((m) => m.signal !== null).length,
        months: series.map((m) => ({ ...m, label: labelOfMonth(`${m.period}-01`) })),
      });
    }
  }
  // Raised alerts first, then suppressed ones; latest first within each.
  rows.sort((a, b) => Number(a.suppressed) - Number(b.suppressed) || (a.month < b.month ? 1 : a.month > b.month ? -1 : 0) || a.key.localeCompare(b.key));
  return {
    measures: measures.map(measureSummary),
    period: { from: months[0]!.slice(0, 7), to: months.at(-1)!.slice(0, 7), months: months.length },
    method: `Poisson CUSUM of each practice’s observed against expected events month by month (expected as on the comparison page), for a ${Math.round((CUSUM_DEFAULTS.increaseRatio - 1) * 100)}% rise or fall; `
      + `a signal when the evidence passes h = ${CUSUM_DEFAULTS.h} (100 to 1 for a change), then the sum starts again. Small numbers are suppressed: no alert in a month with fewer than ${CUSUM_DEFAULTS.smallNumber} events observed or expected.`,
    smallNumber: CUSUM_DEFAULTS.smallNumber,
    practiceView: scope.ownPractice !== null,
    alerts: rows,
  };
}
