/**
 * Uploading organisation files (ORG-1, ORG-2): POST the raw CSV to /api/imports/:kind and get
 * the import report back; GET /api/imports lists recent runs. The body is streamed straight
 * into the importer, never buffered, so a 100 MB file costs no more memory than a small one.
 */
import { Readable } from 'node:stream';
import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Db } from '../../db/database.js';
import type { FastifyRequest } from 'fastify';
import { can, type Action } from '../../domain/access/can.js';
import { authorise, requireUser } from '../auth/context.js';
import { HttpError, notFound } from '../http/errors.js';
import { ErrorBody } from '../http/schemas.js';
import { importOrgFile } from './import/import-file.js';
import { findImportRun, listImportRuns, type ImportRunSummary } from './import/runs.js';
import { IMPORT_KINDS, type ImportKind } from './import/types.js';
import { cleanFileName, limitBytes } from '../http/uploads.js';

export const IMPORT_BODY_LIMIT = 100 * 1024 * 1024;
const CSV_CONTENT_TYPES = ['text/csv', 'application/octet-stream', 'application/vnd.ms-excel'];

const ErrorDetail = ErrorBody.shape.details.element;
const ImportReport = z.object({
  id: z.number().int(),
  kind: z.enum(IMPORT_KINDS),
  fileName: z.string(),
  status: z.enum(['succeeded', 'failed']),
  message: z.string(),
  rowsRead: z.number().int(),
  inserted: z.number().int(),
  updated: z.number().int(),
  unchanged: z.number().int(),
  errors: z.array(ErrorDetail).describe('row-level problems, at most 200; row 1 is the header'),
  errorCount: z.number().int().describe('all problems found, including those beyond the first 200'),
  quarantined: z.number().int().describe('rows set aside (quarantine=true, activity only)'),
  warnings: z.array(z.string()),
  summary: z.record(z.string(), z.number()).describe('activity: lines, unpriced, outOfArea, costPence (at tariff), priceDifferences, challenges'),
});
const ImportFailed = ErrorBody.extend({ error: z.literal('import_failed'), report: ImportReport });
const ImportRun = z.object({
  id: z.number().int(), kind: z.enum(IMPORT_KINDS), fileName: z.string(), status: z.enum(['succeeded', 'failed']),
  rowsRead: z.number().int(), inserted: z.number().int(), updated: z.number().int(), unchanged: z.number().int(),
  errorCount: z.number().int(), actor: z.string(), startedAt: z.string(), finishedAt: z.string(),
});
const ImportRunDetail = ImportRun.extend({ errors: z.array(ErrorDetail), warnings: z.array(z.string()) });

const runJson = (run: ImportRunSummary) => ({ ...run, startedAt: run.startedAt.toISOString(), finishedAt: run.finishedAt.toISOString() });

