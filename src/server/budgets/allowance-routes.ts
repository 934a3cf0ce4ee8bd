/**
 * Allowances' API (FIN-6): the schemes of a year and changes to them, practices' participation and
 * evidence of the conditions they have met, every practice's allowances (JSON, CSV or XLSX) and
 * one practice's statement. A practice sees only its own statement; changes need budget.manage.
 */
import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Db } from '../../db/database.js';
import { practiceScope } from '../../domain/access/can.js';
import { ALLOWANCE_CONDITIONS, ALLOWANCE_KINDS, ALLOWANCE_STATUS_LABELS, CONDITION_LABELS } from '../../domain/budgets/allowances.js';
import { authorise } from '../auth/context.js';
import { sendTable } from '../http/exports.js';
import { ErrorBody } from '../http/schemas.js';
import {
  allowanceReport, allowancesTable, practiceStatement, type AllowanceReport, type PracticeStatement, recordEvidence, removeParticipation, saveScheme, schemesFor, setParticipation, statementTable,
} from './allowances.js';

export const Year = z.string().regex(/^\d{4}\/\d{2}$/, 'must be a financial year written like 2025/26')
  .refine((y) => (Number(y.slice(0, 4)) + 1) % 100 === Number(y.slice(5)), 'must be two consecutive years, like 2025/26');
const PracticeCode = z.string().trim().regex(/^[A-Z][0-9]{5}$/, 'must be a practice code like E82001');
const IsoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date written like 2025-04-01');
const Condition = z.enum(ALLOWANCE_CONDITIONS);
const Format = z.enum(['json', 'csv', 'xlsx']).default('json');
const Pence = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);

const SchemeSchema = z.object({
  code: z.string(),
  name: z.string(),
  kind: z.enum(ALLOWANCE_KINDS),
  amountPence: z.number().int().nullable(),
  lateJoinerAmountPence: z.number().int().nullable(),
  lateFromMonth: z.number().int().nullable().describe('month of the financial year, 1 = April; October = 7'),
  percent: z.number().nullable().describe('2 for 2%'),
  ofScheme: z.string().nullable(),
  conditions: z.array(Condition),
  active: z.boolean(),
  sortOrder: z.number().int(),
});

const SchemeSetSchema = z.object({
  year: z.string(),
  inheritedFrom: z.string().nullable().describe('null: the year has its own schemes; "": the defaults; else the year they come from'),
  schemes: z.array(SchemeSchema),
  conditionLabels: z.record(Condition, z.string()),
});

const SchemeBody = z.object({
  name: z.string().trim().min(1).max(200),
  kind: z.enum(ALLOWANCE_KINDS),
  amountPence: Pence.nullable().default(null),
  lateJoinerAmountPence: Pence.nullable().default(null),
  lateFromMonth: z.number().int().min(2).max(12).nullable().default(null),
  percent: z.number().gt(0).max(100).nullable().default(null),
  ofScheme: z.string().nullable().default(null),
  conditions: z.array(Condition).default([]),
  active: z.boolean().default(true),
  sortOrder: z.number().int().min(0).max(10_000).default(0),
});

const ConditionState = z.object({ condition: Condition, state: z.enum(['met', 'not_met', 'not_recorded']) });
const LineSchema = z.object({
  schemeCode: z.string(),
  schemeName: z.string(),
  kind: z.enum(ALLOWANCE_KINDS),
  amountPence: z.number().int(),
  basis: z.string().describe('how the amount was worked out, in words'),
  status: z.enum(['earned', 'not_yet_earned', 'not_applicable']),
  statusLabel: z.string(),
  conditions: z.array(ConditionState),
  missing: z.array(Condition),
  waitingFor: z.string().nullable().describe('the scheme this is a percentage of, while that is not earned'),
  reason: z.string().nullable(),
});
const EvidenceSchema = z.object({
  condition: Condition, conditionLabel: z.string(), met: z.boolean(), evidence: z.string(), recordedBy: z.string(), recordedAt: z.string(),
});
const PracticeSchema = z.object({
  practiceCode: z.string(),
  practiceName: z.string(),
  groupCode: z.string(),
  groupName: z.string(),
  participating: z.boolean(),
  joinedOn: z.string().nullable(),
  leftOn: z.string().nullable(),
  joinedMonth: z.number().int().nullable(),
  serviceBudgetPence: z.number().int().nullable(),
  lines: z.array(LineSchema),
  earnedPence: z.number().int(),
  notYetEarnedPence: z.number().int(),
  evidence: z.array(EvidenceSchema),
});
const TotalsSchema = z.object({
  practices: z.number().int(),
  participating: z.number().int(),
  earnedPence: z.number().int(),
  notYetEarnedPence: z.number().int(),
  bySchemes: z.array(z.object({ schemeCode: z.string(), schemeName: z.string(), earnedPence: z.number().int(), notYetEarnedPence: z.number().int(), practicesEarned: z.number().int() })),
});
const ReportSchema = z.object({
  year: z.string(),
  inheritedFrom: z.string().nullable(),
  schemes: z.array(SchemeSchema),
  serviceBudgetNote: z.string().nullable(),
  practices: z.array(PracticeSchema),
  totals: TotalsSchema,
});

/** Status labels added to each line, for clients that show them as they come. */
const labelPractice = (p: PracticeStatement) => ({ ...p, lines: p.lines.map((l) => ({ ...l, statusLabel: ALLOWANCE_STATUS_LABELS[l.status] })) });
const labelled = (report: AllowanceReport) => ({ ...report, practices: report.practices.map(labelPractice) });

