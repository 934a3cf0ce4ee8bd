/** providers.csv: providers keyed by ODS code, with their kind and market forces factor. */
import { sql } from 'kysely';
import { parseProviderRow, PROVIDER_COLUMNS, type ProviderRow } from '../../../domain/org/rows.js';
import { countUpserts, type ImportJob } from './job.js';

export async function providersJob(): Promise<ImportJob<ProviderRow>> {
  return {
    columns: PROVIDER_COLUMNS,
    noun: 'provider',
    parseRow: parseProviderRow,
    key: (row) => row.code,
    keyColumn: 'provider_code',
    describeKey: (row) => `provider ${row.code}`,
    check: () => [],
    store: (tx, rows) => countUpserts(tx, sql`
      insert into provider (code, name, kind, mff)
      select * from unnest(${rows.map((r) => r.code)}::text[], ${rows.map((r) => r.name)}::text[], ${rows.map((r) => r.kind)}::text[],
                           ${rows.map((r) => r.mff)}::numeric[])
      on conflict (code) do update set name = excluded.name, kind = excluded.kind, mff = excluded.mff, updated_at = now()
      where (provider.name, provider.kind, provider.mff) is distinct from (excluded.name, excluded.kind, excluded.mff)`, rows.length),
  };
}
