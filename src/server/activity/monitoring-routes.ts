/**
 * Activity and contract monitoring API (ACT-5): activity and cost grouped as asked, plan against
 * actual by month per provider, and the lines behind any total; every table also as CSV or XLSX
 * (`?format=csv|xlsx`). Needs activity.view. A practice user sees only its own practice's
 * activity and no contract plans (the monitoring view answers 403).
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Db } from '../../db/database.js';
import type { Pod } from '../../db/schema.js';
import { practiceScope } from '../../domain/access/can.js';
import { financialMonthOf, parseFinancialYear } from '../../domain/activity/financial-year.js';
import { PHASINGS, RAGS } from '../../domain/activity/monitoring.js';
import { PODS, POD_LABELS } from '../../domain/activity/pricing.js';
import { recordAudit } from '../audit/audit-log.js';
import { authorise } from '../auth/context.js';
import type { AuthenticatedUser } from '../auth/credentials.js';
import { HttpError } from '../http/errors.js';
import { EXPORT_FORMATS, sendTable, type ExportColumn, type ExportFormat } from '../http/exports.js';
import { ErrorBody } from '../http/schemas.js';
import {
  ACTIVITY_DIMENSIONS, activityLines, activitySummary, allActivityLines, contractMonitoring, DIMENSION_LABELS, LINES_EXPORT_LIMIT,
  NO_SPECIALTY, tfcLabel, type ActivityDimension, type ActivityFilters, type ActivityLineView, type LabelledRow,
  type MonitoringSeries,
} from './monitoring.js';

// ---------------------------------------------------------------------------------------------
// Query strings: comma-separated lists, checked by pattern (no transforms, so OpenAPI can show them)

const list = (item: string, what: string) => z.string().trim().max(2000).regex(new RegExp(`^(?:${item})(?:,(?:${item}))*$`, 'i'), what);

const FinancialYear = z.string().trim().regex(/^\d{4}\/\d{2}$/, 'a financial year written like 2025/26')
  .refine((y) => parseFinancialYear(y).ok, 'two consecutive years, like 2025/26');

const Filters = z.object({
  year: FinancialYear.optional().describe('financial year, e.g. 2025/26; default: the current one'),
  provider: list('[A-Z0-9]{3,5}', 'provider ODS codes separated by commas').optional(),
  practice: list('[A-Z][0-9]{5}', 'practice codes separated by commas, like E82001').optional(),
  group: list('[A-Za-z0-9][A-Za-z0-9 _./&-]{0,39}', 'group codes separated by commas').optional().describe('group codes; OUT_OF_AREA for practices outside the commissioner'),
  tfc: list('\\d{3}|none', 'treatment function codes separated by commas; none for lines with no specialty').optional(),
  pod: list(PODS.join('|'), `points of delivery separated by commas: ${PODS.join(', ')}`).optional(),
  month: list('[1-9]|1[0-2]', 'months 1 (April) to 12 (March) separated by commas').optional(),
});

const Format = z.enum(EXPORT_FORMATS).optional().describe('csv or xlsx: the table as a file to download (text/csv, or an XLSX workbook); JSON without');

const split = (value: string | undefined) => (value === undefined ? undefined : value.split(',').map((v) => v.trim()).filter(Boolean));

const currentYear = () => financialMonthOf(new Date().toISOString().slice(0, 10)).year;

type FilterQuery = z.infer<typeof Filters>;

function filtersOf(q: FilterQuery): ActivityFilters {
  return {
    year: q.year ?? currentYear(),
    provider: split(q.provider)?.map((c) => c.toUpperCase()),
    practice: split(q.practice)?.map((c) => c.toUpperCase()),
    group: split(q.group),
    tfc: split(q.tfc)?.map((t) => (t.toLowerCase() === 'none' ? NO_SPECIALTY : t)),
    pod: split(q.pod)?.map((p) => p.toUpperCase() as Pod),
    month: split(q.month)?.map(Number),
  };
}

/**
 * The caller's filters, narrowed to its own practice for a practice user. Asking for another
 * practice answers 404 (audited), as for any other practice's record.
 */
