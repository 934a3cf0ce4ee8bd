/**
 * Bulk referral upload: POST the raw `referrals.csv` to /api/referrals/imports and get the
 * import report back (200), or the row-level problems with nothing stored (422). The body is
 * streamed into the importer, never buffered, like the organisation uploads (/api/imports/:kind).
 */
import { Readable } from 'node:stream';
import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Db } from '../../db/database.js';
import { authorise } from '../auth/context.js';
import { HttpError } from '../http/errors.js';
import { ErrorBody } from '../http/schemas.js';
import { importReferralsFile } from './bulk-import.js';
import { cleanFileName, limitBytes } from '../http/uploads.js';

export const REFERRAL_IMPORT_BODY_LIMIT = 50 * 1024 * 1024;
const CSV_CONTENT_TYPES = ['text/csv', 'application/octet-stream', 'application/vnd.ms-excel'];

const ErrorDetail = ErrorBody.shape.details.element;
const ReferralImportReport = z.object({
  id: z.string().describe('the upload’s id in the audit log'),
  kind: z.literal('referrals'),
  fileName: z.string(),
  status: z.enum(['succeeded', 'failed']),
  message: z.string(),
  rowsRead: z.number().int(),
  inserted: z.number().int().describe('new referrals'),
  unchanged: z.number().int().describe('rows whose external_id was already sent: the existing referral stands'),
  errors: z.array(ErrorDetail).describe('row-level problems by row and CSV column, at most 200; row 1 is the header'),
  errorCount: z.number().int(),
  warnings: z.array(z.string()),
});
const ImportFailed = ErrorBody.extend({ error: z.literal('import_failed'), report: ReferralImportReport });

export const bulkReferralRoutes = ({ db }: { db: Db }): FastifyPluginAsyncZod => async (app) => {
  // Scoped to this plugin: CSV bodies reach the handler as the unread request stream.
  app.addContentTypeParser(CSV_CONTENT_TYPES, (_request, payload, done) => done(null, payload));

  app.post('/api/referrals/imports', {
    bodyLimit: REFERRAL_IMPORT_BODY_LIMIT,
    schema: {
      tags: ['referrals'],
      summary: 'Send referrals in bulk: referrals.csv (all or nothing; repeated external_id = the same referral)',
      description: 'Send the file itself as the body (Content-Type text/csv), up to 50 MB, and its name in X-File-Name or ?fileName=. '
        + 'Every row is checked like a referral sent through the form; a file with any bad row stores nothing and the response lists '
        + 'each problem by row and column. A practice may send only its own referrals.',
      consumes: CSV_CONTENT_TYPES,
      body: z.any().describe('The CSV file itself: UTF-8, a header row, columns as in FORMATS.md (referrals.csv)'),
      querystring: z.object({ fileName: z.string().max(255).optional() }),
      headers: z.looseObject({ 'x-file-name': z.string().max(1000).optional() }),
      response: { 200: ReferralImportReport, 401: ErrorBody, 403: ErrorBody, 413: ErrorBody, 415: ErrorBody, 422: ImportFailed },
    },
  }, async (request, reply) => {
    const user = await authorise(db, request, 'referral.submit');
    if (Number(request.headers['content-length']) > REFERRAL_IMPORT_BODY_LIMIT) throw tooLarge();
    const fileName = cleanFileName(request.headers['x-file-name'] ?? request.query.fileName) ?? 'referrals.csv';
    const cancel = new AbortController();
    reply.raw.once('close', () => { if (!reply.raw.writableFinished) cancel.abort(); });
    const body: unknown = request.body ?? Readable.from([]);
    if (!(body instanceof Readable)) throw new HttpError(415, 'unsupported_media_type', 'Send the CSV file itself as the request body, with Content-Type text/csv.');
    const report = await importReferralsFile(db, user, limitBytes(body, REFERRAL_IMPORT_BODY_LIMIT, tooLarge), { fileName, signal: cancel.signal });
    if (report.status === 'failed') {
      return reply.status(422).send({ error: 'import_failed' as const, message: report.message, details: report.errors, report });
    }
    return report;
  });
};

const tooLarge = () => new HttpError(413, 'file_too_large', `The file is larger than ${REFERRAL_IMPORT_BODY_LIMIT / 1024 / 1024} MB.`);
