/**
 * Routes for a plan's business cases with their financial model and approvals (PLAN-2), its
 * milestones with the payment link (PLAN-3, FIN-6), and its roles and responsibilities (PLAN-4),
 * all under /api/plans/:planId. Reading needs plan.read; writing the wording plan.edit (a practice
 * user: its own group's plan only) while the plan is a draft; approving case.approve; tracking
 * milestones milestone.track.
 */
import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Db } from '../../db/database.js';
import { CASE_STATUSES, MAX_MODEL_PENCE, MAX_MODEL_YEARS } from '../../domain/plans/business-case.js';
import { MILESTONE_STATUSES } from '../../domain/plans/milestones.js';
import { ErrorBody } from '../http/schemas.js';
import {
  approveCase, changeCaseStatus, createCase, frozenMessage, getCase, listCases, planForRequest, updateCase, type PlanRef,
} from './business-cases.js';
import { createMilestone, deleteMilestone, listMilestones, londonToday, trackMilestone, updateMilestone } from './milestones.js';
import { RESPONSIBLE_PARTIES, RESPONSIBLE_PARTY_LABELS, replaceResponsibilities, responsibilities } from './responsibilities.js';

const Id = z.coerce.number().int().positive().max(2_147_483_647);
const PlanParams = z.object({ planId: Id });
const CaseParams = PlanParams.extend({ caseId: Id });
const MilestoneParams = PlanParams.extend({ milestoneId: Id });
const Pence = z.number().int('must be a whole number of pence').min(0, 'cannot be negative').max(MAX_MODEL_PENCE, 'is more than £10 billion');
const Text = (max = 20_000) => z.string().max(max);
const Patients = z.number().int('must be a whole number').min(0, 'cannot be negative').max(100_000_000).nullable();
const IsoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date written like 2027-03-31')
  .refine((d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)) && new Date(`${d}T00:00:00Z`).toISOString().startsWith(d), 'is not a real date');

const PlanState = z.object({
  id: z.number().int(), groupCode: z.string(), groupName: z.string(), year: z.string(), title: z.string(),
  status: z.enum(['draft', 'in_sign_off', 'signed']), version: z.number().int(),
  editable: z.boolean().describe('whether the wording may change now (the plan is a draft)'),
  frozenMessage: z.string().nullable().describe('why not, when it may not'),
});
const planState = (p: PlanRef) => ({ ...p, editable: p.status === 'draft', frozenMessage: frozenMessage(p) });

// ── Business cases ──────────────────────────────────────────────────────────────────────────────

const ModelYear = z.object({ yearIndex: z.number().int().min(1).max(MAX_MODEL_YEARS), costPence: Pence, releasedPence: Pence });
const CaseFieldsBody = {
  title: z.string().trim().min(1, 'enter a title').max(300),
  outline: Text().describe('Outline of the proposed service change'),
  benefitToPatients: Text(),
  patientsMin: Patients.describe('Estimated number of patients the service will cover: the minimum'),
  patientsMax: Patients.describe('… and the maximum (at least the minimum)'),
  patientsNote: Text(2000),
  evidenceOfEffectiveness: Text(),
  patientSupport: Text(),
  stakeholderSupport: Text(),
  costs: Text().describe('Costs of the proposed service, including details of any up-front investment'),
  upfrontInvestmentPence: Pence,
  freedResources: Text().describe('Likely value of freed-up resources'),
  freedResourcesTimescale: Text(2000).describe('… and over what timescale'),
  linksToPriorities: Text(),
  risks: Text(),
  years: z.array(ModelYear).max(MAX_MODEL_YEARS).describe('the financial model: costs and released resources per year of the case (1 = first)'),
};
const CreateCaseBody = z.object(CaseFieldsBody).partial().required({ title: true });
const UpdateCaseBody = z.object(CaseFieldsBody).partial().extend({ revision: z.number().int().min(0).describe('the revision you edited: 409 if someone saved since') });

