/** Worklists' API (REF-7): counts per list, and a page of one list with filters and sorting. */
import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Db } from '../../db/database.js';
import { PRIORITIES } from '../../domain/referrals/referral.js';
import { STATUSES } from '../../domain/referrals/triage.js';
import { authorise, requireUser } from '../auth/context.js';
import { ErrorBody } from '../http/schemas.js';
import { WORKLIST_NAMES, worklist, worklistCounts } from './worklists.js';

const WorklistCounts = z.object({
  lists: z.array(z.object({ name: z.string(), label: z.string(), count: z.number().int() })),
});

const WorklistRow = z.object({
  id: z.string(), reference: z.string(), receivedAt: z.string(),
  ageWorkingDays: z.number().int().describe('working days since the referral was received (England and Wales bank holidays excepted)'),
  triageDue: z.string().nullable(), overdue: z.boolean(), priority: z.enum(PRIORITIES), tfc: z.string(), tfcName: z.string(),
  patientName: z.string().describe('FAMILY, Given'), nhsNumber: z.string().describe('formatted 3-3-4'),
  practiceCode: z.string(), practiceName: z.string(), status: z.enum(STATUSES), statusLabel: z.string(),
  assignedTo: z.string().nullable(), pathwayMissed: z.number().int().describe('pathway criteria not met'), bookingStatus: z.string().nullable(),
});

const WorklistPage = z.object({
  list: z.string(), label: z.string(), total: z.number().int(), limit: z.number().int(), offset: z.number().int(), rows: z.array(WorklistRow),
});

export const worklistRoutes = ({ db }: { db: Db }): FastifyPluginAsyncZod => async (app) => {
  app.get('/api/worklists', {
    schema: {
      tags: ['referrals'],
      summary: 'How many referrals are on each of your worklists',
      description: 'GP reviewers: awaiting_triage, info_requested, discussed_with_gp, overdue, mine. Referral centre: to_book. '
        + 'Practices: all, and each status, for their own practice only. Other roles have no worklists.',
      response: { 200: WorklistCounts, 401: ErrorBody },
    },
  }, async (request) => ({ lists: await worklistCounts(db, requireUser(request)) }));

  app.get('/api/worklists/:list', {
    schema: {
      tags: ['referrals'],
      summary: 'One worklist: referrals with patient, age in working days and service-level status (audited)',
      params: z.object({ list: z.string().max(40).describe(`one of ${WORKLIST_NAMES.join(', ')}`) }),
      querystring: z.object({
        tfc: z.string().regex(/^\d{3}$/, 'a three-digit treatment function code').optional(),
        priority: z.enum(PRIORITIES).optional(),
        assigned: z.enum(['me', 'unassigned', 'all']).default('all'),
        sort: z.enum(['due', 'received', 'priority']).optional().describe('default: due date for triage lists, received for the others'),
        order: z.enum(['asc', 'desc']).optional().describe('priority ascending is 2ww first'),
        limit: z.coerce.number().int().min(1).max(200).default(50),
        offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
      }),
      response: { 200: WorklistPage, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody },
    },
  }, async (request) => {
    const user = await authorise(db, request, 'patient.view', { type: 'worklist', id: request.params.list });
    return worklist(db, user, request.params.list, request.query);
  });
};
