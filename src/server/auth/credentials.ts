/**
 * Sessions (browser) and personal API tokens (scripts). The secret goes to the client once;
 * the database keeps only its SHA-256, so a copy of the database cannot be used to sign in.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Db } from '../../db/database.js';
import type { Actor, Role } from '../../domain/access/roles.js';

export const SESSION_COOKIE = 'hub_session';
export const SESSION_HOURS = 12;
const TOKEN_PREFIX = 'hub_';

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
const secret = (bytes = 32) => randomBytes(bytes).toString('base64url');

export interface AuthenticatedUser extends Actor { displayName: string; isDemo: boolean }

const userColumns = ['app_user.id', 'app_user.username', 'app_user.display_name', 'app_user.role', 'app_user.practice_code', 'app_user.is_demo'] as const;

function toUser(r: { id: number; username: string; display_name: string; role: Role; practice_code: string | null; is_demo: boolean }): AuthenticatedUser {
  return { id: r.id, username: r.username, displayName: r.display_name, role: r.role, practiceCode: r.practice_code, isDemo: r.is_demo };
}

export async function createSession(db: Db, userId: number): Promise<{ sessionId: string; csrfToken: string; expiresAt: Date }> {
  const sessionId = secret();
  const csrfToken = secret(24);
  const expiresAt = new Date(Date.now() + SESSION_HOURS * 3600_000);
  await db.insertInto('user_session').values({ id_hash: sha256(sessionId), user_id: userId, csrf_token: csrfToken, expires_at: expiresAt }).execute();
  return { sessionId, csrfToken, expiresAt };
}

export async function findSession(db: Db, sessionId: string): Promise<{ user: AuthenticatedUser; csrfToken: string } | undefined> {
  const row = await db.selectFrom('user_session')
    .innerJoin('app_user', 'app_user.id', 'user_session.user_id')
    .select([...userColumns, 'user_session.csrf_token'])
    .where('user_session.id_hash', '=', sha256(sessionId))
    .where('user_session.expires_at', '>', new Date())
    .executeTakeFirst();
  return row && { user: toUser(row), csrfToken: row.csrf_token };
}

export async function endSession(db: Db, sessionId: string) {
  await db.deleteFrom('user_session').where('id_hash', '=', sha256(sessionId)).execute();
}

export async function createApiToken(db: Db, userId: number, name: string): Promise<{ id: number; token: string }> {
  const token = TOKEN_PREFIX + secret();
  const row = await db.insertInto('api_token').values({ user_id: userId, name, token_hash: sha256(token) }).returning('id').executeTakeFirstOrThrow();
  return { id: row.id, token };
}

export async function findApiTokenUser(db: Db, token: string): Promise<AuthenticatedUser | undefined> {
  if (!token.startsWith(TOKEN_PREFIX)) return undefined;
  const row = await db.selectFrom('api_token')
    .innerJoin('app_user', 'app_user.id', 'api_token.user_id')
    .select([...userColumns, 'api_token.id as token_id', 'api_token.last_used_at'])
    .where('api_token.token_hash', '=', sha256(token))
    .where('api_token.revoked_at', 'is', null)
    .executeTakeFirst();
  if (!row) return undefined;
  // "Last used" to the minute is enough, and spares a write on every scripted request.
  if (!row.last_used_at || Date.now() - row.last_used_at.getTime() > 60_000) {
    await db.updateTable('api_token').set({ last_used_at: new Date() }).where('id', '=', row.token_id).execute();
  }
  return toUser(row);
}

export async function listApiTokens(db: Db, userId: number) {
  return db.selectFrom('api_token').select(['id', 'name', 'created_at', 'last_used_at', 'revoked_at'])
    .where('user_id', '=', userId).orderBy('id', 'desc').execute();
}

export async function revokeApiToken(db: Db, userId: number, tokenId: number): Promise<boolean> {
  const result = await db.updateTable('api_token').set({ revoked_at: new Date() })
    .where('id', '=', tokenId).where('user_id', '=', userId).where('revoked_at', 'is', null).executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}
