/**
 * Fair shares API (FIN-1): what fair shares can be worked out from (service lines with weights,
 * population periods), every practice's fair share of a service line's total with group subtotals
 * and the commissioner's total, and one practice's arithmetic band by band. Tables also download
 * as CSV or XLSX (`?format=csv|xlsx`). Needs budget.view.
 *
 * Numbers: money in integer pence; populations whole; the exact fractions (weighted population,
 * share, scaling factor, exact share of the total) as decimal strings rounded half away from zero
 * (weighted population to 6 places, share to 10, scaling factor to 9, exact pence to 4) and, in
 * the arithmetic, as exact fractions too ("2/3"). Subtotals and totals are sums of the practices'
 * exact figures, so the pence always add up; a rounded decimal may differ from the sum of the
 * rounded decimals above it in its last place.
 *
 * A practice user sees its own practice's row and arithmetic, the other practices only as one
 * "all other practices" sum, and the commissioner's total; no group subtotals (a small group's
 * subtotal would show its other practices). Another practice's arithmetic answers 404 (audited as
 * denied), as for any other practice's record. Nothing here is patient data: not audited.
 */
import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Db } from '../../db/database.js';
import { practiceScope } from '../../domain/access/can.js';
import { parseFinancialYear } from '../../domain/activity/financial-year.js';
import { formatPence } from '../../domain/activity/money.js';
import { decimalString, fractionString, ROUNDING_RULE } from '../../domain/budgets/capitation.js';
import { SERVICE_LINE_PATTERN } from '../../domain/budgets/weights.js';
import { parseIsoDate } from '../../domain/org/iso-date.js';
import { authorise } from '../auth/context.js';
import { notFound } from '../http/errors.js';
import { EXPORT_FORMATS, sendTable, type ExportColumn, type ExportFormat } from '../http/exports.js';
import { ErrorBody } from '../http/schemas.js';
import {
  EXACT_PENCE_PLACES, listServiceLines, loadFairShares, populationPeriods, resolveCommissioner, SCALE_PLACES, SHARE_PLACES, sumPractices,
  WEIGHTED_PLACES, type FairSharePractice, type FairSharesReport, type FairShareSum,
} from './capitation.js';


// ---------------------------------------------------------------------------------------------
// Query strings

const Query = z.object({
  serviceLine: z.string().trim().regex(SERVICE_LINE_PATTERN, 'must be a service line such as elective or non_elective'),
  total: z.coerce.number({ error: 'must be the total in pence, like 125000000 for £1,250,000' })
    .int('must be a whole number of pence').min(0, 'must not be negative').max(Number.MAX_SAFE_INTEGER, 'is too large')
    .describe('the service line’s budget to share, in whole pence'),
  period: z.string().trim().refine((p) => parseIsoDate(p).ok, 'must be a population period written YYYY-MM-DD').optional()
    .describe('the registered-population extract to use (ISO date); default: the latest before the end of `year`, or the latest'),
  year: z.string().trim().refine((y) => parseFinancialYear(y).ok, 'must be a financial year written like 2025/26').optional()
    .describe('financial year, e.g. 2025/26: chooses the default period'),
  commissioner: z.string().trim().regex(/^[A-Z0-9]{3,5}$/i, 'must be a commissioner ODS code, like QM7').optional()
    .describe('default: the only commissioner with practices (a practice user: its own)'),
  format: z.enum(EXPORT_FORMATS).optional().describe('csv or xlsx: the table as a file to download; JSON without'),
});
type FairSharesQueryString = z.infer<typeof Query>;

// ---------------------------------------------------------------------------------------------
// Response shapes