export const allowanceRoutes = ({ db }: { db: Db }): FastifyPluginAsyncZod => async (app) => {
  app.get('/api/allowances/schemes', {
    schema: {
      tags: ['allowances'],
      summary: 'The allowance and incentive schemes in force for a year (FIN-6)',
      querystring: z.object({ year: Year }),
      response: { 200: SchemeSetSchema, 401: ErrorBody, 403: ErrorBody },
    },
  }, async (request) => {
    await authorise(db, request, 'budget.view');
    return { ...(await schemesFor(db, request.query.year)), conditionLabels: CONDITION_LABELS };
  });

  app.put('/api/allowances/schemes/:code', {
    schema: {
      tags: ['allowances'],
      summary: 'Add or change a scheme of a year (audited)',
      description: 'A year that inherits its schemes (from the defaults or an earlier year) gets its own copy first, so no other year changes.',
      params: z.object({ code: z.string().regex(/^[a-z][a-z0-9_]{0,39}$/, 'must be lower-case letters, digits and _') }),
      querystring: z.object({ year: Year }),
      body: SchemeBody,
      response: { 200: SchemeSetSchema, 401: ErrorBody, 403: ErrorBody, 422: ErrorBody },
    },
  }, async (request) => {
    const user = await authorise(db, request, 'budget.manage');
    const set = await saveScheme(db, user, request.query.year, { code: request.params.code, ...request.body });
    return { ...set, conditionLabels: CONDITION_LABELS };
  });

  app.put('/api/allowances/participation/:practiceCode', {
    schema: {
      tags: ['allowances'],
      summary: 'Record that a practice takes part in a year, from when (and until when)',
      params: z.object({ practiceCode: PracticeCode }),
      body: z.object({ year: Year, joinedOn: IsoDate, leftOn: IsoDate.nullable().default(null) }),
      response: { 200: z.object({ practiceCode: z.string(), year: z.string(), joinedOn: z.string(), leftOn: z.string().nullable() }), 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 422: ErrorBody },
    },
  }, async (request) => {
    const user = await authorise(db, request, 'budget.manage');
    return setParticipation(db, user, { practiceCode: request.params.practiceCode, ...request.body });
  });

  app.delete('/api/allowances/participation/:practiceCode', {
    schema: {
      tags: ['allowances'],
      summary: 'Remove a practice’s participation in a year (recorded in error)',
      params: z.object({ practiceCode: PracticeCode }),
      querystring: z.object({ year: Year }),
      response: { 204: z.null(), 401: ErrorBody, 403: ErrorBody, 404: ErrorBody },
    },
  }, async (request, reply) => {
    const user = await authorise(db, request, 'budget.manage');
    await removeParticipation(db, user, request.params.practiceCode, request.query.year);
    return reply.status(204).send(null);
  });

  app.post('/api/allowances/evidence', {
    schema: {
      tags: ['allowances'],
      summary: 'Record whether a practice has met a condition in a year, and the evidence (audited)',
      description: 'Replaces what was recorded for that condition; the audit log keeps the earlier word. Met needs evidence.',
      body: z.object({ practiceCode: PracticeCode, year: Year, condition: Condition, met: z.boolean(), evidence: z.string().max(4000).default('') }),
      response: { 200: EvidenceSchema, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 422: ErrorBody },
    },
  }, async (request) => {
    const user = await authorise(db, request, 'budget.manage');
    return recordEvidence(db, user, request.body);
  });

  app.get('/api/allowances', {
    schema: {
      tags: ['allowances'],
      summary: 'Every practice’s allowances for a year, earned and not yet earned, with totals (JSON, CSV or XLSX)',
      description: 'A practice sees only its own. Totals are the sums of the practices shown.',
      querystring: z.object({ year: Year, group: z.string().trim().min(1).max(20).optional(), format: Format }),
      response: { 200: ReportSchema, 401: ErrorBody, 403: ErrorBody },
    },
  }, async (request, reply) => {
    const user = await authorise(db, request, 'budget.view');
    const { year, group, format } = request.query;
    const report = await allowanceReport(db, year, { practiceCode: practiceScope(user), groupCode: group ?? null });
    if (format !== 'json') return sendTable(reply, format, allowancesTable(report));
    return labelled(report);
  });

  app.get('/api/allowances/statement/:practiceCode', {
    schema: {
      tags: ['allowances'],
      summary: 'One practice’s allowance statement for a year (JSON, CSV or XLSX)',
      description: 'Each scheme: how the amount is worked out, whether it is earned, and what it still needs. A practice sees only its own.',
      params: z.object({ practiceCode: PracticeCode }),
      querystring: z.object({ year: Year, format: Format }),
      response: { 200: ReportSchema.extend({ practice: PracticeSchema }), 401: ErrorBody, 403: ErrorBody, 404: ErrorBody },
    },
  }, async (request, reply) => {
    const { practiceCode } = request.params;
    // A practice asking for another practice's statement is refused as not found (and audited).
    await authorise(db, request, 'budget.view', { practiceCode, type: 'allowance_statement', id: practiceCode });
    const { year, format } = request.query;
    const statement = await practiceStatement(db, year, practiceCode);
    if (format !== 'json') return sendTable(reply, format, statementTable(statement));
    return { ...labelled(statement), practice: labelPractice(statement.practice) };
  });
};
