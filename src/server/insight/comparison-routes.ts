/**
 * Insight's comparison API (issue 7 §1-2, §8-9): a measure for every practice with its funnel,
 * one practice's trend against its peers, and CUSUM change alerts; each as JSON, CSV or XLSX.
 * insight.view; a practice user sees other practices only as labels and rates.
 */
import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Db } from '../../db/database.js';
import { authorise } from '../auth/context.js';
import { sendTable, type ExportColumn } from '../http/exports.js';
import { ErrorBody } from '../http/schemas.js';
import { alerts, comparison, trend, type AlertRow, type ComparisonRow, type TrendMonth } from './comparison.js';

const Month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'must be a month written like 2025-04');
const MeasureCode = z.string().regex(/^[a-z][a-z0-9_]{1,63}$/, 'must be a measure code like referrals_per_1000');
const Format = z.enum(['json', 'csv', 'xlsx']).default('json');
const Peers = {
  group: z.string().trim().min(1).max(20).optional().describe('a group (locality, federation…) of practices as the peer set'),
  grouping: z.coerce.number().int().positive().optional().describe('a user-defined grouping of practices as the peer set'),
};
const Tfc = z.string().regex(/^\d{3}$/, 'must be a 3-digit treatment function code').optional();
const n = z.number().nullable();

const MeasureSummary = z.object({
  code: z.string(), version: z.number().int(), name: z.string(), direction: z.string(), rationale: z.string(), validFrom: z.string(),
  standardisation: z.string(), per: z.number(),
});
const Period = z.object({ from: z.string(), to: z.string(), months: z.number().int() });
const Identity = {
  key: z.string().describe('the practice code, or its pseudonymous label for a practice user’s peers'),
  label: z.string(), practiceCode: z.string().nullable(), practiceName: z.string().nullable(),
};

const ComparisonSchema = z.object({
  measure: MeasureSummary,
  period: Period,
  filters: z.object({ tfc: z.string().nullable(), group: z.string().nullable(), grouping: z.number().nullable() }),
  method: z.string(),
  reference: z.object({ events: z.number(), patients: z.number(), rate: n, unplacedEvents: z.number() }),
  chart: z.object({
    scale: z.enum(['ratio', 'rate']), xLabel: z.string(), yLabel: z.string(), target: n,
    curve: z.array(z.object({ x: z.number(), lower95: z.number(), upper95: z.number(), lower998: z.number(), upper998: z.number() })),
  }),
  deciles: z.array(z.object({ percentile: z.number(), value: z.number() })).nullable(),
  highlight: z.string().nullable(),
  practiceView: z.boolean(),
  practices: z.array(z.object({
    ...Identity, groupCode: z.string().nullable(), highlighted: z.boolean(),
    observed: n, patients: n, weightedPatients: n, denominatorEvents: n, expected: z.number(),
    crudeRate: n, crudeLower: n, crudeUpper: n, ratio: n, ratioLower: n, ratioUpper: n, rate: n, rateLower: n, rateUpper: n,
    intervalMethod: z.string().nullable(), reason: z.string().nullable(), position: z.string(), positionWords: z.string(), decile: n,
    x: z.number(), y: n,
  })),
});

const TrendSchema = z.object({
  measure: MeasureSummary,
  practice: z.object(Identity),
  period: Period,
  method: z.string(),
  months: z.array(z.object({
    month: z.string(), label: z.string(), observed: z.number(), expected: z.number(), rate: n, rateLower: n, rateUpper: n,
    peerMedian: n, peerP10: n, peerP90: n, peers: z.number().int(),
  })),
});

const AlertsSchema = z.object({
  measures: z.array(MeasureSummary),
  period: Period,
  method: z.string(),
  smallNumber: z.number(),
  practiceView: z.boolean(),
  alerts: z.array(z.object({
    ...Identity, measureCode: z.string(), measureName: z.string(), direction: z.string(),
    month: z.string(), monthLabel: z.string(), signal: z.enum(['increase', 'decrease']).nullable(), suppressed: z.boolean(),
    judgement: z.string().nullable(), message: z.string(), observed: z.number(), expected: z.number(), signals: z.number().int(),
    months: z.array(z.object({
      period: z.string(), label: z.string(), observed: z.number(), expected: z.number(), upper: z.number(), lower: z.number(),
      signal: z.enum(['increase', 'decrease']).nullable(), suppressed: z.boolean(), judgement: z.string().nullable(), message: z.string().nullable(),
    })),
  })),
});