const Pence = z.number().int().describe('integer pence');
const Decimal = (what: string) => z.string().describe(what);
const Sum = z.object({
  practices: z.number().int(),
  rawPopulation: z.number().int(),
  weightedPopulation: Decimal(`${WEIGHTED_PLACES} decimal places`),
  share: Decimal(`of the commissioner’s weighted population, ${SHARE_PLACES} decimal places`),
  fairSharePence: Pence,
});
const PracticeRow = z.object({
  practiceCode: z.string(), practiceName: z.string(), groupCode: z.string(), groupName: z.string(),
  rawPopulation: z.number().int(),
  weightedPopulation: Decimal(`Σ patients × weight × the scaling factor, ${WEIGHTED_PLACES} decimal places`),
  share: Decimal(`weighted population ÷ the commissioner’s, ${SHARE_PLACES} decimal places`),
  fairSharePence: Pence,
  extraPenny: z.boolean().describe('received one of the pence left over after rounding down (largest remainder)'),
});
const Heading = {
  serviceLine: z.string(), serviceLineLabel: z.string(), period: z.string(),
  commissioner: z.object({ code: z.string(), name: z.string() }), totalPence: Pence,
  weights: z.object({ importedAt: z.string().nullable(), fileName: z.string().nullable() }),
  rounding: z.string().describe('how the fair shares are rounded to pence and where the last penny goes'),
};
const FairShares = z.object({
  ...Heading,
  scale: Decimal(`raw population ÷ Σ patients × weight, ${SCALE_PLACES} decimal places`),
  leftoverPence: z.number().int(),
  practices: z.array(PracticeRow).describe('a practice user: its own practice only'),
  groups: z.array(Sum.extend({ groupCode: z.string(), groupName: z.string() })).describe('subtotals; none for a practice user'),
  otherPractices: Sum.nullable().describe('a practice user: every other practice as one sum; null otherwise'),
  total: Sum,
  withoutPopulation: z.array(z.string()).describe('practices with no population at the period (no share)'),
});
const Band = z.object({
  sex: z.enum(['M', 'F']), ageBand: z.string(), patients: z.number().int(),
  weight: z.string().nullable().describe('exact; null where the band has no weight (allowed only with no patients)'),
  weighted: z.string().describe('patients × weight, exact'),
});
const Arithmetic = z.object({
  ...Heading,
  practice: z.object({ code: z.string(), name: z.string(), groupCode: z.string(), groupName: z.string() }),
  bands: z.array(Band),
  rawPopulation: z.number().int(),
  unscaledWeighted: Decimal('Σ patients × weight, exact'),
  commissionerTotals: z.object({ practices: z.number().int(), rawPopulation: z.number().int(), unscaledWeighted: Decimal('exact') }),
  scale: Decimal(`${SCALE_PLACES} decimal places`), scaleFraction: Decimal('exact fraction'),
  weightedPopulation: Decimal(`${WEIGHTED_PLACES} decimal places`), weightedPopulationFraction: Decimal('exact fraction'),
  share: Decimal(`${SHARE_PLACES} decimal places`), shareFraction: Decimal('exact fraction'),
  exactPence: Decimal(`the total × share before rounding, ${EXACT_PENCE_PLACES} decimal places`),
  fairSharePence: Pence,
  extraPenny: z.boolean(),
  leftoverPence: z.number().int().describe('pence placed by largest remainder across all practices'),
});
const ServiceLine = z.object({ serviceLine: z.string(), label: z.string(), bands: z.number().int(), importedAt: z.string().nullable(), fileName: z.string().nullable() });
const Options = z.object({ serviceLines: z.array(ServiceLine), periods: z.array(z.string()).describe('population periods, latest first') });

// ---------------------------------------------------------------------------------------------
// JSON

const sumJson = (s: FairShareSum) => ({
  practices: s.practices, rawPopulation: s.rawPopulation, weightedPopulation: decimalString(s.weightedPopulation, WEIGHTED_PLACES),
  share: decimalString(s.share, SHARE_PLACES), fairSharePence: s.fairSharePence,
});

const practiceJson = (r: FairSharePractice) => ({
  practiceCode: r.practiceCode, practiceName: r.practiceName, groupCode: r.groupCode, groupName: r.groupName, rawPopulation: r.rawPopulation,
  weightedPopulation: decimalString(r.weightedPopulation, WEIGHTED_PLACES), share: decimalString(r.share, SHARE_PLACES),
  fairSharePence: r.fairSharePence, extraPenny: r.extraPenny,
});

const heading = (report: FairSharesReport) => ({
  serviceLine: report.serviceLine, serviceLineLabel: report.serviceLineLabel, period: report.period, commissioner: report.commissioner,
  totalPence: report.totalPence, weights: report.weights, rounding: ROUNDING_RULE,
});

/** What a caller may see of the report: a practice user its own row, the rest as one sum. */
export function fairSharesJson(report: FairSharesReport, scope: string | null) {
  const own = scope === null ? report.practices : report.practices.filter((p) => p.practiceCode === scope);
  return {
    ...heading(report),
    scale: decimalString(report.result.scale, SCALE_PLACES),
    leftoverPence: report.result.leftoverPence,
    practices: own.map(practiceJson),
    groups: scope === null ? report.groups.map((g) => ({ groupCode: g.groupCode, groupName: g.groupName, ...sumJson(g) })) : [],
    otherPractices: scope === null ? null : sumJson(sumPractices(report.practices.filter((p) => p.practiceCode !== scope))),
    total: sumJson(report.total),
    withoutPopulation: scope === null ? report.withoutPopulation : report.withoutPopulation.filter((c) => c === scope),
  };
}

