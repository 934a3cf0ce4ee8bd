/**
 * Allowances (FIN-6): the seed's defaults for a 26-practice PCT with practices joining in April and
 * in October, worked by hand; the rounding of percentages; conditions and their evidence; and
 * properties that hold for any input.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  ALLOWANCE_CONDITIONS, DEFAULT_ALLOWANCE_SCHEMES, allowanceTotals, missingText, orderSchemes, participationProblems, percentHundredths, percentOf,
  practiceAllowances, schemeProblems, takesPart, type AllowanceCondition, type AllowanceScheme, type PracticeAllowanceInput,
} from './allowances.js';

const YEAR = '2025/26';
const ALL_MET = Object.fromEntries(ALLOWANCE_CONDITIONS.map((c) => [c, true])) as Record<AllowanceCondition, boolean>;
const schemes = DEFAULT_ALLOWANCE_SCHEMES;

const practice = (code: string, joinedOn: string, more: Partial<PracticeAllowanceInput> = {}): PracticeAllowanceInput => ({
  practiceCode: code, participation: { joinedOn, leftOn: null }, serviceBudgetPence: 200_000_000, evidence: ALL_MET, ...more,
});
const amounts = (input: PracticeAllowanceInput) =>
  Object.fromEntries(practiceAllowances(YEAR, schemes, input).lines.map((l) => [l.schemeCode, [l.status, l.amountPence]]));

describe('a 26-practice PCT on the seed’s defaults', () => {
  // 20 practices join at the start of the year, 6 from October; each has a £2,000,000 service
  // budget and has met every condition.
  const codes = Array.from({ length: 26 }, (_, i) => `E82${String(i + 1).padStart(3, '0')}`);
  const inputs = codes.map((code, i) => practice(code, i < 20 ? '2025-04-01' : '2025-10-01'));
  const results = inputs.map((input) => practiceAllowances(YEAR, schemes, input));
  const totals = allowanceTotals(schemes, results);

  it('gives an April joiner £5,000 + £3,000 + 2% of its budget + 20% of that', () => {
    expect(amounts(inputs[0]!)).toEqual({
      recurrent: ['earned', 500_000], // £5,000
      start_up: ['earned', 300_000], // £3,000
      service_change: ['earned', 4_000_000], // 2% of £2,000,000 = £40,000
      incentive: ['earned', 800_000], // 20% of £40,000 = £8,000
    });
    expect(results[0]!.earnedPence).toBe(5_600_000); // £56,000
    expect(results[0]!.joinedMonth).toBe(1);
  });

  it('gives an October joiner the £1,500 start-up fee instead of £3,000', () => {
    expect(amounts(inputs[25]!)).toEqual({
      recurrent: ['earned', 500_000], start_up: ['earned', 150_000], service_change: ['earned', 4_000_000], incentive: ['earned', 800_000],
    });
    expect(results[25]!.earnedPence).toBe(5_450_000); // £54,500
    expect(results[25]!.joinedMonth).toBe(7);
  });

  it('totals the PCT: 26 × £5,000 recurrent, 20 × £3,000 + 6 × £1,500 start-up, and the percentages', () => {
    const by = Object.fromEntries(totals.bySchemes.map((s) => [s.schemeCode, s.earnedPence]));
    expect(by).toEqual({ recurrent: 13_000_000, start_up: 6_900_000, service_change: 104_000_000, incentive: 20_800_000 });
    expect(totals.earnedPence).toBe(144_700_000); // 20 × £56,000 + 6 × £54,500 = £1,447,000
    expect(totals.participating).toBe(26);
    expect(totals.notYetEarnedPence).toBe(0);
  });
});

describe('the start-up fee', () => {
  const startUp = (joinedOn: string) => practiceAllowances(YEAR, schemes, practice('E82001', joinedOn)).lines.find((l) => l.schemeCode === 'start_up')!;

  it('is £3,000 up to the end of September and £1,500 from 1 October to the end of March', () => {
    expect(startUp('2025-09-30').amountPence).toBe(300_000);
    expect(startUp('2025-10-01').amountPence).toBe(150_000);
    expect(startUp('2025-10-01').basis).toBe('Joined on 1 Oct 2025: £1,500.00 for practices joining from Oct (month 7).');
    expect(startUp('2026-03-31').amountPence).toBe(150_000);
  });

  it('does not apply to a practice that joined in an earlier year (it is non-recurrent)', () => {
    const line = startUp('2024-04-01');
    expect(line).toMatchObject({ status: 'not_applicable', amountPence: 0 });
    expect(line.reason).toMatch(/joined on 1 Apr 2024/);
    // …while the recurrent allowance still does.
    expect(practiceAllowances(YEAR, schemes, practice('E82001', '2024-04-01')).earnedPence).toBe(500_000 + 4_000_000 + 800_000);
  });
});

describe('conditions', () => {
  it('shows a scheme as not yet earned, with the conditions missing, until every one is met', () => {
    const result = practiceAllowances(YEAR, schemes, practice('E82001', '2025-04-01', { evidence: { budget_held: true, locality_participation: true, plan_signed_off: false } }));
    const incentive = result.lines.find((l) => l.schemeCode === 'incentive')!;
    expect(incentive).toMatchObject({
      status: 'not_yet_earned', amountPence: 800_000, missing: ['plan_signed_off', 'milestones_met'], waitingFor: 'service_change',
      conditions: [{ condition: 'plan_signed_off', state: 'not_met' }, { condition: 'milestones_met', state: 'not_recorded' }],
    });
    expect(missingText(incentive, () => 'Service change allowance')).toBe('Plan signed off (not met); Milestones met (not recorded); Service change allowance earned first');
    expect(result.earnedPence).toBe(800_000); // recurrent + start-up
    expect(result.notYetEarnedPence).toBe(4_800_000); // service change + incentive
  });

  it('earns the incentive only once the allowance it is a percentage of is earned', () => {
    // Milestones met and the plan signed off, but a service-change scheme that needs budget_held too.
    const stricter = schemes.map((s) => (s.code === 'service_change' ? { ...s, conditions: ['plan_signed_off', 'budget_held'] as AllowanceCondition[] } : s));
    const result = practiceAllowances(YEAR, stricter, practice('E82001', '2025-04-01', { evidence: { plan_signed_off: true, milestones_met: true, locality_participation: true } }));
    expect(result.lines.find((l) => l.schemeCode === 'incentive')).toMatchObject({ status: 'not_yet_earned', missing: [], waitingFor: 'service_change' });
  });
});

describe('participation', () => {
  it('pays nothing to a practice not taking part, or that left before the year', () => {
    for (const participation of [null, { joinedOn: '2024-04-01', leftOn: '2025-03-31' }, { joinedOn: '2026-04-01', leftOn: null }]) {
      const result = practiceAllowances(YEAR, schemes, practice('E82001', '2025-04-01', { participation }));
      expect(result.participating).toBe(false);
      expect(result.lines.every((l) => l.status === 'not_applicable' && l.amountPence === 0 && l.reason)).toBe(true);
      expect(result.earnedPence + result.notYetEarnedPence).toBe(0);
    }
  });

  it('takes part from the day it joins until the day it leaves, and checks the dates', () => {
    expect(takesPart(YEAR, { joinedOn: '2026-03-31', leftOn: null })).toBe(true);
    expect(takesPart(YEAR, { joinedOn: '2024-01-01', leftOn: '2025-04-01' })).toBe(true);
    expect(participationProblems(YEAR, { joinedOn: '2026-04-01', leftOn: null })).toEqual([{ field: 'joinedOn', message: 'The practice must have joined by the end of 2025/26 to take part in it.' }]);
    expect(participationProblems(YEAR, { joinedOn: '2025-02-30', leftOn: null })[0]?.field).toBe('joinedOn');
    expect(participationProblems(YEAR, { joinedOn: '2025-06-01', leftOn: '2025-05-01' })[0]?.message).toBe('The practice cannot leave before it joined.');
    expect(participationProblems(YEAR, { joinedOn: '2024-06-01', leftOn: '2025-01-01' })[0]?.field).toBe('leftOn');
  });
});

describe('the service budget', () => {
  it('rounds 2% of it half up to the penny, and 20% of that rounded figure', () => {
    // 2% of £1,234,567.89 = £24,691.3578 → £24,691.36; 20% of £24,691.36 = £4,938.272 → £4,938.27
    expect(amounts(practice('E82001', '2025-04-01', { serviceBudgetPence: 123_456_789 }))).toMatchObject({
      service_change: ['earned', 2_469_136], incentive: ['earned', 493_827],
    });
    // 2% of 25p = 0.5p → 1p (half up)
    expect(percentOf(25, 2)).toBe(1);
    expect(percentOf(24, 2)).toBe(0);
  });

  it('is £0 with a note when none is published', () => {
    const line = practiceAllowances(YEAR, schemes, practice('E82001', '2025-04-01', { serviceBudgetPence: null })).lines.find((l) => l.schemeCode === 'service_change')!;
    expect(line.amountPence).toBe(0);
    expect(line.basis).toBe('2% of the service budget: none is published for 2025/26, so £0.00.');
  });
});

describe('checking schemes', () => {
  const base = DEFAULT_ALLOWANCE_SCHEMES[3]!;

  it('accepts the defaults', () => {
    for (const s of DEFAULT_ALLOWANCE_SCHEMES) expect(schemeProblems(s, DEFAULT_ALLOWANCE_SCHEMES)).toEqual([]);
  });

  it('names what is wrong', () => {
    expect(schemeProblems({ ...base, percent: 2.345 }, schemes).map((p) => p.field)).toEqual(['percent']);
    expect(schemeProblems({ ...base, percent: 0 }, schemes).map((p) => p.field)).toEqual(['percent']);
    expect(schemeProblems({ ...base, ofScheme: 'nothing' }, schemes)[0]?.message).toBe('There is no scheme nothing in this year.');
    expect(schemeProblems({ ...base, amountPence: 5 }, schemes).map((p) => p.field)).toEqual(['amountPence']);
    const startUp = DEFAULT_ALLOWANCE_SCHEMES[1]!;
    expect(schemeProblems({ ...startUp, lateFromMonth: null }, schemes).map((p) => p.field)).toEqual(['lateFromMonth']);
    expect(schemeProblems({ ...startUp, amountPence: -1 }, schemes).map((p) => p.field)).toEqual(['amountPence']);
    expect(schemeProblems({ ...startUp, conditions: ['budget_held', 'budget_held'] }, schemes).map((p) => p.field)).toEqual(['conditions']);
  });

  it('refuses a loop of percentages, and orders a scheme after the one it is based on', () => {
    const a: AllowanceScheme = { ...base, code: 'a', ofScheme: 'b', sortOrder: 1 };
    const b: AllowanceScheme = { ...base, code: 'b', ofScheme: 'a', sortOrder: 2 };
    expect(schemeProblems(a, [a, b])[0]?.message).toMatch(/loop/);
    const first: AllowanceScheme = { ...base, code: 'first', ofScheme: 'service_change', sortOrder: 1 };
    expect(orderSchemes([...schemes, first]).map((s) => s.code)).toEqual(['service_change', 'first', 'recurrent', 'start_up', 'incentive']);
  });
});

// ── Properties ──────────────────────────────────────────────────────────────────────────────────

const evidenceArb = fc.record(
  { budget_held: fc.boolean(), locality_participation: fc.boolean(), plan_signed_off: fc.boolean(), milestones_met: fc.boolean() },
  { requiredKeys: [] },
);
const dateArb = fc.date({ min: new Date('2023-01-01T00:00:00Z'), max: new Date('2027-12-31T00:00:00Z'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));
const participationArb = fc.option(fc.tuple(dateArb, fc.option(dateArb, { nil: null })).map(([a, b]) => ({ joinedOn: a, leftOn: b && b < a ? a : b })), { nil: null });
const inputArb = fc.record({
  practiceCode: fc.constant('E82001'),
  participation: participationArb,
  serviceBudgetPence: fc.option(fc.integer({ min: 0, max: 10_000_000_000 }), { nil: null }),
  evidence: evidenceArb,
});

describe('properties', () => {
  it('percentOf is the exact percentage rounded half up, within half a penny', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }), fc.integer({ min: 1, max: 10_000 }), (pence, hundredths) => {
      const result = percentOf(pence, hundredths / 100);
      const exact = BigInt(pence) * BigInt(hundredths); // in 1/10,000ths of a penny
      const scaled = BigInt(result) * 10_000n;
      expect(scaled - exact <= 5_000n && exact - scaled < 5_000n).toBe(true);
      expect(percentHundredths(hundredths / 100)).toBe(hundredths);
    }));
  });

  it('earned + not yet earned is the sum of the lines that apply; an earned line has every condition met', () => {
    fc.assert(fc.property(inputArb, (input) => {
      const r = practiceAllowances(YEAR, schemes, input);
      const applying = r.lines.filter((l) => l.status !== 'not_applicable');
      expect(r.earnedPence + r.notYetEarnedPence).toBe(applying.reduce((n, l) => n + l.amountPence, 0));
      for (const l of r.lines) {
        expect(Number.isSafeInteger(l.amountPence) && l.amountPence >= 0).toBe(true);
        if (l.status === 'earned') expect(l.missing.length === 0 && l.waitingFor === null && l.conditions.every((c) => c.state === 'met')).toBe(true);
        if (l.status === 'not_applicable') expect(l.amountPence).toBe(0);
      }
      if (!r.participating) expect(applying).toEqual([]);
    }));
  });

  it('meeting one more condition never lowers what is earned', () => {
    fc.assert(fc.property(inputArb, fc.constantFrom(...ALLOWANCE_CONDITIONS), (input, condition) => {
      const before = practiceAllowances(YEAR, schemes, input);
      const after = practiceAllowances(YEAR, schemes, { ...input, evidence: { ...input.evidence, [condition]: true } });
      expect(after.earnedPence).toBeGreaterThanOrEqual(before.earnedPence);
      expect(after.earnedPence + after.notYetEarnedPence).toBe(before.earnedPence + before.notYetEarnedPence);
    }));
  });

  it('the start-up fee follows the month of joining, and the totals are the sums of the practices', () => {
    fc.assert(fc.property(fc.array(inputArb, { maxLength: 30 }), (inputs) => {
      const results = inputs.map((input) => practiceAllowances(YEAR, schemes, input));
      for (const r of results) {
        const startUp = r.lines.find((l) => l.schemeCode === 'start_up')!;
        if (r.joinedMonth !== null) expect(startUp.amountPence).toBe(r.joinedMonth >= 7 ? 150_000 : 300_000);
        else expect(startUp.amountPence).toBe(0);
      }
      const totals = allowanceTotals(schemes, results);
      expect(totals.earnedPence).toBe(results.reduce((n, r) => n + r.earnedPence, 0));
      expect(totals.bySchemes.reduce((n, s) => n + s.earnedPence, 0)).toBe(totals.earnedPence);
      expect(totals.bySchemes.reduce((n, s) => n + s.notYetEarnedPence, 0)).toBe(totals.notYetEarnedPence);
    }));
  });
});
