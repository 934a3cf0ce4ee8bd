import { describe, expect, it } from 'vitest';
import {
  activityWords, alertWords, budgetWords, calendarMonth, challengeWords, lastWholeMonth, milestoneStateWords, milestoneWords, outcomeShares,
  referralWords, summariseMilestones, triageStatus, varianceWords, wholePounds,
} from './tiles.js';

const plan = { planPence: 1_000_000_00, actualPence: 1_031_000_00, yearPlanPence: 2_000_000_00, forecastPence: 2_062_000_00, variancePercent: 3.1, rag: 'amber' as const, period: 'Apr 2026 to Sep 2026' };

describe('budget and contract words', () => {
  it('says the spend, the variance and the forecast, with the monitoring RAG', () => {
    expect(budgetWords(plan)).toEqual({
      status: 'amber', headline: '£1,031,000',
      sentence: '£1,031,000 spent against £1,000,000 budgeted (Apr 2026 to Sep 2026): £31,000 (3.1%) over budget. Forecast outturn £2,062,000 against a budget of £2,000,000.',
    });
  });
  it('says under and on plan, and when nothing was planned', () => {
    expect(varianceWords({ planPence: 100_00, actualPence: 98_00, variancePercent: -2 }, 'plan')).toBe('£2 (2.0%) under plan');
    expect(varianceWords({ planPence: 100_00, actualPence: 100_00, variancePercent: 0 }, 'budget')).toBe('on budget');
    expect(varianceWords({ planPence: 0, actualPence: 5_00, variancePercent: null }, 'plan')).toBe('none of it planned');
  });
  it('has no status to give before a budget or a month', () => {
    expect(budgetWords({ ...plan, yearPlanPence: 0, actualPence: 0, planPence: 0 }).status).toBe('neutral');
    expect(budgetWords({ ...plan, period: null })).toMatchObject({ status: 'neutral', sentence: 'Budget for the year £2,000,000; no spend is in yet.' });
  });
  it('rounds whole pounds half away from zero', () => {
    expect([wholePounds(150), wholePounds(-150), wholePounds(149), wholePounds(123_456_789)]).toEqual(['£2', '-£2', '£1', '£1,234,568']);
  });
  it('compares a practice’s activity with the same months last year', () => {
    expect(activityWords({ ytdCostPence: 110_00, lastYearCostPence: 100_00, ytdLines: 3, period: 'Apr 2026' }).sentence).toBe('3 hospital activity lines costing £110 at tariff (Apr 2026). 10.0% more than the same months last year (£100).');
    expect(activityWords({ ytdCostPence: 5_00, lastYearCostPence: 0, ytdLines: 1, period: 'Apr 2026' }).sentence).toMatch(/no activity for the same months last year/);
  });
});

describe('referrals', () => {
  it('is green with nothing overdue, amber with up to a tenth overdue, red beyond', () => {
    expect([triageStatus(0, 0), triageStatus(20, 2), triageStatus(20, 3), triageStatus(1, 1)]).toEqual(['green', 'amber', 'red', 'red']);
  });
  it('gives outcome shares that add up to 100', () => {
    const shares = outcomeShares({ forwarded: 1, diverted: 1, returned_with_advice: 1 });
    expect(shares.map((s) => s.percent)).toEqual([34, 33, 33]);
    expect(outcomeShares({ forwarded: 0, diverted: 0, returned_with_advice: 0 }).map((s) => s.percent)).toEqual([0, 0, 0]);
  });
  it('says what came in, what waits and the outcomes', () => {
    const words = referralWords({ receivedThisMonth: 1, monthLabel: 'November 2026', awaitingTriage: 4, overdue: 1, outcomes: outcomeShares({ forwarded: 3, diverted: 1, returned_with_advice: 0 }) });
    expect(words).toEqual({
      status: 'red', headline: '1',
      sentence: '1 referral received in November 2026; 4 awaiting triage, 1 of them overdue. Of 4 triage decisions in the last 30 days: 75% forwarded to provider, 25% diverted to community service, 0% returned with advice.',
    });
  });
});

describe('milestones', () => {
  const today = '2026-11-23';
  const ms = [
    { dueOn: '2026-11-01', status: 'in_progress' as const }, // overdue
    { dueOn: '2026-11-22', status: 'delivered' as const }, // delivered, not overdue
    { dueOn: '2026-11-23', status: 'not_started' as const }, // due today: due soon, not overdue
    { dueOn: '2026-12-23', status: 'not_started' as const }, // exactly 30 days: due soon
    { dueOn: '2026-12-24', status: 'not_started' as const }, // beyond
  ];
  it('counts overdue, due in 30 days and delivered', () => {
    expect(summariseMilestones(ms, today)).toEqual({ total: 5, overdue: 1, dueSoon: 2, delivered: 1 });
  });
  it('is red with any overdue, amber with any due soon, green otherwise, and says so', () => {
    expect(milestoneWords(summariseMilestones(ms, today))).toEqual({ status: 'red', headline: '1', sentence: '1 of 5 milestones overdue; 2 due in the next 30 days; 1 delivered.' });
    expect(milestoneWords(summariseMilestones(ms.slice(1, 4), today)).status).toBe('amber');
    expect(milestoneWords(summariseMilestones([ms[4]!], today)).status).toBe('green');
    expect(milestoneWords(summariseMilestones([], today)).status).toBe('neutral');
  });
  it('writes overdue in words', () => {
    expect(milestoneStateWords({ ...ms[0]!, statusLabel: 'In progress' }, today)).toBe('In progress: OVERDUE (was due 2026-11-01)');
    expect(milestoneStateWords({ ...ms[1]!, statusLabel: 'Delivered' }, today)).toBe('Delivered');
  });
});

describe('challenges and alerts', () => {
  it('counts and values', () => {
    expect(challengeWords({ open: 2, valuePence: 1234_56 }).sentence).toBe('2 challenges to providers open, worth £1,235.');
    expect(alertWords({ raised: 1, suppressed: 2, months: 12 }).sentence).toBe('1 change alert on practices\' rates in the last 12 months, and 2 more too small to judge.');
  });
});

describe('months', () => {
  it('reads a month and its financial year', () => {
    expect(calendarMonth('2026-10')).toEqual({ month: '2026-10', label: 'October 2026', from: '2026-10-01', until: '2026-11-01', to: '2026-10-31', year: '2026/27', yearMonth: 7 });
    expect(calendarMonth('2027-03')).toMatchObject({ year: '2026/27', yearMonth: 12, to: '2027-03-31' });
    expect(calendarMonth('2026-12')).toMatchObject({ until: '2027-01-01', yearMonth: 9 });
    expect(calendarMonth('2026-13')).toBeNull();
    expect(calendarMonth('26-10')).toBeNull();
  });
  it('finds the last whole month', () => {
    expect([lastWholeMonth('2026-11-23'), lastWholeMonth('2027-01-01')]).toEqual(['2026-10', '2026-12']);
  });
});