const round = (value: number | null, places: number) => (value === null ? null : Number(value.toFixed(places)));

export const comparisonRoutes = ({ db }: { db: Db }): FastifyPluginAsyncZod => async (app) => {
  app.get('/api/insight/comparison', {
    schema: {
      tags: ['insight'],
      summary: 'A measure for every practice over a period: crude and standardised rates, expected counts, funnel position and decile (JSON, CSV or XLSX)',
      description: 'The reference is the commissioner’s own rates; the peer set (group or grouping) is what is shown. `method` says how. '
        + 'A practice user sees its own practice named and others only as pseudonymous labels and rates.',
      querystring: z.object({
        measure: MeasureCode, from: Month.optional(), to: Month.optional(), tfc: Tfc, ...Peers,
        highlight: z.string().regex(/^[A-Z][0-9]{5}$/, 'must be a practice code like E82001').optional(), format: Format,
      }),
      response: { 200: ComparisonSchema, 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 422: ErrorBody },
    },
  }, async (request, reply) => {
    const user = await authorise(db, request, 'insight.view');
    const { format, ...query } = request.query;
    const result = await comparison(db, user, query);
    if (format === 'json') return result;
    const per = result.measure.per.toLocaleString('en-GB');
    const columns: ExportColumn<ComparisonRow>[] = [
      { header: 'Practice', value: (r) => r.label, width: 34 },
      { header: 'Code', value: (r) => r.practiceCode },
      { header: 'Observed', kind: 'integer', value: (r) => r.observed },
      { header: 'List size (average)', kind: 'decimal', value: (r) => round(r.patients, 1) },
      ...(result.practices.some((r) => r.weightedPatients !== null) ? [{ header: 'Weighted list', kind: 'decimal' as const, value: (r: ComparisonRow) => round(r.weightedPatients, 1) }] : []),
      ...(result.practices.some((r) => r.denominatorEvents !== null) ? [{ header: 'Denominator', kind: 'integer' as const, value: (r: ComparisonRow) => r.denominatorEvents }] : []),
      { header: 'Expected', kind: 'decimal', value: (r) => round(r.expected, 2) },
      { header: `Crude rate per ${per}`, kind: 'decimal', value: (r) => round(r.crudeRate, 3) },
      { header: 'Crude: 95% lower', kind: 'decimal', value: (r) => round(r.crudeLower, 3) },
      { header: 'Crude: 95% upper', kind: 'decimal', value: (r) => round(r.crudeUpper, 3) },
      { header: 'Standardised ratio', kind: 'decimal', value: (r) => round(r.ratio, 4) },
      { header: 'Ratio: 95% lower', kind: 'decimal', value: (r) => round(r.ratioLower, 4) },
      { header: 'Ratio: 95% upper', kind: 'decimal', value: (r) => round(r.ratioUpper, 4) },
      { header: `Standardised rate per ${per}`, kind: 'decimal', value: (r) => (r.ratio === null ? null : round(r.rate, 3)) },
      { header: 'Funnel position', value: (r) => r.positionWords, width: 50 },
      { header: 'Decile', kind: 'integer', value: (r) => r.decile },
      { header: 'No value because', value: (r) => r.reason },
    ];
    return sendTable(reply, format, {
      fileName: `${result.measure.code}-${result.period.from}-to-${result.period.to}`, sheetName: 'Comparison',
      title: [`${result.measure.name} (version ${result.measure.version}), ${result.period.from} to ${result.period.to}`, result.method],
      columns, rows: result.practices,
    });
  });

  app.get('/api/insight/trend', {
    schema: {
      tags: ['insight'],
      summary: 'One practice’s monthly rate against its peers’ median and 10th–90th percentile band (JSON, CSV or XLSX)',
      querystring: z.object({
        measure: MeasureCode, practice: z.string().regex(/^[A-Z][0-9]{5}$/, 'must be a practice code like E82001'),
        months: z.coerce.number().int().min(12, 'must be 12 to 36').max(36, 'must be 12 to 36').default(12), to: Month.optional(), tfc: Tfc, ...Peers, format: Format,
      }),
      response: { 200: TrendSchema, 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 422: ErrorBody },
    },
  }, async (request, reply) => {
    const { format, ...query } = request.query;
    // A practice asking for another practice's trend is refused as not found (and audited).
    const user = await authorise(db, request, 'insight.view', { practiceCode: query.practice, type: 'insight_trend', id: query.practice });
    const result = await trend(db, user, query);
    if (format === 'json') return result;
    const columns: ExportColumn<TrendMonth>[] = [
      { header: 'Month', value: (r) => r.label },
      { header: 'Observed', kind: 'integer', value: (r) => r.observed },
      { header: 'Expected', kind: 'decimal', value: (r) => round(r.expected, 2) },
      { header: 'Rate', kind: 'decimal', value: (r) => round(r.rate, 3) },
      { header: 'Rate: 95% lower', kind: 'decimal', value: (r) => round(r.rateLower, 3) },
      { header: 'Rate: 95% upper', kind: 'decimal', value: (r) => round(r.rateUpper, 3) },
      { header: 'Peers: median', kind: 'decimal', value: (r) => round(r.peerMedian, 3) },
      { header: 'Peers: 10th percentile', kind: 'decimal', value: (r) => round(r.peerP10, 3) },
      { header: 'Peers: 90th percentile', kind: 'decimal', value: (r) => round(r.peerP90, 3) },
      { header: 'Peers with a value', kind: 'integer', value: (r) => r.peers },
    ];
    return sendTable(reply, format, {
      fileName: `${result.measure.code}-${query.practice}-trend`, sheetName: 'Trend',
      title: [`${result.measure.name}: ${result.practice.label}, ${result.period.from} to ${result.period.to}`, result.method], columns, rows: result.months,
    });
  });

  app.get('/api/insight/alerts', {
    schema: {
      tags: ['insight'],
      summary: 'Change alerts: a Poisson CUSUM over the months for every practice, with small numbers suppressed (JSON, CSV or XLSX)',
      description: 'Without `measure`, every measure in force. Lists practices whose CUSUM signalled (or would have, but for small numbers) in the months; '
        + 'each says in plain words whether the change is good or concerning by the measure’s direction. A practice user sees its own practice.',
      querystring: z.object({
        measure: MeasureCode.optional(), months: z.coerce.number().int().min(6, 'must be 6 to 36').max(36, 'must be 6 to 36').default(24), to: Month.optional(), ...Peers, format: Format,
      }),
      response: { 200: AlertsSchema, 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 422: ErrorBody },
    },
  }, async (request, reply) => {
    const user = await authorise(db, request, 'insight.view');
    const { format, ...query } = request.query;
    const result = await alerts(db, user, query);
    if (format === 'json') return result;
    const columns: ExportColumn<AlertRow>[] = [
      { header: 'Practice', value: (r) => r.label, width: 34 },
      { header: 'Code', value: (r) => r.practiceCode },
      { header: 'Measure', value: (r) => r.measureName, width: 40 },
      { header: 'Direction', value: (r) => r.direction },
      { header: 'Month', value: (r) => r.monthLabel },
      { header: 'Change', value: (r) => r.signal ?? '' },
      { header: 'Suppressed (small numbers)', value: (r) => (r.suppressed ? 'yes' : 'no') },
      { header: 'Judgement', value: (r) => r.judgement },
      { header: 'Observed', kind: 'integer', value: (r) => r.observed },
      { header: 'Expected', kind: 'decimal', value: (r) => round(r.expected, 2) },
      { header: 'Signals in the period', kind: 'integer', value: (r) => r.signals },
      { header: 'In words', value: (r) => r.message, width: 60 },
    ];
    return sendTable(reply, format, {
      fileName: `insight-alerts-${result.period.from}-to-${result.period.to}`, sheetName: 'Alerts',
      title: [`Change alerts, ${result.period.from} to ${result.period.to}`, result.method], columns, rows: result.alerts,
    });
  });
};
