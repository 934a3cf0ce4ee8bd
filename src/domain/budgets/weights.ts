/**
 * weights.csv (FORMATS.md "Capitation weights"): a relative cost per head by service line, sex
 * and five-year age band. Row validation in the shape the shared import pipeline expects (see
 * ../org/rows.ts), and the names of the usual service lines. Service lines are data: any
 * lower-case identifier is one.
 */
import { fail, ok, type Parsed } from '../org/parsed.js';
import { parseRow, type Cells, type ColumnSet, type RowResult } from '../org/rows.js';
import { parseAgeBand, parseSex } from '../org/population-fields.js';
import type { AgeBand, Sex } from '../population/age-bands.js';
import { millionthsString, WEIGHT_PLACES, weightMillionths } from './capitation.js';

export const SERVICE_LINE_PATTERN = /^[a-z][a-z0-9_]{0,39}$/;

/** The service lines of FIN-2, in the order finance teams list them. */
export const USUAL_SERVICE_LINES = ['elective', 'non_elective', 'outpatients', 'ae', 'prescribing', 'community', 'mental_health'] as const;

const LABELS: Record<string, string> = {
  elective: 'Elective', non_elective: 'Non-elective', outpatients: 'Outpatients', ae: 'A&E', prescribing: 'Prescribing',
  community: 'Community services', mental_health: 'Mental health',
};

/** "non_elective" → "Non-elective"; a line of the commissioner's own → its code in words ("diabetes_care" → "Diabetes care"). */
export function serviceLineLabel(code: string): string {
  const known = LABELS[code];
  if (known) return known;
  const words = code.replace(/_/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** Usual lines first in their order, then the others alphabetically. */
export function compareServiceLines(a: string, b: string): number {
  const rank = (s: string) => {
    const i = (USUAL_SERVICE_LINES as readonly string[]).indexOf(s);
    return i < 0 ? USUAL_SERVICE_LINES.length : i;
  };
  return rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0);
}

/** `elective`, `non_elective`…: trimmed, any case, then a lower-case identifier of up to 40 characters. */
export function parseServiceLine(input: string): Parsed<string> {
  const text = input.trim().toLowerCase();
  return SERVICE_LINE_PATTERN.test(text)
    ? ok(text)
    : fail('must be a service line: a name of lower-case letters, digits and underscores starting with a letter, like elective or non_elective');
}

/** The largest weight numeric(12,6) holds. */
const MAX_MILLIONTHS = 999_999_999_999n;

/** A positive decimal of at most 6 places, returned as the shortest exact decimal text ("1.25"). */
export function parseWeight(input: string): Parsed<string> {
  const millionths = weightMillionths(input);
  if (millionths === null) return fail(`must be a number greater than 0 with at most ${WEIGHT_PLACES} decimal places, like 1.25`);
  if (millionths > MAX_MILLIONTHS) return fail('must be less than 1,000,000');
  return ok(millionthsString(millionths));
}

export interface WeightRow { serviceLine: string; sex: Sex; ageBand: AgeBand; weight: string }
export const WEIGHT_COLUMNS: ColumnSet = { required: ['service_line', 'sex', 'age_band', 'weight'], optional: [] };

export const parseWeightRow = (cells: Cells): RowResult<WeightRow> => parseRow<WeightRow>(cells, {
  serviceLine: ['service_line', parseServiceLine],
  sex: ['sex', parseSex],
  ageBand: ['age_band', parseAgeBand],
  weight: ['weight', parseWeight],
});
