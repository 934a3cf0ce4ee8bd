/**
 * population.csv: one row per practice × period × sex × age band. Every practice must already
 * exist (import practices.csv first); their codes are the one thing held in memory to check.
 */
import { sql } from 'kysely';
import type { Db } from '../../../db/database.js';
import { parsePopulationRow, POPULATION_COLUMNS, type PopulationRow } from '../../../domain/org/rows.js';
import { AGE_BANDS } from '../../../domain/population/age-bands.js';
import { countUpserts, type ImportJob, type RowIndex } from './job.js';

export async function populationJob(db: Db): Promise<ImportJob<PopulationRow>> {
  const practices = new Set((await db.selectFrom('practice').select('code').execute()).map((p) => p.code));
  return {
    columns: POPULATION_COLUMNS,
    noun: 'population row',
    parseRow: parsePopulationRow,
    key: (row) => `${row.practiceCode}|${row.period}|${row.sex}|${row.ageBand}`,
    createIndex: populationIndex,
    describeKey: (row) => `practice ${row.practiceCode}, period ${row.period}, sex ${row.sex}, age band ${row.ageBand}`,
    check: (row) => practices.has(row.practiceCode)
      ? []
      : [{ column: 'practice_code', value: row.practiceCode, message: `is not a practice in the database; import it in practices.csv first` }],
    store: (tx, rows) => countUpserts(tx, sql`
      insert into population (practice_code, period, sex, age_band, patients)
      select * from unnest(${rows.map((r) => r.practiceCode)}::text[], ${rows.map((r) => r.period)}::date[], ${rows.map((r) => r.sex)}::text[],
                           ${rows.map((r) => r.ageBand)}::text[], ${rows.map((r) => r.patients)}::int[])
      on conflict (practice_code, period, sex, age_band) do update set patients = excluded.patients
      where population.patients is distinct from excluded.patients`, rows.length),
  };
}

/**
 * Duplicate finder for a million-row file: one small array of row numbers per practice and
 * period (40 slots: sex x age band) instead of a million string keys (~10x less memory).
 */
function populationIndex(): RowIndex<PopulationRow> {
  const grids = new Map<string, Int32Array>();
  const slot = (row: PopulationRow) => (row.sex === 'M' ? 0 : AGE_BANDS.length) + AGE_BANDS.indexOf(row.ageBand);
  return {
    firstRow(row) {
      const found = grids.get(`${row.practiceCode}|${row.period}`)?.[slot(row)];
      return found ? found : undefined;
    },
    remember(row, rowNumber) {
      const id = `${row.practiceCode}|${row.period}`;
      let grid = grids.get(id);
      if (!grid) grids.set(id, (grid = new Int32Array(2 * AGE_BANDS.length)));
      grid[slot(row)] = rowNumber;
    },
  };
}
