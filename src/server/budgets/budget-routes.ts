/**
 * Budgets API (FIN-2 to FIN-5, FIN-8, FIN-10): scope, budget settings (draft → reviewed →
 * published, in versions), variations, historic and other spend, in-year monitoring, savings and
 * reinvestment proposals, and scenarios. Tables download as CSV or XLSX (`?format=csv|xlsx`) laid
 * out as finance teams read them (monitoring: months across, lines down, with totals).
 *
 * Reading needs budget.view; a practice user sees its own practice's rows, its group's total and
 * the commissioner's total, never another practice's row (asking for one answers 404, audited).
 * Changes need budget.manage (publishing: budget.publish) and are audited.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Db } from '../../db/database.js';
import { practiceScope } from '../../domain/access/can.js';
import { financialMonthOf, parseFinancialYear } from '../../domain/activity/financial-year.js';
import { PHASINGS, RAGS } from '../../domain/activity/monitoring.js';
import { PODS } from '../../domain/activity/pricing.js';
import type { BudgetSeries } from '../../domain/budgets/budget-monitoring.js';
import { SHARING_RULE_DESCRIPTIONS, SHARING_RULES } from '../../domain/budgets/risk-pool.js';
import { REINVESTMENT_RULE_DESCRIPTIONS, REINVESTMENT_RULES } from '../../domain/budgets/savings.js';
import { percentBasisPoints, SCENARIO_MEASURES, type ScenarioRow } from '../../domain/budgets/scenarios.js';
import { scopeForYear } from '../../domain/budgets/scope.js';
import { SERVICE_LINE_LABELS, SERVICE_LINE_PODS, SERVICE_LINES, type ServiceLine as ServiceLineCode } from '../../domain/budgets/service-lines.js';
import { SETTING_RULE } from '../../domain/budgets/setting.js';
import { authorise } from '../auth/context.js';
import type { AuthenticatedUser } from '../auth/credentials.js';
import { HttpError, notFound } from '../http/errors.js';
import { EXPORT_FORMATS, sendTable, type ExportColumn, type ExportFormat } from '../http/exports.js';
import { ErrorBody } from '../http/schemas.js';
import { budgetMonitoring, type BudgetMonitoringReport } from './budget-monitoring.js';
import { createProposal, decideProposal, listProposals, savingsReport, type SavingsReport } from './savings.js';
import { scenarioReport, type ScenarioReport } from './scenarios.js';
import {
  addScopeRow, addVariation, createDraft, discardSetting, getSetting, HISTORIC_SOURCES, importHistoricSpend, listSettings, loadScopeRows, publishSetting,
  recordOtherSpend, reviewSetting, VARIATION_METHOD_LABELS, VARIATION_METHODS, type SettingView,
} from './setting.js';

// ---------------------------------------------------------------------------------------------
// Inputs

const FinancialYear = z.string().trim().regex(/^\d{4}\/\d{2}$/, 'a financial year written like 2025/26')
  .refine((y) => parseFinancialYear(y).ok, 'two consecutive years, like 2025/26');
const ServiceLine = z.enum(SERVICE_LINES);
const Fraction = z.number().min(0).max(1);
const PencePositive = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);
const PracticeCode = z.string().trim().toUpperCase().regex(/^[A-Z]\d{5}$/, 'a practice code like E82001');
const Format = z.enum(EXPORT_FORMATS).optional().describe('csv or xlsx: the table as a file to download; JSON without');
const Id = z.object({ id: z.coerce.number().int().positive().max(2_147_483_647) });
const list = (item: string, what: string) => z.string().trim().max(2000).regex(new RegExp(`^(?:${item})(?:,(?:${item}))*$`, 'i'), what);
const split = (value: string | undefined) => (value === undefined ? undefined : value.split(',').map((v) => v.trim()).filter(Boolean));

const currentYear = () => financialMonthOf(new Date().toISOString().slice(0, 10)).year;
const produced = () => `Produced ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC by Commissioning Hub`;
const fileYear = (year: string) => year.replace('/', '-');

const DraftBody = z.object({
  year: FinancialYear,
  serviceLine: ServiceLine,
  commissionerTotalPence: PencePositive.describe('the service line’s whole budget for the year, pence: practice budgets + the risk-pool top slice'),
  pace: Fraction.describe('the fraction of the gap between historic spend and fair share closed this year, 0 to 1'),
  floorPercent: Fraction.describe('the largest cut any practice may take, as a fraction of its historic spend (0.02 = 2%)'),
  populationPeriod: z.iso.date().nullable().optional().describe('population period for the fair shares; default: the latest before the year ends'),
  phasing: z.enum(PHASINGS).default('even'),
  profile: z.array(z.number().min(0).max(1_000_000)).length(12).nullable().optional().describe('twelve weights, April first, when phasing is by profile'),
  topSlicePercent: Fraction.default(0).describe('held back in the risk pool (0.01 = 1%)'),
  highCostThresholdPence: z.number().int().positive().max(Number.MAX_SAFE_INTEGER).nullable().optional().describe('a patient’s yearly cost above this falls to the risk pool'),
  sharingRule: z.enum(SHARING_RULES).default('individual'),
  reinvestmentRule: z.enum(REINVESTMENT_RULES).default('one_pot'),
  practiceSharePercent: Fraction.nullable().optional().describe('under a split, the practice’s fraction of its savings'),
  historicSource: z.enum(HISTORIC_SOURCES).default('auto').describe('auto: imported where there is a figure, else from last year’s activity; activity; imported'),
  basedOnId: z.number().int().positive().nullable().optional().describe('the version this one revises'),
  notes: z.string().trim().max(2000).optional(),
});

// ---------------------------------------------------------------------------------------------
// Responses

const Pence = z.number().int().describe('integer pence');
const NullablePence = Pence.nullable();
const Count = z.number().int();
const Iso = z.string();

const Scope = z.object({ tfcs: z.array(z.string()).nullable(), level: z.enum(['practice', 'group']), description: z.string() });
const SettingSummarySchema = z.object({
  id: Count, year: z.string(), serviceLine: ServiceLine, serviceLineLabel: z.string(), version: Count, status: z.enum(['draft', 'reviewed', 'published', 'superseded']),
  commissionerTotalPence: Pence, topSlicePence: Pence, practicesTotalPence: Pence, historicTotalPence: Pence, growthPence: Pence, variationsPence: Pence,
  pace: z.number(), floorPercent: z.number(), populationPeriod: z.string().nullable(), phasing: z.enum(PHASINGS), profile: z.array(z.number()).nullable(),
  topSlicePercent: z.number(), highCostThresholdPence: NullablePence, sharingRule: z.enum(SHARING_RULES), reinvestmentRule: z.enum(REINVESTMENT_RULES),
  practiceSharePercent: z.number().nullable(), historicYear: z.string(), historicSource: z.enum(['activity', 'imported', 'mixed']), scope: Scope,
  basedOnId: Count.nullable(), notes: z.string(), practiceCount: Count, createdBy: z.string(), createdAt: Iso, reviewedBy: z.string().nullable(), reviewedAt: Iso.nullable(),
  publishedBy: z.string().nullable(), publishedAt: Iso.nullable(), supersededAt: Iso.nullable(),
});
const Totals = { historicPence: Pence, fairSharePence: Pence, budgetPence: Pence, changePence: Pence, practices: Count, variationsPence: Pence, currentBudgetPence: Pence };
const SettingViewSchema = SettingSummarySchema.extend({
  practices: z.array(z.object({
    practiceCode: z.string(), practiceName: z.string(), groupCode: z.string(), groupName: z.string(), historicPence: Pence, fairSharePence: Pence, budgetPence: Pence,
    changePence: Pence, changePercent: z.number().nullable(), distanceFromTargetPence: Pence.describe('historic − fair share: positive = above target'),
    floorApplied: z.boolean(), variationsPence: Pence, currentBudgetPence: Pence,
  })),
  groups: z.array(z.object({ groupCode: z.string(), groupName: z.string(), ...Totals })),
  total: z.object(Totals).describe('the commissioner’s: every practice'),
  variations: z.array(z.object({
    id: Count, practiceCode: z.string(), fromMonth: Count, amountPence: Pence, reason: z.string(), method: z.enum(VARIATION_METHODS), recordedBy: z.string(), recordedAt: Iso,
  })),
  rule: z.array(z.string()),
});

const SeriesFields = {
  budgetByMonth: z.array(Pence), spendByMonth: z.array(Pence), yearBudgetPence: Pence, ytdBudgetPence: Pence, ytdSpendPence: Pence,
  variancePence: Pence.describe('year-to-date spend − budget: positive is overspent'), variancePercent: z.number().nullable(),
  rag: z.enum(RAGS), forecast: z.object({ straightLinePence: NullablePence, seasonalPence: NullablePence }),
  forecastVariance: z.object({ straightLinePence: NullablePence, seasonalPence: NullablePence }),
};
const MonitoringSchema = z.object({
  year: z.string(), monthsElapsed: Count, period: z.string().nullable(), months: z.array(z.object({ month: Count, label: z.string() })),
  methods: z.object({ straight_line: z.string(), seasonal: z.string() }), rag: z.object({ greenWithinPercent: z.number(), amberWithinPercent: z.number() }),
  serviceLines: z.array(z.object({
    serviceLine: ServiceLine, label: z.string(), settingId: Count, version: Count, topSlicePence: Pence, pods: z.array(z.enum(PODS)), tfcs: z.array(z.string()).nullable(), ...SeriesFields,
  })),
  practices: z.array(z.object({
    practiceCode: z.string(), practiceName: z.string(), groupCode: z.string(), groupName: z.string(), unbudgeted: z.boolean(), ...SeriesFields,
    lines: z.array(z.object({ serviceLine: ServiceLine, ytdUnpricedLines: Count, ytdOtherSpendPence: Pence, ...SeriesFields })),
  })),
  groups: z.array(z.object({ groupCode: z.string(), groupName: z.string(), practices: Count, ...SeriesFields })),
  total: z.object(SeriesFields),
});

const SavingsFields = { budgetPence: Pence, outturnPence: Pence, highCostExcessPence: Pence, savingsPence: Pence, reinvestablePence: Pence, commissionerPence: Pence };
const Proposal = z.object({
  id: Count, year: z.string(), groupCode: z.string(), groupName: z.string(), title: z.string(), amountPence: Pence, status: z.enum(['proposed', 'approved', 'rejected']),
  proposedBy: z.string(), proposedAt: Iso, decidedBy: z.string().nullable(), decidedAt: Iso.nullable(), notes: z.string(),
});
const SavingsSchema = z.object({
  year: z.string(), monthsElapsed: Count, basis: z.enum(['actual', 'forecast', 'none']),
  settings: z.array(z.object({
    settingId: Count, serviceLine: ServiceLine, label: z.string(), version: Count, sharingRule: z.enum(SHARING_RULES), sharingRuleDescription: z.string(),
    reinvestmentRule: z.enum(REINVESTMENT_RULES), reinvestmentRuleDescription: z.string(), practiceSharePercent: z.number().nullable(), highCostThresholdPence: NullablePence,
    pool: z.object({ topSlicePence: Pence, chargedPence: Pence, balancePence: Pence, toGroupsPence: Pence, toCommissionerPence: Pence }),
    totals: z.object(SavingsFields),
  })),
  practices: z.array(z.object({
    practiceCode: z.string(), practiceName: z.string(), groupCode: z.string(), groupName: z.string(), sharedPence: Pence, ...SavingsFields,
    lines: z.array(z.object({ serviceLine: ServiceLine, code: z.string(), groupCode: z.string(), sharedPence: Pence, ...SavingsFields })),
  })),
  groups: z.array(z.object({ groupCode: z.string(), groupName: z.string(), practices: Count, approvedPence: Pence, proposedPence: Pence, headroomPence: Pence, ...SavingsFields })),
  total: z.object({ approvedPence: Pence, proposedPence: Pence, ...SavingsFields }),
  proposals: z.array(Proposal),
});

const MeasureValue = z.object({ lines: Count, costPence: Pence, reducedLines: z.number(), valuePence: Pence });
const ScenarioFields = {
  measures: z.object(Object.fromEntries(SCENARIO_MEASURES.map((m) => [m, MeasureValue])) as Record<(typeof SCENARIO_MEASURES)[number], typeof MeasureValue>),
  costPence: Pence, valuePence: Pence,
};
const ScenarioSchema = z.object({
  year: z.string(), percent: z.number(), measures: z.array(z.object({ measure: z.enum(SCENARIO_MEASURES), label: z.string() })),
  practices: z.array(z.object({ code: z.string(), practiceName: z.string(), groupCode: z.string(), groupName: z.string(), ...ScenarioFields })),
  groups: z.array(z.object({ groupCode: z.string(), groupName: z.string(), practices: Count, ...ScenarioFields })),
  total: z.object(ScenarioFields),
});

const ScopeRowSchema = z.object({ id: Count, serviceLine: ServiceLine, label: z.string(), tfcs: z.array(z.string()).nullable(), level: z.enum(['practice', 'group']), devolvedFrom: z.string() });
const ScopeResponse = z.object({
  year: z.string(), rows: z.array(ScopeRowSchema),
  lines: z.array(z.object({ serviceLine: ServiceLine, label: z.string(), devolved: z.boolean(), tfcs: z.array(z.string()).nullable(), level: z.enum(['practice', 'group']) })),
});

const Reference = z.object({
  serviceLines: z.array(z.object({ serviceLine: ServiceLine, label: z.string(), pods: z.array(z.enum(PODS)) })),
  sharingRules: z.array(z.object({ rule: z.enum(SHARING_RULES), description: z.string() })),
  reinvestmentRules: z.array(z.object({ rule: z.enum(REINVESTMENT_RULES), description: z.string() })),
  variationMethods: z.array(z.object({ method: z.enum(VARIATION_METHODS), label: z.string() })),
  settingRule: z.array(z.string()),
});

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody };

// ---------------------------------------------------------------------------------------------

/** The caller and the practice it is bound to (null: sees every practice); asking for another practice answers 404 (audited). */
async function viewer(db: Db, request: FastifyRequest, askedPractices?: readonly string[]): Promise<{ user: AuthenticatedUser; scope: string | null }> {
  const user = await authorise(db, request, 'budget.view', { type: 'budget' });
  const scope = practiceScope(user);
  if (scope !== null) {
    const other = askedPractices?.find((p) => p !== scope);
    if (other) await authorise(db, request, 'budget.view', { type: 'practice', id: other, practiceCode: other });
  }
  return { user, scope };
}

