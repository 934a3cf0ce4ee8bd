/**
 * Sign-off's API (PLAN-5): who holds each signatory role for a group and naming them; a plan's
 * sign-off (its version with the signatories, who has signed, what the caller may sign, the
 * incentive trigger); signing, by the signed-in holder of a role after re-entering the password;
 * and the PDF of a version with its signature page.
 */
import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Db } from '../../db/database.js';
import { recordAudit } from '../audit/audit-log.js';
import { authorise, requireUser } from '../auth/context.js';
import { LoginLimiter } from '../auth/login-limiter.js';
import { forbidden, notFound } from '../http/errors.js';
import { ErrorBody } from '../http/schemas.js';
import { contentDisposition } from '../referrals/attachment-routes.js';
import { planPdfFileName, renderPlanPdf } from './plan-pdf.js';
import { assignSignatory, listSignatories, planFor, signaturesOf, signatoryCandidates, signOffView, signPlan, versionOf } from './signoff.js';

const PlanId = z.coerce.number().int().positive().max(2_147_483_647);
const GroupCode = z.string().trim().min(1).max(20);
const RoleCode = z.string().regex(/^[a-z][a-z0-9_]{0,39}$/, 'must be a signatory role code such as executive_chair');

const Holder = z.object({ userId: z.number(), username: z.string(), displayName: z.string(), role: z.string(), assignedBy: z.string(), assignedAt: z.string() });
const GroupSignatories = z.object({
  groupCode: z.string(),
  groupName: z.string(),
  roles: z.array(z.object({ roleCode: z.string(), label: z.string(), party: z.enum(['consortium', 'commissioner', 'joint']), holder: Holder.nullable() })),
});

const SignOffView = z.object({
  plan: z.object({
    id: z.number(), groupCode: z.string(), groupName: z.string(), year: z.string(), title: z.string(),
    status: z.enum(['draft', 'in_sign_off', 'signed']), version: z.number(),
  }),
  version: z.object({
    version: z.number(), status: z.enum(['in_sign_off', 'signed', 'withdrawn']), sentBy: z.string(), sentAt: z.string(), signedAt: z.string().nullable(),
  }).nullable().describe('the version with the signatories or signed; null while the plan is a draft'),
  signatories: z.array(z.object({
    roleCode: z.string(), label: z.string(), party: z.enum(['consortium', 'commissioner', 'joint']),
    holder: z.object({ userId: z.number(), displayName: z.string() }).nullable(),
    signedBy: z.string().nullable().describe('the name the signatory signed with'),
    signedAt: z.string().nullable(),
  })),
  mayYouSign: z.array(z.string()).describe('the roles the signed-in user may sign as now'),
  outstanding: z.array(z.string()),
  fullySigned: z.boolean(),
  incentive: z.object({ version: z.number(), practices: z.number(), firedAt: z.string(), firedBy: z.string() }).nullable()
    .describe('the incentive trigger: fired once, by the signature that first completed a sign-off of the plan'),
  versions: z.array(z.object({ version: z.number(), status: z.enum(['in_sign_off', 'signed', 'withdrawn']), sentAt: z.string(), signedAt: z.string().nullable() })),
});

const SignBody = z.object({
  roleCode: RoleCode,
  password: z.string().min(1, 'Enter your password').max(200),
  confirm: z.literal(true, { error: 'Confirm that you have read this version of the plan and sign it' }),
});

