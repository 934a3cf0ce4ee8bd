/**
 * The FHIR R4 front door (REF-1): POST/GET /fhir/ServiceRequest, GET /fhir/ServiceRequest/{id},
 * GET /fhir/metadata. Same services, rules and audit as the JSON API; every answer, errors
 * included, is FHIR JSON (application/fhir+json), and every error an OperationOutcome.
 *
 * Registered without fastify-plugin, so its content-type parser, error handler and catch-all
 * routes stay inside /fhir and the JSON API keeps its own error shape.
 */
import { randomUUID } from 'node:crypto';
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { Db } from '../../db/database.js';
import { can } from '../../domain/access/can.js';
import { requireUser } from '../auth/context.js';
import { getReferral, ReferralRejected, searchReferrals, submitReferral } from '../referrals/service.js';
import type { ReferralView } from '../referrals/view.js';
import { capabilityStatement } from './capability.js';
import { FhirError, operationOutcome, outcomeForError } from './operation-outcome.js';
import { FHIR_JSON, type Bundle, type BundleEntry } from './resources.js';
import { readSearch, type SearchInput } from './search.js';
import { fieldExpression, fromServiceRequest, toServiceRequest } from './service-request.js';

const CONTENT_TYPE = `${FHIR_JSON}; charset=utf-8`;
const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,200}$/;

/** The FHIR base URL as the client reached us (honours X-Forwarded-* when trustProxy is on). */
export const fhirBase = (request: FastifyRequest) => `${request.protocol}://${request.host}/fhir`;

function sendResource(reply: FastifyReply, status: number, resource: unknown) {
  return reply.status(status).type(CONTENT_TYPE).send(resource);
}

function versionHeaders(reply: FastifyReply, view: ReferralView) {
  void reply.header('etag', `W/"${view.version}"`).header('last-modified', new Date(view.updatedAt).toUTCString());
}

