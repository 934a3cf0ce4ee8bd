/**
 * One error shape for the JSON API: `{ error, message, details[] }`. Never a stack trace.
 */
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';

export interface ErrorDetail {
  /** Where the problem is: a field path, or a row/column in an uploaded file. */
  field?: string;
  row?: number;
  column?: string;
  value?: string;
  message: string;
}

export interface ApiErrorBody { error: string; message: string; details: ErrorDetail[] }

export class HttpError extends Error {
  constructor(readonly statusCode: number, readonly code: string, message: string, readonly details: ErrorDetail[] = [], readonly headers: Record<string, string> = {}) {
    super(message);
  }
}

export const notFound = (what = 'The page or record') => new HttpError(404, 'not_found', `${what} was not found.`);
export const unauthorised = () => new HttpError(401, 'unauthorised', 'Sign in to continue.');
export const forbidden = (message = 'You do not have permission to do that.') => new HttpError(403, 'forbidden', message);

export function sendError(reply: FastifyReply, status: number, body: ApiErrorBody) {
  return reply.status(status).type('application/json; charset=utf-8').send(body);
}

export function registerErrorHandlers(app: FastifyInstance, fhirErrors: (request: FastifyRequest) => boolean = () => false) {
  app.setErrorHandler((error: FastifyError | HttpError, request, reply) => {
    if (fhirErrors(request)) throw error; // FHIR routes render OperationOutcome themselves.
    if (error instanceof HttpError) {
      void reply.headers(error.headers);
      return sendError(reply, error.statusCode, { error: error.code, message: error.message, details: error.details });
    }
    if (hasZodFastifySchemaValidationErrors(error)) {
      const details = error.validation.map((v) => ({
        field: [error.validationContext, ...v.instancePath.split('/').filter(Boolean)].join('.'),
        message: v.message ?? 'is not valid',
      }));
      return sendError(reply, 400, { error: 'invalid_request', message: 'The request is not valid.', details });
    }
    const status = error.statusCode ?? 500;
    if (status >= 500) {
      request.log.error({ err: error }, 'request failed');
      return sendError(reply, 500, { error: 'internal_error', message: 'Something went wrong on our side. The error has been logged.', details: [] });
    }
    // Fastify's own 4xx: bad JSON, body too large, unsupported media type.
    const messages: Record<string, string> = {
      FST_ERR_CTP_INVALID_JSON_BODY: 'The request body is not valid JSON.',
      FST_ERR_CTP_EMPTY_JSON_BODY: 'The request body is empty but should be JSON.',
      FST_ERR_CTP_BODY_TOO_LARGE: 'The request body is too large.',
      FST_ERR_CTP_INVALID_MEDIA_TYPE: 'That content type is not accepted here.',
    };
    const message = (error.code && messages[error.code]) || (error.message || 'The request is not valid.');
    return sendError(reply, status, { error: (error.code ?? 'bad_request').toLowerCase(), message, details: [] });
  });

  app.setNotFoundHandler((request, reply) => sendError(reply, 404, {
    error: 'not_found', message: `No route ${request.method} ${request.url.split('?')[0]}.`, details: [],
  }));
}
