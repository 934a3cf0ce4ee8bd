/** Test helpers for allowances: a published budget setting to read the service budget from. */
import { sql } from 'kysely';
import type { Db } from '../db/database.js';

/**
 * A published budget setting for a year and service line with each practice's budget, written
 * directly (the budget-setting workflow is tested where it lives): what the service-change
 * allowance reads. Only the columns migration 0006 requires are given.
 */
export async function insertPublishedBudget(db: Db, year: string, budgets: Record<string, number>, serviceLine = 'elective') {
  const total = Object.values(budgets).reduce((n, b) => n + b, 0);
  const setting = await sql<{ id: number }>`
    insert into budget_setting (year, service_line, version, status, commissioner_total_pence, pace_of_change, floor_percent, growth_pence,
      historic_year, historic_source, created_by, published_by, published_at)
    values (${year}, ${serviceLine}, 1, 'published', ${total}, 0.5, 0.02, 0, ${year}, 'imported', 'test', 'test', now())
    returning id`.execute(db);
  const id = setting.rows[0]!.id;
  for (const [practiceCode, budget] of Object.entries(budgets)) {
    await sql`insert into practice_budget (setting_id, practice_code, group_code, historic_pence, fair_share_pence, budget_pence)
      select ${id}, code, group_code, ${budget}, ${budget}, ${budget} from practice where code = ${practiceCode}`.execute(db);
  }
  return id;
}
