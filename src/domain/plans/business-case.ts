/**
 * Outline business cases (PLAN-2; seed 004, Appendices 1-3): the simple financial model (what a
 * service change costs against the resources it releases, year by year, and when it pays back)
 * and the life of a case from idea to live.
 *
 * Pure: no I/O. Money is integer pence.
 */

// ── The financial model ─────────────────────────────────────────────────────────────────────────

/** The most years a model looks ahead (business_case_year.year_index is 1-10). */
export const MAX_MODEL_YEARS = 10;

/**
 * The largest figure (pence) one cell of the model may hold: £10 billion. Keeps every sum of a
 * ten-year model, and 12 × any of them, exact in a JavaScript number.
 */
export const MAX_MODEL_PENCE = 1_000_000_000_000;

export interface ModelYearInput { yearIndex: number; costPence: number; releasedPence: number }

export interface ModelYear extends ModelYearInput {
  /** released − cost */
  netPence: number;
  /** the position at the end of the year: − up-front + the nets of years 1 to this one */
  cumulativePence: number;
}

export type Payback =
  /** no up-front investment and no figures at all yet */
  | { kind: 'no_figures' }
  /** no up-front investment and the first year is already in credit */
  | { kind: 'nothing_to_pay_back' }
  /** the position first reaches zero in `year`, by the end of its `month` (1-12) */
  | { kind: 'pays_back'; year: number; month: number; monthsFromStart: number }
  | { kind: 'not_within'; years: number };

export interface FinancialModel {
  /** the years modelled: the highest year given (missing years in between count as nothing) */
  horizonYears: number;
  upfrontPence: number;
  years: ModelYear[];
  /** up-front investment + every year's costs */
  totalCostPence: number;
  totalReleasedPence: number;
  /** the position at the end of the horizon: released − costs − up-front */
  netTotalPence: number;
  payback: Payback;
  /** the payback in words */
  paybackLabel: string;
}

function checkPence(value: number, what: string) {
  if (!Number.isSafeInteger(value) || value < 0 || value > MAX_MODEL_PENCE) {
    throw new RangeError(`${what} must be a whole number of pence from 0 to ${MAX_MODEL_PENCE} (got ${value}).`);
  }
}

/** ceil(a / b) for a ≥ 0, b > 0, exactly. */
const ceilDiv = (a: number, b: number) => Number((BigInt(a) + BigInt(b) - 1n) / BigInt(b));

/**
 * The model of a case: net and cumulative position per year (the up-front investment is spent at
 * year 0), totals over the horizon, and the payback.
 *
 * Payback rule: the first year k (1 ≤ k ≤ horizon) whose closing position is ≥ 0. Within that
 * year the position is taken to move in a straight line from the opening deficit D (minus the
 * position at the end of year k−1) to the closing position, so it reaches zero after D ÷ net(k) of
 * the year; the month is 12 × D ÷ net(k) rounded UP to a whole month (reaching zero exactly at the
 * end of month 6 is month 6; any later is month 7), and at least 1. With no up-front investment
 * and year 1 already in credit (D = 0) there is nothing to pay back. A position still below zero
 * at the end of the horizon is "not within N years". Dips below zero after the payback year do
 * not move it: payback is when the money first comes back (so more released resources in any
 * year never make the payback later).
 */
