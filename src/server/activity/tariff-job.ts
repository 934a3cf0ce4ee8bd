/** tariff.csv: national prices per financial year and point of delivery (FORMATS.md "Tariff"). */
import { sql } from 'kysely';
import { parseTariffRow, TARIFF_COLUMNS } from '../../domain/activity/rows.js';
import type { TariffRow } from '../../domain/activity/pricing.js';
import { countUpserts, type ImportJob } from '../org/import/job.js';

export async function tariffJob(): Promise<ImportJob<TariffRow>> {
  return {
    columns: TARIFF_COLUMNS,
    noun: 'tariff row',
    parseRow: parseTariffRow,
    key: (row) => `${row.year}|${row.pod}|${row.tfc}|${row.hrg}`,
    describeKey: (row) => `year ${row.year}, ${row.pod}, specialty ${row.tfc || 'any'}, HRG ${row.hrg || 'any'}`,
    check: () => [],
    store: (tx, rows, runId) => countUpserts(tx, sql`
      insert into tariff (year, pod, tfc, hrg, price_pence, import_run_id)
      select y, p, t, h, price, ${runId}::int
      from unnest(${rows.map((r) => r.year)}::text[], ${rows.map((r) => r.pod)}::text[], ${rows.map((r) => r.tfc)}::text[],
                  ${rows.map((r) => r.hrg)}::text[], ${rows.map((r) => r.pricePence)}::int[]) as u (y, p, t, h, price)
      on conflict (year, pod, tfc, hrg) do update set price_pence = excluded.price_pence, import_run_id = excluded.import_run_id
      where tariff.price_pence is distinct from excluded.price_pence`, rows.length),
    finish: async (tx) => {
      // Activity already stored keeps the price it had: say so, and how to re-price (import it again).
      const years = await tx.selectFrom('activity').select('year').distinct().execute();
      return { summary: {}, warnings: years.length ? ['activity already imported keeps its prices: import its files again to price it at this tariff'] : [] };
    },
  };
}
