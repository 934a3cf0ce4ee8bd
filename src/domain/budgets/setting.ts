/**
 * Indicative practice budgets (FIN-2): from each practice's historic spend toward its fair share
 * (target) at a chosen pace of change, with a floor on any practice's cut, the growth (or
 * reduction) shared so that practices furthest below target gain most, and the budgets adding up
 * exactly to the total set for the practices. Pure: no I/O.
 *
 * All money is integer pence; pace and floor are fractions from 0 to 1 read to six decimal places.
 * Intermediate amounts are exact, in millionths of a penny (BigInt); only the last step rounds.
 *
 * The rule, for a total A to share among the practices (the commissioner's total less the
 * risk-pool top slice, ./risk-pool.ts), each practice i with historic spend hᵢ and target tᵢ
 * (its fair share of A; the targets add up to A):
 *
 *  1. **Pace of change.** bᵢ = hᵢ + pace × (tᵢ − hᵢ).
 *  2. **Floor.** No practice's change may be below −floor × hᵢ: bᵢ is raised to at least
 *     mᵢ = hᵢ × (1 − floor), rounded up to the penny (so rounding can never breach the floor).
 *  3. **Growth.** G = A − Σbᵢ (the part of the move toward target the pace held back, less what
 *     the floor kept).
 *     - G > 0 (growth): G goes to the practices below their target, in proportion to each one's
 *       remaining gap (tᵢ − bᵢ). The gaps add up to at least G (the targets add up to A), so every
 *       under-target practice gains, the furthest below gain most, and none passes its target
 *       through growth; practices at or above target get none.
 *     - G < 0 (a reduction of R = −G): taken first from the practices above their target, in
 *       proportion to each one's excess over target (never below its floor: the share is of
 *       min(excess, room above floor)); anything still to find comes from every practice in
 *       proportion to its room above its floor. If the floors leave too little room, the total
 *       is too small: an error says the least total the floors allow.
 *     Shares are exact (largest remainder on millionths of a penny).
 *  4. **Pence.** Each budget is rounded down to the penny, and the pennies left over (fewer than
 *     the number of practices) go one each to the practices with the largest fractions of a penny;
 *     equal fractions: the practice with the lower code first. So the budgets add up to A exactly,
 *     each within a penny of its exact value, and none below its floor.
 *
 * A group's total (and the commissioner's) is the sum of its practices' budgets, never computed on
 * its own, so totals always agree with their rows.
 */
import { apportion, ceilDiv, fractionMillionths, FRACTION_SCALE, sumBig } from './apportion.js';

export interface PracticeHistory {
  code: string;
  groupCode: string;
  /** historic spend on the service line, pence (≥ 0) */
  historicPence: number;
}

export interface SettingInput {
  /** what the practices' budgets must add up to, pence (the commissioner's total less the top slice) */
  totalPence: number;
  /** the fraction of the gap to target closed this year, 0 to 1 */
  pace: number;
  /** the largest cut any practice may take, as a fraction of its historic spend, 0 to 1 (0.02 = 2%) */
  floorPercent: number;
  practices: readonly PracticeHistory[];
  /** each practice's fair share of totalPence (they must add up to it) */
  targets: ReadonlyMap<string, number>;
}

export interface PracticeBudget {
  code: string;
  groupCode: string;
  historicPence: number;
  /** the fair share (target) */
  fairSharePence: number;
  budgetPence: number;
  /** budget − historic */
  changePence: number;
  /** historic − target: positive = above target (over-funded), negative = below */
  distanceFromTargetPence: number;
  /** budget − target: how far from target the practice still is */
  gapAfterPence: number;
  /** the floor, not the pace of change, held the budget up */
  floorApplied: boolean;
}

export interface BudgetTotals {
  historicPence: number;
  fairSharePence: number;
  budgetPence: number;
  changePence: number;
  practices: number;
}

export interface GroupBudget extends BudgetTotals { groupCode: string }

export interface BudgetResult {
  practices: PracticeBudget[];
  groups: GroupBudget[];
  total: BudgetTotals;
  /** totalPence − Σ historic: the growth (negative: the reduction) shared */
  growthPence: number;
}

export type BudgetSettingProblem =
  | 'pace' | 'floor' | 'total' | 'historic' | 'target' | 'missing_target' | 'unknown_target' | 'targets_total' | 'duplicate_practice' | 'no_practices' | 'below_floor';

