/** weights.csv rows for tests: every sex × age band of a service line (FORMATS.md "Capitation weights"). */
import { CELLS } from '../domain/budgets/capitation.js';
import type { AgeBand, Sex } from '../domain/population/age-bands.js';

export const WEIGHTS_HEADER = ['service_line', 'sex', 'age_band', 'weight'];

/** 40 rows for the line; the weight of each cell from `weight` (default 1). */
export const sampleWeights = (serviceLine: string, weight: (sex: Sex, ageBand: AgeBand, index: number) => string | number = () => '1') =>
  CELLS.map(({ sex, ageBand }, i) => [serviceLine, sex, ageBand, String(weight(sex, ageBand, i))]);
