/**
 * User-defined groupings of practices (issue 7, item 8): usable wherever a practice or group is.
 * A grouping is visible to its owner, and to everyone when shared.
 */
import type { Db } from '../../db/database.js';
import type { Actor } from '../../domain/access/roles.js';
import { notFound } from '../http/errors.js';

/** The practices of a grouping the actor may use (404 when it is someone else's private one). */
export async function practicesInGrouping(db: Db, groupingId: number, actor: Actor): Promise<string[]> {
  const grouping = await db.selectFrom('practice_grouping').select(['id', 'shared', 'owner_user_id'])
    .where('id', '=', groupingId).executeTakeFirst();
  if (!grouping || (!grouping.shared && grouping.owner_user_id !== actor.id)) throw notFound(`Grouping ${groupingId}`);
  const rows = await db.selectFrom('practice_grouping_member').select('practice_code')
    .where('grouping_id', '=', groupingId).orderBy('practice_code').execute();
  return rows.map((r) => r.practice_code);
}