export const fhirRoutes = ({ db }: { db: Db }): FastifyPluginAsync => async (app) => {
  // FHIR's own media type, parsed like JSON (with the same prototype-poisoning protection).
  app.addContentTypeParser(FHIR_JSON, { parseAs: 'string' }, app.getDefaultJsonParser('error', 'ignore'));

  app.setErrorHandler((error, request, reply) => {
    const { statusCode, outcome, headers, internal } = outcomeForError(error, (field) => fieldExpression(field));
    if (internal) request.log.error({ err: error }, 'FHIR request failed');
    return reply.status(statusCode).headers(headers).type(CONTENT_TYPE).send(outcome);
  });

  app.get('/fhir/metadata', {
    schema: { tags: ['fhir'], summary: 'FHIR CapabilityStatement (no sign-in needed)' },
  }, async (request, reply) => sendResource(reply, 200, capabilityStatement(fhirBase(request))));

  app.post('/fhir/ServiceRequest', {
    schema: { tags: ['fhir'], summary: 'Send a referral as a FHIR R4 ServiceRequest (201 with Location; 200 with the existing one for a repeat)' },
  }, async (request, reply) => {
    const user = requireUser(request);
    // Fastify also parses text/plain; a FHIR resource comes as JSON only.
    const mediaType = String(request.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
    if (mediaType !== FHIR_JSON && mediaType !== 'application/json') {
      throw FhirError.of(415, 'not-supported', `Send the ServiceRequest as JSON: Content-Type ${FHIR_JSON} (or application/json), not ${mediaType || 'nothing'}.`);
    }
    const read = fromServiceRequest(request.body);
    if ('issues' in read) throw FhirError.fromIssues(read.issues);
    const { input, expressionFor } = read;
    if (!can(user, 'referral.submit', { practiceCode: input.practiceCode })) {
      throw FhirError.of(403, 'forbidden', user.role === 'practice'
        ? `You can only send referrals for your own practice (${user.practiceCode}), not ${input.practiceCode}.`
        : 'Only practices send referrals.', expressionFor('practiceCode'));
    }
    const header = request.headers['idempotency-key'];
    const idempotencyKey = typeof header === 'string' && header.trim() ? header.trim() : null;
    if (idempotencyKey !== null && !IDEMPOTENCY_KEY.test(idempotencyKey)) {
      throw FhirError.of(400, 'invalid', 'The Idempotency-Key header must be 1 to 200 printable characters without spaces.');
    }

    let result: Awaited<ReturnType<typeof submitReferral>>;
    try {
      result = await submitReferral(db, user, input, { source: 'fhir', idempotencyKey });
    } catch (error) {
      if (error instanceof ReferralRejected) {
        throw new FhirError(422, operationOutcome(error.problems.map((p) => ({ code: 'invalid', diagnostics: p.message, expression: [expressionFor(p.field)] }))));
      }
      throw error;
    }
    const { referral, created } = result;
    versionHeaders(reply, referral);
    void reply.header(created ? 'location' : 'content-location', `/fhir/ServiceRequest/${referral.id}`);
    return sendResource(reply, created ? 201 : 200, toServiceRequest(referral));
  });

  app.get('/fhir/ServiceRequest/:id', {
    schema: { tags: ['fhir'], summary: 'Read one referral as a FHIR ServiceRequest' },
  }, async (request, reply) => {
    const user = requireUser(request);
    const { id } = request.params as { id: string };
    const referral = await getReferral(db, user, id);
    versionHeaders(reply, referral);
    return sendResource(reply, 200, toServiceRequest(referral));
  });

  app.get('/fhir/ServiceRequest', {
    schema: { tags: ['fhir'], summary: 'Search referrals: patient, status, requester, authored (ge/le/gt/lt/eq), _count; a searchset Bundle' },
  }, async (request, reply) => {
    const user = requireUser(request);
    const search = readSearch((request.query ?? {}) as SearchInput);
    if ('issues' in search) {
      throw new FhirError(400, operationOutcome(search.issues.map((i) => ({ code: i.code ?? 'invalid', diagnostics: i.message, expression: [i.expression] }))));
    }
    const base = fhirBase(request);
    const found = search.noMatch ? [] : await searchReferrals(db, user, { ...search.query, limit: search.count + 1 });
    const more = found.length > search.count;
    const shown = found.slice(0, search.count);
    const entry: BundleEntry[] = shown.map((view) => ({ fullUrl: `${base}/ServiceRequest/${view.id}`, resource: toServiceRequest(view), search: { mode: 'match' } }));
    if (more) {
      entry.push({
        resource: operationOutcome([{ severity: 'warning', code: 'informational', diagnostics: `More than ${search.count} referrals match: the newest ${search.count} are shown. Narrow the search or raise _count (up to 199).` }]),
        search: { mode: 'outcome' },
      });
    }
    const self = new URLSearchParams(search.used);
    const bundle: Bundle = {
      resourceType: 'Bundle',
      id: randomUUID(),
      meta: { lastUpdated: new Date().toISOString() },
      type: 'searchset',
      ...(more ? {} : { total: shown.length }),
      link: [{ relation: 'self', url: `${base}/ServiceRequest${self.size ? `?${self}` : ''}` }],
      ...(entry.length ? { entry } : {}),
    };
    return sendResource(reply, 200, bundle);
  });

  // Anything else under /fhir: an OperationOutcome, not the JSON API's 404.
  const SUPPORTED: Record<string, string> = { GET: 'read and search', POST: 'create' };
  const unknown = async (request: FastifyRequest) => {
    const path = request.url.split('?')[0]!;
    if (/^\/fhir\/ServiceRequest(\/[^/]+)?\/?$/.test(path)) {
      throw FhirError.of(405, 'not-supported', `${request.method} is not supported on ${path}: this server supports ServiceRequest ${Object.values(SUPPORTED).join(', ')} only (see /fhir/metadata).`);
    }
    throw FhirError.of(404, 'not-found', `No FHIR interaction ${request.method} ${path}. This server has ServiceRequest create, read and search, and /fhir/metadata.`);
  };
  app.all('/fhir', unknown);
  app.all('/fhir/*', unknown);
};