export function arithmeticJson(report: FairSharesReport, practiceCode: string) {
  const row = report.practices.find((p) => p.practiceCode === practiceCode);
  if (!row) throw notFound(`Practice ${practiceCode}`);
  const { result } = report;
  return {
    ...heading(report),
    practice: { code: row.practiceCode, name: row.practiceName, groupCode: row.groupCode, groupName: row.groupName },
    bands: result.bandsOf(row.practiceCode).map((b) => ({ sex: b.sex, ageBand: b.ageBand, patients: b.patients, weight: b.weight, weighted: b.weighted })),
    rawPopulation: row.rawPopulation,
    unscaledWeighted: row.unscaledWeighted,
    commissionerTotals: { practices: result.totals.practices, rawPopulation: result.totals.rawPopulation, unscaledWeighted: result.totals.unscaledWeighted },
    scale: decimalString(result.scale, SCALE_PLACES), scaleFraction: fractionString(result.scale),
    weightedPopulation: decimalString(row.weightedPopulation, WEIGHTED_PLACES), weightedPopulationFraction: fractionString(row.weightedPopulation),
    share: decimalString(row.share, SHARE_PLACES), shareFraction: fractionString(row.share),
    exactPence: decimalString(row.exactPence, EXACT_PENCE_PLACES),
    fairSharePence: row.fairSharePence,
    extraPenny: row.extraPenny,
    leftoverPence: result.leftoverPence,
  };
}

const queryOf = (q: FairSharesQueryString, commissioner?: string) => ({
  serviceLine: q.serviceLine, totalPence: q.total, period: q.period, year: q.year, commissioner: commissioner ?? q.commissioner?.toUpperCase(),
});

// ---------------------------------------------------------------------------------------------

export const capitationRoutes = ({ db }: { db: Db }): FastifyPluginAsyncZod => async (app) => {
  /** A practice user's commissioner is its practice's. */
  async function commissionerFor(scope: string | null): Promise<string | undefined> {
    if (scope === null) return undefined;
    const practice = await db.selectFrom('practice').select('commissioner_code').where('code', '=', scope).executeTakeFirst();
    return practice?.commissioner_code;
  }

  app.get('/api/budgets/capitation', {
    schema: {
      tags: ['budgets'],
      summary: 'What fair shares can be worked out from: the service lines with weights and the population periods',
      querystring: z.object({ commissioner: Query.shape.commissioner }),
      response: { 200: Options, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 422: ErrorBody },
    },
  }, async (request) => {
    const user = await authorise(db, request, 'budget.view', { type: 'fair_shares' });
    const scoped = await commissionerFor(practiceScope(user));
    const code = scoped ?? request.query.commissioner?.toUpperCase();
    const [serviceLines, periods] = await Promise.all([listServiceLines(db), code ? populationPeriods(db, (await resolveCommissioner(db, code)).code) : populationPeriods(db)]);
    return { serviceLines, periods };
  });

  app.get('/api/budgets/fair-shares', {
    schema: {
      tags: ['budgets'],
      summary: 'Fair shares of a service line’s total: every practice’s raw and weighted population, share and fair share, with group subtotals and the total',
      description: 'FORMATS.md: weighted population = Σ patients × weight, scaled so that the commissioner’s weighted population equals its raw population; '
        + `fair share = total × weighted population ÷ the commissioner’s. ${ROUNDING_RULE} A practice user sees its own practice and the others as one sum.`,
      querystring: Query,
      response: { 200: FairShares, 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 422: ErrorBody },
    },
  }, async (request, reply) => {
    const user = await authorise(db, request, 'budget.view', { type: 'fair_shares' });
    const scope = practiceScope(user);
    const report = await loadFairShares(db, queryOf(request.query, await commissionerFor(scope)));
    const json = fairSharesJson(report, scope);
    if (!request.query.format) return json;
    return sendFairShares(reply, request.query.format, report, json);
  });

  app.get('/api/budgets/fair-shares/:practiceCode', {
    schema: {
      tags: ['budgets'],
      summary: 'One practice’s fair share worked out band by band: patients × weight, the scaling factor, share and fair share',
      params: z.object({ practiceCode: z.string().trim().regex(/^[A-Za-z][0-9]{5}$/, 'must be a practice code, like E82001') }),
      querystring: Query,
      response: { 200: Arithmetic, 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 422: ErrorBody },
    },
  }, async (request, reply) => {
    const code = request.params.practiceCode.toUpperCase();
    const user = await authorise(db, request, 'budget.view', { type: 'practice', id: code, practiceCode: code });
    const report = await loadFairShares(db, queryOf(request.query, await commissionerFor(practiceScope(user))));
    const json = arithmeticJson(report, code);
    if (!request.query.format) return json;
    return sendArithmetic(reply, request.query.format, json);
  });
};

