/**
 * activity_month_summary: the monthly totals the monitoring views read (see the migration). Every
 * writer of `activity` refreshes the provider-months it touched, in the same transaction, so the
 * totals always agree with the lines.
 */
import { sql } from 'kysely';
import type { Db, Tx } from '../../db/database.js';

export interface ProviderMonth { providerCode: string; year: string; month: number }

export async function refreshActivitySummary(db: Db | Tx, scope: readonly ProviderMonth[]) {
  for (let i = 0; i < scope.length; i += 500) {
    const part = scope.slice(i, i + 500);
    const months = sql`(values ${sql.join(part.map((s) => sql`(${s.providerCode}::text, ${s.year}::text, ${s.month}::smallint)`))}) as m (provider_code, year, month)`;
    await sql`delete from activity_month_summary s using ${months}
      where s.provider_code = m.provider_code and s.year = m.year and s.month = m.month`.execute(db);
    await sql`
      insert into activity_month_summary (year, month, provider_code, practice_code, in_area, pod, tfc, priced, lines, cost_pence, provider_charged_pence)
      select a.year, a.month, a.provider_code, a.practice_code, a.in_area, a.pod, coalesce(a.tfc, ''), a.tariff_price_pence is not null,
             count(*), coalesce(sum(a.tariff_price_pence), 0), coalesce(sum(a.provider_price_pence), 0)
      from activity a join ${months} on a.provider_code = m.provider_code and a.year = m.year and a.month = m.month
      group by a.year, a.month, a.provider_code, a.practice_code, a.in_area, a.pod, coalesce(a.tfc, ''), a.tariff_price_pence is not null`.execute(db);
  }
}
