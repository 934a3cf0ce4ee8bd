/**
 * A&E audit sheets' API (REF-10): a practice's audits, their entries (added, changed and removed
 * while the audit is open), completing an audit, and the summary (JSON, CSV or XLSX). A practice
 * works on its own audits and sees its patients by NHS number; the commissioner and the board see
 * every practice's audits with patients as pseudonyms; another practice's audit is "not found".
 */
import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Db } from '../../db/database.js';
import {
  AE_OUTCOMES, AGE_GROUPS, COMMON_REASONS, COULD_SEE, COULD_SEE_LABELS, IN_HOURS_RULE, MAX_NOTES, MAX_REASON, OUTCOME_LABELS, SEX_LABELS,
} from '../../domain/insight-audit/ae-audit.js';
import { AGE_BANDS } from '../../domain/population/age-bands.js';
import type { FastifyRequest } from 'fastify';
import type { Action } from '../../domain/access/can.js';
import { authorise, requireUser } from '../auth/context.js';
import { sendTable } from '../http/exports.js';
import { ErrorBody } from '../http/schemas.js';
import {
  addEntry, aeSummary, auditPractice, completeAudit, createAudit, deleteEntry, listAudits, readSheet, summaryTable, updateEntry,
} from './ae-audits.js';

const IsoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date written like 2025-10-01');
const PracticeCode = z.string().trim().regex(/^[A-Z][0-9]{5}$/, 'must be a practice code like E82001');
const Id = z.coerce.number().int().positive().max(2_147_483_647);
const Status = z.enum(['open', 'completed']);

const HeaderSchema = z.object({
  id: z.number().int(),
  practiceCode: z.string(),
  practiceName: z.string(),
  groupCode: z.string(),
  groupName: z.string(),
  title: z.string(),
  periodStart: z.string(),
  periodEnd: z.string(),
  status: Status,
  entryCount: z.number().int(),
  createdBy: z.string(),
  createdAt: z.string(),
  completedBy: z.string().nullable(),
  completedAt: z.string().nullable(),
});

const EntrySchema = z.object({
  id: z.number().int(),
  patient: z.string().describe('the NHS number for the audit’s own practice; a pseudonymous label (P-…) for everyone else'),
  reidentified: z.boolean(),
  ageBand: z.string(),
  sex: z.enum(['M', 'F']),
  attendedAt: z.string().describe('UK local time, YYYY-MM-DDTHH:MM'),
  inHours: z.boolean().describe(IN_HOURS_RULE),
  reason: z.string(),
  primaryCareCouldSee: z.enum(COULD_SEE),
  outcome: z.enum(AE_OUTCOMES),
  outcomeLabel: z.string(),
  notes: z.string(),
  recordedBy: z.string(),
  recordedAt: z.string(),
});

const ChoicesSchema = z.object({
  reasons: z.array(z.string()),
  outcomes: z.array(z.object({ value: z.enum(AE_OUTCOMES), label: z.string() })),
  couldSee: z.array(z.object({ value: z.enum(COULD_SEE), label: z.string() })),
  sexes: z.array(z.object({ value: z.enum(['M', 'F']), label: z.string() })),
  ageBands: z.array(z.string()),
  inHoursRule: z.string(),
});

const choices = {
  reasons: [...COMMON_REASONS],
  outcomes: AE_OUTCOMES.map((value) => ({ value, label: OUTCOME_LABELS[value] })),
  couldSee: COULD_SEE.map((value) => ({ value, label: COULD_SEE_LABELS[value] })),
  sexes: (['F', 'M'] as const).map((value) => ({ value, label: SEX_LABELS[value] })),
  ageBands: [...AGE_BANDS],
  inHoursRule: IN_HOURS_RULE,
};

const SheetSchema = HeaderSchema.extend({ entries: z.array(EntrySchema), choices: ChoicesSchema });

