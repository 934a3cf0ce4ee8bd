/**
 * The commissioning body's own running-cost budgets (FIN-9): lines under headings, with totals per
 * heading and overall, and what has been spent against each. Totals are sums of the lines, so a
 * heading's total and the overall total always agree with the lines shown.
 *
 * Pure: no I/O.
 */

export interface RunningCostLine {
  heading: string;
  line: string;
  budgetPence: number;
  spentPence: number;
  sortOrder: number;
}

export interface HeadingTotal<L extends RunningCostLine> {
  heading: string;
  lines: L[];
  budgetPence: number;
  spentPence: number;
  /** budget − spent; negative when overspent */
  remainingPence: number;
}

export interface RunningCostTotals<L extends RunningCostLine> {
  headings: HeadingTotal<L>[];
  budgetPence: number;
  spentPence: number;
  remainingPence: number;
}

/**
 * Lines grouped under their headings (a heading is placed by its first line's sort order; lines by
 * their own sort order, then as given), with totals per heading and overall.
 */
export function runningCostTotals<L extends RunningCostLine>(lines: readonly L[]): RunningCostTotals<L> {
  const ordered = lines.map((l, i) => ({ l, i })).sort((a, b) => a.l.sortOrder - b.l.sortOrder || a.i - b.i).map((x) => x.l);
  const groups = new Map<string, L[]>();
  for (const l of ordered) {
    const list = groups.get(l.heading);
    if (list) list.push(l);
    else groups.set(l.heading, [l]);
  }
  const headings = [...groups].map(([heading, ls]): HeadingTotal<L> => {
    const budgetPence = ls.reduce((n, l) => n + l.budgetPence, 0);
    const spentPence = ls.reduce((n, l) => n + l.spentPence, 0);
    return { heading, lines: ls, budgetPence, spentPence, remainingPence: budgetPence - spentPence };
  });
  const budgetPence = headings.reduce((n, h) => n + h.budgetPence, 0);
  const spentPence = headings.reduce((n, h) => n + h.spentPence, 0);
  return { headings, budgetPence, spentPence, remainingPence: budgetPence - spentPence };
}

export const ICOF_HEADINGS = { setUp: 'Set-up costs', referralManagement: 'Referral management', executive: 'Locality commissioning executive' } as const;

/**
 * Seed 000's ICOF finance tables ("Finance arrangements 1–3"), line by line, in pence. Their
 * headings total 28,750, 179,700 and 88,000 as the seed says; note that those add up to 296,450,
 * not the 285,450 the seed's summary slide prints (an arithmetic slip in the source: 11,000 out).
 */
export const ICOF_RUNNING_COST_LINES: readonly Omit<RunningCostLine, 'spentPence'>[] = [
  { heading: ICOF_HEADINGS.setUp, line: 'Project management support', budgetPence: 2_000_000, sortOrder: 10 },
  { heading: ICOF_HEADINGS.setUp, line: 'Steering committee meetings', budgetPence: 200_000, sortOrder: 11 },
  { heading: ICOF_HEADINGS.setUp, line: 'Developmental meetings', budgetPence: 100_000, sortOrder: 12 },
  { heading: ICOF_HEADINGS.setUp, line: 'Telecom audit', budgetPence: 350_000, sortOrder: 13 },
  { heading: ICOF_HEADINGS.setUp, line: 'Election of Board', budgetPence: 225_000, sortOrder: 14 },
  { heading: ICOF_HEADINGS.referralManagement, line: 'GP reviewer salaries', budgetPence: 8_320_000, sortOrder: 20 },
  { heading: ICOF_HEADINGS.referralManagement, line: 'Opportunity costs reimbursement', budgetPence: 5_200_000, sortOrder: 21 },
  { heading: ICOF_HEADINGS.referralManagement, line: 'Accommodation', budgetPence: 240_000, sortOrder: 22 },
  { heading: ICOF_HEADINGS.referralManagement, line: 'Operations management', budgetPence: 4_000_000, sortOrder: 23 },
  { heading: ICOF_HEADINGS.referralManagement, line: 'Training and development', budgetPence: 100_000, sortOrder: 24 },
  { heading: ICOF_HEADINGS.referralManagement, line: 'Accountancy', budgetPence: 50_000, sortOrder: 25 },
  { heading: ICOF_HEADINGS.referralManagement, line: 'Company secretarial duties', budgetPence: 60_000, sortOrder: 26 },
  { heading: ICOF_HEADINGS.executive, line: '6 GP board members: salary', budgetPence: 3_900_000, sortOrder: 30 },
  { heading: ICOF_HEADINGS.executive, line: '6 GP board members: opportunity costs', budgetPence: 3_900_000, sortOrder: 31 },
  { heading: ICOF_HEADINGS.executive, line: 'Meetings management', budgetPence: 500_000, sortOrder: 32 },
  { heading: ICOF_HEADINGS.executive, line: 'Developmental days', budgetPence: 500_000, sortOrder: 33 },
];