export const budgetRoutes = ({ db }: { db: Db }): FastifyPluginAsyncZod => async (app) => {
  app.get('/api/budgets/reference', {
    schema: { tags: ['budgets'], summary: 'Service lines (with the points of delivery their spend comes from), sharing and reinvestment rules, variation methods and the budget-setting rule', response: { 200: Reference, ...errors } },
  }, async (request) => {
    await viewer(db, request);
    return {
      serviceLines: SERVICE_LINES.map((l) => ({ serviceLine: l, label: SERVICE_LINE_LABELS[l], pods: [...SERVICE_LINE_PODS[l]] })),
      sharingRules: SHARING_RULES.map((rule) => ({ rule, description: SHARING_RULE_DESCRIPTIONS[rule] })),
      reinvestmentRules: REINVESTMENT_RULES.map((rule) => ({ rule, description: REINVESTMENT_RULE_DESCRIPTIONS[rule] })),
      variationMethods: VARIATION_METHODS.map((method) => ({ method, label: VARIATION_METHOD_LABELS[method] })),
      settingRule: [...SETTING_RULE],
    };
  });

  app.get('/api/budgets/scope', {
    schema: {
      tags: ['budgets'], summary: 'Budget scope by phase: which service lines and specialties are devolved from when, and what is in force in a year',
      querystring: z.object({ year: FinancialYear.optional() }), response: { 200: ScopeResponse, ...errors },
    },
  }, async (request) => {
    await viewer(db, request);
    const year = request.query.year ?? currentYear();
    const rows = await loadScopeRows(db);
    return {
      year, rows: rows.map((r) => ({ ...r, serviceLine: r.serviceLine as ServiceLineCode, tfcs: r.tfcs === null ? null : [...r.tfcs] })),
      lines: SERVICE_LINES.map((l) => {
        const s = scopeForYear(rows, l, year);
        return { serviceLine: l, label: SERVICE_LINE_LABELS[l], devolved: s.devolved, tfcs: s.tfcs, level: s.level };
      }),
    };
  });

  app.post('/api/budgets/scope', {
    schema: {
      tags: ['budgets'], summary: 'Devolve a service line (or some of its specialties) from a date (audited)',
      body: z.object({
        serviceLine: ServiceLine, label: z.string().trim().min(1).max(200), tfcs: z.array(z.string().regex(/^\d{3}$/, 'a 3-digit treatment function code')).min(1).max(200).nullable(),
        level: z.enum(['practice', 'group']).default('practice'), devolvedFrom: z.iso.date(),
      }),
      response: { 201: z.object({ id: Count }), ...errors, 409: ErrorBody },
    },
  }, async (request, reply) => {
    const user = await authorise(db, request, 'budget.manage', { type: 'budget_scope' });
    const id = await addScopeRow(db, user.username, request.body);
    return reply.status(201).send({ id });
  });

  app.get('/api/budgets/settings', {
    schema: {
      tags: ['budgets'], summary: 'Budget settings (every version), newest year first, with the practices’ totals',
      querystring: z.object({ year: FinancialYear.optional(), serviceLine: ServiceLine.optional() }),
      response: { 200: z.array(SettingSummarySchema), ...errors },
    },
  }, async (request) => {
    const { scope } = await viewer(db, request);
    // Practices see budgets once published, not drafts.
    return listSettings(db, { year: request.query.year, serviceLine: request.query.serviceLine, ...(scope !== null && { statuses: ['published', 'superseded'] }) });
  });

  app.post('/api/budgets/settings', {
    schema: {
      tags: ['budgets'], summary: 'Draft a year’s budgets for a service line from fair shares, historic spend and the parameters (audited)',
      description: `${SETTING_RULE.join(' ')} The risk-pool top slice is held back first (rounded half up); fair shares are of the rest. Nothing is stored when anything is wrong: `
        + 'pace, floor or top slice outside 0 to 1, a negative total, a line not devolved that year, missing weights or population, a total too small for the floor (422 with the reason).',
      body: DraftBody, response: { 201: SettingViewSchema, ...errors, 422: ErrorBody },
    },
  }, async (request, reply) => {
    const user = await authorise(db, request, 'budget.manage', { type: 'budget_setting' });
    const id = await createDraft(db, user.username, request.body);
    return reply.status(201).send(await getSetting(db, id));
  });

  app.get('/api/budgets/settings/:id', {
    schema: {
      tags: ['budgets'], summary: 'One budget version: each practice’s historic spend, fair share, budget and change, group and commissioner totals, variations',
      description: 'A practice user sees published (and superseded) versions only: its own practice’s line, its group’s total and the commissioner’s total. With format=csv or xlsx, the table as a file.',
      params: Id, querystring: z.object({ format: Format }), response: { 200: SettingViewSchema, ...errors },
    },
  }, async (request, reply) => {
    const { scope } = await viewer(db, request);
    const view = await getSetting(db, request.params.id, { practice: scope });
    if (scope !== null && (view.status === 'draft' || view.status === 'reviewed')) throw notFound('The budget setting');
    if (!request.query.format) return view;
    return sendSetting(reply, request.query.format, view);
  });

  app.post('/api/budgets/settings/:id/review', {
    schema: { tags: ['budgets'], summary: 'Mark a draft as reviewed (audited)', params: Id, response: { 200: SettingViewSchema, ...errors, 409: ErrorBody } },
  }, async (request) => {
    const user = await authorise(db, request, 'budget.manage', { type: 'budget_setting', id: String(request.params.id) });
    await reviewSetting(db, user.username, request.params.id);
    return getSetting(db, request.params.id);
  });

  app.post('/api/budgets/settings/:id/publish', {
    schema: {
      tags: ['budgets'], summary: 'Publish a reviewed version; the version published before is superseded (needs budget.publish; audited)',
      params: Id, response: { 200: SettingViewSchema, ...errors, 409: ErrorBody },
    },
  }, async (request) => {
    const user = await authorise(db, request, 'budget.publish', { type: 'budget_setting', id: String(request.params.id) });
    await publishSetting(db, user.username, request.params.id);
    return getSetting(db, request.params.id);
  });

  app.delete('/api/budgets/settings/:id', {
    schema: { tags: ['budgets'], summary: 'Discard a draft or reviewed version (a published one is kept for good; audited)', params: Id, response: { 204: z.null(), ...errors, 409: ErrorBody } },
  }, async (request, reply) => {
    const user = await authorise(db, request, 'budget.manage', { type: 'budget_setting', id: String(request.params.id) });
    await discardSetting(db, user.username, request.params.id);
    return reply.status(204).send(null);
  });

  app.post('/api/budgets/settings/:id/variations', {
    schema: {
      tags: ['budgets'], summary: 'Vary a practice’s published budget from a month to March, with the reason and method (audited)',
      params: Id,
      body: z.object({
        practiceCode: PracticeCode, fromMonth: z.number().int().min(1).max(12).describe('1 = April'),
        amountPence: z.number().int().min(-Number.MAX_SAFE_INTEGER).max(Number.MAX_SAFE_INTEGER).refine((n) => n !== 0, 'must not be 0'),
        reason: z.string().trim().min(1, 'must say why').max(1000), method: z.enum(VARIATION_METHODS),
      }),
      response: { 201: SettingViewSchema, ...errors, 409: ErrorBody, 422: ErrorBody },
    },
  }, async (request, reply) => {
    const user = await authorise(db, request, 'budget.manage', { type: 'budget_setting', id: String(request.params.id) });
    await addVariation(db, user.username, request.params.id, request.body);
    return reply.status(201).send(await getSetting(db, request.params.id));
  });

  app.post('/api/budgets/historic', {
    schema: {
      tags: ['budgets'], summary: 'Import historic spend for a year and service line (all or nothing; replaces earlier figures; audited)',
      body: z.object({ year: FinancialYear, serviceLine: ServiceLine, rows: z.array(z.object({ practiceCode: PracticeCode, amountPence: PencePositive })).min(1).max(20_000) }),
      response: { 200: z.object({ stored: Count }), ...errors, 422: ErrorBody },
    },
  }, async (request) => {
    const user = await authorise(db, request, 'budget.manage', { type: 'historic_spend' });
    return importHistoricSpend(db, user.username, request.body);
  });

  app.post('/api/budgets/other-spend', {
    schema: {
      tags: ['budgets'], summary: 'Record spend outside hospital activity (prescribing, community, mental health) by practice and month (all or nothing; audited)',
      body: z.object({
        rows: z.array(z.object({
          practiceCode: PracticeCode, year: FinancialYear, month: z.number().int().min(1).max(12), serviceLine: ServiceLine,
          amountPence: z.number().int().min(-Number.MAX_SAFE_INTEGER).max(Number.MAX_SAFE_INTEGER),
        })).min(1).max(50_000),
      }),
      response: { 200: z.object({ stored: Count }), ...errors, 422: ErrorBody },
    },
  }, async (request) => {
    const user = await authorise(db, request, 'budget.manage', { type: 'other_spend' });
    return recordOtherSpend(db, user.username, request.body.rows);
  });

  app.get('/api/budgets/monitoring', {
    schema: {
      tags: ['budgets'], summary: 'Budget against spend by month for the year’s published budgets: year to date, variance, forecast outturn (both methods) and RAG per practice, group and service line, with the commissioner’s total',
      description: 'Spend is in-area priced activity on the service line’s points of delivery and the specialties in scope, plus other spend. Months elapsed default to the latest month with spend. '
        + 'XLSX/CSV: months across, budget, spend and variance down for each practice, then groups, service lines and the total.',
      querystring: z.object({
        year: FinancialYear.optional(), serviceLine: ServiceLine.optional(),
        practice: list('[A-Z][0-9]{5}', 'practice codes separated by commas').optional(),
        group: list('[A-Za-z0-9][A-Za-z0-9 _./&-]{0,39}', 'group codes separated by commas').optional(),
        through: z.coerce.number().int().min(0).max(12).optional().describe('months elapsed (1 = April only)'),
        format: Format,
      }),
      response: { 200: MonitoringSchema, ...errors },
    },
  }, async (request, reply) => {
    const q = request.query;
    const practices = split(q.practice)?.map((p) => p.toUpperCase());
    const { scope } = await viewer(db, request, practices);
    const report = await budgetMonitoring(db, { year: q.year ?? currentYear(), serviceLine: q.serviceLine, practices, groups: split(q.group), throughMonth: q.through, scopePractice: scope });
    if (!q.format) return report;
    return sendMonitoring(reply, q.format, report);
  });

  app.get('/api/budgets/savings', {
    schema: {
      tags: ['budgets'], summary: 'Efficiency gains after the risk pool, by practice and group, what each group may reinvest, and the reinvestment proposals',
      description: 'Outturn is actual once all twelve months are in, else the seasonal forecast. Savings = budget − outturn where positive, after costs above the high-cost threshold go to the pool and over- and under-spends are shared by the setting’s rule.',
      querystring: z.object({ year: FinancialYear.optional(), through: z.coerce.number().int().min(0).max(12).optional(), format: Format }),
      response: { 200: SavingsSchema, ...errors },
    },
  }, async (request, reply) => {
    const { scope } = await viewer(db, request);
    const report = await savingsReport(db, { year: request.query.year ?? currentYear(), throughMonth: request.query.through, scopePractice: scope });
    if (!request.query.format) return report;
    return sendSavings(reply, request.query.format, report);
  });

  app.post('/api/budgets/reinvestment', {
    schema: {
      tags: ['budgets'], summary: 'Propose reinvesting a group’s savings (audited)',
      body: z.object({ year: FinancialYear, groupCode: z.string().trim().min(1).max(40), title: z.string().trim().min(1).max(200), amountPence: z.number().int().positive().max(Number.MAX_SAFE_INTEGER), notes: z.string().trim().max(2000).optional() }),
      response: { 201: Proposal, ...errors, 422: ErrorBody },
    },
  }, async (request, reply) => {
    const user = await authorise(db, request, 'budget.manage', { type: 'reinvestment_proposal' });
    const id = await createProposal(db, user.username, request.body);
    const proposal = (await listProposals(db, request.body.year, [request.body.groupCode])).find((p) => p.id === id)!;
    return reply.status(201).send(proposal);
  });

  app.post('/api/budgets/reinvestment/:id/decision', {
    schema: {
      tags: ['budgets'], summary: 'Approve or reject a reinvestment proposal (approval only within the group’s savings; audited)',
      params: Id, body: z.object({ decision: z.enum(['approved', 'rejected']), notes: z.string().trim().max(2000).optional() }),
      response: { 200: Proposal, ...errors, 409: ErrorBody },
    },
  }, async (request) => {
    const user = await authorise(db, request, 'budget.manage', { type: 'reinvestment_proposal', id: String(request.params.id) });
    await decideProposal(db, user.username, request.params.id, request.body);
    const row = await db.selectFrom('reinvestment_proposal').select(['year', 'group_code']).where('id', '=', request.params.id).executeTakeFirstOrThrow();
    return (await listProposals(db, row.year, [row.group_code])).find((p) => p.id === request.params.id)!;
  });

  app.get('/api/budgets/scenarios', {
    schema: {
      tags: ['budgets'], summary: 'What an N% reduction in new outpatients, follow-ups, consultant-to-consultant first attendances and unplanned admissions is worth, per practice and in total',
      description: 'Priced from the year’s in-area activity at tariff; each value = cost × N ÷ 100 to the penny (half away from zero); totals are sums of practices.',
      querystring: z.object({ year: FinancialYear.optional(), percent: z.coerce.number().gt(0).max(100).default(1).describe('the reduction, per cent, up to two decimal places'), format: Format }),
      response: { 200: ScenarioSchema, ...errors },
    },
  }, async (request, reply) => {
    const { scope } = await viewer(db, request);
    const basisPoints = percentBasisPoints(request.query.percent);
    if (basisPoints === null) throw new HttpError(400, 'invalid_request', 'The request is not valid.', [{ field: 'querystring.percent', message: 'must be more than 0 and at most 100, with up to two decimal places' }]);
    const report = await scenarioReport(db, { year: request.query.year ?? currentYear(), basisPoints, scopePractice: scope });
    if (!request.query.format) return report;
    return sendScenarios(reply, request.query.format, report);
  });
};