const EntryBody = z.object({
  nhsNumber: z.string().max(20),
  dateOfBirth: z.string().max(10).nullable().default(null).describe('YYYY-MM-DD; only the age band worked out from it is kept'),
  ageBand: z.string().max(6).nullable().default(null).describe('when no date of birth is given'),
  sex: z.enum(['M', 'F']),
  attendedAt: z.string().max(16).describe('UK local time, YYYY-MM-DDTHH:MM; must be within the audit period'),
  reason: z.string().max(MAX_REASON * 2),
  primaryCareCouldSee: z.enum(COULD_SEE),
  outcome: z.enum(AE_OUTCOMES),
  notes: z.string().max(MAX_NOTES * 2).default(''),
});

const Interval = z.object({ lower: z.number(), upper: z.number() });
const FiguresSchema = z.object({
  attendances: z.number().int(),
  couldSee: z.object({ yes: z.number().int(), no: z.number().int(), unsure: z.number().int() }),
  shareCouldSee: z.number().nullable().describe('"yes" out of every attendance audited'),
  shareInterval: Interval.nullable().describe('95% Wilson score interval'),
  inHours: z.number().int(),
  outOfHours: z.number().int(),
  byOutcome: z.record(z.enum(AE_OUTCOMES), z.number().int()),
  topReasons: z.array(z.object({ reason: z.string(), attendances: z.number().int() })),
  byAgeGroup: z.array(z.object({ ageGroup: z.enum(AGE_GROUPS), attendances: z.number().int() })),
});
const SummarySchema = z.object({
  from: z.string(),
  to: z.string(),
  status: z.enum(['completed', 'all']),
  practices: z.array(FiguresSchema.extend({ practiceCode: z.string(), practiceName: z.string(), audits: z.number().int() })),
  overall: FiguresSchema.extend({ label: z.string(), practices: z.number().int(), audits: z.number().int() }),
});

const yearAgo = (today: string) => {
  const d = new Date(`${today}T00:00:00Z`);
  d.setUTCFullYear(d.getUTCFullYear() - 1);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
};

