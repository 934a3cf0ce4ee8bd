/** Accounts: creation and look-up. Used by the API, the CLI and the demo loader. */
import { z } from 'zod';
import type { Db } from '../../db/database.js';
import { ROLES, type Actor, type Role } from '../../domain/access/roles.js';
import { HttpError } from '../http/errors.js';
import { hashPassword } from './passwords.js';

export const NewUser = z.object({
  username: z.string().regex(/^[a-z0-9][a-z0-9._-]{1,62}$/, 'use 2 to 63 lower-case letters, digits, dots, dashes or underscores'),
  displayName: z.string().min(1).max(120),
  role: z.enum(ROLES),
  practiceCode: z.string().regex(/^[A-Z][0-9]{5}$/, 'must be an ODS practice code such as E82044').nullish(),
  password: z.string().min(12, 'must be at least 12 characters').max(200),
}).refine((u) => (u.role === 'practice') === Boolean(u.practiceCode), {
  message: 'a practice code is required for the practice role, and only for it', path: ['practiceCode'],
});
export type NewUser = z.infer<typeof NewUser>;

export async function createUser(db: Db, input: NewUser): Promise<Actor> {
  const user = NewUser.parse(input);
  if (user.practiceCode) {
    const practice = await db.selectFrom('practice').select('code').where('code', '=', user.practiceCode).executeTakeFirst();
    if (!practice) throw new HttpError(400, 'invalid_request', `There is no practice ${user.practiceCode}.`, [{ field: 'practiceCode', message: 'unknown practice' }]);
  }
  const existing = await db.selectFrom('app_user').select('id').where('username', '=', user.username).executeTakeFirst();
  if (existing) throw new HttpError(409, 'conflict', `The username ${user.username} is already taken.`, [{ field: 'username', message: 'already taken' }]);
  const row = await db.insertInto('app_user').values({
    username: user.username,
    display_name: user.displayName,
    role: user.role,
    practice_code: user.practiceCode ?? null,
    password_hash: await hashPassword(user.password),
  }).returning(['id', 'username', 'role', 'practice_code']).executeTakeFirstOrThrow();
  return { id: row.id, username: row.username, role: row.role as Role, practiceCode: row.practice_code };
}

export interface DemoAccount { username: string; displayName: string; role: Role; practiceCode: string | null }

/** Creates or refreshes demo accounts, all with one password hash (they share the demo password). */
export async function upsertDemoAccounts(db: Db, accounts: DemoAccount[], passwordHash: string): Promise<number> {
  const chunk = 500;
  for (let i = 0; i < accounts.length; i += chunk) {
    await db.insertInto('app_user').values(accounts.slice(i, i + chunk).map((a) => ({
      username: a.username, display_name: a.displayName, role: a.role, practice_code: a.practiceCode,
      password_hash: passwordHash, is_demo: true,
    }))).onConflict((oc) => oc.column('username').doUpdateSet((eb) => ({
      display_name: eb.ref('excluded.display_name'),
      role: eb.ref('excluded.role'),
      practice_code: eb.ref('excluded.practice_code'),
      password_hash: eb.ref('excluded.password_hash'),
      is_demo: true,
    })).where('app_user.is_demo', '=', true)).execute(); // never take over a real account
  }
  return accounts.length;
}