async function scopedFilters(db: Db, request: FastifyRequest, q: FilterQuery): Promise<{ user: AuthenticatedUser; filters: ActivityFilters }> {
  const filters = filtersOf(q);
  const user = await authorise(db, request, 'activity.view', { type: 'activity' });
  const scope = practiceScope(user);
  if (scope !== null) {
    const other = filters.practice?.find((p) => p !== scope);
    if (other) await authorise(db, request, 'activity.view', { type: 'practice', id: other, practiceCode: other });
    filters.practice = [scope];
  }
  return { user, filters };
}

/** Says which filters a table was made with, for the lines above a download. */
function describeFilters(f: ActivityFilters): string {
  const parts: string[] = [];
  const add = (label: string, values: readonly (string | number)[] | undefined) => { if (values) parts.push(`${label} ${values.join(', ')}`); };
  add('provider', f.provider);
  add('practice', f.practice);
  add('group', f.group);
  add('specialty', f.tfc?.map((t) => t || 'none'));
  add('point of delivery', f.pod);
  add('month', f.month);
  if (f.priced === false) parts.push('unpriced lines only');
  return parts.length ? `Filters: ${parts.join('; ')}` : 'All activity';
}

const produced = () => `Produced ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC by Commissioning Hub`;
const fileYear = (year: string) => year.replace('/', '-');

// ---------------------------------------------------------------------------------------------
// Response shapes

const Pence = z.number().int().describe('integer pence');
const Count = z.number().int();
const CostFields = {
  lines: Count, pricedLines: Count, unpricedLines: Count.describe('lines with no tariff price: not in costPence, never counted as zero cost'),
  costPence: Pence.describe('tariff price × MFF of the priced lines'), providerChargedPence: Pence.describe('what the provider charged, where it said'),
};
const SummaryRow = z.object({
  provider: z.string().optional(), providerName: z.string().optional(),
  practice: z.string().optional(), practiceName: z.string().optional(),
  group: z.string().optional(), groupName: z.string().optional(),
  tfc: z.string().optional().describe("'' = no specialty (A&E)"), tfcName: z.string().optional(),
  pod: z.enum(PODS).optional(), podName: z.string().optional(),
  month: z.number().int().optional().describe('1 = April'), monthLabel: z.string().optional(),
  ...CostFields,
});
const Summary = z.object({ year: z.string(), by: z.array(z.enum(ACTIVITY_DIMENSIONS)), rows: z.array(SummaryRow), total: z.object(CostFields) });

const Series = z.object({
  months: z.array(z.object({
    month: Count, label: z.string(), planPence: Pence, actualPence: Pence, planVolume: Count, actualVolume: Count, unpricedLines: Count,
  })),
  yearPlanPence: Pence, ytdPlanPence: Pence, ytdActualPence: Pence,
  variancePence: Pence.describe('year-to-date actual − plan: positive is over plan'), variancePercent: z.number().nullable(),
  rag: z.enum(RAGS).describe('green within ±2% of year-to-date plan, amber within ±5%, red beyond'),
  forecast: z.object({ straightLinePence: Pence.nullable(), seasonalPence: Pence.nullable() }),
  forecastVariance: z.object({ straightLinePence: Pence.nullable(), seasonalPence: Pence.nullable() }),
  yearPlanVolume: Count, ytdPlanVolume: Count, ytdActualVolume: Count, ytdUnpricedLines: Count,
});
const ProviderRow = Series.extend({
  providerCode: z.string(), providerName: z.string(), contractId: z.number().int().nullable(), reference: z.string().nullable(),
  phasing: z.enum(PHASINGS).nullable(), outOfAreaLines: Count, outOfAreaCostPence: Pence,
});
const LineRow = Series.extend({ kind: z.enum(['line', 'variations', 'unplanned']), pod: z.enum(PODS).nullable(), podName: z.string(), tfc: z.string(), tfcName: z.string() });
const Monitoring = z.object({
  year: z.string(), monthsElapsed: Count, period: z.string().nullable(),
  methods: z.object({ straight_line: z.string(), seasonal: z.string() }),
  rag: z.object({ greenWithinPercent: z.number(), amberWithinPercent: z.number() }),
  providers: z.array(ProviderRow), total: Series, lines: z.array(LineRow).nullable(),
});
const Line = z.object({
  providerCode: z.string(), activityId: z.string(), practiceCode: z.string(), inArea: z.boolean(), patientPseudo: z.string().describe('the installation’s keyed pseudonym, never the NHS number'),
  pod: z.enum(PODS), tfc: z.string().nullable(), hrg: z.string().nullable(), activityDate: z.string(), dischargeDate: z.string().nullable(), month: Count,
  primaryDiagnosis: z.string().nullable(), primaryProcedure: z.string().nullable(), referralSource: z.string().nullable(),
  tariffPricePence: Pence.nullable().describe('null = unpriced'), providerPricePence: Pence.nullable(), tariffBasis: z.string().nullable(),
});
const LinesPage = z.object({ page: Count, pageSize: Count, total: Count, rows: z.array(Line) });