// ---------------------------------------------------------------------------------------------
// Downloads

interface SettingExportRow { code: string; name: string; group: string; historic: number; fair: number; budget: number; change: number; changePercent: number | null; floor: string; variations: number; current: number }

function sendSetting(reply: FastifyReply, format: ExportFormat, v: SettingView) {
  const rows: SettingExportRow[] = [
    ...v.practices.map((p) => ({
      code: p.practiceCode, name: p.practiceName, group: p.groupName, historic: p.historicPence, fair: p.fairSharePence, budget: p.budgetPence, change: p.changePence,
      changePercent: p.changePercent, floor: p.floorApplied ? 'Yes' : '', variations: p.variationsPence, current: p.currentBudgetPence,
    })),
    ...v.groups.map((g) => ({
      code: g.groupCode, name: `${g.groupName} total`, group: g.groupName, historic: g.historicPence, fair: g.fairSharePence, budget: g.budgetPence, change: g.changePence,
      changePercent: g.historicPence ? Math.round((g.changePence * 1000) / g.historicPence) / 10 : null, floor: '', variations: g.variationsPence, current: g.currentBudgetPence,
    })),
    { code: 'Practices', name: 'All practices', group: '', historic: v.total.historicPence, fair: v.total.fairSharePence, budget: v.total.budgetPence, change: v.total.changePence, changePercent: v.total.historicPence ? Math.round((v.total.changePence * 1000) / v.total.historicPence) / 10 : null, floor: '', variations: v.total.variationsPence, current: v.total.currentBudgetPence },
    { code: 'Risk pool', name: 'Top slice held back', group: '', historic: 0, fair: 0, budget: v.topSlicePence, change: 0, changePercent: null, floor: '', variations: 0, current: v.topSlicePence },
    { code: 'Total', name: 'Commissioner total', group: '', historic: v.total.historicPence, fair: v.total.fairSharePence, budget: v.total.budgetPence + v.topSlicePence, change: 0, changePercent: null, floor: '', variations: v.total.variationsPence, current: v.total.currentBudgetPence + v.topSlicePence },
  ];
  const columns: ExportColumn<SettingExportRow>[] = [
    { header: 'Code', value: (r) => r.code },
    { header: 'Name', width: 32, value: (r) => r.name },
    { header: 'Group', width: 24, value: (r) => r.group },
    { header: `Historic spend ${v.historicYear} (£)`, kind: 'pence', value: (r) => r.historic },
    { header: 'Fair share (£)', kind: 'pence', value: (r) => r.fair },
    { header: 'Budget (£)', kind: 'pence', value: (r) => r.budget },
    { header: 'Change (£)', kind: 'pence', value: (r) => r.change },
    { header: 'Change %', kind: 'decimal', value: (r) => r.changePercent },
    { header: 'Held by the floor', value: (r) => r.floor },
    { header: 'Variations (£)', kind: 'pence', value: (r) => r.variations },
    { header: 'Budget after variations (£)', kind: 'pence', value: (r) => r.current },
  ];
  return sendTable(reply, format, {
    fileName: `budgets-${fileYear(v.year)}-${v.serviceLine}-v${v.version}`,
    sheetName: 'Budgets',
    title: [
      `${v.serviceLineLabel} budgets ${v.year}, version ${v.version} (${v.status})`,
      `Commissioner total £${(v.commissionerTotalPence / 100).toFixed(2)}; top slice ${(v.topSlicePercent * 100).toFixed(2)}%; pace of change ${v.pace}; floor ${(v.floorPercent * 100).toFixed(2)}%; population ${v.populationPeriod ?? 'latest'}; history ${v.historicYear} (${v.historicSource}); scope: ${v.scope.description}.`,
      ...v.rule, produced(),
    ],
    columns, rows,
  });
}

