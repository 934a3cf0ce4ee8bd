/**
 * Routes for the locality's project portfolio and benefits (PLAN-6) under /api/portfolio. Reading
 * needs plan.read (a practice user sees its own group's projects only); changes need
 * milestone.track (the board and the commissioner), and are audited.
 */
import { z } from 'zod';
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Db } from '../../db/database.js';
import type { Action } from '../../domain/access/can.js';
import { BENEFIT_HORIZONS, BENEFIT_STATUSES, PROJECT_STATUSES } from '../../domain/plans/milestones.js';
import { recordAudit } from '../audit/audit-log.js';
import { authorise } from '../auth/context.js';
import { sendTable } from '../http/exports.js';
import { notFound } from '../http/errors.js';
import { ErrorBody } from '../http/schemas.js';
import { inGroup } from './business-cases.js';
import { londonToday } from './milestones.js';
import {
  addBenefit, addReading, createProject, getProject, groupOfProject, portfolio, portfolioTable, projectOfBenefit, updateBenefit, updateProject,
} from './portfolio.js';

const Id = z.coerce.number().int().positive().max(2_147_483_647);
const IsoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date written like 2027-03-31')
  .refine((d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)) && new Date(`${d}T00:00:00Z`).toISOString().startsWith(d), 'is not a real date');
const GroupCode = z.string().trim().min(1).max(20);

const ReadingSchema = z.object({ id: z.number().int(), recordedOn: z.string(), value: z.string(), note: z.string(), recordedBy: z.string(), recordedAt: z.string() });
const BenefitSchema = z.object({
  id: z.number().int(), projectId: z.number().int(), horizon: z.enum(BENEFIT_HORIZONS), horizonLabel: z.string(), description: z.string(),
  measure: z.string(), baseline: z.string(), target: z.string(), dueOn: z.string().nullable(), status: z.enum(BENEFIT_STATUSES), statusLabel: z.string(),
  pastDue: z.boolean().describe('due before today and not realised'), sortOrder: z.number().int(), readings: z.array(ReadingSchema), latest: ReadingSchema.nullable(),
});
const Counts = <T extends readonly [string, ...string[]]>(keys: T) => z.object(Object.fromEntries(keys.map((k) => [k, z.number().int()])) as Record<T[number], z.ZodNumber>);
const BenefitCounts = z.object({ total: z.number().int(), byHorizon: Counts(BENEFIT_HORIZONS), byStatus: Counts(BENEFIT_STATUSES), pastDue: z.number().int() });
const ProjectSchema = z.object({
  id: z.number().int(), groupCode: z.string(), groupName: z.string(), name: z.string(), description: z.string(), lead: z.string(),
  status: z.enum(PROJECT_STATUSES), statusLabel: z.string(), businessCaseId: z.number().int().nullable(), businessCaseTitle: z.string().nullable(), businessCasePlanId: z.number().int().nullable(),
  startedOn: z.string().nullable(), benefits: BenefitCounts, benefitList: z.array(BenefitSchema),
});
const ProjectDetail = ProjectSchema.extend({ createdBy: z.string(), createdAt: z.string() });
const PortfolioSchema = z.object({
  groupCode: z.string().nullable(), today: z.string(), projects: z.array(ProjectSchema),
  totals: z.object({ projects: z.number().int(), benefits: z.number().int(), pastDue: z.number().int(), byHorizon: Counts(BENEFIT_HORIZONS), byStatus: Counts(BENEFIT_STATUSES) }),
});

const ProjectBody = z.object({
  name: z.string().trim().min(1, 'enter the project’s name').max(200),
  description: z.string().max(20_000).default(''),
  lead: z.string().max(200).default(''),
  status: z.enum(PROJECT_STATUSES).default('proposed'),
  businessCaseId: Id.nullable().default(null).describe('the business case behind it, of a plan of the same group'),
  startedOn: IsoDate.nullable().default(null),
});
const BenefitBody = z.object({
  horizon: z.enum(BENEFIT_HORIZONS),
  description: z.string().trim().min(1, 'enter the benefit').max(1000),
  measure: z.string().max(1000).default(''),
  baseline: z.string().max(200).default(''),
  target: z.string().max(200).default(''),
  dueOn: IsoDate.nullable().default(null),
  status: z.enum(BENEFIT_STATUSES).default('expected'),
  sortOrder: z.number().int().min(0).max(10_000).default(0),
});

