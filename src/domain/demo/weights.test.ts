import { describe, expect, it } from 'vitest';
import { AGE_BANDS, type AgeBand, type Sex } from '../population/age-bands.js';
import { USUAL_SERVICE_LINES } from '../budgets/weights.js';
import { DEMO_SERVICE_LINES, demoWeights } from './weights.js';

const rows = demoWeights();
const weight = (line: string, sex: Sex, band: AgeBand) => Number(rows.find((r) => r.serviceLine === line && r.sex === sex && r.ageBand === band)!.weight);

describe('demo capitation weights', () => {
  it('give every usual service line a positive weight for all 40 sex and age bands', () => {
    expect(DEMO_SERVICE_LINES).toEqual([...USUAL_SERVICE_LINES]);
    expect(rows).toHaveLength(USUAL_SERVICE_LINES.length * 40);
    for (const line of USUAL_SERVICE_LINES) {
      for (const sex of ['M', 'F'] as const) {
        expect(new Set(rows.filter((r) => r.serviceLine === line && r.sex === sex).map((r) => r.ageBand))).toEqual(new Set(AGE_BANDS));
      }
    }
    for (const r of rows) expect(Number(r.weight)).toBeGreaterThan(0);
  });

  it('are shaped as national weights are', () => {
    for (const sex of ['M', 'F'] as const) {
      expect(weight('elective', sex, '75-79')).toBeGreaterThan(2 * weight('elective', sex, '35-39'));
      expect(weight('non_elective', sex, '85-89')).toBeGreaterThan(5 * weight('non_elective', sex, '35-39'));
      expect(weight('ae', sex, '0-4')).toBeGreaterThan(weight('ae', sex, '40-44'));
      expect(weight('community', sex, '95+')).toBeGreaterThan(weight('community', sex, '60-64'));
      expect(weight('mental_health', sex, '25-29')).toBeGreaterThan(weight('mental_health', sex, '5-9'));
      expect(weight('prescribing', sex, '70-74')).toBeGreaterThan(weight('prescribing', sex, '20-24'));
    }
    expect(weight('outpatients', 'F', '30-34')).toBeGreaterThan(weight('outpatients', 'M', '30-34'));
  });
});