interface MonitoringExportRow { code: string; name: string; group: string; line: string; kind: 'Budget' | 'Spend' | 'Variance'; s: BudgetSeries }

function sendMonitoring(reply: FastifyReply, format: ExportFormat, report: BudgetMonitoringReport) {
  const triple = (code: string, name: string, group: string, line: string, s: BudgetSeries): MonitoringExportRow[] =>
    (['Budget', 'Spend', 'Variance'] as const).map((kind) => ({ code, name, group, line, kind, s }));
  const allLines = report.serviceLines.length === 1 ? report.serviceLines[0]!.label : 'All budgeted lines';
  const rows: MonitoringExportRow[] = [
    ...report.practices.flatMap((p) => triple(p.practiceCode, p.practiceName, p.groupName, allLines, p)),
    ...report.groups.flatMap((g) => triple(g.groupCode, `${g.groupName} total`, g.groupName, allLines, g)),
    ...(report.serviceLines.length > 1 ? report.serviceLines.flatMap((l) => triple(l.serviceLine, `${l.label} total`, '', l.label, l)) : []),
    ...triple('Total', 'Commissioner total', '', allLines, report.total),
  ];
  const monthValue = (r: MonitoringExportRow, i: number) => (r.kind === 'Budget' ? r.s.budgetByMonth[i]! : r.kind === 'Spend' ? r.s.spendByMonth[i]! : r.s.spendByMonth[i]! - r.s.budgetByMonth[i]!);
  const yearValue = (r: MonitoringExportRow) => (r.kind === 'Budget' ? r.s.yearBudgetPence : r.kind === 'Spend' ? r.s.spendByMonth.reduce((a, b) => a + b, 0) : r.s.spendByMonth.reduce((a, b) => a + b, 0) - r.s.yearBudgetPence);
  const ytdValue = (r: MonitoringExportRow) => (r.kind === 'Budget' ? r.s.ytdBudgetPence : r.kind === 'Spend' ? r.s.ytdSpendPence : r.s.variancePence);
  const columns: ExportColumn<MonitoringExportRow>[] = [
    { header: 'Code', value: (r) => (r.kind === 'Budget' ? r.code : '') },
    { header: 'Name', width: 32, value: (r) => (r.kind === 'Budget' ? r.name : '') },
    { header: 'Group', width: 24, value: (r) => (r.kind === 'Budget' ? r.group : '') },
    { header: 'Service line', width: 24, value: (r) => (r.kind === 'Budget' ? r.line : '') },
    { header: 'Line', value: (r) => r.kind },
    ...report.months.map((m, i): ExportColumn<MonitoringExportRow> => ({ header: `${m.label} (£)`, kind: 'pence', value: (r) => monthValue(r, i) })),
    { header: 'Year (£)', kind: 'pence', value: yearValue },
    { header: `Year to date${report.period ? `, ${report.period}` : ''} (£)`, kind: 'pence', width: 22, value: ytdValue },
    { header: 'Variance % to date', kind: 'decimal', value: (r) => (r.kind === 'Variance' ? r.s.variancePercent : null) },
    { header: 'RAG', value: (r) => (r.kind === 'Variance' ? r.s.rag : '') },
    { header: 'Forecast outturn, straight line (£)', kind: 'pence', value: (r) => (r.kind === 'Spend' ? r.s.forecast.straightLinePence : r.kind === 'Variance' ? r.s.forecastVariance.straightLinePence : null) },
    { header: 'Forecast outturn, seasonal (£)', kind: 'pence', value: (r) => (r.kind === 'Spend' ? r.s.forecast.seasonalPence : r.kind === 'Variance' ? r.s.forecastVariance.seasonalPence : null) },
  ];
  return sendTable(reply, format, {
    fileName: `budget-monitoring-${fileYear(report.year)}${report.serviceLines.length === 1 ? `-${report.serviceLines[0]!.serviceLine}` : ''}`,
    sheetName: 'Budget monitoring',
    title: [
      `Budget monitoring ${report.year}: ${allLines}${report.period ? `, year to date ${report.period}` : ', no month elapsed yet'}`,
      'Budget is phased by month (with variations); spend is priced activity in scope plus other spend; variance = spend − budget (positive: overspent).',
      report.methods.straight_line, report.methods.seasonal,
      `RAG: green within ±${report.rag.greenWithinPercent}% of budget to date, amber within ±${report.rag.amberWithinPercent}%, red beyond.`,
      produced(),
    ],
    columns, rows,
  });
}

