/**
 * In-year budget monitoring (FIN-4): a practice's budget phased by month against its spend, with
 * year to date, variance, forecast outturn and RAG — the contract-monitoring arithmetic
 * (../activity/monitoring.ts) reused, not repeated. Pure.
 *
 * - A practice's budget is phased over the year by the setting's phasing (even, or a profile), to
 *   the penny by largest remainder; each variation is phased from its month to March by the same
 *   weights (`phaseFromMonth`).
 * - Variance = spend − budget (positive: overspent), year to date; forecasts by both methods
 *   (straight line, seasonal by the phasing weights); RAG on year-to-date spend against budget.
 * - A group's, a service line's and the commissioner's figures are the sums of their practices':
 *   months, year to date and forecasts are added (never recomputed, so totals always agree with
 *   their rows); only the variance percentage and RAG are worked out again from the sums.
 */
import {
  addMonthly, MONTHS_IN_YEAR, monitor, phaseFromMonth, phaseOver, ragRating, sumThrough, variancePercent, type Rag,
} from '../activity/monitoring.js';

export interface BudgetVariationInput { fromMonth: number; amountPence: number }

export interface BudgetSeries {
  /** April first */
  budgetByMonth: number[];
  spendByMonth: number[];
  yearBudgetPence: number;
  ytdBudgetPence: number;
  ytdSpendPence: number;
  /** ytd spend − ytd budget: positive is overspent */
  variancePence: number;
  variancePercent: number | null;
  rag: Rag;
  forecast: { straightLinePence: number | null; seasonalPence: number | null };
  /** forecast − year budget */
  forecastVariance: { straightLinePence: number | null; seasonalPence: number | null };
}

/** The practice's budget by month: the budget phased, plus each variation from its month on. */
export function phasedBudget(budgetPence: number, variations: readonly BudgetVariationInput[], weights: readonly number[]): number[] {
  return addMonthly(phaseOver(budgetPence, weights), ...variations.map((v) => phaseFromMonth(v.amountPence, v.fromMonth, weights)));
}

/** One practice's monitoring figures for one setting. */
export function budgetSeries({ budgetByMonth, spendByMonth, monthsElapsed, weights }: {
  budgetByMonth: readonly number[];
  spendByMonth: readonly number[];
  monthsElapsed: number;
  weights: readonly number[];
}): BudgetSeries {
  const f = monitor({ planByMonth: budgetByMonth, actualByMonth: spendByMonth, monthsElapsed, weights });
  return {
    budgetByMonth: addMonthly(budgetByMonth), spendByMonth: addMonthly(spendByMonth),
    yearBudgetPence: f.yearPlan, ytdBudgetPence: f.ytdPlan, ytdSpendPence: f.ytdActual,
    variancePence: f.variance, variancePercent: f.variancePercent, rag: f.rag,
    forecast: { straightLinePence: f.forecast.straightLine, seasonalPence: f.forecast.seasonal },
    forecastVariance: { straightLinePence: f.forecastVariance.straightLine, seasonalPence: f.forecastVariance.seasonal },
  };
}

const addNullable = (values: readonly (number | null)[]) => (values.some((v) => v === null) ? null : values.reduce<number>((a, v) => a + v!, 0));

/** The sum of some series (a group, a service line, the commissioner); an empty list is all zeros. */
export function addBudgetSeries(series: readonly BudgetSeries[], monthsElapsed: number): BudgetSeries {
  const budgetByMonth = addMonthly(...series.map((s) => s.budgetByMonth));
  const spendByMonth = addMonthly(...series.map((s) => s.spendByMonth));
  const yearBudget = series.reduce((a, s) => a + s.yearBudgetPence, 0);
  const ytdBudget = series.reduce((a, s) => a + s.ytdBudgetPence, 0);
  const ytdSpend = series.reduce((a, s) => a + s.ytdSpendPence, 0);
  const none = monthsElapsed <= 0;
  const straightLine = none ? null : addNullable(series.map((s) => s.forecast.straightLinePence));
  const seasonal = none ? null : addNullable(series.map((s) => s.forecast.seasonalPence));
  return {
    budgetByMonth, spendByMonth,
    yearBudgetPence: yearBudget, ytdBudgetPence: ytdBudget, ytdSpendPence: ytdSpend,
    variancePence: ytdSpend - ytdBudget, variancePercent: variancePercent(ytdSpend, ytdBudget), rag: ragRating(ytdSpend, ytdBudget),
    forecast: { straightLinePence: straightLine, seasonalPence: seasonal },
    forecastVariance: {
      straightLinePence: straightLine === null ? null : straightLine - yearBudget,
      seasonalPence: seasonal === null ? null : seasonal - yearBudget,
    },
  };
}

/** A month's budget and spend to date (for charts and the finance layout). */
export const ytdThrough = (values: readonly number[], month: number) => sumThrough(values, Math.min(month, MONTHS_IN_YEAR));
