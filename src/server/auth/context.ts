/**
 * Works out who is calling, once per request: a personal API token (`Authorization: Bearer`)
 * or the session cookie. State-changing requests made with a session cookie must echo the
 * session's CSRF token in `X-CSRF-Token`; bearer tokens are not sent by browsers on their own.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { Config } from '../../config.js';
import type { Db } from '../../db/database.js';
import { can, type Action, type Resource } from '../../domain/access/can.js';
import { recordAudit } from '../audit/audit-log.js';
import { HttpError, notFound, unauthorised, forbidden } from '../http/errors.js';
import { findApiTokenUser, findSession, SESSION_COOKIE, type AuthenticatedUser } from './credentials.js';

declare module 'fastify' {
  interface FastifyRequest {
    user: AuthenticatedUser | null;
    /** Set when the caller signed in with a session cookie (not a token). */
    csrfToken: string | null;
  }
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export const authContext = fp<{ db: Db; config: Config }>(async (app: FastifyInstance, { db, config }) => {
  app.decorateRequest('user', null);
  app.decorateRequest('csrfToken', null);

  app.addHook('onRequest', async (request) => {
    const header = request.headers.authorization;
    let user: AuthenticatedUser | undefined;
    if (header?.startsWith('Bearer ')) {
      user = await findApiTokenUser(db, header.slice(7).trim());
      if (!user) throw new HttpError(401, 'invalid_token', 'The API token is not valid or has been revoked.');
    } else {
      const sessionId = request.cookies[SESSION_COOKIE];
      const session = sessionId ? await findSession(db, sessionId) : undefined;
      if (session) {
        user = session.user;
        request.csrfToken = session.csrfToken;
        if (!SAFE_METHODS.has(request.method) && request.headers['x-csrf-token'] !== session.csrfToken) {
          throw new HttpError(403, 'csrf_failed', 'This request is missing its security token. Reload the page and try again.');
        }
      }
    }
    // Demo accounts exist only while the server runs in demo mode.
    request.user = user && (!user.isDemo || config.demo) ? user : null;
  });
});

export function requireUser(request: FastifyRequest): AuthenticatedUser {
  if (!request.user) throw unauthorised();
  return request.user;
}

/**
 * Asks the access rules; refuses with 403, or with 404 when the record belongs to another
 * practice (so its existence is not revealed). Every refusal is audited.
 */
export async function authorise(db: Db, request: FastifyRequest, action: Action, resource: Resource & { type?: string; id?: string } = {}) {
  const user = requireUser(request);
  if (can(user, action, resource)) return user;
  const otherPractice = resource.practiceCode !== undefined && user.role === 'practice';
  await recordAudit(db, {
    actor: user.username, action, entityType: resource.type ?? 'route', entityId: resource.id ?? request.url,
    outcome: 'denied', details: { method: request.method, url: request.url },
  });
  throw otherPractice ? notFound() : forbidden();
}
