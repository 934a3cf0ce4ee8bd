/**
 * The referral catalogue's API (REF-3, REF-12): pathways and their criteria, community services
 * and the prior-approval list. Everyone signed in may read them (the referral form needs them);
 * administrators and commissioning managers (pathway.manage) edit them, every change audited.
 */
import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Db } from '../../db/database.js';
import type { Selectable } from 'kysely';
import type { CommunityServiceTable, PathwayTable } from '../../db/schema.js';
import { isTreatmentFunction, treatmentFunctionName } from '../../domain/codes/treatment-functions.js';
import { pathwayQuestions, type PathwayCriterion } from '../../domain/referrals/pathway.js';
import { recordAudit } from '../audit/audit-log.js';
import { authorise } from '../auth/context.js';
import { HttpError, notFound } from '../http/errors.js';
import { ErrorBody } from '../http/schemas.js';

// ---- Criteria: a zod mirror of PathwayCriterion (src/domain/referrals/pathway.ts) -------------

const QuestionType = z.enum(['number', 'text', 'yes-no', 'date']);
const CriterionId = z.string().regex(/^[a-z0-9][a-z0-9_-]{0,39}$/, 'use lower-case letters, digits, hyphens or underscores (up to 40)');
/** a `clinicalInfo` key: snake_case, as the referral form, CSV and FHIR send it */
const InfoKey = z.string().regex(/^[a-z][a-z0-9_]{0,59}$/, 'use a snake_case key such as symptom_months (up to 60 characters)');
const Label = z.string().trim().min(1, 'enter a label').max(300);
const Hint = z.string().trim().max(500).optional();
const Unit = z.string().trim().max(30).optional();
const Icd10Prefix = z.string().trim().toUpperCase().regex(/^[A-Z][0-9]{2}(\.[0-9A-Z]{1,4})?$/, 'an ICD-10 code or prefix such as M17 or H91.2');

export const PathwayCriterionSchema = z.discriminatedUnion('kind', [
  z.strictObject({ id: CriterionId, kind: z.literal('required_field'), label: Label, field: InfoKey, input: QuestionType.optional(), hint: Hint, unit: Unit }),
  z.strictObject({ id: CriterionId, kind: z.literal('required_test'), label: Label, test: InfoKey, input: QuestionType.optional(), hint: Hint, unit: Unit }),
  z.strictObject({
    id: CriterionId, kind: z.literal('threshold'), label: Label, field: InfoKey,
    operator: z.enum(['>=', '<=', '>', '<']), value: z.number().finite(), hint: Hint, unit: Unit,
  }),
  z.strictObject({ id: CriterionId, kind: z.literal('excluded_diagnosis'), label: Label, codes: z.array(Icd10Prefix).min(1, 'list at least one code').max(200), hint: Hint }),
]);

// The schema and the domain type must describe the same thing: tsc fails here if they drift apart.
const _toDomain = (c: z.infer<typeof PathwayCriterionSchema>): PathwayCriterion => c;
const _fromDomain = (c: PathwayCriterion): z.infer<typeof PathwayCriterionSchema> => c;

const Criteria = z.array(PathwayCriterionSchema).max(50).superRefine((criteria, ctx) => {
  const seen = new Set<string>();
  criteria.forEach((c, i) => {
    if (seen.has(c.id)) ctx.addIssue({ code: 'custom', path: [i, 'id'], message: `another criterion already has the id "${c.id}"` });
    seen.add(c.id);
  });
});

const Tfc = z.string().refine(isTreatmentFunction, 'is not a treatment function code');

const PathwayFields = z.object({
  name: z.string().trim().min(1, 'enter a name').max(200),
  tfc: Tfc,
  description: z.string().trim().max(4000).default(''),
  criteria: Criteria,
  active: z.boolean().default(true),
});

const PathwayCode = z.string().regex(/^[a-z0-9][a-z0-9-]{1,40}$/, 'lower-case letters, digits and hyphens, 2 to 41 characters');

