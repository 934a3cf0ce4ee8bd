/** The referral gateway's JSON API: submit, read, search, decide. FHIR lives in ../fhir. */
import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Db } from '../../db/database.js';
import { CODE_SYSTEMS } from '../../domain/codes/clinical-codes.js';
import { requireUser } from '../auth/context.js';
import { ErrorBody } from '../http/schemas.js';
import { approvePrior, assign, decide, recategorise, recordContact } from './decisions.js';
import { DecisionSchema, IdParams, ReferralInputSchema, ReferralViewSchema } from './schemas.js';
import { getReferral, searchReferrals, submitReferral } from './service.js';

export const referralRoutes = ({ db }: { db: Db }): FastifyPluginAsyncZod => async (app) => {
  app.post('/api/referrals', {
    schema: {
      tags: ['referrals'], summary: 'Send a referral through the gateway (idempotent by externalId or Idempotency-Key)',
      body: ReferralInputSchema,
      headers: z.object({ 'idempotency-key': z.string().max(100).optional() }).passthrough(),
      response: { 200: ReferralViewSchema, 201: ReferralViewSchema, 403: ErrorBody, 422: ErrorBody },
    },
  }, async (request, reply) => {
    const user = requireUser(request);
    const { referral, created } = await submitReferral(db, user, request.body, { source: 'web', idempotencyKey: request.headers['idempotency-key'] ?? null });
    return reply.status(created ? 201 : 200).header('location', `/api/referrals/${referral.id}`).send(referral);
  });

  app.get('/api/referrals', {
    schema: {
      tags: ['referrals'], summary: 'Search referrals you may see (audited)',
      querystring: z.object({
        nhsNumber: z.string().max(20).optional(), status: z.string().max(200).optional(), practiceCode: z.string().max(10).optional(),
        from: z.iso.date().optional(), to: z.iso.date().optional(), limit: z.coerce.number().int().min(1).max(200).optional(),
      }),
      response: { 200: z.array(ReferralViewSchema) },
    },
  }, async (request) => {
    const { status, ...rest } = request.query;
    return searchReferrals(db, requireUser(request), { ...rest, status: status?.split(',').filter(Boolean) });
  });

  app.get('/api/referrals/:id', {
    schema: { tags: ['referrals'], summary: 'One referral with its pathway check and history (audited)', params: IdParams, response: { 200: ReferralViewSchema, 404: ErrorBody } },
  }, async (request) => getReferral(db, requireUser(request), request.params.id));

  app.post('/api/referrals/:id/decisions', {
    schema: {
      tags: ['referrals'], summary: 'Triage or booking decision (send the version you saw: 409 if someone else changed it)',
      params: IdParams, body: DecisionSchema, response: { 200: ReferralViewSchema, 409: ErrorBody, 422: ErrorBody },
    },
  }, async (request) => decide(db, requireUser(request), request.params.id, request.body));

  app.post('/api/referrals/:id/recategorise', {
    schema: {
      tags: ['referrals'], summary: 'Correct the specialty or clinical code, keeping the original',
      params: IdParams,
      body: z.object({ version: z.number().int(), tfc: z.string().max(3).optional(), reasonSystem: z.enum(CODE_SYSTEMS).optional(), reasonCode: z.string().max(20).optional(), reason: z.string().max(2000) }),
      response: { 200: ReferralViewSchema, 409: ErrorBody, 422: ErrorBody },
    },
  }, async (request) => recategorise(db, requireUser(request), request.params.id, request.body));

  app.post('/api/referrals/:id/assignment', {
    schema: {
      tags: ['referrals'], summary: 'Assign to a reviewer, or release (reviewer: null)',
      params: IdParams, body: z.object({ version: z.number().int(), reviewer: z.string().max(63).nullable() }),
      response: { 200: ReferralViewSchema, 409: ErrorBody, 422: ErrorBody },
    },
  }, async (request) => assign(db, requireUser(request), request.params.id, request.body));

  app.post('/api/referrals/:id/prior-approval', {
    schema: {
      tags: ['referrals'], summary: 'Record the prior approval of a listed procedure',
      params: IdParams, body: z.object({ version: z.number().int(), approvalReference: z.string().max(60), reason: z.string().max(2000).default('') }),
      response: { 200: ReferralViewSchema, 409: ErrorBody, 422: ErrorBody },
    },
  }, async (request) => approvePrior(db, requireUser(request), request.params.id, request.body));

  app.post('/api/referrals/:id/contacts', {
    schema: {
      tags: ['referrals'], summary: 'Record a contact attempt with the patient (booking support)',
      params: IdParams,
      body: z.object({ version: z.number().int(), method: z.enum(['phone', 'letter', 'email', 'text', 'in_person']), outcome: z.string().max(500), note: z.string().max(2000).optional(), patientWillBook: z.boolean().optional() }),
      response: { 200: ReferralViewSchema, 409: ErrorBody, 422: ErrorBody },
    },
  }, async (request) => recordContact(db, requireUser(request), request.params.id, request.body));
};