const ModelSchema = z.object({
  horizonYears: z.number().int(), upfrontPence: z.number().int(),
  years: z.array(z.object({ yearIndex: z.number().int(), costPence: z.number().int(), releasedPence: z.number().int(), netPence: z.number().int(), cumulativePence: z.number().int() })),
  totalCostPence: z.number().int(), totalReleasedPence: z.number().int(), netTotalPence: z.number().int(),
  payback: z.object({ kind: z.enum(['no_figures', 'nothing_to_pay_back', 'pays_back', 'not_within']), year: z.number().int().optional(), month: z.number().int().optional(), monthsFromStart: z.number().int().optional(), years: z.number().int().optional() }),
  paybackLabel: z.string(),
});
const Party = z.enum(['consortium', 'commissioner']);
const ApprovalSchema = z.object({
  function: z.string(), category: z.enum(['A', 'B', 'C']), categoryLabel: z.string(), categorySet: z.boolean(),
  needed: z.array(Party), waitingFor: z.array(Party), complete: z.boolean(), message: z.string(),
  approvals: z.array(z.object({ party: Party, partyLabel: z.string(), userName: z.string(), note: z.string(), approvedAt: z.string() })),
});
const CaseSchema = z.object({
  id: z.number().int(), planId: z.number().int(), title: z.string(), outline: z.string(), benefitToPatients: z.string(),
  patientsMin: z.number().int().nullable(), patientsMax: z.number().int().nullable(), patientsNote: z.string(),
  evidenceOfEffectiveness: z.string(), patientSupport: z.string(), stakeholderSupport: z.string(), costs: z.string(),
  upfrontInvestmentPence: z.number().int(), freedResources: z.string(), freedResourcesTimescale: z.string(), linksToPriorities: z.string(), risks: z.string(),
  status: z.enum(CASE_STATUSES), statusLabel: z.string(), nextStatuses: z.array(z.enum(CASE_STATUSES)), revision: z.number().int(),
  years: z.array(z.object({ yearIndex: z.number().int(), costPence: z.number().int(), releasedPence: z.number().int() })),
  model: ModelSchema, approval: ApprovalSchema,
  createdBy: z.string(), createdAt: z.string(), updatedBy: z.string(), updatedAt: z.string(),
});
const CaseWithPlan = CaseSchema.extend({ plan: PlanState });

// ── Milestones ──────────────────────────────────────────────────────────────────────────────────

const MilestoneBody = z.object({
  dueOn: IsoDate.describe('by this date …'),
  deliverable: z.string().trim().min(1, 'enter what will be delivered').max(1000).describe('… we will deliver this'),
  owner: z.string().max(200).default(''),
  businessCaseId: Id.nullable().default(null).describe('the business case it delivers, if any (of the same plan)'),
  triggersPayment: z.boolean().default(false).describe('a success criterion that triggers the achievement payment'),
  sortOrder: z.number().int().min(0).max(10_000).default(0),
});
const MilestoneSchema = z.object({
  id: z.number().int(), planId: z.number().int(), businessCaseId: z.number().int().nullable(), businessCaseTitle: z.string().nullable(),
  dueOn: z.string(), deliverable: z.string(), sentence: z.string(), owner: z.string(), triggersPayment: z.boolean(),
  status: z.enum(MILESTONE_STATUSES), statusLabel: z.string(), evidence: z.string(), overdue: z.boolean(), sortOrder: z.number().int(),
  updatedBy: z.string(), updatedAt: z.string(),
});
const PaymentSchema = z.object({ total: z.number().int(), delivered: z.number().int(), met: z.boolean() }).describe('the payment milestones: all delivered = the milestones_met condition of the allowances');

// ── Responsibilities ────────────────────────────────────────────────────────────────────────────

const ResponsibilityList = z.array(z.string().max(2000)).max(100);
const ResponsibilitiesBody = z.object({ commissioner: ResponsibilityList, consortium: ResponsibilityList, practices: ResponsibilityList });
const ResponsibilitiesSchema = z.object({
  plan: PlanState,
  parties: z.array(z.object({ party: z.enum(RESPONSIBLE_PARTIES), label: z.string(), items: z.array(z.string()) })),
});