const Question = z.object({ key: z.string(), label: z.string(), type: QuestionType, hint: z.string().optional(), unit: z.string().optional(), criteria: z.array(z.string()) });

const StoredCriterion = z.looseObject({ id: z.string(), kind: z.string(), label: z.string() });
type StoredCriterion = z.infer<typeof StoredCriterion>;

const Pathway = z.object({
  code: z.string(), name: z.string(), tfc: z.string(), tfcName: z.string(), description: z.string(),
  // Stored criteria are shown as stored (loose), so an old row never breaks the response.
  criteria: z.array(StoredCriterion),
  questions: z.array(Question).describe('the inputs the referral form asks for this pathway'),
  active: z.boolean(), version: z.number().int(), updatedAt: z.string(), updatedBy: z.string(),
});

const CommunityService = z.object({ code: z.string(), name: z.string(), tfc: z.string().nullable(), tfcName: z.string().nullable(), providerCode: z.string().nullable(), description: z.string() });

const CommunityServiceCode = z.string().trim().regex(/^[A-Za-z0-9][A-Za-z0-9-]{1,40}$/, 'letters, digits and hyphens, 2 to 41 characters, such as msk-cats');
/** How many of the referrals that use a community service a refusal to remove it names. */
const USED_BY_SHOWN = 5;

const PriorApprovalCode = z.string().trim().toUpperCase().regex(/^[A-Z0-9][A-Z0-9.]{1,19}$/, 'an OPCS-4 or SNOMED CT code such as W85.1');
const PriorApproval = z.object({ code: z.string(), name: z.string(), tfc: z.string().nullable(), tfcName: z.string().nullable(), criteria: z.string() });

function pathwayJson(p: Selectable<PathwayTable>) {
  const criteria = (Array.isArray(p.criteria) ? p.criteria : []) as PathwayCriterion[];
  return {
    code: p.code, name: p.name, tfc: p.tfc, tfcName: treatmentFunctionName(p.tfc), description: p.description,
    criteria: criteria as unknown as StoredCriterion[], questions: pathwayQuestions(criteria),
    active: p.active, version: p.version, updatedAt: p.updated_at.toISOString(), updatedBy: p.updated_by,
  };
}

const conflict = (code: string, by: string, at: Date) => new HttpError(409, 'conflict',
  `Pathway ${code} was changed by ${by} at ${at.toISOString().slice(11, 16)} after you opened it. Reload it to see their change before you save yours.`);

const communityServiceJson = (s: Selectable<CommunityServiceTable>) => ({
  code: s.code, name: s.name, tfc: s.tfc, tfcName: s.tfc ? treatmentFunctionName(s.tfc) : null, providerCode: s.provider_code, description: s.description,
});

