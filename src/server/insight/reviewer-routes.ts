/**
 * Practices' feedback on reviewers' decisions, and reviewers' evidence for revalidation (REF-11):
 * - GET/POST /api/referrals/:id/feedback: the referring practice gives (or changes) its feedback
 *   once a reviewer has decided; it and the reviewers who decided can read it.
 * - GET /api/reviewers: the reviewers whose evidence the caller may open (a reviewer: only
 *   themselves), with their decisions in a period.
 * - GET /api/reviewers/:userId/evidence and .../evidence.pdf: one reviewer's evidence over a period.
 */
import { z } from 'zod';
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Db } from '../../db/database.js';
import { HELPFUL, OUTCOMES } from '../../domain/insight-reviewer/evidence.js';
import { recordAudit } from '../audit/audit-log.js';
import { authorise, requireUser } from '../auth/context.js';
import { ErrorBody } from '../http/schemas.js';
import { contentDisposition } from '../referrals/attachment-routes.js';
import { feedbackFor, giveFeedback } from './referral-feedback.js';
import { renderReviewerEvidencePdf } from './reviewer-evidence-pdf.js';
import { defaultPeriod, evidenceFileName, evidenceSubject, listReviewers, reviewerEvidence, type Period } from './reviewer-evidence.js';

const IsoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date written like 2025-04-01')
  .refine((d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)) && new Date(`${d}T00:00:00Z`).toISOString().startsWith(d), 'must be a real date');

/** Revalidation runs over five years; a little more lets a period straddle it. */
const LONGEST_PERIOD_DAYS = 6 * 366;

const PeriodQuery = z.object({ from: IsoDate.optional(), to: IsoDate.optional() })
  .refine((q) => !q.from || !q.to || q.from <= q.to, { path: ['to'], message: 'must be the same as or after the start of the period (from)' })
  .refine((q) => !q.from || !q.to || (Date.parse(q.to) - Date.parse(q.from)) / 86_400_000 < LONGEST_PERIOD_DAYS, { path: ['to'], message: 'must be within six years of from' });

/** A period from the query: both ends, or the twelve months to today; one end alone is filled from the other. */
function periodOf(q: { from?: string; to?: string }): Period {
  const fallback = defaultPeriod(q.to ? new Date(`${q.to}T12:00:00Z`) : undefined);
  return { from: q.from ?? fallback.from, to: q.to ?? (q.from && q.from > fallback.to ? q.from : fallback.to) };
}

const FeedbackSchema = z.object({
  referralId: z.string(), helpful: z.enum(HELPFUL), helpfulLabel: z.string(), comment: z.string(), givenBy: z.string(), givenAt: z.string(),
});
const FeedbackState = z.object({
  referralId: z.string(),
  decided: z.boolean().describe('a GP reviewer has decided, so feedback can be given'),
  canGive: z.boolean().describe('the caller may give or change the feedback now'),
  feedback: FeedbackSchema.nullable(),
});

const Outcome = z.enum(OUTCOMES);
const OutcomeCounts = z.object(Object.fromEntries(OUTCOMES.map((o) => [o, z.number().int()])) as Record<(typeof OUTCOMES)[number], z.ZodNumber>);
const HelpfulCounts = z.object({ yes: z.number().int(), partly: z.number().int(), no: z.number().int() });

const EvidenceSchema = z.object({
  reviewer: z.object({ id: z.number().int(), username: z.string(), displayName: z.string() }),
  period: z.object({ from: z.string(), to: z.string() }),
  generatedAt: z.string(),
  serviceLevelDays: z.number().int().describe('the triage service level in working days, as the worklists use it'),
  clock: z.string().describe('how turnaround is counted'),
  decisions: z.number().int().describe('triage decisions the reviewer recorded in the period'),
  referrals: z.number().int().describe('distinct referrals those decisions were on'),
  byOutcome: z.array(z.object({ outcome: Outcome, label: z.string(), count: z.number().int(), share: z.number().nullable(), percent: z.number().int().describe('whole percentages adding up to 100') })),
  bySpecialty: z.array(z.object({
    tfc: z.string(), name: z.string(), decisions: z.number().int(), byOutcome: OutcomeCounts, medianWorkingDays: z.number().nullable(), withinServiceLevel: z.number().int(),
  })),
  turnaround: z.object({
    medianWorkingDays: z.number().nullable(),
    p90WorkingDays: z.number().nullable().describe('nearest-rank 90th percentile'),
    withinServiceLevel: z.number().int(),
    withinShare: z.number().nullable(),
    withinPercent: z.number().int().nullable(),
    distribution: z.array(z.object({ label: z.string(), workingDays: z.number().int(), orMore: z.boolean(), count: z.number().int() })),
  }),
  recategorisations: z.object({ total: z.number().int(), specialtyChanged: z.number().int(), codeChanged: z.number().int() }),
  changedByAnotherReviewer: z.object({ count: z.number().int(), share: z.number().nullable(), percent: z.number().int().nullable() }),
  feedback: z.object({
    total: z.number().int(), counts: HelpfulCounts, percents: HelpfulCounts,
    comments: z.array(z.object({
      referralId: z.string(), reference: z.string(), givenOn: z.string(), specialty: z.string(), outcome: Outcome, outcomeLabel: z.string(),
      helpful: z.enum(HELPFUL), helpfulLabel: z.string(), comment: z.string().describe('with patient identifiers taken out'),
    })),
  }),
  statement: z.string().describe('a short statement for the appraiser'),
});