export const aeAuditRoutes = ({ db }: { db: Db }): FastifyPluginAsyncZod => async (app) => {
  /** Signed in first (401), then the audit's practice decides: another practice's audit is 404 (audited). */
  const authoriseFor = async (request: FastifyRequest, action: Action, id: number) => {
    requireUser(request);
    const practiceCode = await auditPractice(db, id);
    return authorise(db, request, action, { practiceCode, type: 'ae_audit', id: String(id) });
  };

  app.get('/api/ae-audits', {
    schema: {
      tags: ['ae-audits'],
      summary: 'A&E audits (REF-10): a practice’s own, or every practice’s for the commissioner and board',
      querystring: z.object({ practice: PracticeCode.optional(), group: z.string().trim().min(1).max(20).optional(), status: Status.optional() }),
      response: { 200: z.array(HeaderSchema), 401: ErrorBody, 403: ErrorBody },
    },
  }, async (request) => {
    const user = await authorise(db, request, 'aeaudit.view');
    const { practice, group, status } = request.query;
    return listAudits(db, user, { practiceCode: practice ?? null, groupCode: group ?? null, status: status ?? null });
  });

  app.post('/api/ae-audits', {
    schema: {
      tags: ['ae-audits'],
      summary: 'Start an A&E audit for a period (a practice, for its own patients; audited)',
      body: z.object({ title: z.string().max(400), periodStart: z.string().max(10), periodEnd: z.string().max(10) }),
      response: { 201: HeaderSchema, 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 422: ErrorBody },
    },
  }, async (request, reply) => {
    const user = await authorise(db, request, 'aeaudit.record');
    return reply.status(201).send(await createAudit(db, user, request.body));
  });

  app.get('/api/ae-audits/summary', {
    schema: {
      tags: ['ae-audits'],
      summary: 'A&E audit summary: per practice and overall (JSON, CSV or XLSX)',
      description: 'Attendances between from and to (UK local dates, inclusive; default the last year), of completed audits unless status=all. '
        + 'A practice sees its own figures and its locality’s overall figures, never another practice by name. '
        + 'The share that primary care could have seen is "yes" out of every attendance, with its 95% Wilson score interval.',
      querystring: z.object({
        from: IsoDate.optional(), to: IsoDate.optional(), practice: PracticeCode.optional(), group: z.string().trim().min(1).max(20).optional(),
        status: z.enum(['completed', 'all']).default('completed'), format: z.enum(['json', 'csv', 'xlsx']).default('json'),
      }).refine((q) => !q.from || !q.to || q.from <= q.to, { message: 'must be on or before to', path: ['from'] }),
      response: { 200: SummarySchema, 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody },
    },
  }, async (request, reply) => {
    const user = await authorise(db, request, 'aeaudit.view');
    const { practice, group, status, format } = request.query;
    const to = request.query.to ?? new Date().toISOString().slice(0, 10);
    const from = request.query.from ?? yearAgo(to);
    const summary = await aeSummary(db, user, { from, to, practiceCode: practice ?? null, groupCode: group ?? null, status });
    if (format !== 'json') return sendTable(reply, format, summaryTable(summary));
    return summary;
  });

  app.get('/api/ae-audits/:id', {
    schema: {
      tags: ['ae-audits'],
      summary: 'One A&E audit sheet with its attendances (every view audited)',
      description: 'The audit’s own practice sees its patients by NHS number; the commissioner and board see pseudonymous labels.',
      params: z.object({ id: Id }),
      response: { 200: SheetSchema, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody },
    },
  }, async (request) => {
    const { id } = request.params;
    const user = await authoriseFor(request, 'aeaudit.view', id);
    return { ...(await readSheet(db, user, id)), choices };
  });

  app.post('/api/ae-audits/:id/entries', {
    schema: {
      tags: ['ae-audits'],
      summary: 'Add an attendance to an open audit (its practice only; audited)',
      description: 'The NHS number is checked (modulus 11) and kept only as a pseudonym; in hours is worked out from the time. '
        + 'An attendance outside the audit period is refused, naming attendedAt.',
      params: z.object({ id: Id }),
      body: EntryBody,
      response: { 201: EntrySchema, 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody, 422: ErrorBody },
    },
  }, async (request, reply) => {
    const { id } = request.params;
    const user = await authoriseFor(request, 'aeaudit.record', id);
    return reply.status(201).send(await addEntry(db, user, id, request.body));
  });

  app.put('/api/ae-audits/:id/entries/:entryId', {
    schema: {
      tags: ['ae-audits'],
      summary: 'Change an attendance of an open audit (its practice only; audited)',
      params: z.object({ id: Id, entryId: Id }),
      body: EntryBody,
      response: { 200: EntrySchema, 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody, 422: ErrorBody },
    },
  }, async (request) => {
    const { id, entryId } = request.params;
    const user = await authoriseFor(request, 'aeaudit.record', id);
    return updateEntry(db, user, id, entryId, request.body);
  });

  app.delete('/api/ae-audits/:id/entries/:entryId', {
    schema: {
      tags: ['ae-audits'],
      summary: 'Remove an attendance from an open audit (its practice only; audited)',
      params: z.object({ id: Id, entryId: Id }),
      response: { 204: z.null(), 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody },
    },
  }, async (request, reply) => {
    const { id, entryId } = request.params;
    const user = await authoriseFor(request, 'aeaudit.record', id);
    await deleteEntry(db, user, id, entryId);
    return reply.status(204).send(null);
  });

  app.post('/api/ae-audits/:id/complete', {
    schema: {
      tags: ['ae-audits'],
      summary: 'Complete an audit: from then on it is read-only (its practice only; audited)',
      params: z.object({ id: Id }),
      response: { 200: HeaderSchema, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody, 422: ErrorBody },
    },
  }, async (request) => {
    const { id } = request.params;
    const user = await authoriseFor(request, 'aeaudit.record', id);
    return completeAudit(db, user, id);
  });
};
