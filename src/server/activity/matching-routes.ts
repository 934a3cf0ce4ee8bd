/** Referral matching (REF-9) and case finding (ACT-7) over HTTP. */
import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Db } from '../../db/database.js';
import { practiceScope } from '../../domain/access/can.js';
import { authorise } from '../auth/context.js';
import { ErrorBody } from '../http/schemas.js';
import { DEFAULT_MIN_ADMISSIONS, DEFAULT_MONTHS, findFrequentAdmissions } from './case-finding.js';
import { LIST_LIMIT, matchActivityToReferrals, MATCH_WINDOW_DAYS } from './matching.js';

const Year = z.string().regex(/^\d{4}\/\d{2}$/, 'a financial year like 2025/26');
const list = <T extends z.ZodTypeAny>(row: T) => z.object({ total: z.number().int(), rows: z.array(row).describe(`the first ${LIST_LIMIT}`) });

const MatchingReport = z.object({
  year: z.string(), windowDays: z.number().int(), attendances: z.number().int(), matched: z.number().int(),
  matchedById: z.number().int(), matchedByPatient: z.number().int(), matchRate: z.number(),
  byProvider: z.array(z.object({ providerCode: z.string(), providerName: z.string(), attendances: z.number().int(), matched: z.number().int(), matchRate: z.number() })),
  unmatchedAttendances: list(z.object({ providerCode: z.string(), activityId: z.string(), activityDate: z.string(), practiceCode: z.string(), tfc: z.string().nullable(), referralSource: z.string().nullable() })),
  unmatchedReferrals: list(z.object({ id: z.string(), reference: z.string(), practiceCode: z.string(), providerCode: z.string(), tfc: z.string(), receivedAt: z.string(), bookedDate: z.string().nullable() })),
  diagnosisDisagreements: list(z.object({ providerCode: z.string(), activityId: z.string(), activityDate: z.string(), referralReference: z.string(), referralCode: z.string(), trustCode: z.string() })),
});

const CaseFindingList = z.object({
  asOf: z.string(), from: z.string(), minAdmissions: z.number().int(), months: z.number().int(),
  patients: z.array(z.object({
    patient: z.string().describe('the NHS number for the patient’s own practice, otherwise a pseudonymous label'),
    reidentified: z.boolean(), practiceCode: z.string(), practiceName: z.string(), admissions: z.number().int(),
    firstAdmission: z.string(), lastAdmission: z.string(), bedDays: z.number().int(), diagnoses: z.array(z.string()),
    flags: z.array(z.enum(['copd', 'heartFailure', 'falls'])), providers: z.array(z.string()), costPence: z.number().int(),
  })),
});

export const matchingRoutes = ({ db }: { db: Db }): FastifyPluginAsyncZod => async (app) => {
  app.get('/api/activity/matching', {
    schema: {
      tags: ['activity'],
      summary: 'First attendances matched to gateway referrals: match rate, what did not match, and diagnosis disagreements',
      description: `By the gateway's referral id when the provider returned it, else by patient pseudonym, provider, specialty and a ${MATCH_WINDOW_DAYS}-day window. Practices see their own.`,
      querystring: z.object({ year: Year, provider: z.string().max(5).optional(), practice: z.string().max(6).optional() }),
      response: { 200: MatchingReport, 401: ErrorBody, 403: ErrorBody },
    },
  }, async (request) => {
    const user = await authorise(db, request, 'activity.view');
    const { year, provider, practice } = request.query;
    return matchActivityToReferrals(db, { year, providerCode: provider, practiceCode: practiceScope(user) ?? practice });
  });

  app.get('/api/case-finding', {
    schema: {
      tags: ['activity'],
      summary: 'Patients with repeated emergency admissions (audited; re-identified only for their own practice)',
      querystring: z.object({
        minAdmissions: z.coerce.number().int().min(2).max(20).default(DEFAULT_MIN_ADMISSIONS),
        months: z.coerce.number().int().min(1).max(36).default(DEFAULT_MONTHS),
        asOf: z.iso.date().optional(), practice: z.string().max(6).optional(),
      }),
      response: { 200: CaseFindingList, 401: ErrorBody, 403: ErrorBody },
    },
  }, async (request) => {
    const user = await authorise(db, request, 'casefinding.view');
    const { minAdmissions, months, asOf, practice } = request.query;
    return findFrequentAdmissions(db, user, { minAdmissions, months, ...(asOf ? { asOf } : {}), ...(practice ? { practiceCode: practice } : {}) });
  });
};
