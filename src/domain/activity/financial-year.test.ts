import { describe, expect, it } from 'vitest';
import { financialMonthOf, monthLabel, monthStart, parseFinancialYear } from './financial-year.js';

describe('financial years', () => {
  it('puts April in month 1 and March in month 12 of the year that began in April', () => {
    expect(financialMonthOf('2025-04-01')).toEqual({ year: '2025/26', month: 1 });
    expect(financialMonthOf('2025-12-31')).toEqual({ year: '2025/26', month: 9 });
    expect(financialMonthOf('2026-03-31')).toEqual({ year: '2025/26', month: 12 });
    expect(financialMonthOf('1999-01-15')).toEqual({ year: '1998/99', month: 10 });
  });
  it('turns a month back into its first day and a label', () => {
    for (let month = 1; month <= 12; month++) expect(financialMonthOf(monthStart('2025/26', month))).toEqual({ year: '2025/26', month });
    expect(monthLabel('2025/26', 1)).toBe('Apr 2025');
    expect(monthLabel('2025/26', 12)).toBe('Mar 2026');
  });
  it('reads 2025/26 and refuses years that do not follow on', () => {
    expect(parseFinancialYear('2025/26')).toEqual({ ok: true, value: '2025/26' });
    expect(parseFinancialYear('1999/00')).toEqual({ ok: true, value: '1999/00' });
    expect(parseFinancialYear('2025/27').ok).toBe(false);
    expect(parseFinancialYear('2025-26').ok).toBe(false);
  });
});
