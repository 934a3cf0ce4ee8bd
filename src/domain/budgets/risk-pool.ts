/**
 * Risk pooling and contingency (FIN-5). Pure: no I/O. Money in integer pence.
 *
 * - **Top slice.** A fraction of the commissioner's total for a service line is held back in a
 *   risk pool: pool = total × top slice, rounded half up to the penny; the practices' budgets
 *   share the rest (./setting.ts), so budgets + pool = the total exactly.
 * - **High-cost patients.** A patient's costs in the year above the threshold fall to the pool,
 *   not to the practice: a practice's high-cost excess is Σ max(0, patient cost − threshold) over
 *   its patients. The pool's balance is the top slice less every practice's excess (negative: the
 *   pool is overspent, which the commissioner bears under every rule).
 * - **Sharing over- and under-spends** (a practice's position = budget − (outturn − its high-cost
 *   excess): positive is an underspend):
 *   - `individual`: each practice keeps its own position; the pool's balance stays with the
 *     commissioner.
 *   - `group`: within each group, overspends are met from underspends. When the group's
 *     underspends cover its overspends, the overspending practices end at 0 and the cover is taken
 *     from the underspending practices in proportion to their underspends; otherwise the
 *     underspending practices end at 0 and the group's net overspend stays with the overspending
 *     practices in proportion to their overspends. The group's total is unchanged.
 *   - `group_with_pool`: as `group`, but an underspent pool first meets the groups' net
 *     overspends (in proportion to them, never more than each needs); the rest of the pool stays
 *     with the commissioner.
 *   Every proportional share is exact: largest remainder, ties to the earlier practice (code order).
 */
import { apportion, fractionMillionths, fractionOf, sumBig } from './apportion.js';

export const SHARING_RULES = ['individual', 'group', 'group_with_pool'] as const;
export type SharingRule = (typeof SHARING_RULES)[number];

export const SHARING_RULE_DESCRIPTIONS: Record<SharingRule, string> = {
  individual: 'Each practice keeps its own over- or under-spend; the risk pool’s balance stays with the commissioner.',
  group: 'Within each group, overspends are met from underspends (in proportion to each practice’s underspend); an uncovered overspend stays with the overspending practices in proportion to their overspends.',
  group_with_pool: 'As within each group, but an underspent risk pool first meets the groups’ net overspends; the rest of the pool stays with the commissioner.',
};

/** The pool held back and what the practices share: pool + distributable = total exactly. */
export function topSlice(totalPence: number, topSlicePercent: number): { poolPence: number; distributablePence: number } {
  if (!Number.isSafeInteger(totalPence) || totalPence < 0) throw new RangeError(`The total must be whole pence of at least 0 (got ${totalPence}).`);
  const share = fractionMillionths(topSlicePercent);
  if (share === null) throw new RangeError(`The top slice must be a fraction from 0 to 1, such as 0.01 for 1% (got ${topSlicePercent}).`);
  const pool = Number(fractionOf(BigInt(totalPence), share));
  return { poolPence: pool, distributablePence: totalPence - pool };
}

/** What of these patient costs falls to the pool: Σ max(0, cost − threshold); none without a threshold. */
export function highCostExcess(patientCostsPence: readonly number[], thresholdPence: number | null): number {
  if (thresholdPence === null) return 0;
  return patientCostsPence.reduce((a, c) => a + Math.max(0, c - thresholdPence), 0);
}

export interface PracticeOutturn {
  code: string;
  groupCode: string;
  budgetPence: number;
  /** spend for the year (actual or forecast) */
  outturnPence: number;
  /** the part of it above the high-cost threshold, charged to the pool */
  highCostExcessPence: number;
}

export interface SharedPosition extends PracticeOutturn {
  /** outturn − high-cost excess: what the practice is charged with */
  chargedPence: number;
  /** budget − charged: positive is an underspend */
  positionPence: number;
  /** what sharing moved: final − position */
  sharedPence: number;
  /** the position after sharing */
  finalPence: number;
}

export interface PoolOutcome {
  topSlicePence: number;
  /** Σ high-cost excess charged to the pool */
  chargedPence: number;
  /** topSlice − charged (negative: overspent, borne by the commissioner) */
  balancePence: number;
  /** what went to meet groups' net overspends (group_with_pool only) */
  toGroupsPence: number;
  /** what stays with the commissioner: balance − toGroups */
  toCommissionerPence: number;
}

export interface SharingResult {
  rule: SharingRule;
  practices: SharedPosition[];
  pool: PoolOutcome;
}

const byCode = <T extends { code: string }>(rows: readonly T[]) => [...rows].sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));

/** Applies the high-cost rule and the sharing rule to the practices' outturns (see above). */
export function shareOutturn({ rule, topSlicePence, practices }: { rule: SharingRule; topSlicePence: number; practices: readonly PracticeOutturn[] }): SharingResult {
  const rows = byCode(practices).map((p) => {
    const charged = p.outturnPence - p.highCostExcessPence;
    const position = p.budgetPence - charged;
    return { ...p, chargedPence: charged, positionPence: position, finalPence: position, sharedPence: 0 };
  });
  const chargedToPool = rows.reduce((a, r) => a + r.highCostExcessPence, 0);
  const balance = topSlicePence - chargedToPool;
  let toGroups = 0;

  if (rule !== 'individual') {
    const groups = [...new Set(rows.map((r) => r.groupCode))].sort();
    const members = (g: string) => rows.filter((r) => r.groupCode === g);
    // The pool's relief for each group's net overspend.
    const relief = new Map<string, bigint>(groups.map((g) => [g, 0n]));
    if (rule === 'group_with_pool' && balance > 0) {
      const needs = groups.map((g) => {
        const net = members(g).reduce((a, r) => a + r.positionPence, 0);
        return BigInt(net < 0 ? -net : 0);
      });
      const available = BigInt(balance) < sumBig(needs) ? BigInt(balance) : sumBig(needs);
      apportion(available, needs).forEach((x, i) => relief.set(groups[i]!, x));
      toGroups = Number(available);
    }
    for (const g of groups) {
      const group = members(g);
      const under = group.map((r) => BigInt(Math.max(0, r.positionPence)));
      const over = group.map((r) => BigInt(Math.max(0, -r.positionPence)));
      const owed = sumBig(over);
      if (sumBig(under) >= owed) {
        // Overspends met from the underspends (a group with no net overspend gets no relief).
        const cuts = apportion(owed, under);
        group.forEach((r, i) => { r.finalPence = r.positionPence > 0 ? Number(under[i]! - cuts[i]!) : 0; });
      } else {
        // Not met: the underspends and the pool's relief (together at most what is owed) ease the overspends in proportion to them.
        const eased = apportion(sumBig(under) + relief.get(g)!, over);
        group.forEach((r, i) => { r.finalPence = r.positionPence < 0 ? -Number(over[i]! - eased[i]!) + 0 : 0; });
      }
    }
    for (const r of rows) r.sharedPence = r.finalPence - r.positionPence;
  }

  return {
    rule,
    practices: rows,
    pool: { topSlicePence, chargedPence: chargedToPool, balancePence: balance, toGroupsPence: toGroups, toCommissionerPence: balance - toGroups },
  };
}