// ---------------------------------------------------------------------------------------------

export const activityRoutes = ({ db }: { db: Db }): FastifyPluginAsyncZod => async (app) => {
  app.get('/api/activity/summary', {
    schema: {
      tags: ['activity'],
      summary: 'Activity and cost at tariff for a year, grouped and filtered as asked, with the total',
      description: `Group by any of ${ACTIVITY_DIMENSIONS.join(', ')} (comma-separated, in that order). Unpriced lines are counted beside the cost, never as zero cost. `
        + 'Practices outside the commissioner are the group OUT_OF_AREA. A practice user sees its own practice only.',
      querystring: Filters.extend({
        by: list(ACTIVITY_DIMENSIONS.join('|'), `dimensions separated by commas: ${ACTIVITY_DIMENSIONS.join(', ')}`).default('provider'),
        format: Format,
      }),
      response: { 200: Summary, 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody },
    },
  }, async (request, reply) => {
    const { filters } = await scopedFilters(db, request, request.query);
    const by = [...new Set(split(request.query.by)!.map((d) => d.toLowerCase() as ActivityDimension))];
    const summary = await activitySummary(db, filters, by);
    if (!request.query.format) return summary;
    return sendSummary(reply, request.query.format, summary, filters);
  });

  app.get('/api/activity/monitoring', {
    schema: {
      tags: ['activity'],
      summary: 'Contract monitoring: plan against actual by month per provider, year to date, forecast outturn (both methods), variance and RAG, with a total',
      description: 'Actual is the commissioner’s in-area activity at tariff; out-of-area lines are shown beside it. Months elapsed default to the latest month with activity. '
        + 'Forecasts: straight_line = year-to-date actual ÷ months elapsed × 12; seasonal = year-to-date actual ÷ the share of the contract’s phasing profile elapsed. '
        + 'With provider=, the contract line by line too. Not for practice users (403).',
      querystring: z.object({
        year: Filters.shape.year,
        provider: z.string().trim().regex(/^[A-Za-z0-9]{3,5}$/, 'one provider ODS code').optional(),
        through: z.coerce.number().int().min(0).max(12).optional().describe('months elapsed (1 = April only); default: the latest month with activity'),
        format: Format,
      }),
      response: { 200: Monitoring, 400: ErrorBody, 401: ErrorBody, 403: ErrorBody },
    },
  }, async (request, reply) => {
    // Monitoring against contract plans is the commissioner's business; a practice's own activity is on /api/activity/summary.
    await authorise(db, request, 'contract.read', { type: 'contract_monitoring' });
    const q = request.query;
    const report = await contractMonitoring(db, { year: q.year ?? currentYear(), provider: q.provider?.toUpperCase(), throughMonth: q.through });
    if (!q.format) return report;
    return sendMonitoring(reply, q.format, report);
  });

  app.get('/api/activity/lines', {
    schema: {
      tags: ['activity'],
      summary: 'The activity lines behind a total, 50 a page (patients pseudonymised; audited)',
      description: 'The same filters as the summary, plus unpriced=true for the lines with no tariff price. With format=csv or xlsx, every matching line '
        + `(up to ${LINES_EXPORT_LIMIT.toLocaleString('en-GB')}). A practice user sees its own practice only.`,
      querystring: Filters.extend({
        unpriced: z.enum(['true', 'false']).optional().describe('true: only lines with no tariff price; false: only priced lines'),
        page: z.coerce.number().int().min(1).max(1_000_000).default(1),
        format: Format,
      }),
      response: { 200: LinesPage, 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 422: ErrorBody },
    },
  }, async (request, reply) => {
    const { user, filters } = await scopedFilters(db, request, request.query);
    const q = request.query;
    if (q.unpriced) filters.priced = q.unpriced === 'false';
    if (q.format) {
      const lines = await allActivityLines(db, filters);
      if (!lines) {
        throw new HttpError(422, 'too_many_lines', `More than ${LINES_EXPORT_LIMIT.toLocaleString('en-GB')} lines match: narrow the filters (a provider, a month) to download them.`);
      }
      await recordAudit(db, { actor: user.username, action: 'activity.lines', entityType: 'activity', entityId: filters.year, details: { filters: describeFilters(filters), format: q.format, lines: lines.length } });
      return sendLines(reply, q.format, lines, filters);
    }
    const page = await activityLines(db, filters, q.page);
    await recordAudit(db, { actor: user.username, action: 'activity.lines', entityType: 'activity', entityId: filters.year, details: { filters: describeFilters(filters), page: q.page, lines: page.rows.length } });
    return page;
  });
};

