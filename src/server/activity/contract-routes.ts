/**
 * Contracts' API (ACT-4). Contracts are commissioner business: reading needs activity.view and
 * is refused to practice users (they see their own activity, not the plans); changing needs
 * contract.manage. Money is integer pence in and out (the web app shows and takes pounds).
 */
import { Readable } from 'node:stream';
import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { FastifyRequest } from 'fastify';
import type { Db } from '../../db/database.js';
import { PHASINGS } from '../../domain/activity/monitoring.js';
import { PODS } from '../../domain/activity/pricing.js';
import { authorise } from '../auth/context.js';
import { HttpError } from '../http/errors.js';
import { ErrorBody } from '../http/schemas.js';
import { cleanFileName, limitBytes } from '../http/uploads.js';
import { addVariation, createContract, getContract, importContractLines, listContracts, updateContract } from './contracts.js';

/** A contract's lines file is small: a few hundred rows at most. */
export const CONTRACT_LINES_BODY_LIMIT = 5 * 1024 * 1024;
const CSV_CONTENT_TYPES = ['text/csv', 'application/octet-stream', 'application/vnd.ms-excel'];

const FinancialYear = z.string().regex(/^\d{4}\/\d{2}$/, 'a financial year written like 2025/26').describe('financial year, e.g. 2025/26');
const Tfc = z.string().trim().regex(/^(\d{3})?$/, 'a 3-digit treatment function code, or blank for all specialties');
const Pence = z.number().int().describe('integer pence');
const ContractId = z.object({ id: z.coerce.number().int().positive().max(2_147_483_647) });

const ContractLineIn = z.object({
  pod: z.enum(PODS),
  tfc: Tfc.default('').describe("treatment function code; '' = all specialties of this point of delivery not planned on their own line"),
  plannedVolume: z.number().int().min(0).max(1e9),
  plannedValuePence: Pence.min(0).max(1e14),
});
const FollowUpCapIn = z.object({
  tfc: Tfc.default('').describe("'' = any specialty without its own cap"),
  maxRatio: z.number().positive().max(9999.99).describe('most follow-ups paid per first attendance, e.g. 2.5'),
});
const KpiIn = z.object({
  name: z.string().trim().min(1).max(120),
  direction: z.enum(['>=', '<=']).describe('met when actual (direction) threshold'),
  threshold: z.number(),
  actual: z.number().nullable().default(null),
  period: z.string().trim().max(40).nullable().default(null).describe('what the actual covers, e.g. "Q2 2025/26"'),
});
const ContractIn = z.object({
  providerCode: z.string().trim().min(1).max(5),
  year: FinancialYear,
  reference: z.string().trim().min(1).max(60),
  phasing: z.enum(PHASINGS).default('even').describe('even: twelve equal months; profile: by the twelve weights in profile'),
  profile: z.array(z.number().min(0).max(1_000_000)).length(12).nullable().default(null).describe('twelve relative weights, April first (percentages or fractions alike)'),
  c2cAllowed: z.boolean().default(false).describe('consultant-to-consultant first attendances are payable'),
  lines: z.array(ContractLineIn).max(1000).default([]),
  followUpCaps: z.array(FollowUpCapIn).max(500).default([]),
  kpis: z.array(KpiIn).max(200).default([]),
});
const VariationIn = z.object({
  effectiveFrom: z.string().describe('ISO date in the contract’s year: the plan changes from this month on'),
  reason: z.string().trim().min(1).max(500),
  valueChangePence: Pence.min(-1e14).max(1e14).describe('change to the year’s planned value (negative reduces it), phased from the effective month to March'),
});

const ContractSummary = z.object({
  id: z.number().int(), providerCode: z.string(), providerName: z.string(), year: z.string(), reference: z.string(),
  phasing: z.enum(PHASINGS), c2cAllowed: z.boolean(), lineCount: z.number().int(), plannedVolume: z.number().int(),
  plannedValuePence: Pence, variationsPence: Pence, totalValuePence: Pence.describe('planned value with variations'),
  updatedBy: z.string(), updatedAt: z.string(),
});
const ContractView = ContractSummary.extend({
  profile: z.array(z.number()).nullable(),
  lines: z.array(z.object({ pod: z.enum(PODS), podName: z.string(), tfc: z.string(), tfcName: z.string(), plannedVolume: z.number().int(), plannedValuePence: Pence })),
  followUpCaps: z.array(z.object({ tfc: z.string(), tfcName: z.string(), maxRatio: z.number() })),
  kpis: z.array(z.object({
    id: z.number().int(), name: z.string(), direction: z.enum(['>=', '<=']), threshold: z.number(), actual: z.number().nullable(),
    period: z.string().nullable(), met: z.boolean().nullable().describe('null until an actual is recorded'),
  })),
  variations: z.array(z.object({
    id: z.number().int(), effectiveFrom: z.string(), effectiveMonth: z.number().int().nullable().describe('1 = April'), reason: z.string(),
    valueChangePence: Pence, recordedBy: z.string(), recordedAt: z.string(),
  })),
  monthly: z.array(z.object({
    month: z.number().int(), label: z.string(), plannedVolume: z.number().int(), plannedValuePence: Pence, variationsPence: Pence, totalValuePence: Pence,
  })).describe('the plan phased by month, April first: lines (largest-remainder rounding) plus variations from their effective month'),
});
const ErrorDetail = ErrorBody.shape.details.element;
const LinesImportReport = z.object({
  contractId: z.number().int(), fileName: z.string(), status: z.enum(['succeeded', 'failed']), message: z.string(),
  rowsRead: z.number().int(), lines: z.number().int(), replaced: z.number().int(), plannedVolume: z.number().int(), plannedValuePence: Pence,
  errors: z.array(ErrorDetail).describe('row-level problems, at most 200; row 1 is the header'), errorCount: z.number().int(), warnings: z.array(z.string()),
});
const LinesImportFailed = ErrorBody.extend({ error: z.literal('import_failed'), report: LinesImportReport });