export const businessCaseRoutes = ({ db }: { db: Db }): FastifyPluginAsyncZod => async (app) => {
  const base = '/api/plans/:planId';

  app.get(`${base}/business-cases`, {
    schema: {
      tags: ['plans'], summary: 'A plan’s business cases (PLAN-2), each with its financial model, payback and approvals',
      params: PlanParams, response: { 200: z.object({ plan: PlanState, cases: z.array(CaseSchema) }), 401: ErrorBody, 403: ErrorBody, 404: ErrorBody },
    },
  }, async (request) => {
    const { plan } = await planForRequest(db, request, 'plan.read', request.params.planId);
    return { plan: planState(plan), cases: await listCases(db, plan) };
  });

  app.get(`${base}/business-cases/:caseId`, {
    schema: { tags: ['plans'], summary: 'One business case', params: CaseParams, response: { 200: CaseWithPlan, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody } },
  }, async (request) => {
    const { plan } = await planForRequest(db, request, 'plan.read', request.params.planId);
    return { ...(await getCase(db, plan, request.params.caseId)), plan: planState(plan) };
  });

  app.post(`${base}/business-cases`, {
    schema: {
      tags: ['plans'], summary: 'Add a business case (plan.edit; the plan must be a draft; audited)',
      description: 'Fields of seed 004’s appendices; patientsMax must be at least patientsMin. A new case is an idea.',
      params: PlanParams, body: CreateCaseBody,
      response: { 201: CaseWithPlan, 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody },
    },
  }, async (request, reply) => {
    const { user, plan } = await planForRequest(db, request, 'plan.edit', request.params.planId);
    const created = await createCase(db, user, plan, request.body);
    return reply.status(201).header('location', `/api/plans/${plan.id}/business-cases/${created.id}`).send({ ...created, plan: planState(plan) });
  });

  app.put(`${base}/business-cases/:caseId`, {
    schema: {
      tags: ['plans'], summary: 'Change a business case’s wording and financial model (plan.edit; draft plans only; audited)',
      description: 'Send the revision you edited: 409 if someone saved since. Fields not sent stay as they are; years, when sent, replace the model. '
        + 'A change to a proposed case withdraws the approvals given so far. Status: POST …/status.',
      params: CaseParams, body: UpdateCaseBody,
      response: { 200: CaseWithPlan, 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody },
    },
  }, async (request) => {
    const { user, plan } = await planForRequest(db, request, 'plan.edit', request.params.planId);
    return { ...(await updateCase(db, user, plan, request.params.caseId, request.body)), plan: planState(plan) };
  });

  app.post(`${base}/business-cases/:caseId/status`, {
    schema: {
      tags: ['plans'], summary: 'Move a business case on: idea → proposed; approved → live; rejected, withdrawn (plan.edit; any time; audited)',
      description: 'Approved comes only from the approvals its delegation level needs (POST …/approve). Moving back to an idea, or closing, clears approvals.',
      params: CaseParams, body: z.object({ status: z.enum(CASE_STATUSES), revision: z.number().int().min(0), note: z.string().max(2000).default('') }),
      response: { 200: CaseWithPlan, 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody },
    },
  }, async (request) => {
    const { user, plan } = await planForRequest(db, request, 'plan.edit', request.params.planId);
    const { status, revision, note } = request.body;
    return { ...(await changeCaseStatus(db, user, plan, request.params.caseId, status, revision, note.trim())), plan: planState(plan) };
  });

  app.post(`${base}/business-cases/:caseId/approve`, {
    schema: {
      tags: ['plans'], summary: 'Approve a proposed business case for your party (case.approve; audited)',
      description: 'The group’s delegation level for business_case.approve says whose approval is needed (A: the commissioner; B: both; C: the consortium; A when not set). '
        + 'When all are in, the case becomes approved; approval.message says who is still to approve.',
      params: CaseParams, body: z.object({ note: z.string().max(2000).default('') }),
      response: { 200: CaseWithPlan, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody },
    },
  }, async (request) => {
    const { user, plan } = await planForRequest(db, request, 'case.approve', request.params.planId);
    return { ...(await approveCase(db, user, plan, request.params.caseId, request.body.note)), plan: planState(plan) };
  });

  // ── Milestones ──

  app.get(`${base}/milestones`, {
    schema: {
      tags: ['plans'], summary: 'A plan’s milestones: "by [date] we will deliver [item]", with status, evidence, overdue and payment flags (PLAN-3)',
      params: PlanParams,
      response: { 200: z.object({ plan: PlanState, today: z.string(), milestones: z.array(MilestoneSchema), payment: PaymentSchema }), 401: ErrorBody, 403: ErrorBody, 404: ErrorBody },
    },
  }, async (request) => {
    const { plan } = await planForRequest(db, request, 'plan.read', request.params.planId);
    const today = londonToday();
    return { plan: planState(plan), today, ...(await listMilestones(db, plan, today)) };
  });

  app.post(`${base}/milestones`, {
    schema: {
      tags: ['plans'], summary: 'Add a milestone (plan.edit; draft plans only; audited)',
      params: PlanParams, body: MilestoneBody,
      response: { 201: MilestoneSchema, 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody },
    },
  }, async (request, reply) => {
    const { user, plan } = await planForRequest(db, request, 'plan.edit', request.params.planId);
    const created = await createMilestone(db, user, plan, request.body, londonToday());
    return reply.status(201).send(created);
  });

  app.put(`${base}/milestones/:milestoneId`, {
    schema: {
      tags: ['plans'], summary: 'Change a milestone’s wording: date, deliverable, owner, business case, payment (plan.edit; draft plans only; audited)',
      description: 'Fields not sent stay as they are. Status and evidence: POST …/track.',
      params: MilestoneParams, body: MilestoneBody.partial().extend({ owner: z.string().max(200).optional(), businessCaseId: Id.nullable().optional(), triggersPayment: z.boolean().optional(), sortOrder: z.number().int().min(0).max(10_000).optional() }),
      response: { 200: MilestoneSchema, 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody },
    },
  }, async (request) => {
    const { user, plan } = await planForRequest(db, request, 'plan.edit', request.params.planId);
    return updateMilestone(db, user, plan, request.params.milestoneId, request.body, londonToday());
  });

  app.delete(`${base}/milestones/:milestoneId`, {
    schema: {
      tags: ['plans'], summary: 'Remove a milestone (plan.edit; draft plans only; audited)',
      params: MilestoneParams, response: { 204: z.null(), 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody },
    },
  }, async (request, reply) => {
    const { user, plan } = await planForRequest(db, request, 'plan.edit', request.params.planId);
    await deleteMilestone(db, user, plan, request.params.milestoneId);
    return reply.status(204).send(null);
  });

  app.post(`${base}/milestones/:milestoneId/track`, {
    schema: {
      tags: ['plans'], summary: 'Record a milestone’s status and evidence (milestone.track; any time; audited)',
      description: 'Delivered needs evidence. When every payment milestone is delivered, each practice of the group has met milestones_met for the plan’s year (FIN-6); '
        + 'when one stops being delivered, it has not.',
      params: MilestoneParams, body: z.object({ status: z.enum(MILESTONE_STATUSES), evidence: z.string().max(4000).optional().describe('left as it is when not sent') }),
      response: {
        200: z.object({ milestone: MilestoneSchema, payment: PaymentSchema, paymentEvidenceRecorded: z.number().int().describe('practices whose milestones_met evidence changed') }),
        400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody,
      },
    },
  }, async (request) => {
    const { user, plan } = await planForRequest(db, request, 'milestone.track', request.params.planId);
    return trackMilestone(db, user, plan, request.params.milestoneId, request.body, londonToday());
  });

  // ── Roles and responsibilities ──

  const responsibilitiesView = async (plan: PlanRef) => {
    const list = await responsibilities(db, plan.id);
    return { plan: planState(plan), parties: RESPONSIBLE_PARTIES.map((party) => ({ party, label: RESPONSIBLE_PARTY_LABELS[party], items: list[party] })) };
  };

  app.get(`${base}/responsibilities`, {
    schema: {
      tags: ['plans'], summary: 'What the commissioner, the consortium and the practices each do (PLAN-4)',
      params: PlanParams, response: { 200: ResponsibilitiesSchema, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody },
    },
  }, async (request) => {
    const { plan } = await planForRequest(db, request, 'plan.read', request.params.planId);
    return responsibilitiesView(plan);
  });

  app.put(`${base}/responsibilities`, {
    schema: {
      tags: ['plans'], summary: 'Replace the roles and responsibilities (plan.edit; draft plans only; audited)',
      description: 'Each list in its order; blank lines are dropped.',
      params: PlanParams, body: ResponsibilitiesBody,
      response: { 200: ResponsibilitiesSchema, 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody },
    },
  }, async (request) => {
    const { user, plan } = await planForRequest(db, request, 'plan.edit', request.params.planId);
    await replaceResponsibilities(db, user, plan, request.body);
    return responsibilitiesView(plan);
  });

};