export const signOffRoutes = ({ db, limiter = new LoginLimiter() }: { db: Db; limiter?: LoginLimiter }): FastifyPluginAsyncZod => async (app) => {
  app.get('/api/plans/signatories', {
    schema: {
      tags: ['plans'],
      summary: 'Who holds each signatory role, for one group or every group (PLAN-5)',
      querystring: z.object({ group: GroupCode.optional() }),
      response: { 200: z.array(GroupSignatories), 401: ErrorBody, 403: ErrorBody, 404: ErrorBody },
    },
  }, async (request) => {
    const user = await authorise(db, request, 'plan.read');
    return listSignatories(db, user, request.query.group ?? null);
  });

  app.get('/api/plans/signatories/candidates', {
    schema: {
      tags: ['plans'],
      summary: 'The people who may be named as signatories: board members and commissioners',
      response: { 200: z.array(z.object({ id: z.number(), username: z.string(), displayName: z.string(), role: z.string() })), 401: ErrorBody, 403: ErrorBody },
    },
  }, async (request) => {
    await authorise(db, request, 'plan.manage');
    return signatoryCandidates(db);
  });

  app.put('/api/plans/signatories/:groupCode/:roleCode', {
    schema: {
      tags: ['plans'],
      summary: 'Name who holds a signatory role for a group (plan.manage; audited)',
      params: z.object({ groupCode: GroupCode, roleCode: RoleCode }),
      body: z.object({ userId: z.number().int().positive() }),
      response: { 200: GroupSignatories, 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody },
    },
  }, async (request) => {
    const user = await authorise(db, request, 'plan.manage', { type: 'org_group', id: request.params.groupCode });
    return assignSignatory(db, user, request.params.groupCode, request.params.roleCode, request.body.userId);
  });

  app.get('/api/plans/:id/sign-off', {
    schema: {
      tags: ['plans'],
      summary: "A plan's sign-off: the version with the signatories, who has signed and when, what you may sign",
      params: z.object({ id: PlanId }),
      response: { 200: SignOffView, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody },
    },
  }, async (request) => {
    const { user, plan } = await planFor(db, request, request.params.id);
    return signOffView(db, user, plan);
  });

  app.post('/api/plans/:id/sign', {
    schema: {
      tags: ['plans'],
      summary: 'Sign the version with the signatories as one of your signatory roles, re-entering your password (audited)',
      description: 'Only in a browser session: a signature is a personal act, so API tokens cannot sign. A wrong password is refused '
        + 'with 400 naming the field password and audited; repeated wrong passwords are refused for a while (429). '
        + 'The signature that completes the set signs the version off and, the first time a plan is signed off, fires the incentive trigger.',
      params: z.object({ id: PlanId }),
      body: SignBody,
      response: {
        200: z.object({ fullySigned: z.boolean(), incentiveFired: z.boolean(), signOff: SignOffView }),
        400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody, 429: ErrorBody,
      },
    },
  }, async (request) => {
    const caller = requireUser(request);
    if (request.headers.authorization?.startsWith('Bearer ') || request.csrfToken === null) {
      await recordAudit(db, {
        actor: caller.username, action: 'plan.sign', entityType: 'plan', entityId: String(request.params.id), outcome: 'denied',
        details: { roleCode: request.body.roleCode, reason: 'not a signed-in session' },
      });
      throw forbidden('A signature is a personal act: sign in to Commissioning Hub and sign on the plan\'s sign-off page. API tokens cannot sign.');
    }
    const { user, plan } = await planFor(db, request, request.params.id, 'plan.sign');
    const result = await signPlan(db, user, plan, { roleCode: request.body.roleCode, password: request.body.password }, limiter);
    return { fullySigned: result.fullySigned, incentiveFired: result.incentiveFired, signOff: result.view };
  });

  app.get('/api/plans/:id/versions/:version/pdf', {
    schema: {
      tags: ['plans'],
      summary: 'A version of the plan as an A4 PDF, from what the version froze, with its signature page (audited)',
      produces: ['application/pdf'],
      params: z.object({ id: PlanId, version: z.coerce.number().int().min(1).max(100_000) }),
      response: { 200: z.any().describe('the PDF'), 401: ErrorBody, 403: ErrorBody, 404: ErrorBody },
    },
  }, async (request, reply) => {
    const { user, plan } = await planFor(db, request, request.params.id);
    const version = await versionOf(db, plan.id, request.params.version);
    if (!version) throw notFound(`Version ${request.params.version} of the plan`);
    const signatures = await signaturesOf(db, plan.id, version.version);
    const sender = await db.selectFrom('app_user').select('display_name').where('username', '=', version.sentBy).executeTakeFirst();
    const pdf = await renderPlanPdf({ snapshot: version.snapshot, figures: version.figures, version: { ...version, sentBy: sender?.display_name ?? version.sentBy }, signatures });
    await recordAudit(db, {
      actor: user.username, action: 'plan.pdf', entityType: 'plan', entityId: String(plan.id),
      details: { version: version.version, status: version.status },
    });
    return reply
      .type('application/pdf')
      .header('content-disposition', contentDisposition('attachment', planPdfFileName(version.snapshot, version.version)))
      .header('cache-control', 'no-store')
      .send(pdf);
  });
};
