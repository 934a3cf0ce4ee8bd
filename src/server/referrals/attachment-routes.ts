/**
 * Attachments' API: POST the file itself as the body (PDF, PNG or JPEG, up to 5 MB) and GET it
 * back as a download. The parsers and error mapping here are scoped to this plugin.
 */
import type { FastifyError } from 'fastify';
import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Db } from '../../db/database.js';
import { requireUser } from '../auth/context.js';
import { HttpError } from '../http/errors.js';
import { ErrorBody } from '../http/schemas.js';
import { addAttachment, ATTACHMENT_MAX_BYTES, ATTACHMENT_TYPES, readAttachment, tooLarge } from './attachments.js';

const AttachmentSummary = z.object({
  id: z.string(), fileName: z.string(), contentType: z.enum(ATTACHMENT_TYPES), sizeBytes: z.number().int(),
  sha256: z.string().describe('SHA-256 of the bytes, hex'), uploadedBy: z.string(), uploadedAt: z.string(),
});

/** `filename` for old clients (ASCII) and `filename*` (RFC 5987) for the real name. */
export function contentDisposition(kind: 'attachment' | 'inline', fileName: string): string {
  const ascii = fileName.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return `${kind}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}

export const attachmentRoutes = ({ db }: { db: Db }): FastifyPluginAsyncZod => async (app) => {
  // The three accepted types reach the handler as the raw bytes; checkAttachment believes only
  // their signature. Anything else is refused by Fastify and explained below.
  app.addContentTypeParser([...ATTACHMENT_TYPES], { parseAs: 'buffer', bodyLimit: ATTACHMENT_MAX_BYTES }, (_request, body, done) => done(null, body));

  // Fastify's own refusals, said in the API's words and naming the field; the rest go to the app's handler.
  app.setErrorHandler((error: FastifyError | HttpError, _request, _reply) => {
    if (!(error instanceof HttpError) && error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') throw tooLarge();
    if (!(error instanceof HttpError) && error.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') {
      const message = 'Only PDF, PNG and JPEG files can be attached: send the file itself as the body, with Content-Type application/pdf, image/png or image/jpeg.';
      throw new HttpError(415, 'unsupported_media_type', message, [{ field: 'attachment', message }]);
    }
    throw error;
  });

  app.post('/api/referrals/:id/attachments', {
    bodyLimit: ATTACHMENT_MAX_BYTES,
    schema: {
      tags: ['referrals'],
      summary: 'Attach a PDF, PNG or JPEG file to a referral (the referring practice or a GP reviewer; audited)',
      description: 'Send the file itself as the body, with its Content-Type, up to 5 MB, and its name in X-File-Name. '
        + 'The contents must really be of the declared type (checked by their signature): a mismatch is refused with 422, another type with 415, a larger file with 413.',
      consumes: [...ATTACHMENT_TYPES],
      body: z.any().describe('the file itself'),
      params: z.object({ id: z.string().max(40) }),
      headers: z.looseObject({ 'x-file-name': z.string().max(1000).optional() }),
      response: { 201: AttachmentSummary, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody, 413: ErrorBody, 415: ErrorBody, 422: ErrorBody },
    },
  }, async (request, reply) => {
    const user = requireUser(request);
    const saved = await addAttachment(db, user, request.params.id, {
      contentType: request.headers['content-type'], body: request.body, fileName: request.headers['x-file-name'],
    });
    return reply.status(201).header('location', `/api/referrals/${request.params.id}/attachments/${saved.id}`).send(saved);
  });

  app.get('/api/referrals/:id/attachments/:attachmentId', {
    schema: {
      tags: ['referrals'],
      summary: 'Download an attachment (whoever may see the referral; audited)',
      produces: [...ATTACHMENT_TYPES],
      params: z.object({ id: z.string().max(40), attachmentId: z.string().max(40) }),
      response: { 200: z.any().describe('the file, with its content type'), 401: ErrorBody, 403: ErrorBody, 404: ErrorBody },
    },
  }, async (request, reply) => {
    const file = await readAttachment(db, requireUser(request), request.params.id, request.params.attachmentId);
    return reply
      .type(file.contentType)
      .header('content-disposition', contentDisposition('attachment', file.fileName))
      .header('cache-control', 'no-store')
      .header('x-content-type-options', 'nosniff')
      .send(file.content);
  });
};
