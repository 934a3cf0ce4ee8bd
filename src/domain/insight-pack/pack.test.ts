import { describe, expect, it } from 'vitest';
import { criteriaMostMissed, isMonth, longMonth, noOutcomes, outcomeShares, peerSpreadOf, standsOut } from './pack.js';

describe('peerSpreadOf', () => {
  it('gives the median, 10th and 90th percentiles by nearest rank, and the extremes, leaving out practices with no rate', () => {
    expect(peerSpreadOf([3, null, 1, 2, Number.NaN, 10])).toEqual({ median: 2, p10: 1, p90: 10, min: 1, max: 10, practices: 4 });
  });
  it('has nothing to say about no values', () => {
    expect(peerSpreadOf([null])).toEqual({ median: null, p10: null, p90: null, min: null, max: null, practices: 0 });
  });
});

describe('outcomeShares', () => {
  it('puts the practice’s shares beside all practices’ pooled shares', () => {
    const own = { ...noOutcomes(), forwarded: 3, diverted: 1 };
    const all = { ...noOutcomes(), forwarded: 6, diverted: 2, returned_with_advice: 2 };
    const shares = outcomeShares(own, all);
    expect(shares.find((s) => s.outcome === 'forwarded')).toEqual({ outcome: 'forwarded', label: 'Forwarded to provider', count: 3, share: 0.75, peerShare: 0.6 });
    expect(shares.find((s) => s.outcome === 'returned_with_advice')).toMatchObject({ count: 0, share: 0, peerShare: 0.2 });
  });
  it('has no shares without referrals', () => {
    expect(outcomeShares(noOutcomes(), noOutcomes()).every((s) => s.share === null && s.peerShare === null)).toBe(true);
  });
});

describe('criteriaMostMissed', () => {
  const c = (criterionId: string, missed: number, assessed: number, pathwayCode = 'knee') => ({ pathwayCode, pathwayName: pathwayCode, criterionId, label: criterionId, missed, assessed });
  it('ranks by times missed, then share, leaving out criteria never missed, with everyone’s share of the same criterion', () => {
    const own = [c('a', 1, 4), c('b', 3, 3), c('c', 0, 3), c('d', 1, 2)];
    const all = [...own, c('a', 1, 6), c('b', 1, 7)];
    const ranked = criteriaMostMissed(own, all, 2);
    expect(ranked.map((r) => [r.criterionId, r.share, r.peerShare])).toEqual([['b', 1, 0.4], ['d', 0.5, 0.5]]);
  });
  it('keeps criteria of different pathways apart', () => {
    const ranked = criteriaMostMissed([c('x', 1, 1, 'hip')], [c('x', 1, 1, 'hip'), c('x', 0, 9, 'knee')]);
    expect(ranked[0]!.peerShare).toBe(1);
  });
});

describe('standsOut', () => {
  const p = (position: Parameters<typeof standsOut>[0][number]['position'], measureName = 'A&E attendances per 1,000') => ({ measureName, period: 'the 12 months to June 2025', position, observed: 30, expected: 20.04, direction: 'lower is better' });
  it('lists measures outside the 95% limits, alarms first, then change alerts, in plain words', () => {
    const lines = standsOut([p('within'), p('above 95%', 'B measure'), p('below 99.8%', 'C measure')], [{ monthLabel: 'Jun 2025', message: 'Referrals have risen above the expected level.' }]);
    expect(lines).toEqual([
      'C measure, the 12 months to June 2025: much lower than expected (alarm: below the 99.8% limit); 30 against 20 expected (lower is better).',
      'B measure, the 12 months to June 2025: higher than expected (warning: above the 95% limit); 30 against 20 expected (lower is better).',
      'Change alert, Jun 2025: Referrals have risen above the expected level.',
    ]);
  });
  it('says when nothing stands out', () => {
    expect(standsOut([p('within'), p('not assessable')], [])).toEqual(['Nothing stands out: every measure is within the range expected by chance and no change alert was raised.']);
  });
});

describe('months', () => {
  it('names and checks months', () => {
    expect(longMonth('2025-06')).toBe('June 2025');
    expect(isMonth('2025-06')).toBe(true);
    expect(isMonth('2025-13')).toBe(false);
    expect(isMonth('25-06')).toBe(false);
  });
});
