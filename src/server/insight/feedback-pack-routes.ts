/**
 * Practices' monthly feedback packs (REF-8, issue 7 §3):
 * - GET /api/insight/practices/:code/feedback-pack[.pdf]?month=YYYY-MM: one practice's pack, worked
 *   out now, as JSON (the page) or an A4 PDF. A practice user: only its own (another practice's is
 *   404); commissioner, finance, board (and admin) any practice. Every view is audited.
 * - POST /api/insight/feedback-packs {month}: every practice's pack for the month, generated in the
 *   background (pack.generate); GET /api/insight/feedback-packs (runs), GET .../:runId (progress and
 *   the practices done), POST .../:runId/cancel.
 * - GET /api/insight/feedback-packs/:runId/:practiceCode.pdf: a stored pack (a practice user: its own).
 */
import { z } from 'zod';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Db } from '../../db/database.js';
import { practiceScope } from '../../domain/access/can.js';
import { TRIAGE_OUTCOMES } from '../../domain/insight-pack/pack.js';
import { recordAudit } from '../audit/audit-log.js';
import { authorise } from '../auth/context.js';
import { HttpError, notFound } from '../http/errors.js';
import { ErrorBody } from '../http/schemas.js';
import { contentDisposition } from '../referrals/attachment-routes.js';
import { lastWholeMonth } from './comparison.js';
import { feedbackPack, type FeedbackPack } from './feedback-pack.js';
import { packFileName, renderFeedbackPackPdf } from './feedback-pack-pdf.js';
import { feedbackPackJobs, findRun, listRuns, runPractices, storedPack } from './feedback-pack-job.js';

const currentMonth = () => new Date().toISOString().slice(0, 7);
const Month = z.string().regex(/^20\d{2}-(0[1-9]|1[0-2])$/, 'must be a month written like 2025-04')
  .refine((m) => m <= currentMonth(), 'must not be after this month');
const PracticeCode = z.string().regex(/^[A-Z][0-9]{5}$/, 'must be a practice code like E82001');
const RunId = z.coerce.number().int().positive().max(2_147_483_647);

const Spread = z.object({
  median: z.number().nullable(), p10: z.number().nullable(), p90: z.number().nullable(), min: z.number().nullable(), max: z.number().nullable(),
  practices: z.number().int().describe('peers with a rate'),
});
const RateFigure = z.object({
  tfc: z.string().nullable(), name: z.string(), observed: z.number().int(), expected: z.number(),
  rate: z.number().nullable().describe('standardised rate per 1,000 when the measure is standardised'), crudeRate: z.number().nullable(),
  position: z.string().describe('funnel position'), positionWords: z.string(), peers: Spread,
});
const PackSchema = z.object({
  practice: z.object({ code: z.string(), name: z.string(), groupCode: z.string() }),
  month: z.string(), monthLabel: z.string(), generatedAt: z.string(),
  peers: z.object({ practices: z.number().int(), description: z.string() }),
  standsOut: z.array(z.string()),
  referrals: z.object({
    measure: z.object({ code: z.string(), name: z.string(), per: z.number(), standardised: z.boolean() }),
    method: z.string(), total: RateFigure, bySpecialty: z.array(RateFigure),
  }),
  trend: z.array(z.object({
    month: z.string(), label: z.string(), observed: z.number().int(), rate: z.number().nullable(),
    peerMedian: z.number().nullable(), peerP10: z.number().nullable(), peerP90: z.number().nullable(),
  })),
  triage: z.object({
    total: z.number().int(),
    outcomes: z.array(z.object({ outcome: z.enum(TRIAGE_OUTCOMES), label: z.string(), count: z.number().int(), share: z.number().nullable(), peerShare: z.number().nullable() })),
  }),
  criteria: z.array(z.object({
    pathwayCode: z.string(), pathwayName: z.string(), criterionId: z.string(), label: z.string(),
    missed: z.number().int(), assessed: z.number().int(), share: z.number(), peerShare: z.number().nullable(),
  })),
  activity: z.object({
    attendances: z.number().int(), matched: z.number().int(), matchRate: z.number().nullable(), peerMatchRate: z.number().nullable(),
    matchedCostPence: z.number().int(), unmatchedCostPence: z.number().int(), costPence: z.number().int(),
    byPod: z.array(z.object({ pod: z.string(), lines: z.number().int(), costPence: z.number().int() })),
  }),
  budget: z.object({
    year: z.string(), period: z.string().nullable(), note: z.string(),
    figures: z.object({
      yearBudgetPence: z.number().int(), ytdBudgetPence: z.number().int(), ytdSpendPence: z.number().int(), variancePence: z.number().int(),
      variancePercent: z.number().nullable(), rag: z.string(), forecastPence: z.number().int().nullable(), forecastVariancePence: z.number().int().nullable(),
    }).nullable(),
  }),
});

const RunSchema = z.object({
  id: z.number().int(), month: z.string(), status: z.enum(['running', 'finished', 'failed', 'cancelled']),
  practices: z.number().int(), done: z.number().int(), error: z.string().nullable(),
  startedBy: z.string(), startedAt: z.string(), finishedAt: z.string().nullable(),
});

/** Who may see a practice's pack: a practice user its own; commissioner, finance, board and admin any. */
async function authorisePack(db: Db, request: FastifyRequest, practiceCode: string) {
  const resource = { practiceCode, type: 'practice', id: practiceCode };
  await authorise(db, request, 'insight.view', resource);
  // The pack shows budgets and spend: only those who may see them (not reviewers).
  return authorise(db, request, 'budget.view', resource);
}

function sendPdf(reply: FastifyReply, pdf: Buffer, fileName: string) {
  return reply.type('application/pdf')
    .header('content-disposition', contentDisposition('attachment', fileName))
    .header('cache-control', 'no-store')
    .send(pdf);
}

