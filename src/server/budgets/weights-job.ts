/**
 * weights.csv (FIN-1; FORMATS.md "Capitation weights"): a weight per service line × sex × age band.
 * Every service line the file names must give all 40 sex × age-band cells, or the file is refused
 * naming the cells missing; so importing a line again replaces its weights whole (an upsert of all
 * 40: rows whose weight is numerically the same, 1.5 or 1.500000, count as unchanged). Lines the
 * file does not name keep their weights.
 */
import { sql } from 'kysely';
import { CELLS, describeCell } from '../../domain/budgets/capitation.js';
import { parseWeightRow, WEIGHT_COLUMNS, type WeightRow } from '../../domain/budgets/weights.js';
import type { ErrorDetail } from '../http/errors.js';
import { countUpserts, type ImportJob } from '../org/import/job.js';

const cellKey = (row: { sex: string; ageBand: string }) => `${row.sex}|${row.ageBand}`;

export async function weightsJob(): Promise<ImportJob<WeightRow>> {
  /** the cells seen so far for each service line, in the order lines first appear */
  const seen = new Map<string, Set<string>>();
  return {
    columns: WEIGHT_COLUMNS,
    noun: 'weight',
    parseRow: parseWeightRow,
    key: (row) => `${row.serviceLine}|${row.sex}|${row.ageBand}`,
    describeKey: (row) => `service line ${row.serviceLine}, sex ${row.sex}, age band ${row.ageBand}`,
    check: (row) => {
      const cells = seen.get(row.serviceLine) ?? new Set<string>();
      cells.add(cellKey(row));
      seen.set(row.serviceLine, cells);
      return [];
    },
    checkAll: () => {
      const problems: ErrorDetail[] = [];
      for (const [line, cells] of seen) {
        const missing = CELLS.filter((c) => !cells.has(cellKey(c)));
        if (!missing.length) continue;
        const list = missing.length > 12
          ? `${missing.slice(0, 12).map((c) => `${c.sex} ${c.ageBand}`).join(', ')} and ${missing.length - 12} more`
          : missing.map((c) => `${c.sex} ${c.ageBand}`).join(', ');
        problems.push({
          column: 'service_line', value: line,
          message: `has no weight for ${missing.length === 1 ? describeCell(missing[0]!.sex, missing[0]!.ageBand) : `${missing.length} of the 40 sex and age bands (${list})`}: `
            + 'each service line needs a weight for every sex (M, F) and age band (0-4 to 95+)',
        });
      }
      return problems;
    },
    store: (tx, rows, runId) => countUpserts(tx, sql`
      insert into capitation_weight (service_line, sex, age_band, weight, import_run_id)
      select l, s, b, w, ${runId}::int
      from unnest(${rows.map((r) => r.serviceLine)}::text[], ${rows.map((r) => r.sex)}::text[], ${rows.map((r) => r.ageBand)}::text[],
                  ${rows.map((r) => r.weight)}::numeric[]) as u (l, s, b, w)
      on conflict (service_line, sex, age_band) do update set weight = excluded.weight, import_run_id = excluded.import_run_id
      where capitation_weight.weight is distinct from excluded.weight`, rows.length),
    finish: async () => ({ summary: { serviceLines: seen.size }, warnings: [] }),
  };
}