export const portfolioRoutes = ({ db }: { db: Db }): FastifyPluginAsyncZod => async (app) => {
  /** Authorises, then keeps practice users to their own group (another group's answers 404, audited). */
  async function forGroup(request: FastifyRequest, action: Action, groupCode: string) {
    const user = await authorise(db, request, action);
    if (user.role === 'practice' && !(await inGroup(db, user, groupCode))) {
      await recordAudit(db, { actor: user.username, action, entityType: 'group', entityId: groupCode, outcome: 'denied', details: { method: request.method, url: request.url } });
      throw notFound();
    }
    return user;
  }

  app.get('/api/portfolio', {
    schema: {
      tags: ['portfolio'], summary: 'The project portfolio: projects with their benefits by horizon and status, past-due benefits flagged (JSON, CSV or XLSX)',
      description: 'A practice user sees its own group’s projects, whatever group is asked for. CSV/XLSX: one row per benefit.',
      querystring: z.object({ group: GroupCode.optional(), format: z.enum(['json', 'csv', 'xlsx']).default('json') }),
      response: { 200: PortfolioSchema, 401: ErrorBody, 403: ErrorBody },
    },
  }, async (request, reply) => {
    const user = await authorise(db, request, 'plan.read');
    let group = request.query.group ?? null;
    if (user.role === 'practice') {
      const own = user.practiceCode ? await db.selectFrom('practice').select('group_code').where('code', '=', user.practiceCode).executeTakeFirst() : undefined;
      group = own?.group_code ?? '-';
    }
    const result = await portfolio(db, group, londonToday());
    if (request.query.format !== 'json') return sendTable(reply, request.query.format, portfolioTable(result));
    return result;
  });

  app.get('/api/portfolio/projects/:projectId', {
    schema: {
      tags: ['portfolio'], summary: 'One project with its benefits and their readings',
      params: z.object({ projectId: Id }), response: { 200: ProjectDetail, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody },
    },
  }, async (request) => {
    await forGroup(request, 'plan.read', await groupOfProject(db, request.params.projectId));
    return getProject(db, request.params.projectId, londonToday());
  });

  app.post('/api/portfolio/projects', {
    schema: {
      tags: ['portfolio'], summary: 'Add a project to a group’s portfolio (milestone.track; audited)',
      body: ProjectBody.extend({ groupCode: GroupCode }),
      response: { 201: ProjectDetail, 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 409: ErrorBody },
    },
  }, async (request, reply) => {
    const { groupCode, ...input } = request.body;
    const user = await forGroup(request, 'milestone.track', groupCode);
    const created = await createProject(db, user, groupCode, input, londonToday());
    return reply.status(201).header('location', `/api/portfolio/projects/${created.id}`).send(created);
  });

  app.put('/api/portfolio/projects/:projectId', {
    schema: {
      tags: ['portfolio'], summary: 'Change a project: name, description, lead, status, business case, start (milestone.track; audited)',
      description: 'Fields not sent stay as they are.',
      params: z.object({ projectId: Id }),
      body: z.object({
        name: ProjectBody.shape.name.optional(), description: z.string().max(20_000).optional(), lead: z.string().max(200).optional(),
        status: z.enum(PROJECT_STATUSES).optional(), businessCaseId: Id.nullable().optional(), startedOn: IsoDate.nullable().optional(),
      }),
      response: { 200: ProjectDetail, 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody },
    },
  }, async (request) => {
    const user = await forGroup(request, 'milestone.track', await groupOfProject(db, request.params.projectId));
    return updateProject(db, user, request.params.projectId, request.body, londonToday());
  });

  app.post('/api/portfolio/projects/:projectId/benefits', {
    schema: {
      tags: ['portfolio'], summary: 'Add a benefit the project should realise, in the short, medium or long term (milestone.track; audited)',
      params: z.object({ projectId: Id }), body: BenefitBody,
      response: { 201: ProjectDetail, 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody },
    },
  }, async (request, reply) => {
    const user = await forGroup(request, 'milestone.track', await groupOfProject(db, request.params.projectId));
    return reply.status(201).send(await addBenefit(db, user, request.params.projectId, request.body, londonToday()));
  });

  app.put('/api/portfolio/benefits/:benefitId', {
    schema: {
      tags: ['portfolio'], summary: 'Change a benefit: its wording, target, date or status (milestone.track; audited)',
      description: 'Fields not sent stay as they are.',
      params: z.object({ benefitId: Id }),
      body: z.object({
        horizon: z.enum(BENEFIT_HORIZONS).optional(), description: BenefitBody.shape.description.optional(), measure: z.string().max(1000).optional(),
        baseline: z.string().max(200).optional(), target: z.string().max(200).optional(), dueOn: IsoDate.nullable().optional(),
        status: z.enum(BENEFIT_STATUSES).optional(), sortOrder: z.number().int().min(0).max(10_000).optional(),
      }),
      response: { 200: ProjectDetail, 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody },
    },
  }, async (request) => {
    const projectId = await projectOfBenefit(db, request.params.benefitId);
    const user = await forGroup(request, 'milestone.track', await groupOfProject(db, projectId));
    return updateBenefit(db, user, request.params.benefitId, request.body, londonToday());
  });

  app.post('/api/portfolio/benefits/:benefitId/readings', {
    schema: {
      tags: ['portfolio'], summary: 'Record a reading of a benefit’s measure (milestone.track; audited)',
      params: z.object({ benefitId: Id }),
      body: z.object({ recordedOn: IsoDate, value: z.string().trim().min(1, 'enter the reading').max(200), note: z.string().max(2000).default('') }),
      response: { 201: ProjectDetail, 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody },
    },
  }, async (request, reply) => {
    const projectId = await projectOfBenefit(db, request.params.benefitId);
    const user = await forGroup(request, 'milestone.track', await groupOfProject(db, projectId));
    return reply.status(201).send(await addReading(db, user, request.params.benefitId, request.body, londonToday()));
  });
};