export const feedbackPackRoutes = ({ db }: { db: Db }): FastifyPluginAsyncZod => async (app) => {
  const jobs = feedbackPackJobs(db);
  app.addHook('onClose', async () => jobs.close());

  const pack = async (request: FastifyRequest, code: string, month: string | undefined, format: 'json' | 'pdf'): Promise<FeedbackPack> => {
    const user = await authorisePack(db, request, code);
    const m = month ?? lastWholeMonth();
    const result = await feedbackPack(db, user, code, m);
    await recordAudit(db, { actor: user.username, action: 'feedback_pack.view', entityType: 'practice', entityId: code, details: { month: m, format } });
    return result;
  };

  const PackParams = z.object({ code: PracticeCode });
  const PackQuery = z.object({ month: Month.optional() });

  app.get('/api/insight/practices/:code/feedback-pack', {
    schema: {
      tags: ['insight'],
      summary: 'A practice’s feedback pack for a month (REF-8; a practice: its own; audited)',
      description: 'Referrals per 1,000 by specialty against the peers’ median and range (standardised), the 12-month trend, triage outcomes with shares against all '
        + 'practices’, the pathway criteria most often missed, first attendances matched to referrals and their cost, the budget position, and what stands out. '
        + 'Peers are never named. The month defaults to the last whole month.',
      params: PackParams, querystring: PackQuery,
      response: { 200: PackSchema, 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 422: ErrorBody },
    },
  }, async (request) => pack(request, request.params.code, request.query.month, 'json'));

  app.get('/api/insight/practices/:code/feedback-pack.pdf', {
    schema: {
      tags: ['insight'],
      summary: 'A practice’s feedback pack as an A4 PDF laid out for printing (a practice: its own; audited)',
      produces: ['application/pdf'],
      params: PackParams, querystring: PackQuery,
      response: { 200: z.any().describe('the PDF'), 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 422: ErrorBody },
    },
  }, async (request, reply) => {
    const result = await pack(request, request.params.code, request.query.month, 'pdf');
    return sendPdf(reply, await renderFeedbackPackPdf(result), packFileName(result));
  });

  app.post('/api/insight/feedback-packs', {
    schema: {
      tags: ['insight'],
      summary: 'Generate every practice’s feedback pack for a month in the background (pack.generate; audited)',
      description: 'Answers 202 with the run; follow its progress with GET /api/insight/feedback-packs/{runId}. One run at a time (409 while one is running).',
      body: z.object({ month: Month }),
      response: { 202: RunSchema, 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 409: ErrorBody, 422: ErrorBody },
    },
  }, async (request, reply) => {
    const user = await authorise(db, request, 'pack.generate');
    return reply.status(202).send(await jobs.start(user, request.body.month));
  });

  app.get('/api/insight/feedback-packs', {
    schema: {
      tags: ['insight'],
      summary: 'Runs of the feedback packs, latest first (pack.generate)',
      response: { 200: z.object({ runs: z.array(RunSchema) }), 401: ErrorBody, 403: ErrorBody },
    },
  }, async (request) => {
    await authorise(db, request, 'pack.generate');
    return { runs: await listRuns(db) };
  });

  app.get('/api/insight/feedback-packs/:runId', {
    schema: {
      tags: ['insight'],
      summary: 'One run: its progress, and the practices whose pack it has stored (pack.generate)',
      params: z.object({ runId: RunId }),
      response: { 200: RunSchema.extend({ packs: z.array(z.object({ code: z.string(), name: z.string() })) }), 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody },
    },
  }, async (request) => {
    await authorise(db, request, 'pack.generate');
    const run = await findRun(db, request.params.runId);
    const codes = await runPractices(db, run.id);
    const names = codes.length
      ? new Map((await db.selectFrom('practice').select(['code', 'name']).where('code', 'in', codes).execute()).map((p) => [p.code, p.name]))
      : new Map<string, string>();
    return { ...run, packs: codes.map((code) => ({ code, name: names.get(code) ?? code })) };
  });

  app.post('/api/insight/feedback-packs/:runId/cancel', {
    schema: {
      tags: ['insight'],
      summary: 'Cancel a running run: no more packs are generated; those stored stay (pack.generate; audited)',
      params: z.object({ runId: RunId }),
      response: { 200: RunSchema, 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody },
    },
  }, async (request) => {
    const user = await authorise(db, request, 'pack.generate');
    return jobs.cancel(user, request.params.runId);
  });

  app.get('/api/insight/feedback-packs/:runId/:file', {
    schema: {
      tags: ['insight'],
      summary: 'A stored pack’s PDF, e.g. …/12/E82001.pdf (a practice: its own, once generated; audited)',
      produces: ['application/pdf'],
      params: z.object({ runId: RunId, file: z.string().regex(/^[A-Z][0-9]{5}\.pdf$/, 'must be a practice code and .pdf, like E82001.pdf') }),
      response: { 200: z.any().describe('the PDF'), 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody },
    },
  }, async (request, reply) => {
    const code = request.params.file.slice(0, -4);
    const user = await authorisePack(db, request, code);
    const scope = practiceScope(user);
    if (scope !== null && scope !== code) throw notFound();
    const run = await findRun(db, request.params.runId);
    const pdf = await storedPack(db, run.id, code);
    if (!pdf) throw new HttpError(404, 'not_found', `The run ${run.id} has not generated the pack of ${code}${run.status === 'running' ? ' yet' : ''}.`);
    await recordAudit(db, { actor: user.username, action: 'feedback_pack.view', entityType: 'practice', entityId: code, details: { month: run.month, format: 'pdf', runId: run.id } });
    return sendPdf(reply, pdf, `feedback-pack-${code}-${run.month}.pdf`);
  });
};