const UserParams = z.object({ userId: z.coerce.number().int().positive().max(2_147_483_647) });
const ReferralParams = z.object({ id: z.string().max(40) });

export const reviewerEvidenceRoutes = ({ db }: { db: Db }): FastifyPluginAsyncZod => async (app) => {
  app.get('/api/referrals/:id/feedback', {
    schema: {
      tags: ['referrals'],
      summary: 'The practice’s feedback on the reviewer’s decision (the referring practice, and the reviewers who decided)',
      params: ReferralParams,
      response: { 200: FeedbackState, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody },
    },
  }, async (request) => feedbackFor(db, requireUser(request), request.params.id));

  app.post('/api/referrals/:id/feedback', {
    schema: {
      tags: ['referrals'],
      summary: 'Give or change the practice’s feedback on the reviewer’s decision (audited)',
      description: 'Only a user of the referring practice, once a reviewer has decided (forwarded, diverted, returned with advice, asked for information '
        + 'or discussed with the GP). One per referral: giving it again replaces it (200), and the audit log keeps what it said before.',
      params: ReferralParams,
      body: z.object({
        helpful: z.enum(HELPFUL, { error: 'must be yes, partly or no' }),
        comment: z.string().max(2000, 'must be 2,000 characters or fewer').default(''),
      }),
      response: { 200: FeedbackSchema, 201: FeedbackSchema, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody },
    },
  }, async (request, reply) => {
    const { feedback, created } = await giveFeedback(db, requireUser(request), request.params.id, request.body);
    return reply.status(created ? 201 : 200).send(feedback);
  });

  app.get('/api/reviewers', {
    schema: {
      tags: ['reviewers'],
      summary: 'The reviewers whose evidence you may see, with their triage decisions in a period (a reviewer: only themselves)',
      querystring: PeriodQuery,
      response: {
        200: z.object({ period: z.object({ from: z.string(), to: z.string() }), reviewers: z.array(z.object({ id: z.number().int(), username: z.string(), displayName: z.string(), decisions: z.number().int() })) }),
        400: ErrorBody, 401: ErrorBody, 403: ErrorBody,
      },
    },
  }, async (request) => {
    const user = await authorise(db, request, 'reviewer.evidence');
    const period = periodOf(request.query);
    return { period, reviewers: await listReviewers(db, user, period) };
  });

  const evidence = async (request: FastifyRequest, userId: number, query: { from?: string; to?: string }, format: 'json' | 'pdf') => {
    const user = await authorise(db, request, 'reviewer.evidence', { type: 'reviewer', id: String(userId) });
    const subject = await evidenceSubject(db, user, userId);
    const period = periodOf(query);
    const result = await reviewerEvidence(db, subject, period);
    await recordAudit(db, { actor: user.username, action: 'reviewer.evidence', entityType: 'reviewer', entityId: String(subject.id), details: { ...period, format } });
    return result;
  };

  app.get('/api/reviewers/:userId/evidence', {
    schema: {
      tags: ['reviewers'],
      summary: 'A reviewer’s evidence for revalidation over a period (REF-11; a reviewer: their own; audited)',
      description: 'Decisions by outcome and specialty, turnaround against the service level, re-categorisations, decisions later changed by another reviewer, '
        + 'practices’ feedback with comments, and a statement for the appraiser. No patient-identifiable data. The period defaults to the twelve months to today.',
      params: UserParams,
      querystring: PeriodQuery,
      response: { 200: EvidenceSchema, 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody },
    },
  }, async (request) => evidence(request, request.params.userId, request.query, 'json'));

  app.get('/api/reviewers/:userId/evidence.pdf', {
    schema: {
      tags: ['reviewers'],
      summary: 'A reviewer’s evidence for revalidation as an A4 PDF laid out for printing (a reviewer: their own; audited)',
      produces: ['application/pdf'],
      params: UserParams,
      querystring: PeriodQuery,
      response: { 200: z.any().describe('the PDF'), 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody },
    },
  }, async (request, reply) => {
    const result = await evidence(request, request.params.userId, request.query, 'pdf');
    const pdf = await renderReviewerEvidencePdf(result);
    return reply.type('application/pdf')
      .header('content-disposition', contentDisposition('attachment', evidenceFileName(result)))
      .header('cache-control', 'no-store')
      .send(pdf);
  });
};
