/**
 * Budget scope by phase (FIN-3): which service lines, and within them which specialties, are
 * devolved to practices (or groups) from which date. Pure.
 *
 * Scope is held per service line as rows, each with a date it is devolved from and either a list
 * of treatment function codes or "every specialty" (null). A year's scope for a line is what is in
 * force on 1 April of the year: every row devolved by then; if any of them is "every specialty"
 * the whole line is devolved, otherwise the union of their specialties. No row in force: the line
 * is not devolved that year and no budget can be set for it. The level (practice or group) is the
 * most recently devolved row's. A&E, prescribing, community and mental health have no specialties:
 * their rows are always "every specialty".
 *
 * The seed (migrations/0006_budgets.sql), for the seed PCT: in year 1 (2025/26) six surgical
 * specialties (100 general surgery, 101 urology, 110 trauma and orthopaedics, 120 ENT,
 * 130 ophthalmology, 502 gynaecology) plus 300 general medicine and 430 elderly medicine, for
 * elective, outpatient and non-elective activity; everything else by year 3 (2027/28).
 */
import { financialYearBounds } from '../activity/financial-year.js';

export type ScopeLevel = 'practice' | 'group';

export interface ScopeRow {
  serviceLine: string;
  label: string;
  /** null = every specialty */
  tfcs: readonly string[] | null;
  level: ScopeLevel;
  /** ISO date */
  devolvedFrom: string;
}

export interface YearScope {
  devolved: boolean;
  /** the treatment function codes in scope, sorted; null = every specialty */
  tfcs: string[] | null;
  level: ScopeLevel;
  /** the rows in force, oldest first */
  rows: ScopeRow[];
}

export const SEED_YEAR_ONE_TFCS = ['100', '101', '110', '120', '130', '502', '300', '430'] as const;

/** The scope of a service line in a financial year (see above). */
export function scopeForYear(rows: readonly ScopeRow[], serviceLine: string, year: string): YearScope {
  const start = financialYearBounds(year).from;
  const inForce = rows.filter((r) => r.serviceLine === serviceLine && r.devolvedFrom <= start)
    .sort((a, b) => (a.devolvedFrom < b.devolvedFrom ? -1 : a.devolvedFrom > b.devolvedFrom ? 1 : 0));
  if (!inForce.length) return { devolved: false, tfcs: [], level: 'practice', rows: [] };
  const all = inForce.some((r) => r.tfcs === null);
  const tfcs = all ? null : [...new Set(inForce.flatMap((r) => r.tfcs ?? []))].sort();
  return { devolved: true, tfcs, level: inForce[inForce.length - 1]!.level, rows: inForce };
}

/** "Every specialty", or the codes listed. */
export const describeScope = (tfcs: readonly string[] | null) => (tfcs === null ? 'every specialty' : `specialties ${tfcs.join(', ')}`);
