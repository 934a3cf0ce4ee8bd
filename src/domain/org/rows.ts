/**
 * Whole-row validation of practices.csv, providers.csv and population.csv (FORMATS.md): each
 * cell is checked by its field validator and every problem is reported, not just the first.
 */
import type { AgeBand, Sex } from '../population/age-bands.js';
import { parseCommissionerCode, parseGroupCode, parsePracticeCode, parseProviderCode } from './codes.js';
import { parseIsoDate } from './iso-date.js';
import type { Parsed } from './parsed.js';
import { parseAgeBand, parsePatients, parseSex } from './population-fields.js';
import { parsePostcode } from './postcode.js';
import { parseMff, parseProviderKind, type ProviderKind } from './provider-fields.js';
import { parseName } from './text.js';

/** A row's cells by column name; a missing cell reads as blank. */
export type Cells = Readonly<Record<string, string | undefined>>;
export interface CellError { column: string; value: string; message: string }
export type RowResult<T> = { ok: true; value: T } | { ok: false; errors: CellError[] };

type FieldRules<T> = { [K in keyof T]: readonly [column: string, parse: (input: string) => Parsed<T[K]>] };

/** Applies one validator per field; the row is valid only when every cell is. */
export function parseRow<T>(cells: Cells, rules: FieldRules<T>): RowResult<T> {
  const value: Partial<T> = {};
  const errors: CellError[] = [];
  for (const field of Object.keys(rules) as (keyof T)[]) {
    const [column, parse] = rules[field];
    const raw = cells[column] ?? '';
    const parsed = parse(raw);
    if (parsed.ok) value[field] = parsed.value;
    else errors.push({ column, value: raw, message: parsed.message });
  }
  return errors.length ? { ok: false, errors } : { ok: true, value: value as T };
}

export interface ColumnSet { required: readonly string[]; optional: readonly string[] }

export interface PracticeRow { code: string; name: string; postcode: string; groupCode: string; commissionerCode: string }
export const PRACTICE_COLUMNS: ColumnSet = { required: ['practice_code', 'name', 'postcode', 'group_code', 'commissioner_code'], optional: [] };

export const parsePracticeRow = (cells: Cells) => parseRow<PracticeRow>(cells, {
  code: ['practice_code', parsePracticeCode],
  name: ['name', (s) => parseName(s)],
  postcode: ['postcode', parsePostcode],
  groupCode: ['group_code', parseGroupCode],
  commissionerCode: ['commissioner_code', parseCommissionerCode],
});

export interface ProviderRow { code: string; name: string; kind: ProviderKind; mff: number }
export const PROVIDER_COLUMNS: ColumnSet = { required: ['provider_code', 'name', 'kind'], optional: ['mff'] };

export const parseProviderRow = (cells: Cells) => parseRow<ProviderRow>(cells, {
  code: ['provider_code', parseProviderCode],
  name: ['name', (s) => parseName(s)],
  kind: ['kind', parseProviderKind],
  mff: ['mff', parseMff],
});

export interface PopulationRow { practiceCode: string; period: string; sex: Sex; ageBand: AgeBand; patients: number }
export const POPULATION_COLUMNS: ColumnSet = { required: ['practice_code', 'period', 'sex', 'age_band', 'patients'], optional: [] };

export const parsePopulationRow = (cells: Cells) => parseRow<PopulationRow>(cells, {
  practiceCode: ['practice_code', parsePracticeCode],
  period: ['period', parseIsoDate],
  sex: ['sex', parseSex],
  ageBand: ['age_band', parseAgeBand],
  patients: ['patients', parsePatients],
});
