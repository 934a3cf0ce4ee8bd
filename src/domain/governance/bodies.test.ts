/** Terms of office and the council's one member per practice. */
import { describe, expect, it } from 'vitest';
import { councilSeatTaken, practicesWithoutCouncilMember, termCovers, termStatus, termsOverlap } from './bodies.js';
import { approverWords, levelOf } from './levels.js';

describe('termStatus', () => {
  it('is current, ending within 90 days, ended, or not started; the end date is the last day', () => {
    const term = { termStart: '2025-04-01', termEnd: '2026-03-31' };
    expect(termStatus(term, '2025-03-31')).toBe('not_started');
    expect(termStatus(term, '2025-06-01')).toBe('current');
    expect(termStatus(term, '2026-01-01')).toBe('ending_soon'); // 89 days to go
    expect(termStatus(term, '2025-12-31')).toBe('ending_soon'); // 90 days
    expect(termStatus(term, '2025-12-30')).toBe('current'); // 91 days
    expect(termStatus(term, '2026-03-31')).toBe('ending_soon');
    expect(termStatus(term, '2026-04-01')).toBe('ended');
    expect(termStatus({ termStart: null, termEnd: null }, '2026-01-01')).toBe('current');
    expect(termCovers(term, '2026-03-31')).toBe(true);
    expect(termCovers(term, '2026-04-01')).toBe(false);
  });

  it('finds overlapping terms, open ends included', () => {
    expect(termsOverlap({ termStart: '2025-04-01', termEnd: '2026-03-31' }, { termStart: '2026-04-01', termEnd: null })).toBe(false);
    expect(termsOverlap({ termStart: '2025-04-01', termEnd: '2026-03-31' }, { termStart: '2026-03-31', termEnd: null })).toBe(true);
    expect(termsOverlap({ termStart: null, termEnd: null }, { termStart: '2030-01-01', termEnd: null })).toBe(true);
  });
});

describe('the council', () => {
  const members = [
    { memberId: 1, personName: 'Dr A', practiceCode: 'E82001', termStart: '2025-04-01', termEnd: '2026-03-31' },
    { memberId: 2, personName: 'Dr B', practiceCode: 'E82002', termStart: '2025-04-01', termEnd: null },
  ];

  it('has one member per practice at a time; a successor may follow an ended term', () => {
    expect(councilSeatTaken(members, { practiceCode: 'E82002', termStart: '2026-01-01', termEnd: null })?.personName).toBe('Dr B');
    expect(councilSeatTaken(members, { practiceCode: 'E82001', termStart: '2026-04-01', termEnd: null })).toBeNull();
    expect(councilSeatTaken(members, { practiceCode: 'E82002', memberId: 2, termStart: null, termEnd: null })).toBeNull(); // editing oneself
    expect(councilSeatTaken(members, { practiceCode: 'E82003', termStart: null, termEnd: null })).toBeNull();
  });

  it('lists practices without a sitting member', () => {
    const practices = [{ code: 'E82001' }, { code: 'E82002' }, { code: 'E82003' }];
    expect(practicesWithoutCouncilMember(practices, members, '2025-06-01').map((p) => p.code)).toEqual(['E82003']);
    expect(practicesWithoutCouncilMember(practices, members, '2026-06-01').map((p) => p.code)).toEqual(['E82001', 'E82003']);
  });
});

describe('delegation levels in words', () => {
  it('says who approves at each level, and defaults to A', () => {
    expect(approverWords('A')).toBe('Commissioner approves');
    expect(approverWords('B')).toBe('Consortium and commissioner approve');
    expect(approverWords('C')).toBe('Consortium approves');
    expect(levelOf(null)).toBe('A');
  });
});
