/**
 * Efficiency gains ("savings", freed-up resources) and how they may be reinvested (FIN-8). Pure.
 *
 * - **Efficiency gains** of a practice = its budget − its outturn where that is positive, after the
 *   risk pool: the outturn less what the pool bears (costs above the high-cost threshold), and
 *   after the setting's sharing rule has met the group's overspends from underspends
 *   (./risk-pool.ts `shareOutturn`, `finalPence`). An overspend is not a negative saving: it is 0
 *   here (and shows as the overspend in monitoring).
 * - **Reinvestment rule**:
 *   - `one_pot`: all of a practice's savings go to one pot, its group's, reinvested through the
 *     group's approved proposals;
 *   - `split`: the practice keeps its share (savings × practice share, rounded half up to the
 *     penny) to reinvest through its group's proposals, and the commissioner takes the rest; so
 *     the two parts add up to the savings exactly.
 * - **What a group may reinvest** = Σ its practices' reinvestable parts (all of it under one_pot,
 *   the practices' shares under split). Approved proposals may not exceed it.
 */
import { fractionMillionths, fractionOf } from './apportion.js';
import type { SharedPosition } from './risk-pool.js';

export const REINVESTMENT_RULES = ['one_pot', 'split'] as const;
export type ReinvestmentRule = (typeof REINVESTMENT_RULES)[number];

export const REINVESTMENT_RULE_DESCRIPTIONS: Record<ReinvestmentRule, string> = {
  one_pot: 'All savings go to one pot for the group, reinvested through the group’s approved proposals.',
  split: 'Savings are split: the practice’s share is reinvested through its group’s proposals; the rest returns to the commissioner.',
};

export interface ReinvestmentTerms { rule: ReinvestmentRule; /** under split, the practice's fraction (0 to 1) */ practiceShare: number | null }

export interface PracticeSavings {
  code: string;
  groupCode: string;
  budgetPence: number;
  outturnPence: number;
  /** borne by the risk pool (above the high-cost threshold) */
  highCostExcessPence: number;
  /** moved by the sharing rule (negative: used to meet the group's overspends) */
  sharedPence: number;
  /** max(0, position after the risk pool and sharing) */
  savingsPence: number;
  /** what the group may reinvest from this practice's savings */
  reinvestablePence: number;
  /** what returns to the commissioner (split only) */
  commissionerPence: number;
}

export interface SavingsTotals { budgetPence: number; outturnPence: number; highCostExcessPence: number; savingsPence: number; reinvestablePence: number; commissionerPence: number }

/** Splits a saving by the reinvestment terms; the parts add up to it exactly. */
export function reinvestmentSplit(savingsPence: number, terms: ReinvestmentTerms): { reinvestablePence: number; commissionerPence: number } {
  if (!Number.isSafeInteger(savingsPence) || savingsPence < 0) throw new RangeError(`Savings are whole pence of at least 0 (got ${savingsPence}).`);
  if (terms.rule === 'one_pot') return { reinvestablePence: savingsPence, commissionerPence: 0 };
  const share = terms.practiceShare === null ? null : fractionMillionths(terms.practiceShare);
  if (share === null) throw new RangeError('A split needs the practice’s share, a fraction from 0 to 1.');
  const practice = Number(fractionOf(BigInt(savingsPence), share));
  return { reinvestablePence: practice, commissionerPence: savingsPence - practice };
}

/** Each practice's savings from its shared position (after the risk pool) and the reinvestment terms. */
export function efficiencyGains(positions: readonly SharedPosition[], terms: ReinvestmentTerms): PracticeSavings[] {
  return positions.map((p) => {
    const savings = Math.max(0, p.finalPence);
    return {
      code: p.code, groupCode: p.groupCode, budgetPence: p.budgetPence, outturnPence: p.outturnPence, highCostExcessPence: p.highCostExcessPence,
      sharedPence: p.sharedPence, savingsPence: savings, ...reinvestmentSplit(savings, terms),
    };
  });
}

/** The sums of some practices' savings figures. */
export function savingsTotals(rows: readonly SavingsTotals[]): SavingsTotals {
  const t: SavingsTotals = { budgetPence: 0, outturnPence: 0, highCostExcessPence: 0, savingsPence: 0, reinvestablePence: 0, commissionerPence: 0 };
  for (const r of rows) {
    t.budgetPence += r.budgetPence;
    t.outturnPence += r.outturnPence;
    t.highCostExcessPence += r.highCostExcessPence;
    t.savingsPence += r.savingsPence;
    t.reinvestablePence += r.reinvestablePence;
    t.commissionerPence += r.commissionerPence;
  }
  return t;
}

/** What is left for a group to approve: reinvestable − already approved (never below 0). */
export const reinvestmentHeadroom = (reinvestablePence: number, approvedPence: number) => Math.max(0, reinvestablePence - approvedPence);
