/**
 * Groupings' API (issue 7, item 8): user-defined groupings of practices (a locality, a federation,
 * a network, a reviewer's caseload) that the insight pages accept as `grouping=<id>` wherever a
 * practice or group is. Shared groupings are seen by everyone with insight.view and made by those
 * with grouping.manage; anyone else with insight.view keeps private ones, which others cannot see
 * (404). A practice user sees a shared grouping as its size and whether its own practice is in it.
 */
import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Db } from '../../db/database.js';
import { GROUPING_KINDS, MAX_GROUPING_NAME } from '../../domain/insight-groupings/groupings.js';
import { authorise } from '../auth/context.js';
import { sendTable } from '../http/exports.js';
import { ErrorBody } from '../http/schemas.js';
import {
  addMembers, createGrouping, deleteGrouping, groupingPracticesTable, listGroupings, readGrouping, removeMember, updateGrouping,
} from './groupings.js';

const Id = z.coerce.number().int().positive().max(2_147_483_647);
const Kind = z.enum(GROUPING_KINDS);
const Name = z.string().trim().min(1, 'Enter a name for the grouping').max(MAX_GROUPING_NAME, `must be ${MAX_GROUPING_NAME} characters or fewer`);
const Codes = z.array(z.string().max(100)).max(10_000).describe('practice codes; any bad one stops the change, and each is named');
const PracticeCode = z.string().trim().toUpperCase().regex(/^[A-Z][0-9]{5}$/, 'must be a practice code like E82001');

const SummarySchema = z.object({
  id: z.number().int(),
  name: z.string(),
  kind: Kind,
  kindLabel: z.string(),
  shared: z.boolean(),
  owner: z.string().nullable().describe('username of the owner; null for a grouping loaded by the system'),
  mine: z.boolean(),
  memberCount: z.number().int(),
  includesOwnPractice: z.boolean().nullable().describe('for a practice user, whether its own practice is a member; null for others'),
  canChange: z.boolean(),
  createdBy: z.string(),
  createdAt: z.string(),
});
const MemberSchema = z.object({ practiceCode: z.string(), practiceName: z.string(), groupCode: z.string(), groupName: z.string() });
const DetailSchema = SummarySchema.extend({
  members: z.array(MemberSchema).nullable().describe('null for a practice user, who sees peers only under pseudonyms'),
});

const errors = { 401: ErrorBody, 403: ErrorBody, 404: ErrorBody };

export const groupingRoutes = ({ db }: { db: Db }): FastifyPluginAsyncZod => async (app) => {
  app.get('/api/groupings', {
    schema: {
      tags: ['insight'],
      summary: 'The groupings of practices the caller may use: shared ones and its own private ones, with member counts',
      response: { 200: z.array(SummarySchema), 401: ErrorBody, 403: ErrorBody },
    },
  }, async (request) => {
    const user = await authorise(db, request, 'insight.view');
    return listGroupings(db, user);
  });

  app.get('/api/groupings/:id', {
    schema: {
      tags: ['insight'],
      summary: 'One grouping with its member practices (a practice user: the count and whether its own practice is in it)',
      params: z.object({ id: Id }),
      response: { 200: DetailSchema, ...errors },
    },
  }, async (request) => {
    const user = await authorise(db, request, 'insight.view');
    return readGrouping(db, request.params.id, user);
  });

  app.post('/api/groupings', {
    schema: {
      tags: ['insight'],
      summary: 'Create a grouping (audited)',
      description: 'Shared groupings need grouping.manage; anyone else with insight.view (but practices) may keep private ones. Practice codes are checked against the practices the hub knows.',
      body: z.object({ name: Name, kind: Kind.default('custom'), shared: z.boolean().default(false), practiceCodes: Codes.default([]) }),
      response: { 201: DetailSchema, 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 422: ErrorBody },
    },
  }, async (request, reply) => {
    const user = await authorise(db, request, 'insight.view');
    return reply.status(201).send(await createGrouping(db, user, request.body));
  });

  app.put('/api/groupings/:id', {
    schema: {
      tags: ['insight'],
      summary: 'Rename a grouping, change its kind or sharing, or replace its members (audited)',
      description: 'Only what is given changes. The owner may change a grouping; grouping.manage may change a shared one too.',
      params: z.object({ id: Id }),
      body: z.object({ name: Name.optional(), kind: Kind.optional(), shared: z.boolean().optional(), practiceCodes: Codes.optional() })
        .refine((b) => Object.values(b).some((v) => v !== undefined), 'Give at least one of name, kind, shared or practiceCodes'),
      response: { 200: DetailSchema, 400: ErrorBody, ...errors, 422: ErrorBody },
    },
  }, async (request) => {
    const user = await authorise(db, request, 'insight.view');
    return updateGrouping(db, user, request.params.id, request.body);
  });

  app.delete('/api/groupings/:id', {
    schema: {
      tags: ['insight'],
      summary: 'Delete a grouping (audited; the owner, or grouping.manage for a shared one)',
      params: z.object({ id: Id }),
      response: { 204: z.null(), ...errors },
    },
  }, async (request, reply) => {
    const user = await authorise(db, request, 'insight.view');
    await deleteGrouping(db, user, request.params.id);
    return reply.status(204).send(null);
  });

  app.post('/api/groupings/:id/members', {
    schema: {
      tags: ['insight'],
      summary: 'Add practices from a pasted list or CSV of practice codes (audited; all or nothing)',
      description: 'Codes may be separated by commas, semicolons, spaces or new lines; a heading such as practice_code is skipped. Any bad code stops the import and each is named.',
      params: z.object({ id: Id }),
      body: z.object({ codes: z.string().max(200_000, 'must be 200,000 characters or fewer') }),
      response: {
        200: z.object({ added: z.array(z.string()), alreadyMembers: z.array(z.string()), grouping: DetailSchema }),
        400: ErrorBody, ...errors, 422: ErrorBody,
      },
    },
  }, async (request) => {
    const user = await authorise(db, request, 'insight.view');
    return addMembers(db, user, request.params.id, request.body.codes);
  });

  app.delete('/api/groupings/:id/members/:practiceCode', {
    schema: {
      tags: ['insight'],
      summary: 'Take one practice out of a grouping (audited)',
      params: z.object({ id: Id, practiceCode: PracticeCode }),
      response: { 200: DetailSchema, 400: ErrorBody, ...errors },
    },
  }, async (request) => {
    const user = await authorise(db, request, 'insight.view');
    return removeMember(db, user, request.params.id, request.params.practiceCode);
  });

  app.get('/api/groupings/:id/practices', {
    schema: {
      tags: ['insight'],
      summary: 'Download a grouping’s practices (CSV or XLSX); not for practice users',
      params: z.object({ id: Id }),
      querystring: z.object({ format: z.enum(['csv', 'xlsx']).default('csv') }),
      response: errors,
    },
  }, async (request, reply) => {
    const user = await authorise(db, request, 'insight.view');
    return sendTable(reply, request.query.format, await groupingPracticesTable(db, request.params.id, user));
  });
};
