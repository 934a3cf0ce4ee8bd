/**
 * Challenges' API (ACT-6): list and total them, record decisions, re-run the rules for a provider
 * month, and download the challenge schedule a provider is sent (CSV or XLSX).
 */
import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Db } from '../../db/database.js';
import { practiceScope } from '../../domain/access/can.js';
import { recordAudit } from '../audit/audit-log.js';
import { authorise } from '../auth/context.js';
import { notFound } from '../http/errors.js';
import { EXPORT_FORMATS, sendTable } from '../http/exports.js';
import { ErrorBody } from '../http/schemas.js';
import {
  CHALLENGE_RULES, CHALLENGE_STATUSES, challengeSchedule, challengeTotals, listChallenges, runChallengeRules, scheduleTable, setChallengeStatus,
} from './challenges.js';

const Year = z.string().regex(/^\d{4}\/\d{2}$/, 'must be a financial year written like 2025/26');
const Month = z.coerce.number().int().min(1).max(12).describe('month of the financial year, 1 = April');
const ProviderCode = z.string().trim().min(1).max(10);
const Rule = z.enum(CHALLENGE_RULES);
const Status = z.enum(CHALLENGE_STATUSES);

const ChallengeSchema = z.object({
  id: z.number().int(),
  rule: Rule,
  ruleLabel: z.string(),
  providerCode: z.string(),
  providerName: z.string(),
  year: z.string(),
  month: z.number().int(),
  monthLabel: z.string().describe('e.g. Oct 2025'),
  activityId: z.string().nullable().describe('the provider’s line id; null for a month’s follow-ups (follow_up_ratio)'),
  practiceCode: z.string().nullable(),
  practiceName: z.string().nullable(),
  tfc: z.string(),
  tfcName: z.string().nullable(),
  line: z.object({
    pod: z.string(), hrg: z.string().nullable(), activityDate: z.string(), dischargeDate: z.string().nullable(),
    patientPseudo: z.string().describe('the installation’s keyed pseudonym, never the NHS number'),
    primaryDiagnosis: z.string().nullable(), primaryProcedure: z.string().nullable(), referralSource: z.string().nullable(),
  }).nullable().describe('the line challenged, while it is still stored'),
  valuePence: z.number().int(),
  detail: z.record(z.string(), z.unknown()).describe('what the rule found: the first copy, the ratio and cap, the earlier discharge…'),
  status: Status,
  statusLabel: z.string(),
  notes: z.string(),
  updatedBy: z.string().nullable(),
  updatedAt: z.string().nullable(),
});

const TotalSchema = z.object({ rule: Rule, ruleLabel: z.string(), count: z.number().int(), valuePence: z.number().int() });

const ListQuery = z.object({
  provider: ProviderCode.optional(),
  year: Year.optional(),
  month: Month.optional(),
  rule: Rule.optional(),
  status: Status.optional(),
  limit: z.coerce.number().int().min(1).max(5000).default(500),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
});

const ScheduleQuery = z.object({ provider: ProviderCode, year: Year, month: Month });

const ScopeBody = z.object({ providerCode: ProviderCode, year: Year, month: z.number().int().min(1).max(12) });

export const challengeRoutes = ({ db }: { db: Db }): FastifyPluginAsyncZod => async (app) => {
  app.get('/api/challenges', {
    schema: {
      tags: ['challenges'],
      summary: 'Challenges raised against providers’ activity, with their value and totals per rule',
      description: 'Patients appear only as pseudonyms. A practice sees only challenges on its own lines (not a month’s follow-up ratio). '
        + '`total` counts every match; `rows` is one page of them.',
      querystring: ListQuery,
      response: {
        200: z.object({ total: z.number().int(), limit: z.number().int(), offset: z.number().int(), totals: z.array(TotalSchema), rows: z.array(ChallengeSchema) }),
        401: ErrorBody, 403: ErrorBody,
      },
    },
  }, async (request) => {
    const user = await authorise(db, request, 'activity.view');
    const q = request.query;
    const filters = { providerCode: q.provider, year: q.year, month: q.month, rule: q.rule, status: q.status, practiceCode: practiceScope(user) };
    const [totals, rows] = await Promise.all([challengeTotals(db, filters), listChallenges(db, { ...filters, limit: q.limit, offset: q.offset })]);
    return { total: totals.reduce((n, t) => n + t.count, 0), limit: q.limit, offset: q.offset, totals, rows };
  });

  app.post('/api/challenges/:id/status', {
    schema: {
      tags: ['challenges'],
      summary: 'Accept, withdraw, agree or re-open a challenge (audited; notes required except to re-open)',
      params: z.object({ id: z.coerce.number().int().positive() }),
      body: z.object({ status: Status, notes: z.string().max(4000).default('') }),
      response: { 200: ChallengeSchema, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 422: ErrorBody },
    },
  }, async (request) => {
    const user = await authorise(db, request, 'challenge.manage', { type: 'challenge', id: String(request.params.id) });
    return setChallengeStatus(db, user, request.params.id, request.body);
  });

  for (const format of EXPORT_FORMATS) {
    app.get(`/api/challenges/schedule.${format}`, {
      schema: {
        tags: ['challenges'],
        summary: `The challenge schedule of a provider month as ${format.toUpperCase()}`,
        description: 'Rule, activity id, date, practice, specialty, point of delivery, value, status and notes of each challenge, '
          + 'and a total of those not withdrawn. A practice gets only its own lines.',
        querystring: ScheduleQuery,
        response: { 401: ErrorBody, 403: ErrorBody, 404: ErrorBody },
      },
    }, async (request, reply) => {
      const user = await authorise(db, request, 'activity.view');
      const { provider, year, month } = request.query;
      const found = await db.selectFrom('provider').select(['code', 'name']).where('code', '=', provider).executeTakeFirst();
      if (!found) throw notFound(`The provider ${provider}`);
      const rows = await challengeSchedule(db, { providerCode: found.code, year, month, practiceCode: practiceScope(user) });
      return sendTable(reply, format, scheduleTable(rows, { providerCode: found.code, providerName: found.name, year, month }));
    });
  }

  app.post('/api/challenges/run', {
    schema: {
      tags: ['challenges'],
      summary: 'Run the challenge rules again for a provider month (after a correction, a late referral or approval)',
      description: 'Idempotent: decisions already recorded are kept; open challenges the rules no longer find are removed.',
      body: ScopeBody,
      response: {
        200: z.object({ providerCode: z.string(), year: z.string(), month: z.number().int(), counts: z.record(Rule, z.number().int()) }),
        401: ErrorBody, 403: ErrorBody, 404: ErrorBody,
      },
    },
  }, async (request) => {
    const user = await authorise(db, request, 'challenge.manage');
    const { providerCode, year, month } = request.body;
    const found = await db.selectFrom('provider').select('code').where('code', '=', providerCode).executeTakeFirst();
    if (!found) throw notFound(`The provider ${providerCode}`);
    const counts = await db.transaction().execute(async (tx) => {
      const result = await runChallengeRules(tx, [{ providerCode, year, month }]);
      await recordAudit(tx, {
        actor: user.username, action: 'challenge.run', entityType: 'provider_month', entityId: `${providerCode} ${year} ${month}`, details: { counts: result },
      });
      return result;
    });
    return { providerCode, year, month, counts };
  });
};