/** A reason the budgets cannot be set; `practices` names the practices at fault, where some are. */
export class BudgetSettingError extends Error {
  constructor(readonly problem: BudgetSettingProblem, message: string, readonly practices: string[] = []) {
    super(message);
    this.name = 'BudgetSettingError';
  }
}

const U = FRACTION_SCALE; // millionths of a penny per penny

const isPence = (n: number) => Number.isSafeInteger(n) && n >= 0;

function check(input: SettingInput): { pace: bigint; floor: bigint } {
  const pace = fractionMillionths(input.pace);
  if (pace === null) throw new BudgetSettingError('pace', `The pace of change must be a number from 0 to 1 (got ${input.pace}).`);
  const floor = fractionMillionths(input.floorPercent);
  if (floor === null) throw new BudgetSettingError('floor', `The floor must be a fraction from 0 to 1, such as 0.02 for 2% (got ${input.floorPercent}).`);
  if (!isPence(input.totalPence)) throw new BudgetSettingError('total', `The total must be a whole number of pence of at least 0 (got ${input.totalPence}).`);
  if (!input.practices.length) throw new BudgetSettingError('no_practices', 'There are no practices to set budgets for.');
  const seen = new Set<string>();
  const duplicates = input.practices.filter((p) => (seen.has(p.code) ? true : (seen.add(p.code), false))).map((p) => p.code);
  if (duplicates.length) throw new BudgetSettingError('duplicate_practice', `Practices listed twice: ${duplicates.join(', ')}.`, duplicates);
  const badHistoric = input.practices.filter((p) => !isPence(p.historicPence)).map((p) => p.code);
  if (badHistoric.length) throw new BudgetSettingError('historic', `Historic spend must be whole pence of at least 0 (practices ${badHistoric.join(', ')}).`, badHistoric);
  const missing = input.practices.filter((p) => !input.targets.has(p.code)).map((p) => p.code);
  if (missing.length) throw new BudgetSettingError('missing_target', `No fair-share target for ${missing.length === 1 ? 'practice' : 'practices'} ${missing.join(', ')}.`, missing);
  const unknown = [...input.targets.keys()].filter((code) => !seen.has(code));
  if (unknown.length) throw new BudgetSettingError('unknown_target', `Targets were given for practices not being budgeted: ${unknown.join(', ')}.`, unknown);
  const badTarget = input.practices.filter((p) => !isPence(input.targets.get(p.code)!)).map((p) => p.code);
  if (badTarget.length) throw new BudgetSettingError('target', `Targets must be whole pence of at least 0 (practices ${badTarget.join(', ')}).`, badTarget);
  const targetSum = input.practices.reduce((a, p) => a + input.targets.get(p.code)!, 0);
  if (targetSum !== input.totalPence) {
    throw new BudgetSettingError('targets_total', `The fair shares add up to ${targetSum} pence, not the ${input.totalPence} pence being shared.`);
  }
  return { pace, floor };
}