export const catalogueRoutes = ({ db }: { db: Db }): FastifyPluginAsyncZod => async (app) => {
  app.get('/api/pathways', {
    schema: {
      tags: ['pathways'], summary: 'Referral pathways with their criteria and the questions the form asks',
      querystring: z.object({ tfc: z.string().max(3).optional(), active: z.enum(['true', 'false']).optional() }),
      response: { 200: z.array(Pathway), 401: ErrorBody, 403: ErrorBody },
    },
  }, async (request) => {
    await authorise(db, request, 'org.read');
    let q = db.selectFrom('pathway').selectAll().orderBy('name').orderBy('code');
    if (request.query.tfc) q = q.where('tfc', '=', request.query.tfc);
    if (request.query.active) q = q.where('active', '=', request.query.active === 'true');
    return (await q.execute()).map(pathwayJson);
  });

  app.get('/api/pathways/:code', {
    schema: { tags: ['pathways'], summary: 'One pathway', params: z.object({ code: z.string().max(60) }), response: { 200: Pathway, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody } },
  }, async (request) => {
    await authorise(db, request, 'org.read');
    const p = await db.selectFrom('pathway').selectAll().where('code', '=', request.params.code).executeTakeFirst();
    if (!p) throw notFound(`Pathway ${request.params.code}`);
    return pathwayJson(p);
  });

  app.post('/api/pathways', {
    schema: {
      tags: ['pathways'], summary: 'Add a pathway (administrators and commissioning managers; audited)',
      body: PathwayFields.extend({ code: PathwayCode }),
      response: { 201: Pathway, 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 409: ErrorBody },
    },
  }, async (request, reply) => {
    const user = await authorise(db, request, 'pathway.manage', { type: 'pathway', id: request.body.code });
    const b = request.body;
    const created = await db.transaction().execute(async (tx) => {
      const row = await tx.insertInto('pathway').values({
        code: b.code, name: b.name, tfc: b.tfc, description: b.description, criteria: JSON.stringify(b.criteria), active: b.active,
        version: 1, updated_at: new Date(), updated_by: user.username,
      }).onConflict((oc) => oc.column('code').doNothing()).returningAll().executeTakeFirst();
      if (!row) throw new HttpError(409, 'already_exists', `There is already a pathway with the code ${b.code}.`, [{ field: 'body.code', message: 'is already used' }]);
      await recordAudit(tx, { actor: user.username, action: 'pathway.create', entityType: 'pathway', entityId: b.code, details: { version: 1, tfc: b.tfc, criteria: b.criteria.map((c) => c.id) } });
      return row;
    });
    return reply.status(201).header('location', `/api/pathways/${created.code}`).send(pathwayJson(created));
  });

  app.put('/api/pathways/:code', {
    schema: {
      tags: ['pathways'],
      summary: 'Change a pathway: its criteria, name, specialty or whether it is in use (administrators and commissioning managers; audited)',
      description: 'Send the version you edited: 409 if someone else saved a change since. The version goes up by one. '
        + 'Referrals already received keep the pathway check made when they arrived.',
      params: z.object({ code: z.string().max(60) }),
      body: PathwayFields.extend({ version: z.number().int().positive(), active: z.boolean().optional().describe('left as it is when not sent') }),
      response: { 200: Pathway, 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody },
    },
  }, async (request) => {
    const { code } = request.params;
    const user = await authorise(db, request, 'pathway.manage', { type: 'pathway', id: code });
    const b = request.body;
    const updated = await db.transaction().execute(async (tx) => {
      const current = await tx.selectFrom('pathway').selectAll().where('code', '=', code).forUpdate().executeTakeFirst();
      if (!current) throw notFound(`Pathway ${code}`);
      if (current.version !== b.version) throw conflict(code, current.updated_by, current.updated_at);
      const row = await tx.updateTable('pathway').set({
        name: b.name, tfc: b.tfc, description: b.description, criteria: JSON.stringify(b.criteria), active: b.active ?? current.active,
        version: current.version + 1, updated_at: new Date(), updated_by: user.username,
      }).where('code', '=', code).returningAll().executeTakeFirstOrThrow();
      const before = (current.criteria ?? []) as { id: string }[];
      const changed: string[] = (['name', 'tfc', 'description', 'active'] as const).filter((k) => b[k] !== undefined && current[k] !== b[k]);
      if (JSON.stringify(current.criteria) !== JSON.stringify(b.criteria)) changed.push('criteria');
      await recordAudit(tx, {
        actor: user.username, action: 'pathway.update', entityType: 'pathway', entityId: code,
        details: { fromVersion: current.version, toVersion: row.version, changed, criteriaBefore: before.map((c) => c.id), criteriaAfter: b.criteria.map((c) => c.id) },
      });
      return row;
    });
    return pathwayJson(updated);
  });

  app.get('/api/community-services', {
    schema: {
      tags: ['pathways'], summary: 'Community services a reviewer can divert a referral to',
      querystring: z.object({ tfc: z.string().max(3).optional() }),
      response: { 200: z.array(CommunityService), 401: ErrorBody, 403: ErrorBody },
    },
  }, async (request) => {
    await authorise(db, request, 'org.read');
    let q = db.selectFrom('community_service').selectAll().orderBy('name');
    if (request.query.tfc) q = q.where('tfc', '=', request.query.tfc);
    return (await q.execute()).map(communityServiceJson);
  });

  app.put('/api/community-services/:code', {
    schema: {
      tags: ['pathways'], summary: 'Add a community service reviewers can divert to, or change it (administrators and commissioning managers; audited)',
      description: 'Sends the whole service: a field left out takes its default (no specialty, no provider, no description).',
      params: z.object({ code: CommunityServiceCode }),
      body: z.object({
        name: z.string().trim().min(1, 'enter a name').max(300),
        tfc: Tfc.nullable().default(null),
        providerCode: z.string().trim().toUpperCase().max(10).nullable().default(null)
          .describe('the ODS code of the provider that runs it, from the provider table'),
        description: z.string().trim().max(4000).default(''),
      }),
      response: { 200: CommunityService, 201: CommunityService, 400: ErrorBody, 401: ErrorBody, 403: ErrorBody },
    },
  }, async (request, reply) => {
    const { code } = request.params;
    const user = await authorise(db, request, 'pathway.manage', { type: 'community_service', id: code });
    const b = request.body;
    const providerCode = b.providerCode || null; // an empty choice is no provider
    if (providerCode && !(await db.selectFrom('provider').select('code').where('code', '=', providerCode).executeTakeFirst())) {
      throw new HttpError(400, 'invalid_request', 'The request is not valid.', [{ field: 'body.providerCode', message: `${providerCode} is not a known provider code` }]);
    }
    const values = { name: b.name, tfc: b.tfc, provider_code: providerCode, description: b.description };
    const { row, before } = await db.transaction().execute(async (tx) => {
      const existing = await tx.selectFrom('community_service').selectAll().where('code', '=', code).forUpdate().executeTakeFirst();
      const saved = await tx.insertInto('community_service').values({ code, ...values })
        .onConflict((oc) => oc.column('code').doUpdateSet(values))
        .returningAll().executeTakeFirstOrThrow();
      const changed = existing ? (Object.keys(values) as (keyof typeof values)[]).filter((k) => existing[k] !== values[k]) : undefined;
      await recordAudit(tx, {
        actor: user.username, action: existing ? 'community_service.update' : 'community_service.create', entityType: 'community_service', entityId: code,
        details: { name: b.name, tfc: b.tfc, providerCode, ...(changed ? { changed } : {}) },
      });
      return { row: saved, before: existing };
    });
    return reply.status(before ? 200 : 201).send(communityServiceJson(row));
  });

  app.delete('/api/community-services/:code', {
    schema: {
      tags: ['pathways'], summary: 'Remove a community service (administrators and commissioning managers; audited)',
      description: 'Refused with 409, naming the referrals, once any referral has been diverted to the service: '
        + 'those referrals keep saying where they went. (A service cannot be marked out of use: there is no such field.)',
      params: z.object({ code: CommunityServiceCode }),
      response: { 204: z.null().describe('removed'), 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody },
    },
  }, async (request, reply) => {
    const { code } = request.params;
    const user = await authorise(db, request, 'pathway.manage', { type: 'community_service', id: code });
    await db.transaction().execute(async (tx) => {
      const service = await tx.selectFrom('community_service').select(['code', 'name']).where('code', '=', code).forUpdate().executeTakeFirst();
      if (!service) throw notFound(`Community service ${code}`);
      const used = await tx.selectFrom('referral').select('reference').where('diverted_to', '=', code).orderBy('reference').execute();
      if (used.length) {
        const shown = used.slice(0, USED_BY_SHOWN).map((r) => r.reference);
        const more = used.length - shown.length;
        const message = `${service.name} cannot be removed: ${used.length === 1 ? 'a referral was' : `${used.length} referrals were`} diverted to it `
          + `(${shown.join(', ')}${more ? ` and ${more} more` : ''}), and they must keep saying where they went. Change its name or description instead.`;
        throw new HttpError(409, 'in_use', message, [{ field: 'params.code', message: `is used by ${used.length} referral${used.length === 1 ? '' : 's'}` }]);
      }
      await tx.deleteFrom('community_service').where('code', '=', code).execute();
      await recordAudit(tx, { actor: user.username, action: 'community_service.delete', entityType: 'community_service', entityId: code, details: { name: service.name } });
    });
    return reply.status(204).send(null);
  });

  const priorApprovalJson = (p: { code: string; name: string; tfc: string | null; criteria: string }) =>
    ({ code: p.code, name: p.name, tfc: p.tfc, tfcName: p.tfc ? treatmentFunctionName(p.tfc) : null, criteria: p.criteria });

  app.get('/api/prior-approval-procedures', {
    schema: {
      tags: ['pathways'], summary: 'Procedures that need prior approval before a referral is forwarded (REF-12)',
      response: { 200: z.array(PriorApproval), 401: ErrorBody, 403: ErrorBody },
    },
  }, async (request) => {
    await authorise(db, request, 'org.read');
    return (await db.selectFrom('prior_approval_procedure').selectAll().orderBy('code').execute()).map(priorApprovalJson);
  });

  app.put('/api/prior-approval-procedures/:code', {
    schema: {
      tags: ['pathways'], summary: 'Add a procedure to the prior-approval list, or change it (administrators and commissioning managers; audited)',
      params: z.object({ code: PriorApprovalCode }),
      body: z.object({ name: z.string().trim().min(1, 'enter a name').max(300), tfc: Tfc.nullable().default(null), criteria: z.string().trim().max(4000).default('') }),
      response: { 200: PriorApproval, 201: PriorApproval, 400: ErrorBody, 401: ErrorBody, 403: ErrorBody },
    },
  }, async (request, reply) => {
    const { code } = request.params;
    const user = await authorise(db, request, 'pathway.manage', { type: 'prior_approval_procedure', id: code });
    const b = request.body;
    const { row, created } = await db.transaction().execute(async (tx) => {
      const existed = await tx.selectFrom('prior_approval_procedure').select('code').where('code', '=', code).forUpdate().executeTakeFirst();
      const saved = await tx.insertInto('prior_approval_procedure').values({ code, name: b.name, tfc: b.tfc, criteria: b.criteria })
        .onConflict((oc) => oc.column('code').doUpdateSet({ name: b.name, tfc: b.tfc, criteria: b.criteria }))
        .returningAll().executeTakeFirstOrThrow();
      await recordAudit(tx, { actor: user.username, action: existed ? 'prior_approval.update' : 'prior_approval.create', entityType: 'prior_approval_procedure', entityId: code, details: { name: b.name, tfc: b.tfc } });
      return { row: saved, created: !existed };
    });
    return reply.status(created ? 201 : 200).send(priorApprovalJson(row));
  });

  app.delete('/api/prior-approval-procedures/:code', {
    schema: {
      tags: ['pathways'], summary: 'Take a procedure off the prior-approval list (administrators and commissioning managers; audited)',
      params: z.object({ code: PriorApprovalCode }),
      response: { 204: z.null().describe('removed'), 401: ErrorBody, 403: ErrorBody, 404: ErrorBody },
    },
  }, async (request, reply) => {
    const { code } = request.params;
    const user = await authorise(db, request, 'pathway.manage', { type: 'prior_approval_procedure', id: code });
    await db.transaction().execute(async (tx) => {
      const gone = await tx.deleteFrom('prior_approval_procedure').where('code', '=', code).returning(['name']).executeTakeFirst();
      if (!gone) throw notFound(`Procedure ${code} on the prior-approval list`);
      await recordAudit(tx, { actor: user.username, action: 'prior_approval.delete', entityType: 'prior_approval_procedure', entityId: code, details: { name: gone.name } });
    });
    return reply.status(204).send(null);
  });
};