export const importRoutes = ({ db }: { db: Db }): FastifyPluginAsyncZod => async (app) => {
  // Scoped to this plugin: CSV bodies reach the handler as the unread request stream.
  app.addContentTypeParser(CSV_CONTENT_TYPES, (_request, payload, done) => done(null, payload));

  app.post('/api/imports/:kind', {
    bodyLimit: IMPORT_BODY_LIMIT,
    schema: {
      tags: ['imports'],
      summary: 'Import practices.csv, providers.csv, population.csv, tariff.csv or activity.csv (all or nothing)',
      description: 'Send the file itself as the body (Content-Type text/csv), up to 100 MB, and its name in X-File-Name or ?fileName=. '
        + 'Re-importing a file changes nothing; a file with any bad row stores nothing and the response lists each problem by row and column. '
        + 'For activity, ?quarantine=true stores the good rows and sets the bad ones aside instead.',
      consumes: CSV_CONTENT_TYPES,
      // Documents the body for OpenAPI; z.any() passes the unread stream through untouched.
      body: z.any().describe('The CSV file itself: UTF-8, a header row, columns as in FORMATS.md'),
      params: z.object({ kind: z.enum(IMPORT_KINDS) }),
      querystring: z.object({ fileName: z.string().max(255).optional(), quarantine: z.enum(['true', 'false']).optional() }),
      headers: z.looseObject({ 'x-file-name': z.string().max(1000).optional() }),
      response: { 200: ImportReport, 401: ErrorBody, 403: ErrorBody, 413: ErrorBody, 415: ErrorBody, 422: ImportFailed },
    },
  }, async (request, reply) => {
    const { kind } = request.params;
    const user = await authorise(db, request, importAction(kind));
    if (Number(request.headers['content-length']) > IMPORT_BODY_LIMIT) throw tooLarge();
    const fileName = cleanFileName(request.headers['x-file-name'] ?? request.query.fileName) ?? `${kind}.csv`;
    // A client that goes away while the file is being stored cancels the import.
    const cancel = new AbortController();
    reply.raw.once('close', () => { if (!reply.raw.writableFinished) cancel.abort(); });
    const body: unknown = request.body ?? Readable.from([]); // no body at all: an empty file
    if (!(body instanceof Readable)) throw wrongType(); // e.g. JSON, already parsed by the app's own parser
    const report = await importOrgFile(db, kind, limitBytes(body, IMPORT_BODY_LIMIT, () => new Error(`the file is larger than ${IMPORT_BODY_LIMIT / 1024 / 1024} MB`)), {
      fileName, actor: user.username, signal: cancel.signal, quarantine: request.query.quarantine === 'true',
    });
    if (report.status === 'failed') {
      return reply.status(422).send({ error: 'import_failed' as const, message: report.message, details: report.errors, report });
    }
    return report;
  });

  app.get('/api/imports', {
    schema: {
      tags: ['imports'], summary: 'Recent imports, newest first: who loaded which file when, and what happened',
      querystring: z.object({ kind: z.enum(IMPORT_KINDS).optional(), limit: z.coerce.number().int().min(1).max(200).default(50) }),
      response: { 200: z.array(ImportRun), 401: ErrorBody, 403: ErrorBody },
    },
  }, async (request) => {
    await mayImportSomething(db, request);
    const runs = await listImportRuns(db, { limit: request.query.limit, kind: request.query.kind });
    return runs.map(runJson);
  });

  app.get('/api/imports/:id', {
    schema: {
      tags: ['imports'], summary: 'One import with its row errors and warnings',
      params: z.object({ id: z.coerce.number().int().positive() }),
      response: { 200: ImportRunDetail, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody },
    },
  }, async (request) => {
    await mayImportSomething(db, request);
    const run = await findImportRun(db, request.params.id);
    if (!run) throw notFound('The import');
    return { ...run, ...runJson(run) };
  });
};

/** Who may import each kind: organisation files are the commissioner's; tariff and activity finance's too; weights and spend whoever manages budgets. */
const IMPORT_ACTIONS: Record<ImportKind, Action> = {
  practices: 'org.import', providers: 'org.import', population: 'org.import',
  tariff: 'activity.import', activity: 'activity.import',
  weights: 'budget.manage', spend: 'budget.manage',
};
const importAction = (kind: ImportKind) => IMPORT_ACTIONS[kind];

/** Whoever imports any kind of file sees the history of imports (names and counts, no patient data). */
const mayImportSomething = (db: Db, request: FastifyRequest) =>
  Object.values(IMPORT_ACTIONS).some((action) => can(requireUser(request), action)) ? Promise.resolve(requireUser(request)) : authorise(db, request, 'org.import');



const wrongType = () => new HttpError(415, 'unsupported_media_type', 'Send the CSV file itself as the request body, with Content-Type text/csv.');
const tooLarge = () => new HttpError(413, 'file_too_large', `The file is larger than ${IMPORT_BODY_LIMIT / 1024 / 1024} MB.`);
