/**
 * Scenario modelling (FIN-10): what a reduction of N% in some kinds of hospital activity is worth,
 * per practice and in total, priced from the year's activity at tariff. Pure.
 *
 * The measures do not overlap, so they add up:
 * - `new_outpatients`: first outpatient attendances (OPFA) other than consultant-to-consultant;
 * - `c2c_first`: first attendances referred consultant to consultant (OPFA, referral source C2C);
 * - `follow_ups`: outpatient follow-ups (OPFU);
 * - `unplanned_admissions`: non-elective (emergency) admissions (NEL).
 * A measure's value = its cost at tariff × N ÷ 100, rounded half away from zero to the penny
 * (N is read to two decimal places); its volume = lines × N ÷ 100 (to two decimal places, as a
 * number of attendances or admissions avoided). A practice's total is the sum of its measures'
 * values; a group's and the commissioner's totals are the sums of their practices'.
 */
import { divideRounded } from '../activity/money.js';

export const SCENARIO_MEASURES = ['new_outpatients', 'follow_ups', 'c2c_first', 'unplanned_admissions'] as const;
export type ScenarioMeasure = (typeof SCENARIO_MEASURES)[number];

export const SCENARIO_MEASURE_LABELS: Record<ScenarioMeasure, string> = {
  new_outpatients: 'New outpatient attendances (not consultant to consultant)',
  follow_ups: 'Outpatient follow-ups',
  c2c_first: 'Consultant-to-consultant first attendances',
  unplanned_admissions: 'Unplanned (non-elective) admissions',
};

export interface MeasureActivity { lines: number; costPence: number }

export interface PracticeActivity {
  code: string;
  groupCode: string;
  measures: Record<ScenarioMeasure, MeasureActivity>;
}

export interface MeasureValue extends MeasureActivity {
  /** lines × N ÷ 100, to two decimal places */
  reducedLines: number;
  /** cost × N ÷ 100, to the penny */
  valuePence: number;
}

export interface ScenarioRow {
  measures: Record<ScenarioMeasure, MeasureValue>;
  costPence: number;
  valuePence: number;
}

export interface PracticeScenario extends ScenarioRow { code: string; groupCode: string }

/** A percentage (0 to 100, up to two decimal places) as hundredths of a per cent (basis points). */
export function percentBasisPoints(percent: number): number | null {
  if (!Number.isFinite(percent) || percent <= 0 || percent > 100) return null;
  const bp = Math.round(percent * 100);
  return Math.abs(bp - percent * 100) < 1e-6 ? bp : null;
}

export const emptyMeasures = (): Record<ScenarioMeasure, MeasureActivity> =>
  ({ new_outpatients: { lines: 0, costPence: 0 }, follow_ups: { lines: 0, costPence: 0 }, c2c_first: { lines: 0, costPence: 0 }, unplanned_admissions: { lines: 0, costPence: 0 } });

function valued(a: MeasureActivity, basisPoints: number): MeasureValue {
  return { ...a, reducedLines: divideRounded(a.lines * basisPoints, 100) / 100, valuePence: divideRounded(a.costPence * basisPoints, 10_000) };
}

/** The value of the reduction for each practice (code order). */
export function scenarioValues(practices: readonly PracticeActivity[], basisPoints: number): PracticeScenario[] {
  if (!Number.isInteger(basisPoints) || basisPoints <= 0 || basisPoints > 10_000) throw new RangeError(`A reduction is more than 0% and at most 100% (got ${basisPoints / 100}%).`);
  return [...practices].sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0)).map((p) => {
    const measures = Object.fromEntries(SCENARIO_MEASURES.map((m) => [m, valued(p.measures[m], basisPoints)])) as Record<ScenarioMeasure, MeasureValue>;
    return { code: p.code, groupCode: p.groupCode, measures, ...sums(measures) };
  });
}

function sums(measures: Record<ScenarioMeasure, MeasureValue>) {
  return SCENARIO_MEASURES.reduce((a, m) => ({ costPence: a.costPence + measures[m].costPence, valuePence: a.valuePence + measures[m].valuePence }), { costPence: 0, valuePence: 0 });
}

/** The sum of rows, measure by measure (reduced lines added and kept to two places). */
export function addScenarioRows(rows: readonly ScenarioRow[]): ScenarioRow {
  const measures = Object.fromEntries(SCENARIO_MEASURES.map((m) => {
    const total = rows.reduce((a, r) => ({
      lines: a.lines + r.measures[m].lines, costPence: a.costPence + r.measures[m].costPence,
      reducedHundredths: a.reducedHundredths + Math.round(r.measures[m].reducedLines * 100), valuePence: a.valuePence + r.measures[m].valuePence,
    }), { lines: 0, costPence: 0, reducedHundredths: 0, valuePence: 0 });
    return [m, { lines: total.lines, costPence: total.costPence, reducedLines: total.reducedHundredths / 100, valuePence: total.valuePence }];
  })) as Record<ScenarioMeasure, MeasureValue>;
  return { measures, ...sums(measures) };
}
