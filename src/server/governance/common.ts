/** What the governance services share: today's date, the group a record belongs to, and 422s. */
import { sql } from 'kysely';
import type { Db, Tx } from '../../db/database.js';
import { HttpError, notFound, type ErrorDetail } from '../http/errors.js';

/** Today as an ISO date (UTC, like the rest of the hub). */
export const todayIso = (now = new Date()) => now.toISOString().slice(0, 10);

export async function groupOf(db: Db | Tx, groupCode: string) {
  const group = await db.selectFrom('org_group').select(['code', 'name']).where('code', '=', groupCode).executeTakeFirst();
  if (!group) throw notFound(`The group ${groupCode}`);
  return group;
}

export const invalid = (problems: ErrorDetail[], message: string) =>
  new HttpError(422, 'invalid_request', problems.length === 1 ? problems[0]!.message : message, problems);

export const conflict = (message: string, details: ErrorDetail[] = []) => new HttpError(409, 'conflict', message, details);

const GOVERNANCE_LOCK = 727_009;

/** Serialises changes to one body's members (the council's one seat per practice) or votes. */
export const lockBody = (tx: Tx, bodyId: number) => sql`select pg_advisory_xact_lock(${GOVERNANCE_LOCK}, ${bodyId})`.execute(tx);