/** A contract's plan is the commissioner's business: practices see their own activity, not plans. */
const authoriseRead = (db: Db, request: FastifyRequest) => authorise(db, request, 'contract.read', { type: 'contract' });

export const contractRoutes = ({ db }: { db: Db }): FastifyPluginAsyncZod => async (app) => {
  // Scoped to this plugin: the lines file reaches its handler as the unread request stream.
  app.addContentTypeParser(CSV_CONTENT_TYPES, (_request, payload, done) => done(null, payload));

  app.get('/api/contracts', {
    schema: {
      tags: ['contracts'], summary: 'Contracts, by year then provider, with their planned volume and value',
      querystring: z.object({ year: FinancialYear.optional(), provider: z.string().trim().toUpperCase().max(5).optional() }),
      response: { 200: z.array(ContractSummary), 401: ErrorBody, 403: ErrorBody },
    },
  }, async (request) => {
    await authoriseRead(db, request);
    return listContracts(db, { year: request.query.year, providerCode: request.query.provider });
  });

  app.get('/api/contracts/:id', {
    schema: {
      tags: ['contracts'], summary: 'One contract: lines, follow-up caps, KPIs, variations and the plan by month',
      params: ContractId,
      response: { 200: ContractView, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody },
    },
  }, async (request) => {
    await authoriseRead(db, request);
    return getContract(db, request.params.id);
  });

  app.post('/api/contracts', {
    schema: {
      tags: ['contracts'], summary: 'Create the contract for a provider and year (audited)',
      description: 'One contract per provider and year (409 when there is one). Values in integer pence.',
      body: ContractIn,
      response: { 201: ContractView, 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 409: ErrorBody },
    },
  }, async (request, reply) => {
    const user = await authorise(db, request, 'contract.manage', { type: 'contract' });
    const contract = await createContract(db, user, request.body);
    return reply.status(201).send(contract);
  });

  app.put('/api/contracts/:id', {
    schema: {
      tags: ['contracts'], summary: 'Replace a contract’s terms, lines, follow-up caps and KPIs (audited; variations stay)',
      params: ContractId,
      body: ContractIn,
      response: { 200: ContractView, 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody },
    },
  }, async (request) => {
    const user = await authorise(db, request, 'contract.manage', { type: 'contract', id: String(request.params.id) });
    return updateContract(db, user, request.params.id, request.body);
  });

  app.post('/api/contracts/:id/variations', {
    schema: {
      tags: ['contracts'], summary: 'Record an in-year variation (audited)',
      description: 'The value change is added to the plan from the effective month to March, phased by the contract’s profile.',
      params: ContractId,
      body: VariationIn,
      response: { 201: ContractView, 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody },
    },
  }, async (request, reply) => {
    const user = await authorise(db, request, 'contract.manage', { type: 'contract', id: String(request.params.id) });
    return reply.status(201).send(await addVariation(db, user, request.params.id, request.body));
  });

  app.post('/api/contracts/:id/lines.csv', {
    bodyLimit: CONTRACT_LINES_BODY_LIMIT,
    schema: {
      tags: ['contracts'], summary: 'Replace a contract’s lines from a CSV file (all or nothing, audited)',
      description: 'Send the file itself as the body (Content-Type text/csv), its name in X-File-Name or ?fileName=. Columns: provider_code, year, pod, '
        + "tfc (blank = all specialties), planned_volume, planned_value (pounds, like 1234.50). Every row must name this contract's provider and year. "
        + 'A file with any bad row stores nothing and the 422 response lists each problem by row and column.',
      consumes: CSV_CONTENT_TYPES,
      body: z.any().describe('The CSV file itself'),
      params: ContractId,
      querystring: z.object({ fileName: z.string().max(255).optional() }),
      headers: z.looseObject({ 'x-file-name': z.string().max(1000).optional() }),
      response: { 200: LinesImportReport, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 413: ErrorBody, 415: ErrorBody, 422: LinesImportFailed },
    },
  }, async (request, reply) => {
    const user = await authorise(db, request, 'contract.manage', { type: 'contract', id: String(request.params.id) });
    if (Number(request.headers['content-length']) > CONTRACT_LINES_BODY_LIMIT) throw tooLarge();
    const fileName = cleanFileName(request.headers['x-file-name'] ?? request.query.fileName) ?? 'contract-lines.csv';
    const body: unknown = request.body ?? Readable.from([]);
    if (!(body instanceof Readable)) throw new HttpError(415, 'unsupported_media_type', 'Send the CSV file itself as the request body, with Content-Type text/csv.');
    const report = await importContractLines(db, user, request.params.id, limitBytes(body, CONTRACT_LINES_BODY_LIMIT, tooLarge), { fileName });
    if (report.status === 'failed') return reply.status(422).send({ error: 'import_failed' as const, message: report.message, details: report.errors, report });
    return report;
  });
};

const tooLarge = () => new HttpError(413, 'file_too_large', `The file is larger than ${CONTRACT_LINES_BODY_LIMIT / 1024 / 1024} MB.`);
