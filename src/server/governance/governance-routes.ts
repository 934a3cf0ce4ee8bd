/**
 * Governance's API under /api/governance (ORG-3 to ORG-6): bodies, members and meetings; the
 * delegation level of each function; the register of declarations of interest; the decisions log
 * with votes and recusals. Everyone may read (governance.read); bodies, members, meetings and
 * delegation need governance.manage; anyone may declare their own interests (interest.declare);
 * decisions and votes need decision.record. The register, the members and the log export as CSV or XLSX.
 */
import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Db } from '../../db/database.js';
import { BODY_KINDS } from '../../domain/governance/bodies.js';
import { authorise } from '../auth/context.js';
import { sendTable } from '../http/exports.js';
import { ErrorBody } from '../http/schemas.js';
import { addMeeting, addMember, bodyDetail, createBody, listBodies, memberExportRows, membersTable, removeMember, updateBody, updateMeeting, updateMember } from './bodies.js';
import { decisionDetail, decisionsLog, decisionsTable, meetingDetail, recordDecision, recordVote, summaryOf } from './decisions.js';
import { declarationRegister, declareInterest, endDeclaration, registerTable } from './declarations.js';
import { delegationTable, setDelegation } from './delegation-levels.js';
import {
  BodyBody, BodyDetailSchema, BodySummarySchema, DecisionBody, DecisionDetailSchema, DecisionSummarySchema, DeclarationSchema, DeclareBody, DelegationSchema,
  Format, FunctionLevelSchema, GroupCode, Id, IsoDate, MeetingBody, MeetingDetailSchema, MeetingSchema, MemberBody, MemberSchema, SubjectKind, VoteBody,
} from './schemas.js';

const tags = ['governance'];
const errors = { 401: ErrorBody, 403: ErrorBody, 404: ErrorBody };
const changeErrors = { ...errors, 409: ErrorBody, 422: ErrorBody };