// ---------------------------------------------------------------------------------------------
// Downloads

type SummaryExportRow = LabelledRow & { isTotal?: boolean };

const NAME_OF: Record<ActivityDimension, (r: SummaryExportRow) => string | undefined> = {
  provider: (r) => r.providerName, practice: (r) => r.practiceName, group: (r) => r.groupName, tfc: (r) => r.tfcName, pod: (r) => r.podName, month: (r) => r.monthLabel,
};

function sendSummary(reply: FastifyReply, format: ExportFormat, summary: Awaited<ReturnType<typeof activitySummary>>, filters: ActivityFilters) {
  const columns: ExportColumn<SummaryExportRow>[] = [];
  summary.by.forEach((d, i) => {
    if (d === 'month') {
      columns.push({ header: 'Month', value: (r) => (r.isTotal ? (i === 0 ? 'Total' : '') : r.monthLabel) });
      return;
    }
    columns.push({ header: `${DIMENSION_LABELS[d]} code`, value: (r) => (r.isTotal ? (i === 0 ? 'Total' : '') : r[d]) });
    columns.push({ header: DIMENSION_LABELS[d], width: 30, value: (r) => (r.isTotal ? '' : NAME_OF[d](r)) });
  });
  columns.push(
    { header: 'Lines', kind: 'integer', value: (r) => r.lines },
    { header: 'Priced lines', kind: 'integer', value: (r) => r.pricedLines },
    { header: 'Unpriced lines', kind: 'integer', value: (r) => r.unpricedLines },
    { header: 'Cost at tariff (£)', kind: 'pence', value: (r) => r.costPence },
    { header: 'Provider charged (£)', kind: 'pence', value: (r) => r.providerChargedPence },
  );
  const byText = summary.by.map((d) => DIMENSION_LABELS[d].toLowerCase()).join(', ');
  return sendTable(reply, format, {
    fileName: `activity-${fileYear(summary.year)}-by-${summary.by.join('-') || 'total'}`,
    sheetName: 'Activity',
    title: [`Activity and cost at tariff by ${byText || 'total'}, ${summary.year}`, describeFilters(filters), 'Unpriced lines have no tariff price and are not in the cost.', produced()],
    columns,
    rows: [...summary.rows, { ...summary.total, isTotal: true }],
  });
}

interface MonitoringExportRow { code: string; name: string; contract: string; line: string; s: MonitoringSeries; outOfAreaLines: number | null }