export function financialModel(upfrontPence: number, inputYears: readonly ModelYearInput[]): FinancialModel {
  checkPence(upfrontPence, 'The up-front investment');
  const byIndex = new Map<number, ModelYearInput>();
  for (const y of inputYears) {
    if (!Number.isInteger(y.yearIndex) || y.yearIndex < 1 || y.yearIndex > MAX_MODEL_YEARS) {
      throw new RangeError(`A model year must be 1 to ${MAX_MODEL_YEARS} (got ${y.yearIndex}).`);
    }
    if (byIndex.has(y.yearIndex)) throw new RangeError(`Year ${y.yearIndex} is given twice.`);
    checkPence(y.costPence, `The cost of year ${y.yearIndex}`);
    checkPence(y.releasedPence, `The resources released in year ${y.yearIndex}`);
    byIndex.set(y.yearIndex, y);
  }
  const horizonYears = Math.max(0, ...byIndex.keys());
  const years: ModelYear[] = [];
  let position = -upfrontPence;
  let totalCostPence = upfrontPence;
  let totalReleasedPence = 0;
  let payback: Payback | null = null;
  for (let k = 1; k <= horizonYears; k++) {
    const { costPence, releasedPence } = byIndex.get(k) ?? { costPence: 0, releasedPence: 0 };
    const netPence = releasedPence - costPence;
    const deficit = -position;
    position += netPence;
    totalCostPence += costPence;
    totalReleasedPence += releasedPence;
    if (payback === null && position >= 0) {
      // deficit > 0 means the position rose through zero this year, so netPence ≥ deficit > 0.
      payback = deficit <= 0
        ? { kind: 'nothing_to_pay_back' }
        : (() => {
          const month = Math.max(1, ceilDiv(12 * deficit, netPence));
          return { kind: 'pays_back', year: k, month, monthsFromStart: (k - 1) * 12 + month } as const;
        })();
    }
    years.push({ yearIndex: k, costPence, releasedPence, netPence, cumulativePence: position });
  }
  const blank = upfrontPence === 0 && years.every((y) => y.costPence === 0 && y.releasedPence === 0);
  if (blank) payback = { kind: 'no_figures' };
  else payback ??= { kind: 'not_within', years: horizonYears };
  return {
    horizonYears, upfrontPence, years, totalCostPence, totalReleasedPence, netTotalPence: position, payback, paybackLabel: paybackLabel(payback),
  };
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

export function paybackLabel(payback: Payback): string {
  switch (payback.kind) {
    case 'no_figures': return 'No figures yet';
    case 'nothing_to_pay_back': return 'Nothing to pay back: no up-front investment and in credit from year 1';
    case 'pays_back': return `Pays back in year ${payback.year}, month ${payback.month} (${plural(payback.monthsFromStart, 'month')} from the start)`;
    case 'not_within': return payback.years === 0 ? 'Not paid back: no years are modelled yet' : `Not paid back within ${plural(payback.years, 'year')}`;
  }
}

// ── Status ──────────────────────────────────────────────────────────────────────────────────────

export const CASE_STATUSES = ['idea', 'proposed', 'approved', 'live', 'rejected', 'withdrawn'] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];

export const CASE_STATUS_LABELS: Record<CaseStatus, string> = {
  idea: 'Idea',
  proposed: 'Proposed',
  approved: 'Approved',
  live: 'Live',
  rejected: 'Rejected',
  withdrawn: 'Withdrawn',
};

/**
 * Where a case may go from each status. 'approved' is not here: a case becomes approved only when
 * the parties its delegation level needs have all approved it (approveCase). A rejected or
 * withdrawn case can be taken up again as an idea.
 */
const NEXT: Record<CaseStatus, readonly CaseStatus[]> = {
  idea: ['proposed', 'withdrawn'],
  proposed: ['idea', 'rejected', 'withdrawn'],
  approved: ['live', 'withdrawn'],
  live: ['withdrawn'],
  rejected: ['idea'],
  withdrawn: ['idea'],
};

export function allowedTransitions(from: CaseStatus): readonly CaseStatus[] {
  return NEXT[from];
}

/** Whether a case may move from one status to another, and if not, why (in words for the user). */
export function statusChange(from: CaseStatus, to: CaseStatus): { ok: true } | { ok: false; message: string } {
  if (from === to) return { ok: false, message: `The case is already marked ${CASE_STATUS_LABELS[to]}.` };
  if (NEXT[from].includes(to)) return { ok: true };
  if (to === 'approved') {
    return { ok: false, message: from === 'proposed'
      ? 'A case becomes approved when every party its delegation level needs has approved it: use Approve.'
      : `Only a proposed case can be approved; this one is marked ${CASE_STATUS_LABELS[from]}.` };
  }
  const options = NEXT[from].map((s) => CASE_STATUS_LABELS[s]);
  return { ok: false, message: `A case marked ${CASE_STATUS_LABELS[from]} cannot become ${CASE_STATUS_LABELS[to]}; it can become ${options.join(' or ')}.` };
}

/** Approvals belong to a proposal: a case sent back to an idea (or closed) starts again without them. */
export const keepsApprovals = (to: CaseStatus) => to === 'approved' || to === 'live';
