/**
 * The plan document's API (PLAN-1, PLAN-5): the template an administrator keeps; each group's
 * plan for a year, its sections (written by the party each is for, while a draft, with optimistic
 * locking), its live parts and figures; versions sent for sign-off, withdrawn or superseded by a
 * new version, each frozen; and the comparison of any two. A practice sees its own group's plans.
 */
import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Db } from '../../db/database.js';
import { authorise } from '../auth/context.js';
import { Year } from '../budgets/allowance-routes.js';
import { ErrorBody } from '../http/schemas.js';
import { authorisePlan, getPlanView, listPlans, saveSection, startPlan } from './plans.js';
import { createNextTemplate, getTemplate, listTemplates, updateTemplate } from './templates.js';
import { compareVersions, getVersion, listVersions, sendForSignOff, startNewVersion, withdrawVersion } from './versions.js';

const CompletedBy = z.enum(['consortium', 'commissioner', 'both']);
const Kind = z.enum(['text', 'practices', 'governance', 'responsibilities', 'business_cases', 'milestones', 'signoff']);
const PlanStatus = z.enum(['draft', 'in_sign_off', 'signed']);
const VersionStatus = z.enum(['in_sign_off', 'signed', 'withdrawn']);
const Id = z.coerce.number().int().positive().max(2_147_483_647);
const PlanParams = z.object({ id: Id });

const TemplateSectionSchema = z.object({
  key: z.string().trim().regex(/^[0-9a-z][0-9a-z._-]{0,19}$/, 'must be up to 20 lower-case letters, digits, dots, _ or -, like 4.2'),
  part: z.string().trim().min(1, 'must name the part of the plan, like 4. Commissioning objectives').max(200),
  title: z.string().trim().min(1, 'must not be empty').max(300),
  guidance: z.string().max(4000).default(''),
  completedBy: CompletedBy,
  kind: Kind.default('text'),
});
const TemplateSummarySchema = z.object({ id: z.number(), name: z.string(), fromYear: z.string(), sections: z.number(), plans: z.number(), updatedBy: z.string(), updatedAt: z.string() });
const TemplateSchema = TemplateSummarySchema.omit({ sections: true }).extend({ introduction: z.string(), sections: z.array(TemplateSectionSchema) });

const PlanSummarySchema = z.object({
  id: z.number(), groupCode: z.string(), groupName: z.string(), year: z.string(), title: z.string(), status: PlanStatus, version: z.number(),
  sectionsWritten: z.number(), sectionsToWrite: z.number(), updatedAt: z.string(),
});
const FigureSchema = z.object({ label: z.string(), value: z.number().nullable(), unit: z.enum(['pence', 'count', 'percent']), source: z.string() });
const FiguresSchema = z.record(z.string(), FigureSchema);
const SectionSchema = z.object({
  key: z.string(), part: z.string(), title: z.string(), guidance: z.string(), completedBy: CompletedBy, completedByLabel: z.string(), kind: Kind,
  body: z.string(), revision: z.number(), updatedBy: z.string().nullable(), updatedAt: z.string().nullable(),
  mayEdit: z.boolean().describe('whether the signed-in user may write this section now'),
});
const PlanViewSchema = z.object({
  plan: PlanSummarySchema.extend({ templateId: z.number(), createdBy: z.string(), createdAt: z.string() }),
  introduction: z.string(),
  sections: z.array(SectionSchema),
  frozen: z.boolean().describe('true when a version is with the signatories or signed: live parts and figures are those frozen in it'),
  live: z.unknown().describe('practices, governance, responsibilities, businessCases, milestones, signatories (src/domain/plans/snapshot.ts)'),
  figures: FiguresSchema,
  version: z.object({ version: z.number(), status: VersionStatus, sentBy: z.string(), sentAt: z.string(), signedAt: z.string().nullable() }).nullable(),
  mayManage: z.boolean(),
});
const VersionSchema = z.object({
  version: z.number(), status: VersionStatus, sentBy: z.string(), sentAt: z.string(), signedAt: z.string().nullable(),
  withdrawnBy: z.string().nullable(), withdrawnAt: z.string().nullable(), withdrawnReason: z.string().nullable(),
  signatures: z.array(z.object({ roleCode: z.string(), label: z.string(), signedName: z.string(), signedAt: z.string() })),
});
const VersionRef = z.union([z.literal('draft'), z.coerce.number().int().positive()]);
const TextPartSchema = z.object({ text: z.string(), change: z.enum(['same', 'added', 'removed']) });
const ItemChangeSchema = z.object({ id: z.number(), title: z.string(), change: z.enum(['changed', 'added', 'removed']), fields: z.array(z.string()) });
const ComparisonSchema = z.object({
  from: z.union([z.literal('draft'), z.number()]), to: z.union([z.literal('draft'), z.number()]),
  sections: z.array(z.object({ key: z.string(), title: z.string(), change: z.enum(['unchanged', 'changed', 'added', 'removed']), body: z.array(TextPartSchema), otherChanges: z.array(z.string()) })),
  businessCases: z.array(ItemChangeSchema),
  milestones: z.array(ItemChangeSchema),
  summary: z.object({ sectionsChanged: z.number(), sectionsAdded: z.number(), sectionsRemoved: z.number(), businessCasesChanged: z.number(), milestonesChanged: z.number() }),
});
const StatusChange = z.object({ version: z.number().describe('the version the plan is now at') });
const errors = { 401: ErrorBody, 403: ErrorBody, 404: ErrorBody };