// ---------------------------------------------------------------------------------------------
// Downloads

const produced = () => `Produced ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC by Commissioning Hub`;

interface TableRow { group: string; code: string; name: string; raw: number; weighted: string; share: string; pence: number }
type SumFigures = { rawPopulation: number; weightedPopulation: string; share: string; fairSharePence: number };

function sendFairShares(reply: FastifyReply, format: ExportFormat, report: FairSharesReport, json: ReturnType<typeof fairSharesJson>) {
  const rows: TableRow[] = [];
  const fromSum = (group: string, code: string, name: string, s: SumFigures): TableRow =>
    ({ group, code, name, raw: s.rawPopulation, weighted: s.weightedPopulation, share: s.share, pence: s.fairSharePence });
  if (json.otherPractices) {
    for (const p of json.practices) rows.push(fromSum(p.groupName, p.practiceCode, p.practiceName, p));
    rows.push(fromSum('', `All other practices (${json.otherPractices.practices})`, '', json.otherPractices));
  } else {
    for (const g of json.groups) {
      for (const p of json.practices.filter((x) => x.groupCode === g.groupCode)) rows.push(fromSum(g.groupName, p.practiceCode, p.practiceName, p));
      rows.push(fromSum(g.groupName, `Subtotal ${g.groupCode}`, `${g.groupName} (${g.practices} practices)`, g));
    }
  }
  rows.push(fromSum('', 'Total', `${report.commissioner.name} (${json.total.practices} practices)`, json.total));
  const columns: ExportColumn<TableRow>[] = [
    { header: 'Group', width: 24, value: (r) => r.group },
    { header: 'Practice code', width: 16, value: (r) => r.code },
    { header: 'Practice', width: 30, value: (r) => r.name },
    { header: 'Raw population', kind: 'integer', value: (r) => r.raw },
    { header: 'Weighted population', kind: 'decimal', value: (r) => Number(r.weighted) },
    { header: 'Share', kind: 'decimal', value: (r) => Number(r.share) },
    { header: 'Fair share (£)', kind: 'pence', value: (r) => r.pence },
  ];
  return sendTable(reply, format, {
    fileName: `fair-shares-${report.serviceLine}-${report.period}`,
    sheetName: 'Fair shares',
    title: [
      `Fair shares of ${report.serviceLineLabel} (${report.serviceLine}), total ${formatPence(report.totalPence)}, population at ${report.period}, ${report.commissioner.name}`,
      `Weighted population = Σ patients × weight × ${json.scale} (so the commissioner’s weighted population equals its raw population); fair share = total × weighted population ÷ the commissioner’s.`,
      ROUNDING_RULE,
      produced(),
    ],
    columns,
    rows,
  });
}

function sendArithmetic(reply: FastifyReply, format: ExportFormat, a: ReturnType<typeof arithmeticJson>) {
  type Row = { sex: string; ageBand: string; patients: number; weight: string | null; weighted: string };
  const columns: ExportColumn<Row>[] = [
    { header: 'Sex', value: (r) => r.sex },
    { header: 'Age band', value: (r) => r.ageBand },
    { header: 'Patients', kind: 'integer', value: (r) => r.patients },
    { header: 'Weight', kind: 'decimal', value: (r) => (r.weight === null ? null : Number(r.weight)) },
    { header: 'Patients × weight', kind: 'decimal', value: (r) => Number(r.weighted) },
  ];
  return sendTable(reply, format, {
    fileName: `fair-share-${a.practice.code}-${a.serviceLine}-${a.period}`,
    sheetName: a.practice.code,
    title: [
      `${a.practice.name} (${a.practice.code}): fair share of ${a.serviceLineLabel}, total ${formatPence(a.totalPence)}, population at ${a.period}`,
      `Raw population ${a.rawPopulation}; Σ patients × weight ${a.unscaledWeighted}; the commissioner’s ${a.commissionerTotals.rawPopulation} and ${a.commissionerTotals.unscaledWeighted}.`,
      `Scaling factor ${a.scale} (= ${a.scaleFraction}); weighted population ${a.weightedPopulation}; share ${a.share}; exact fair share ${a.exactPence}p; fair share ${formatPence(a.fairSharePence)}${a.extraPenny ? ' (including one leftover penny)' : ''}.`,
      ROUNDING_RULE,
      produced(),
    ],
    columns,
    rows: [...a.bands, { sex: 'Total', ageBand: '', patients: a.rawPopulation, weight: null, weighted: a.unscaledWeighted }],
  });
}