/** Sets every practice's budget by the rule above; throws BudgetSettingError on bad inputs. */
export function setBudgets(input: SettingInput): BudgetResult {
  const { pace, floor } = check(input);
  // Practices in code order: it decides ties, so the same inputs always give the same pennies.
  const practices = [...input.practices].sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
  const h = practices.map((p) => BigInt(p.historicPence));
  const t = practices.map((p) => BigInt(input.targets.get(p.code)!));
  const A = BigInt(input.totalPence) * U;

  // 1. pace, 2. floor (in millionths of a penny)
  const floorPence = h.map((hi) => ceilDiv(hi * (U - floor), U));
  const b = h.map((hi, i) => hi * U + pace * (t[i]! - hi));
  // Flagged when the pace would breach the floor itself (not for a sub-penny rounding up to it).
  const floorApplied = b.map((bi, i) => bi < h[i]! * (U - floor));
  for (let i = 0; i < b.length; i++) if (b[i]! < floorPence[i]! * U) b[i] = floorPence[i]! * U;

  // 3. growth or reduction
  const growth = A - sumBig(b);
  if (growth > 0n) {
    const gaps = b.map((bi, i) => (t[i]! * U > bi ? t[i]! * U - bi : 0n));
    apportion(growth, gaps).forEach((g, i) => { b[i]! += g; });
  } else if (growth < 0n) {
    let need = -growth;
    const room = () => b.map((bi, i) => bi - floorPence[i]! * U);
    const aboveTarget = room().map((r, i) => {
      const excess = b[i]! - t[i]! * U;
      return excess > 0n ? (excess < r ? excess : r) : 0n;
    });
    const first = need < sumBig(aboveTarget) ? need : sumBig(aboveTarget);
    if (first > 0n) apportion(first, aboveTarget).forEach((cut, i) => { b[i]! -= cut; });
    need -= first;
    if (need > 0n) {
      const rest = room();
      if (sumBig(rest) < need) {
        const least = sumBig(floorPence);
        throw new BudgetSettingError('below_floor', `The total is too small for the floor: no practice may lose more than ${formatFraction(input.floorPercent)} of its historic spend, so the practices need at least ${least} pence (${Number(least) / 100} pounds).`);
      }
      apportion(need, rest).forEach((cut, i) => { b[i]! -= cut; });
    }
  }

  // 4. to the penny, by largest remainder (ties: lower code first)
  const pence = penniesOf(b, BigInt(input.totalPence));

  const rows: PracticeBudget[] = practices.map((p, i) => {
    const budget = Number(pence[i]!);
    const target = Number(t[i]!);
    return {
      code: p.code, groupCode: p.groupCode, historicPence: p.historicPence, fairSharePence: target, budgetPence: budget,
      changePence: budget - p.historicPence, distanceFromTargetPence: p.historicPence - target, gapAfterPence: budget - target,
      floorApplied: floorApplied[i]!,
    };
  });
  const total = totalsOf(rows);
  return { practices: rows, groups: groupTotals(rows), total, growthPence: input.totalPence - total.historicPence };
}

/** Millionths of a penny → pence adding up to `total` exactly (largest remainder, earlier first). */
function penniesOf(amounts: readonly bigint[], total: bigint): bigint[] {
  const whole = amounts.map((a) => a / U);
  let left = total - sumBig(whole);
  const order = amounts.map((a, index) => ({ index, remainder: a % U }))
    .sort((x, y) => (x.remainder === y.remainder ? x.index - y.index : x.remainder > y.remainder ? -1 : 1));
  for (const { index } of order) {
    if (left <= 0n) break;
    whole[index]! += 1n;
    left -= 1n;
  }
  if (left !== 0n) throw new Error(`budget rounding left ${left} pence unplaced`); // cannot happen: Σ amounts = total × U
  return whole;
}

const formatFraction = (f: number) => `${(f * 100).toLocaleString('en-GB', { maximumFractionDigits: 4 })}%`;

/** The sums of some practices' figures. */
export function totalsOf(rows: readonly Pick<PracticeBudget, 'historicPence' | 'fairSharePence' | 'budgetPence'>[]): BudgetTotals {
  const total: BudgetTotals = { historicPence: 0, fairSharePence: 0, budgetPence: 0, changePence: 0, practices: rows.length };
  for (const r of rows) {
    total.historicPence += r.historicPence;
    total.fairSharePence += r.fairSharePence;
    total.budgetPence += r.budgetPence;
  }
  total.changePence = total.budgetPence - total.historicPence;
  return total;
}

/** Each group's totals: the sums of its practices' rows, groups in code order. */
export function groupTotals(rows: readonly Pick<PracticeBudget, 'groupCode' | 'historicPence' | 'fairSharePence' | 'budgetPence'>[]): GroupBudget[] {
  const byGroup = new Map<string, (typeof rows)[number][]>();
  for (const r of rows) byGroup.set(r.groupCode, [...(byGroup.get(r.groupCode) ?? []), r]);
  return [...byGroup.keys()].sort().map((groupCode) => ({ groupCode, ...totalsOf(byGroup.get(groupCode)!) }));
}

/** The rule in words, for the API and the pages. */
export const SETTING_RULE = [
  'Budget = historic spend + pace × (fair share − historic spend).',
  'No practice’s budget falls by more than the floor × its historic spend (rounded up to the penny).',
  'Growth (the total less those budgets) goes to practices below their fair share in proportion to their remaining gap, so the furthest below gain most and none passes its fair share; a reduction comes first from practices above their fair share in proportion to their excess, then from every practice in proportion to its room above its floor.',
  'Budgets are rounded down to the penny; the pennies left over go one each to the practices with the largest fractions of a penny (equal fractions: lower practice code first), so the budgets add up to the total exactly.',
] as const;
