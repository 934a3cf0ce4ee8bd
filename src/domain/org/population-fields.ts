/** Fields of population.csv: sex, five-year age band and number of registered patients. */
import { AGE_BANDS, isAgeBand, type AgeBand, type Sex } from '../population/age-bands.js';
import { fail, ok, type Parsed } from './parsed.js';

/** `M`/`F`, also `Male`/`Female` as NHS Digital writes them; any case. */
export function parseSex(input: string): Parsed<Sex> {
  const text = input.trim().toUpperCase();
  if (text === 'M' || text === 'MALE') return ok('M');
  if (text === 'F' || text === 'FEMALE') return ok('F');
  return fail('must be M or F');
}

/** `0-4` … `95+`; spaces, `0_4` and `95_PLUS` (NHS Digital's column suffixes) are forgiven. */
export function parseAgeBand(input: string): Parsed<AgeBand> {
  const text = input.replace(/\s+/g, '').toUpperCase().replace(/_PLUS$|PLUS$/, '+').replace('_', '-');
  return isAgeBand(text) ? ok(text) : fail(`must be an age band: ${AGE_BANDS[0]}, ${AGE_BANDS[1]}, … ${AGE_BANDS[AGE_BANDS.length - 2]} or ${AGE_BANDS[AGE_BANDS.length - 1]}`);
}

const MAX_PATIENTS = 2_147_483_647; // integer column

export function parsePatients(input: string): Parsed<number> {
  const text = input.trim();
  const value = Number(text);
  return /^\d+$/.test(text) && value <= MAX_PATIENTS ? ok(value) : fail('must be a whole number of 0 or more');
}
