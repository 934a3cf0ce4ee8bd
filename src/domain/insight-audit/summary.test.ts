import { describe, expect, it } from 'vitest';
import { summarise, type SummaryEntry } from './summary.js';

const entry = (e: Partial<SummaryEntry>): SummaryEntry => ({ ageBand: '30-34', inHours: true, reason: 'Chest pain', primaryCareCouldSee: 'no', outcome: 'discharged', ...e });

describe('summarise', () => {
  it('adds up a hand-built audit of 10 attendances', () => {
    const entries: SummaryEntry[] = [
      entry({ ageBand: '0-4', primaryCareCouldSee: 'yes', reason: 'Fever or infection in a child', inHours: false }),
      entry({ ageBand: '0-4', primaryCareCouldSee: 'yes', reason: 'fever or infection in a CHILD ', inHours: false }),
      entry({ ageBand: '5-9', primaryCareCouldSee: 'yes', reason: 'Minor injury (sprain, cut, bruise)' }),
      entry({ ageBand: '20-24', primaryCareCouldSee: 'yes', reason: 'Could not get a GP appointment' }),
      entry({ ageBand: '20-24', primaryCareCouldSee: 'unsure', reason: 'Abdominal pain', outcome: 'referred' }),
      entry({ ageBand: '40-44', primaryCareCouldSee: 'no', reason: 'Chest pain', outcome: 'admitted', inHours: false }),
      entry({ ageBand: '60-64', primaryCareCouldSee: 'no', reason: 'Chest pain', outcome: 'admitted' }),
      entry({ ageBand: '70-74', primaryCareCouldSee: 'no', reason: 'Fall', outcome: 'admitted', inHours: false }),
      entry({ ageBand: '85-89', primaryCareCouldSee: 'no', reason: 'Fall', outcome: 'admitted' }),
      entry({ ageBand: '85-89', primaryCareCouldSee: 'unsure', reason: 'Rash', outcome: 'left' }),
    ];
    const f = summarise(entries, 3);
    expect(f.attendances).toBe(10);
    expect(f.couldSee).toEqual({ yes: 4, no: 4, unsure: 2 });
    expect(f.shareCouldSee).toBe(0.4);
    // Wilson, 4 of 10 at z = 1.96 (the exact z moves these by 0.000003): centre (0.4 + 0.19208) / 1.38416 = 0.427754,
    // half 1.96 / 1.38416 × √(0.024 + 0.0096040) = 1.416022 × 0.183314 = 0.259577
    expect(f.shareInterval!.lower).toBeCloseTo(0.168177, 4);
    expect(f.shareInterval!.upper).toBeCloseTo(0.687331, 4);
    expect([f.inHours, f.outOfHours]).toEqual([6, 4]);
    expect(f.byOutcome).toEqual({ discharged: 4, admitted: 4, referred: 1, left: 1, other: 0 });
    expect(f.topReasons).toEqual([
      { reason: 'Chest pain', attendances: 2 },
      { reason: 'Fall', attendances: 2 },
      { reason: 'Fever or infection in a child', attendances: 2 }, // two spellings, the suggestion's wording
    ]);
    expect(f.byAgeGroup).toEqual([
      { ageGroup: '0-4', attendances: 2 }, { ageGroup: '5-14', attendances: 1 }, { ageGroup: '15-24', attendances: 2 },
      { ageGroup: '25-44', attendances: 1 }, { ageGroup: '45-64', attendances: 1 }, { ageGroup: '65-74', attendances: 1 }, { ageGroup: '75+', attendances: 2 },
    ]);
  });

  it('has zeros and no share (not NaN) when nothing was audited', () => {
    const f = summarise([]);
    expect(f).toMatchObject({ attendances: 0, shareCouldSee: null, shareInterval: null, inHours: 0, outOfHours: 0, topReasons: [] });
    expect(f.byAgeGroup.every((g) => g.attendances === 0)).toBe(true);
  });
});
