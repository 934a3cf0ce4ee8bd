/**
 * Builds a whole organisation tree in one call, so each test states only what it needs.
 */
import type { Db } from '../db/database.js';
import type { Role } from '../domain/access/roles.js';
import { AGE_BANDS } from '../domain/population/age-bands.js';
import { hashPassword } from '../server/auth/passwords.js';

export const TEST_PASSWORD = 'correct horse battery staple';

export interface OrgTreeOptions {
  commissioner?: string;
  groups?: string[];
  /** practice codes; each goes to groups[i % groups.length] */
  practices?: string[];
  providers?: string[];
  /** patients per sex and band for each practice (0 = no population rows) */
  patientsPerBand?: number;
  period?: string;
}

export async function buildOrgTree(db: Db, options: OrgTreeOptions = {}) {
  const commissioner = options.commissioner ?? 'QM7';
  const groups = options.groups ?? ['NORTH', 'SOUTH'];
  const practices = options.practices ?? ['E82001', 'E82002', 'E82003'];
  const providers = options.providers ?? ['RWG', 'RQW'];
  const period = options.period ?? '2025-10-01';
  const perBand = options.patientsPerBand ?? 10;
  await db.insertInto('commissioner').values({ code: commissioner, name: `Commissioner ${commissioner}` }).execute();
  await db.insertInto('org_group').values(groups.map((code) => ({ code, name: `${code} locality`, kind: 'locality' as const, commissioner_code: commissioner }))).execute();
  await db.insertInto('practice').values(practices.map((code, i) => ({
    code, name: `Practice ${code}`, postcode: 'AL1 1AA', group_code: groups[i % groups.length]!, commissioner_code: commissioner,
  }))).execute();
  if (providers.length) await db.insertInto('provider').values(providers.map((code) => ({ code, name: `Provider ${code}`, kind: 'acute' as const, mff: 1.05 }))).execute();
  if (perBand > 0) {
    await db.insertInto('population').values(practices.flatMap((practice_code) => AGE_BANDS.flatMap((age_band) =>
      (['M', 'F'] as const).map((sex) => ({ practice_code, period, sex, age_band, patients: perBand }))))).execute();
  }
  return { commissioner, groups, practices, providers, period };
}

let cachedHash: Promise<string> | undefined;

/** A user with TEST_PASSWORD; practice users need practiceCode. */
export async function createTestUser(db: Db, username: string, role: Role, practiceCode: string | null = null) {
  const password_hash = await (cachedHash ??= hashPassword(TEST_PASSWORD));
  return db.insertInto('app_user').values({ username, display_name: username, role, practice_code: practiceCode, password_hash })
    .returning(['id', 'username']).executeTakeFirstOrThrow();
}