export const planDocumentRoutes = ({ db }: { db: Db }): FastifyPluginAsyncZod => async (app) => {
  // ── The template ────────────────────────────────────────────────────────────────────────────

  app.get('/api/plan-templates', {
    schema: { tags: ['plans'], summary: 'Plan templates, latest year first, with how many plans began from each', response: { 200: z.array(TemplateSummarySchema), ...errors } },
  }, async (request) => {
    await authorise(db, request, 'plan.read');
    return listTemplates(db);
  });

  app.get('/api/plan-templates/:id', {
    schema: { tags: ['plans'], summary: 'A plan template: its introduction and sections', params: PlanParams, response: { 200: TemplateSchema, ...errors } },
  }, async (request) => {
    await authorise(db, request, 'plan.read');
    return getTemplate(db, request.params.id);
  });

  app.post('/api/plan-templates', {
    schema: {
      tags: ['plans'], summary: 'Create the template for a later year, as a copy of the latest (audited)',
      body: z.object({ fromYear: Year, name: z.string().trim().min(1).max(200).optional() }),
      response: { 201: TemplateSchema, ...errors, 422: ErrorBody },
    },
  }, async (request, reply) => {
    const user = await authorise(db, request, 'plan.template');
    const id = await createNextTemplate(db, user.username, request.body);
    return reply.status(201).send(await getTemplate(db, id));
  });

  app.put('/api/plan-templates/:id', {
    schema: {
      tags: ['plans'], summary: 'Change a template: name, introduction and its sections in order (audited)',
      description: 'The sections given replace the template’s (add, remove, reorder, reword in one save). Plans already begun keep their own copy. `updatedAt` is the template’s as loaded: 409 when someone changed it since.',
      params: PlanParams,
      body: z.object({ name: z.string().trim().min(1).max(200), introduction: z.string().max(20_000).default(''), sections: z.array(TemplateSectionSchema).max(200), updatedAt: z.string() }),
      response: { 200: TemplateSchema, ...errors, 409: ErrorBody },
    },
  }, async (request) => {
    const user = await authorise(db, request, 'plan.template');
    await updateTemplate(db, user.username, request.params.id, request.body);
    return getTemplate(db, request.params.id);
  });

  // ── Plans and their sections ────────────────────────────────────────────────────────────────

  app.get('/api/plans', {
    schema: {
      tags: ['plans'], summary: 'Commissioning plans by year and group (a practice sees its own group’s)',
      querystring: z.object({ year: Year.optional(), group: z.string().trim().min(1).max(20).optional() }),
      response: { 200: z.array(PlanSummarySchema), ...errors },
    },
  }, async (request) => {
    const user = await authorise(db, request, 'plan.read');
    return listPlans(db, user, request.query);
  });

  app.post('/api/plans', {
    schema: {
      tags: ['plans'], summary: 'Start a group’s plan for a year from the template in force (audited)',
      body: z.object({ groupCode: z.string().trim().min(1).max(20), year: Year }),
      response: { 201: PlanViewSchema, ...errors, 409: ErrorBody, 422: ErrorBody },
    },
  }, async (request, reply) => {
    const user = await authorise(db, request, 'plan.manage');
    const id = await startPlan(db, user.username, request.body);
    const { plan } = await authorisePlan(db, request, 'plan.read', id);
    return reply.status(201).send(await getPlanView(db, user, plan));
  });

  app.get('/api/plans/:id', {
    schema: {
      tags: ['plans'], summary: 'A plan: its sections (with who may write each), live parts and figures',
      description: 'While a draft, the live parts and figures are drawn now; once a version is sent for sign-off they are those frozen in it.',
      params: PlanParams, response: { 200: PlanViewSchema, ...errors },
    },
  }, async (request) => {
    const { user, plan } = await authorisePlan(db, request, 'plan.read', request.params.id);
    return getPlanView(db, user, plan);
  });

  app.put('/api/plans/:id/sections/:key', {
    schema: {
      tags: ['plans'], summary: 'Write a section (Markdown; audited)',
      description: 'Only the party the section is for completion by, while the plan is a draft. `revision` is the section’s as loaded: 409 when someone saved it since.',
      params: PlanParams.extend({ key: z.string().max(20) }),
      body: z.object({ body: z.string().max(200_000), revision: z.number().int().min(0) }),
      response: {
        200: z.object({ key: z.string(), body: z.string(), revision: z.number(), updatedBy: z.string().nullable(), updatedAt: z.string().nullable() }),
        ...errors, 409: ErrorBody,
      },
    },
  }, async (request) => {
    const { user } = await authorisePlan(db, request, 'plan.edit', request.params.id);
    return saveSection(db, user, request.params.id, request.params.key, request.body);
  });

  // ── Versions ────────────────────────────────────────────────────────────────────────────────

  app.post('/api/plans/:id/send-for-sign-off', {
    schema: {
      tags: ['plans'], summary: 'Freeze the draft as a version and send it to the signatories (audited)',
      description: 'Refused (400) while a text section is empty or names an unknown figure: the details name each section.',
      params: PlanParams, response: { 200: StatusChange, 400: ErrorBody, ...errors, 409: ErrorBody },
    },
  }, async (request) => {
    const { user } = await authorisePlan(db, request, 'plan.manage', request.params.id);
    return sendForSignOff(db, user.username, request.params.id);
  });

  app.post('/api/plans/:id/withdraw', {
    schema: {
      tags: ['plans'], summary: 'Withdraw the version with the signatories: the plan becomes a draft again, as the next version (audited)',
      params: PlanParams, body: z.object({ reason: z.string().trim().min(1, 'must say why the version is withdrawn').max(2000) }),
      response: { 200: StatusChange, ...errors, 409: ErrorBody },
    },
  }, async (request) => {
    const { user } = await authorisePlan(db, request, 'plan.manage', request.params.id);
    return withdrawVersion(db, user.username, request.params.id, request.body.reason);
  });

  app.post('/api/plans/:id/new-version', {
    schema: {
      tags: ['plans'], summary: 'Start a new draft version of a signed plan (the signed version stays as it is; audited)',
      params: PlanParams, body: z.object({ reason: z.string().trim().max(2000).optional() }).default({}),
      response: { 200: StatusChange, ...errors, 409: ErrorBody },
    },
  }, async (request) => {
    const { user } = await authorisePlan(db, request, 'plan.manage', request.params.id);
    return startNewVersion(db, user.username, request.params.id, request.body.reason || null);
  });

  app.get('/api/plans/:id/versions', {
    schema: { tags: ['plans'], summary: 'The versions sent for sign-off, with their status and signatures', params: PlanParams, response: { 200: z.array(VersionSchema), ...errors } },
  }, async (request) => {
    await authorisePlan(db, request, 'plan.read', request.params.id);
    return listVersions(db, request.params.id);
  });

  app.get('/api/plans/:id/versions/:version', {
    schema: {
      tags: ['plans'], summary: 'One version as frozen: everything it said, and its figures',
      params: PlanParams.extend({ version: Id }),
      response: { 200: VersionSchema.extend({ snapshot: z.unknown().describe('a PlanSnapshot (src/domain/plans/snapshot.ts)'), figures: FiguresSchema }), ...errors },
    },
  }, async (request) => {
    await authorisePlan(db, request, 'plan.read', request.params.id);
    return getVersion(db, request.params.id, request.params.version);
  });

  app.get('/api/plans/:id/compare', {
    schema: {
      tags: ['plans'], summary: 'Compare two versions (or a version and the draft): sections, business cases and milestones',
      params: PlanParams, querystring: z.object({ from: VersionRef, to: VersionRef.default('draft') }),
      response: { 200: ComparisonSchema, ...errors },
    },
  }, async (request) => {
    await authorisePlan(db, request, 'plan.read', request.params.id);
    return compareVersions(db, request.params.id, request.query.from, request.query.to);
  });
};
