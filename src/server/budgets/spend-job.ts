/** spend.csv: non-activity spend by practice, month and service line; a re-import replaces each month's figure. */
import { sql } from 'kysely';
import type { Db } from '../../db/database.js';
import { parseSpendRow, SPEND_COLUMNS, type SpendRow } from '../../domain/budgets/spend-rows.js';
import { countUpserts, type ImportJob } from '../org/import/job.js';

export async function spendJob(db: Db): Promise<ImportJob<SpendRow>> {
  const practices = new Set((await db.selectFrom('practice').select('code').execute()).map((p) => p.code));
  return {
    columns: SPEND_COLUMNS,
    noun: 'spend row',
    parseRow: parseSpendRow,
    key: (r) => `${r.practiceCode}|${r.year}|${r.month}|${r.serviceLine}`,
    describeKey: (r) => `practice ${r.practiceCode}, ${r.year} month ${r.month}, ${r.serviceLine}`,
    check: (r) => practices.has(r.practiceCode)
      ? []
      : [{ column: 'practice_code', value: r.practiceCode, message: 'is not a practice in the database; import it in practices.csv first' }],
    store: (tx, rows, runId) => countUpserts(tx, sql`
      insert into other_spend (practice_code, year, month, service_line, amount_pence, updated_by)
      select p, y, m, s, a, ${`import ${runId}`}
      from unnest(${rows.map((r) => r.practiceCode)}::text[], ${rows.map((r) => r.year)}::text[], ${rows.map((r) => r.month)}::smallint[],
                  ${rows.map((r) => r.serviceLine)}::text[], ${rows.map((r) => r.amountPence)}::bigint[]) as u (p, y, m, s, a)
      on conflict (practice_code, year, month, service_line) do update
        set amount_pence = excluded.amount_pence, updated_by = excluded.updated_by, updated_at = now()
      where other_spend.amount_pence is distinct from excluded.amount_pence`, rows.length),
  };
}
