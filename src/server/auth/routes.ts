/** Sign-in, sign-out, who am I, and personal API tokens. */
import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Config } from '../../config.js';
import type { Db } from '../../db/database.js';
import { ACTIONS, can } from '../../domain/access/can.js';
import { ROLE_LABELS, ROLES } from '../../domain/access/roles.js';
import { recordAudit } from '../audit/audit-log.js';
import { HttpError, notFound } from '../http/errors.js';
import { ErrorBody } from '../http/schemas.js';
import { authorise, requireUser } from './context.js';
import { createApiToken, createSession, endSession, listApiTokens, revokeApiToken, SESSION_COOKIE, SESSION_HOURS, type AuthenticatedUser } from './credentials.js';
import type { LoginLimiter } from './login-limiter.js';
import { decoy, verifyPassword } from './passwords.js';


const Me = z.object({
  username: z.string(),
  displayName: z.string(),
  role: z.enum(ROLES),
  roleLabel: z.string(),
  practiceCode: z.string().nullable(),
  practiceName: z.string().nullable(),
  /** What this user may do, so the web app shows only what works. */
  permissions: z.array(z.string()),
  csrfToken: z.string().nullable(),
});

const Credentials = z.object({ username: z.string().min(1).max(100), password: z.string().min(1).max(200) });

export const authRoutes = (deps: { db: Db; config: Config; limiter: LoginLimiter }): FastifyPluginAsyncZod => async (app) => {
  const { db, config, limiter } = deps;

  async function describe(user: AuthenticatedUser, csrfToken: string | null): Promise<z.infer<typeof Me>> {
    const practice = user.practiceCode
      ? await db.selectFrom('practice').select('name').where('code', '=', user.practiceCode).executeTakeFirst()
      : undefined;
    return {
      username: user.username, displayName: user.displayName, role: user.role, roleLabel: ROLE_LABELS[user.role],
      practiceCode: user.practiceCode, practiceName: practice?.name ?? null,
      permissions: ACTIONS.filter((a) => can(user, a)), csrfToken,
    };
  }

  app.post('/api/auth/login', {
    schema: { tags: ['auth'], summary: 'Sign in; sets the session cookie', body: Credentials, response: { 200: Me, 401: ErrorBody, 429: ErrorBody } },
  }, async (request, reply) => {
    const { username, password } = request.body;
    const wait = limiter.retryAfter(username, request.ip);
    if (wait > 0) {
      throw new HttpError(429, 'too_many_attempts', `Too many failed sign-in attempts. Try again in ${Math.ceil(wait / 60)} minutes.`, [], { 'retry-after': String(wait) });
    }
    const row = await db.selectFrom('app_user').selectAll().where('username', '=', username.toLowerCase()).executeTakeFirst();
    const usable = row && (!row.is_demo || config.demo);
    // Always run one argon2 verification, so a wrong username takes as long as a wrong password.
    const ok = await verifyPassword(usable ? row.password_hash : await decoy(), password) && usable;
    if (!ok || !row) {
      limiter.fail(username, request.ip);
      await recordAudit(db, { actor: username.toLowerCase(), action: 'auth.login', entityType: 'user', entityId: username.toLowerCase(), outcome: 'denied', details: { ip: request.ip } });
      throw new HttpError(401, 'sign_in_failed', 'The username or password is not right.');
    }
    limiter.succeed(username);
    const session = await createSession(db, row.id);
    await recordAudit(db, { actor: row.username, action: 'auth.login', entityType: 'user', entityId: row.username, details: { ip: request.ip } });
    void reply.setCookie(SESSION_COOKIE, session.sessionId, {
      path: '/', httpOnly: true, sameSite: 'lax', secure: config.secureCookies || request.protocol === 'https',
      maxAge: SESSION_HOURS * 3600,
    });
    const user: AuthenticatedUser = { id: row.id, username: row.username, displayName: row.display_name, role: row.role, practiceCode: row.practice_code, isDemo: row.is_demo };
    return describe(user, session.csrfToken);
  });

  app.post('/api/auth/logout', {
    schema: { tags: ['auth'], summary: 'Sign out', response: { 204: z.null() } },
  }, async (request, reply) => {
    const sessionId = request.cookies[SESSION_COOKIE];
    if (sessionId) await endSession(db, sessionId);
    if (request.user) await recordAudit(db, { actor: request.user.username, action: 'auth.logout', entityType: 'user', entityId: request.user.username });
    void reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return reply.status(204).send(null);
  });

  app.get('/api/me', {
    schema: { tags: ['auth'], summary: 'Who is signed in', response: { 200: Me, 401: ErrorBody } },
  }, async (request) => describe(requireUser(request), request.csrfToken));

  const Token = z.object({ id: z.number(), name: z.string(), createdAt: z.string(), lastUsedAt: z.string().nullable(), revokedAt: z.string().nullable() });

  app.get('/api/tokens', {
    schema: { tags: ['auth'], summary: 'My personal API tokens', response: { 200: z.array(Token) } },
  }, async (request) => {
    const user = requireUser(request);
    const rows = await listApiTokens(db, user.id);
    return rows.map((t) => ({ id: t.id, name: t.name, createdAt: t.created_at.toISOString(), lastUsedAt: t.last_used_at?.toISOString() ?? null, revokedAt: t.revoked_at?.toISOString() ?? null }));
  });

  app.post('/api/tokens', {
    schema: {
      tags: ['auth'], summary: 'Create a personal API token (shown once)',
      body: z.object({ name: z.string().min(1).max(80) }),
      response: { 201: z.object({ id: z.number(), name: z.string(), token: z.string() }) },
    },
  }, async (request, reply) => {
    const user = await authorise(db, request, 'tokens.create');
    const { id, token } = await createApiToken(db, user.id, request.body.name);
    await recordAudit(db, { actor: user.username, action: 'token.create', entityType: 'api_token', entityId: String(id), details: { name: request.body.name } });
    return reply.status(201).send({ id, name: request.body.name, token });
  });

  app.delete('/api/tokens/:id', {
    schema: { tags: ['auth'], summary: 'Revoke one of my tokens', params: z.object({ id: z.coerce.number().int().positive() }), response: { 204: z.null(), 404: ErrorBody } },
  }, async (request, reply) => {
    const user = requireUser(request);
    if (!(await revokeApiToken(db, user.id, request.params.id))) throw notFound('The token');
    await recordAudit(db, { actor: user.username, action: 'token.revoke', entityType: 'api_token', entityId: String(request.params.id) });
    return reply.status(204).send(null);
  });
};