interface SavingsExportRow { code: string; name: string; group: string; budget: number; outturn: number; excess: number; shared: number | null; savings: number; reinvestable: number; commissioner: number }

function sendSavings(reply: FastifyReply, format: ExportFormat, report: SavingsReport) {
  const rows: SavingsExportRow[] = [
    ...report.practices.map((p) => ({ code: p.practiceCode, name: p.practiceName, group: p.groupName, budget: p.budgetPence, outturn: p.outturnPence, excess: p.highCostExcessPence, shared: p.sharedPence, savings: p.savingsPence, reinvestable: p.reinvestablePence, commissioner: p.commissionerPence })),
    ...report.groups.map((g) => ({ code: g.groupCode, name: `${g.groupName} total`, group: g.groupName, budget: g.budgetPence, outturn: g.outturnPence, excess: g.highCostExcessPence, shared: null, savings: g.savingsPence, reinvestable: g.reinvestablePence, commissioner: g.commissionerPence })),
    { code: 'Total', name: 'Commissioner total', group: '', budget: report.total.budgetPence, outturn: report.total.outturnPence, excess: report.total.highCostExcessPence, shared: null, savings: report.total.savingsPence, reinvestable: report.total.reinvestablePence, commissioner: report.total.commissionerPence },
  ];
  const columns: ExportColumn<SavingsExportRow>[] = [
    { header: 'Code', value: (r) => r.code },
    { header: 'Name', width: 32, value: (r) => r.name },
    { header: 'Group', width: 24, value: (r) => r.group },
    { header: 'Budget (£)', kind: 'pence', value: (r) => r.budget },
    { header: report.basis === 'actual' ? 'Outturn (£)' : 'Forecast outturn (£)', kind: 'pence', value: (r) => r.outturn },
    { header: 'To the risk pool (£)', kind: 'pence', value: (r) => r.excess },
    { header: 'Moved by sharing (£)', kind: 'pence', value: (r) => r.shared },
    { header: 'Savings (£)', kind: 'pence', value: (r) => r.savings },
    { header: 'To reinvest (£)', kind: 'pence', value: (r) => r.reinvestable },
    { header: 'To the commissioner (£)', kind: 'pence', value: (r) => r.commissioner },
  ];
  return sendTable(reply, format, {
    fileName: `savings-${fileYear(report.year)}`, sheetName: 'Savings',
    title: [`Savings ${report.year} (${report.basis === 'actual' ? 'outturn' : report.basis === 'forecast' ? `forecast from ${report.monthsElapsed} months` : 'no spend yet'})`,
      ...report.settings.map((s) => `${s.label}: ${s.sharingRuleDescription} ${s.reinvestmentRuleDescription}`), produced()],
    columns, rows,
  });
}

