/** Builds small, valid organisation files in memory, for tests of the import and its callers. */
import { createCipheriv, createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { AGE_BANDS } from '../domain/population/age-bands.js';

type Cell = string | number;

/** RFC 4180 text: values with commas, quotes or line breaks are quoted. */
export function csvText(rows: readonly (readonly Cell[])[], eol = '\n'): string {
  const quote = (v: Cell) => (/[",\r\n]/.test(String(v)) ? `"${String(v).replaceAll('"', '""')}"` : String(v));
  return rows.map((r) => r.map(quote).join(',')).join(eol) + eol;
}

export const streamOf = (data: string | Buffer) => Readable.from([Buffer.from(data)]);

export const PRACTICE_HEADER = ['practice_code', 'name', 'postcode', 'group_code', 'commissioner_code'];
export const PROVIDER_HEADER = ['provider_code', 'name', 'kind', 'mff'];
export const POPULATION_HEADER = ['practice_code', 'period', 'sex', 'age_band', 'patients'];

export const samplePractices = (codes = ['E82001', 'E82002', 'E82003'], commissioner = 'QM7') =>
  codes.map((code, i) => [code, `Practice ${code}`, `AL${i + 1} 3EW`, i % 2 ? 'SOUTH' : 'NORTH', commissioner]);

export const sampleProviders = () => [['RWG', 'West Hertfordshire', 'acute', '1.0432'], ['RQW', 'Princess Alexandra', 'acute', ''], ['NT4', 'BMI Hospitals', 'independent', '1']];

/** Every sex × age band for each practice: 40 rows each. */
export const samplePopulation = (codes = ['E82001', 'E82002', 'E82003'], period = '2025-10-01', patients = (i: number) => 10 + (i % 50)) =>
  codes.flatMap((code) => AGE_BANDS.flatMap((band) => ['M', 'F'].map((sex) => [code, period, sex, band])))
    .map((row, i) => [...row, patients(i)]);

/** Random-looking bytes that are the same on every run (so a test of junk input is not flaky). */
export function junkBytes(size: number, seed = 'junk'): Buffer {
  const key = createHash('sha256').update(seed).digest();
  return createCipheriv('aes-256-ctr', key, Buffer.alloc(16)).update(Buffer.alloc(size));
}