export const governanceBodyRoutes = ({ db }: { db: Db }): FastifyPluginAsyncZod => async (app) => {
  // ── Bodies, members, meetings (ORG-3) ─────────────────────────────────────────────────────────

  app.get('/api/governance/bodies', {
    schema: {
      tags, summary: 'A group’s governance bodies (or every group’s): members, next meeting, and the council’s practices without a member',
      querystring: z.object({ group: GroupCode.optional() }),
      response: { 200: z.array(BodySummarySchema), ...errors },
    },
  }, async (request) => {
    await authorise(db, request, 'governance.read');
    return listBodies(db, request.query.group ?? null);
  });

  app.post('/api/governance/bodies', {
    schema: {
      tags, summary: 'Add a body to a group (audited)',
      body: BodyBody.extend({ groupCode: GroupCode, kind: z.enum(BODY_KINDS) }),
      response: { 201: BodyDetailSchema, ...changeErrors },
    },
  }, async (request, reply) => {
    const user = await authorise(db, request, 'governance.manage');
    return reply.status(201).send(await createBody(db, user, request.body));
  });

  app.get('/api/governance/bodies/:id', {
    schema: {
      tags, summary: 'One body: its members (terms, sessions, declarations in force), meetings, and the group’s practices',
      params: z.object({ id: Id }),
      response: { 200: BodyDetailSchema, ...errors },
    },
  }, async (request) => {
    await authorise(db, request, 'governance.read');
    return bodyDetail(db, request.params.id);
  });

  app.put('/api/governance/bodies/:id', {
    schema: { tags, summary: 'Change a body’s name, cadence or terms of reference (audited)', params: z.object({ id: Id }), body: BodyBody, response: { 200: BodyDetailSchema, ...changeErrors } },
  }, async (request) => {
    const user = await authorise(db, request, 'governance.manage');
    return updateBody(db, user, request.params.id, request.body);
  });

  app.post('/api/governance/bodies/:id/members', {
    schema: {
      tags, summary: 'Add a member to a body (audited)',
      description: 'On the council a member represents one practice of the group, and a practice has one member at a time: a second for an overlapping term is refused (409) naming the practice.',
      params: z.object({ id: Id }), body: MemberBody, response: { 201: MemberSchema, ...changeErrors },
    },
  }, async (request, reply) => {
    const user = await authorise(db, request, 'governance.manage');
    return reply.status(201).send(await addMember(db, user, request.params.id, request.body));
  });

  app.put('/api/governance/members/:id', {
    schema: { tags, summary: 'Change a member: role, term, practice, sessions, linked account (audited)', params: z.object({ id: Id }), body: MemberBody, response: { 200: MemberSchema, ...changeErrors } },
  }, async (request) => {
    const user = await authorise(db, request, 'governance.manage');
    return updateMember(db, user, request.params.id, request.body);
  });

  app.delete('/api/governance/members/:id', {
    schema: {
      tags, summary: 'Remove a member entered in error (audited)', description: 'A member with votes or declarations on record stays: end their term instead (409).',
      params: z.object({ id: Id }), response: { 204: z.null(), ...changeErrors },
    },
  }, async (request, reply) => {
    const user = await authorise(db, request, 'governance.manage');
    await removeMember(db, user, request.params.id);
    return reply.status(204).send(null);
  });

  app.get('/api/governance/members', {
    schema: {
      tags, summary: 'Every member of a group’s bodies (or every group’s), as JSON, CSV or XLSX',
      querystring: z.object({ group: GroupCode.optional(), format: Format }),
      response: { 200: z.array(z.object({ body: BodySummarySchema, member: MemberSchema })), ...errors },
    },
  }, async (request, reply) => {
    await authorise(db, request, 'governance.read');
    const { group, format } = request.query;
    const rows = await memberExportRows(db, group ?? null);
    if (format !== 'json') return sendTable(reply, format, membersTable(rows, group ?? 'all-groups'));
    return rows;
  });

  app.post('/api/governance/bodies/:id/meetings', {
    schema: { tags, summary: 'Add a meeting of a body (audited)', params: z.object({ id: Id }), body: MeetingBody, response: { 201: MeetingSchema, ...changeErrors } },
  }, async (request, reply) => {
    const user = await authorise(db, request, 'governance.manage');
    return reply.status(201).send(await addMeeting(db, user, request.params.id, request.body));
  });

  app.get('/api/governance/meetings/:id', {
    schema: {
      tags, summary: 'A meeting: its decisions, the declarations of members that conflict with them, and every declaration in force of its members',
      params: z.object({ id: Id }), response: { 200: MeetingDetailSchema, ...errors },
    },
  }, async (request) => {
    await authorise(db, request, 'governance.read');
    return meetingDetail(db, request.params.id);
  });

  app.put('/api/governance/meetings/:id', {
    schema: { tags, summary: 'Change a meeting: date, title, location, status, notes (audited)', params: z.object({ id: Id }), body: MeetingBody, response: { 200: MeetingSchema, ...changeErrors } },
  }, async (request) => {
    const user = await authorise(db, request, 'governance.manage');
    return updateMeeting(db, user, request.params.id, request.body);
  });

  // ── Delegation (ORG-4) ────────────────────────────────────────────────────────────────────────

  app.get('/api/governance/delegation', {
    schema: {
      tags, summary: 'The co-commissioning level of each function for a group (A advisory, B joint, C delegated; A when not set) and who approves',
      querystring: z.object({ group: GroupCode }), response: { 200: DelegationSchema, ...errors },
    },
  }, async (request) => {
    await authorise(db, request, 'governance.read');
    return delegationTable(db, request.query.group);
  });

  app.put('/api/governance/delegation/:functionCode', {
    schema: {
      tags, summary: 'Set the level of one function for a group, and the body that holds it (audited with before and after)',
      params: z.object({ functionCode: z.string().regex(/^[a-z][a-z0-9_.]{0,59}$/, 'must be a function code like business_case.approve') }),
      body: z.object({ groupCode: GroupCode, category: z.enum(['A', 'B', 'C']), bodyId: z.number().int().positive().nullable().default(null) }),
      response: { 200: FunctionLevelSchema, ...changeErrors },
    },
  }, async (request) => {
    const user = await authorise(db, request, 'governance.manage');
    return setDelegation(db, user, { functionCode: request.params.functionCode, ...request.body });
  });

  // ── Declarations of interest (ORG-5) ──────────────────────────────────────────────────────────

  app.get('/api/governance/interests', {
    schema: {
      tags, summary: 'The register of declarations of interest, filtered (JSON, CSV or XLSX)',
      querystring: z.object({
        group: GroupCode.optional(),
        person: z.string().trim().max(200).optional().describe('part of the person’s name'),
        subjectKind: SubjectKind.optional(),
        subjectRef: z.string().trim().max(200).optional(),
        status: z.enum(['in_force', 'ended', 'future']).optional(),
        format: Format,
      }),
      response: { 200: z.array(DeclarationSchema), ...errors },
    },
  }, async (request, reply) => {
    await authorise(db, request, 'governance.read');
    const { group, person, subjectKind, subjectRef, status, format } = request.query;
    const views = await declarationRegister(db, { groupCode: group ?? null, person, subjectKind, subjectRef, status });
    if (format !== 'json') return sendTable(reply, format, registerTable(views, group ?? 'all-groups'));
    return views;
  });

  app.post('/api/governance/interests', {
    schema: {
      tags, summary: 'Declare an interest: your own, or (governance.manage) a member’s (audited)',
      description: 'The subject is checked: a provider by ODS code, a practice by code, a business case or project of the group by number, or a topic in words.',
      body: DeclareBody, response: { 201: DeclarationSchema, ...changeErrors },
    },
  }, async (request, reply) => {
    const user = await authorise(db, request, 'interest.declare');
    return reply.status(201).send(await declareInterest(db, user, request.body));
  });

  app.post('/api/governance/interests/:id/end', {
    schema: {
      tags, summary: 'End a declaration: its last day in force (yours, or anyone’s with governance.manage; audited)',
      params: z.object({ id: Id }), body: z.object({ endsOn: IsoDate }), response: { 200: DeclarationSchema, ...changeErrors },
    },
  }, async (request) => {
    const user = await authorise(db, request, 'interest.declare');
    return endDeclaration(db, user, request.params.id, request.body.endsOn);
  });

  // ── Decisions and votes (ORG-6) ───────────────────────────────────────────────────────────────

  app.get('/api/governance/decisions', {
    schema: {
      tags, summary: 'The decisions log, newest first, with tallies and conflicts (JSON, CSV or XLSX)',
      querystring: z.object({
        group: GroupCode.optional(),
        body: Id.optional(),
        from: IsoDate.optional(),
        to: IsoDate.optional(),
        subjectKind: SubjectKind.optional(),
        subjectRef: z.string().trim().max(200).optional(),
        format: Format,
      }),
      response: { 200: z.array(DecisionSummarySchema), ...errors },
    },
  }, async (request, reply) => {
    await authorise(db, request, 'governance.read');
    const { group, body, from, to, subjectKind, subjectRef, format } = request.query;
    const log = await decisionsLog(db, { groupCode: group ?? null, bodyId: body ?? null, from, to, subjectKind, subjectRef });
    if (format !== 'json') return sendTable(reply, format, decisionsTable(log, group ?? 'all-groups'));
    return log.map(summaryOf);
  });

  app.post('/api/governance/decisions', {
    schema: {
      tags, summary: 'Record a decision (audited)',
      description: 'Linked to a body (and a meeting of it), optionally to a function, a plan, a business case (which makes the case one of its subjects) or a budget year, and to the subjects it touches.',
      body: DecisionBody, response: { 201: DecisionDetailSchema, ...changeErrors },
    },
  }, async (request, reply) => {
    const user = await authorise(db, request, 'decision.record');
    return reply.status(201).send(await recordDecision(db, user, request.body));
  });

  app.get('/api/governance/decisions/:id', {
    schema: {
      tags, summary: 'A decision: papers, links, subjects, the declarations that conflict with it, votes, tally and recusals',
      params: z.object({ id: Id }), response: { 200: DecisionDetailSchema, ...errors },
    },
  }, async (request) => {
    await authorise(db, request, 'governance.read');
    return decisionDetail(db, request.params.id);
  });

  app.post('/api/governance/decisions/:id/votes', {
    schema: {
      tags, summary: 'Record a member’s vote (audited)',
      description: 'Only members of the deciding body may vote. A member with a declaration in force that conflicts with the decision may only be recorded as recused: anything else is refused (409) naming the declaration.',
      params: z.object({ id: Id }), body: VoteBody, response: { 200: DecisionDetailSchema, ...changeErrors },
    },
  }, async (request) => {
    const user = await authorise(db, request, 'decision.record');
    return recordVote(db, user, request.params.id, request.body);
  });
};