interface ScenarioExportRow { code: string; name: string; group: string; r: ScenarioRow }

function sendScenarios(reply: FastifyReply, format: ExportFormat, report: ScenarioReport) {
  const rows: ScenarioExportRow[] = [
    ...report.practices.map((p) => ({ code: p.code, name: p.practiceName, group: p.groupName, r: p })),
    ...report.groups.map((g) => ({ code: g.groupCode, name: `${g.groupName} total`, group: g.groupName, r: g })),
    { code: 'Total', name: 'Commissioner total', group: '', r: report.total },
  ];
  const columns: ExportColumn<ScenarioExportRow>[] = [
    { header: 'Code', value: (r) => r.code },
    { header: 'Name', width: 32, value: (r) => r.name },
    { header: 'Group', width: 24, value: (r) => r.group },
    ...report.measures.flatMap(({ measure, label }): ExportColumn<ScenarioExportRow>[] => [
      { header: `${label}: lines`, kind: 'integer', value: (r) => r.r.measures[measure].lines },
      { header: `${label}: cost (£)`, kind: 'pence', value: (r) => r.r.measures[measure].costPence },
      { header: `${label}: ${report.percent}% fewer`, kind: 'decimal', value: (r) => r.r.measures[measure].reducedLines },
      { header: `${label}: worth (£)`, kind: 'pence', value: (r) => r.r.measures[measure].valuePence },
    ]),
    { header: `Total worth of ${report.percent}% (£)`, kind: 'pence', value: (r) => r.r.valuePence },
  ];
  return sendTable(reply, format, {
    fileName: `scenarios-${fileYear(report.year)}-${String(report.percent).replace('.', '_')}pc`, sheetName: 'Scenarios',
    title: [`What a ${report.percent}% reduction is worth, ${report.year}, at tariff`, 'Each value = cost × the percentage, to the penny; new outpatients exclude consultant-to-consultant first attendances.', produced()],
    columns, rows,
  });
}