function sendMonitoring(reply: FastifyReply, format: ExportFormat, report: Awaited<ReturnType<typeof contractMonitoring>>) {
  const rows: MonitoringExportRow[] = [
    ...report.providers.map((p) => ({ code: p.providerCode, name: p.providerName, contract: p.reference ?? 'No contract', line: 'All', s: p, outOfAreaLines: p.outOfAreaLines })),
    ...(report.lines ?? []).map((l) => ({
      code: report.providers[0]?.providerCode ?? '', name: report.providers[0]?.providerName ?? '', contract: report.providers[0]?.reference ?? 'No contract',
      line: l.kind === 'line' ? `${l.pod} ${l.tfc || 'all specialties'}` : l.podName, s: l, outOfAreaLines: null,
    })),
    { code: 'Total', name: '', contract: '', line: 'All', s: report.total, outOfAreaLines: report.providers.reduce((a, p) => a + p.outOfAreaLines, 0) },
  ];
  const columns: ExportColumn<MonitoringExportRow>[] = [
    { header: 'Provider code', value: (r) => r.code },
    { header: 'Provider', width: 30, value: (r) => r.name },
    { header: 'Contract', value: (r) => r.contract },
    { header: 'Line', width: 20, value: (r) => r.line },
    { header: 'Year plan (£)', kind: 'pence', value: (r) => r.s.yearPlanPence },
    { header: 'YTD plan (£)', kind: 'pence', value: (r) => r.s.ytdPlanPence },
    { header: 'YTD actual (£)', kind: 'pence', value: (r) => r.s.ytdActualPence },
    { header: 'Variance (£)', kind: 'pence', value: (r) => r.s.variancePence },
    { header: 'Variance %', kind: 'decimal', value: (r) => r.s.variancePercent },
    { header: 'RAG', value: (r) => r.s.rag },
    { header: 'Forecast, straight line (£)', kind: 'pence', value: (r) => r.s.forecast.straightLinePence },
    { header: 'Forecast, seasonal (£)', kind: 'pence', value: (r) => r.s.forecast.seasonalPence },
    { header: 'YTD plan volume', kind: 'integer', value: (r) => r.s.ytdPlanVolume },
    { header: 'YTD lines', kind: 'integer', value: (r) => r.s.ytdActualVolume },
    { header: 'YTD unpriced lines', kind: 'integer', value: (r) => r.s.ytdUnpricedLines },
    { header: 'YTD out-of-area lines', kind: 'integer', value: (r) => r.outOfAreaLines },
    ...report.total.months.flatMap((m, i): ExportColumn<MonitoringExportRow>[] => [
      { header: `${m.label} plan (£)`, kind: 'pence', value: (r) => r.s.months[i]!.planPence },
      { header: `${m.label} actual (£)`, kind: 'pence', value: (r) => r.s.months[i]!.actualPence },
    ]),
  ];
  return sendTable(reply, format, {
    fileName: `contract-monitoring-${fileYear(report.year)}${report.lines ? `-${report.providers[0]?.providerCode ?? ''}` : ''}`,
    sheetName: 'Monitoring',
    title: [
      `Contract monitoring ${report.year}: plan against actual${report.period ? `, year to date ${report.period}` : ', no month elapsed yet'}`,
      report.methods.straight_line, report.methods.seasonal,
      `RAG: green within ±${report.rag.greenWithinPercent}% of year-to-date plan, amber within ±${report.rag.amberWithinPercent}%, red beyond.`,
      produced(),
    ],
    columns,
    rows,
  });
}

function sendLines(reply: FastifyReply, format: ExportFormat, lines: ActivityLineView[], filters: ActivityFilters) {
  const columns: ExportColumn<ActivityLineView>[] = [
    { header: 'Provider', value: (l) => l.providerCode },
    { header: 'Activity id', width: 16, value: (l) => l.activityId },
    { header: 'Practice', value: (l) => l.practiceCode },
    { header: 'In area', value: (l) => (l.inArea ? 'Yes' : 'No') },
    { header: 'Patient (pseudonym)', width: 24, value: (l) => l.patientPseudo },
    { header: 'Point of delivery', value: (l) => l.pod },
    { header: 'Point of delivery name', width: 28, value: (l) => POD_LABELS[l.pod] },
    { header: 'Specialty', value: (l) => l.tfc },
    { header: 'Specialty name', width: 28, value: (l) => tfcLabel(l.tfc ?? NO_SPECIALTY) },
    { header: 'HRG', value: (l) => l.hrg },
    { header: 'Date', kind: 'date', value: (l) => l.activityDate },
    { header: 'Discharge date', kind: 'date', value: (l) => l.dischargeDate },
    { header: 'Diagnosis', value: (l) => l.primaryDiagnosis },
    { header: 'Procedure', value: (l) => l.primaryProcedure },
    { header: 'Referral source', value: (l) => l.referralSource },
    { header: 'Tariff price (£)', kind: 'pence', value: (l) => l.tariffPricePence },
    { header: 'Provider price (£)', kind: 'pence', value: (l) => l.providerPricePence },
    { header: 'Priced by', value: (l) => l.tariffBasis ?? 'Unpriced' },
  ];
  return sendTable(reply, format, {
    fileName: `activity-lines-${fileYear(filters.year)}`,
    sheetName: 'Lines',
    title: [`Activity lines, ${filters.year}`, describeFilters(filters), 'Patients are shown by pseudonym only. A blank tariff price means the line is unpriced.', produced()],
    columns,
    rows: lines,
  });
}
