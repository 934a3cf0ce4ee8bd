import { describe, expect, it } from 'vitest';
import { formatFigure, formatPounds, substituteFigures, tokensIn, unknownTokens } from './figures.js';
import type { PlanFigures } from './snapshot.js';

const FIGURES: PlanFigures = {
  budget_total: { label: 'Budget', value: 123_456_789, unit: 'pence', source: 'Published budgets 2026/27' },
  practices: { label: 'Practices', value: 19, unit: 'count', source: 'Organisation register' },
  registered_patients: { label: 'Patients', value: 123_456, unit: 'count', source: 'Population' },
  budget_vs_fair_share_percent: { label: 'Above fair share', value: 2.25, unit: 'percent', source: 'Budgets' },
  savings_forecast: { label: 'Savings', value: null, unit: 'pence', source: 'No budgets are published for 2026/27 yet' },
};

describe('formatting figures', () => {
  it('writes pence as whole pounds, rounding half a pound away from zero', () => {
    expect(formatPounds(123_456_789)).toBe('£1,234,568');
    expect(formatPounds(149)).toBe('£1');
    expect(formatPounds(150)).toBe('£2');
    expect(formatPounds(-150)).toBe('−£2');
    expect(formatPounds(0)).toBe('£0');
  });

  it('writes counts with thousands separators, percentages to one place, and says when there is no value', () => {
    expect(formatFigure(FIGURES.registered_patients!)).toBe('123,456');
    expect(formatFigure(FIGURES.budget_vs_fair_share_percent!)).toBe('2.3%');
    expect(formatFigure(FIGURES.savings_forecast!)).toBe('not available');
  });
});

describe('tokens', () => {
  it('finds each token once, in order, with or without spaces inside the braces', () => {
    expect(tokensIn('A {{budget_total}} and {{ practices }} and {{budget_total}} again')).toEqual(['budget_total', 'practices']);
    expect(tokensIn('no figures {here} or {{ }}')).toEqual([]);
  });

  it('puts values in place, in tables too', () => {
    const markdown = '| Figure | Value |\n|---|---|\n| Budget | {{budget_total}} |\n| Practices | {{ practices }} |';
    const out = substituteFigures(markdown, FIGURES);
    expect(out.markdown).toBe('| Figure | Value |\n|---|---|\n| Budget | £1,234,568 |\n| Practices | 19 |');
    expect(out).toMatchObject({ unknown: [], unavailable: [] });
  });

  it('leaves an unknown token as written and reports it, never silently blank', () => {
    const out = substituteFigures('Budget {{budget_totl}}; savings {{savings_forecast}}; {{constructor}}', FIGURES);
    expect(out.markdown).toBe('Budget {{budget_totl}}; savings not available; {{constructor}}');
    expect(out.unknown).toEqual(['budget_totl', 'constructor']);
    expect(out.unavailable).toEqual(['savings_forecast']);
    expect(unknownTokens('{{practices}} {{nope}}', FIGURES)).toEqual(['nope']);
  });
});
