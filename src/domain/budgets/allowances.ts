/**
 * Commissioning allowances and incentives (FIN-6): what each practice earns in a financial year
 * from the schemes in force, its participation, its service budget and the conditions it has met.
 *
 * The defaults are seed 001's: £5,000 recurrent per practice; a £3,000 non-recurrent start-up fee
 * (£1,500 for practices joining from October); a service-change allowance of 2% of the service
 * budget; an incentive payment of 20% of the service-change allowance. Each scheme is tied to
 * conditions (budget held, locality participation, plan signed off, milestones met) and pays only
 * when every one of them is met; until then it shows as "not yet earned" with what is missing.
 *
 * Rules, stated once:
 * - Money is integer pence. A percentage has at most two decimal places and is applied exactly
 *   (BigInt), rounded half up to the penny. The incentive is a percentage of the service-change
 *   allowance already rounded to the penny, so each figure on a statement can be checked by hand.
 * - A practice takes part in a year when it joined before the year ends and had not left before it
 *   began. The recurrent allowance is paid in full for the year (it is not pro-rated by month).
 * - The start-up fee is paid in the year a practice joins (joined_on within the year): the full
 *   amount when it joins before the scheme's late_from_month (October = month 7), the late-joiner
 *   amount when it joins in or after that month. Joined in an earlier year: not applicable.
 * - A percentage of another allowance is earned only when that allowance is earned too.
 * - With no published service budget for the year the service-change allowance is 2% of £0.
 *
 * Pure: no I/O.
 */
import { financialMonthOf, financialYearBounds, monthLabel } from '../activity/financial-year.js';

export const ALLOWANCE_KINDS = ['per_practice_recurrent', 'start_up', 'percent_of_service_budget', 'percent_of_allowance'] as const;
export type AllowanceKind = (typeof ALLOWANCE_KINDS)[number];

export const ALLOWANCE_KIND_LABELS: Record<AllowanceKind, string> = {
  per_practice_recurrent: 'An amount per practice, every year',
  start_up: 'A start-up fee, in the year a practice joins',
  percent_of_service_budget: 'A percentage of the practice’s service budget',
  percent_of_allowance: 'A percentage of another allowance',
};

export const ALLOWANCE_CONDITIONS = ['budget_held', 'locality_participation', 'plan_signed_off', 'milestones_met'] as const;
export type AllowanceCondition = (typeof ALLOWANCE_CONDITIONS)[number];

export const CONDITION_LABELS: Record<AllowanceCondition, string> = {
  budget_held: 'Budget held',
  locality_participation: 'Locality participation',
  plan_signed_off: 'Plan signed off',
  milestones_met: 'Milestones met',
};

export interface AllowanceScheme {
  /** lower case, e.g. service_change */
  code: string;
  name: string;
  kind: AllowanceKind;
  /** per_practice_recurrent and start_up */
  amountPence: number | null;
  /** start_up: paid instead of amountPence to a practice joining in or after lateFromMonth */
  lateJoinerAmountPence: number | null;
  /** start_up: month of the financial year (1 = April; October = 7) from which a joiner is late */
  lateFromMonth: number | null;
  /** percent_of_*: a percentage with at most two decimal places (2 for 2%) */
  percent: number | null;
  /** percent_of_allowance: the code of the scheme it is a percentage of */
  ofScheme: string | null;
  /** every one must be met for the scheme to pay */
  conditions: AllowanceCondition[];
  active: boolean;
  sortOrder: number;
}

/** Seed 001's schemes, as migration 0007 stores them for year '' (the defaults). */
export const DEFAULT_ALLOWANCE_SCHEMES: readonly AllowanceScheme[] = [
  {
    code: 'recurrent', name: 'Commissioning allowance (recurrent)', kind: 'per_practice_recurrent', amountPence: 500_000,
    lateJoinerAmountPence: null, lateFromMonth: null, percent: null, ofScheme: null, conditions: ['budget_held', 'locality_participation'], active: true, sortOrder: 10,
  },
  {
    code: 'start_up', name: 'Start-up fee (non-recurrent)', kind: 'start_up', amountPence: 300_000,
    lateJoinerAmountPence: 150_000, lateFromMonth: 7, percent: null, ofScheme: null, conditions: ['locality_participation'], active: true, sortOrder: 20,
  },
  {
    code: 'service_change', name: 'Service change allowance', kind: 'percent_of_service_budget', amountPence: null,
    lateJoinerAmountPence: null, lateFromMonth: null, percent: 2, ofScheme: null, conditions: ['plan_signed_off'], active: true, sortOrder: 30,
  },
  {
    code: 'incentive', name: 'Incentive payment', kind: 'percent_of_allowance', amountPence: null,
    lateJoinerAmountPence: null, lateFromMonth: null, percent: 20, ofScheme: 'service_change', conditions: ['plan_signed_off', 'milestones_met'], active: true, sortOrder: 40,
  },
];

// ── Arithmetic ──────────────────────────────────────────────────────────────────────────────────

/** 2 → 200, 12.5 → 1250; null when the number has more than two decimal places or is not finite. */
export function percentHundredths(percent: number): number | null {
  if (!Number.isFinite(percent)) return null;
  const hundredths = Math.round(percent * 100);
  return Math.abs(hundredths - percent * 100) < 1e-6 ? hundredths : null;
}

/**
 * `percent`% of `pence`, rounded half up to the penny, exactly (BigInt, so no product can lose
 * precision). Both must be non-negative; the percentage has at most two decimal places.
 */
export function percentOf(pence: number, percent: number): number {
  const hundredths = percentHundredths(percent);
  if (!Number.isSafeInteger(pence) || pence < 0 || hundredths === null || hundredths < 0) {
    throw new RangeError(`percentOf needs whole non-negative pence and a percentage to 2 decimal places (got ${pence}, ${percent})`);
  }
  const product = BigInt(pence) * BigInt(hundredths);
  const result = (product * 2n + 10_000n) / 20_000n; // floor((p×h)/10000 + 1/2): half up
  return Number(result);
}

// ── Checking schemes ────────────────────────────────────────────────────────────────────────────

export interface Problem { field: string; message: string }

const CODE = /^[a-z][a-z0-9_]{0,39}$/;
const isPence = (n: number | null): n is number => n !== null && Number.isSafeInteger(n) && n >= 0;

/**
 * What is wrong with a scheme, given the other schemes of its year (for percent_of_allowance):
 * the fields its kind needs, and none it does not; amounts in whole pence; percentages above 0 and
 * at most 100, to two decimal places; a scheme it is a percentage of that exists, without a loop.
 */
export function schemeProblems(scheme: AllowanceScheme, others: readonly AllowanceScheme[]): Problem[] {
  const problems: Problem[] = [];
  const say = (field: string, message: string) => problems.push({ field, message });
  if (!CODE.test(scheme.code)) say('code', 'The code must be lower-case letters, digits and _ (up to 40), starting with a letter.');
  if (!scheme.name.trim()) say('name', 'Enter the scheme’s name.');
  if (scheme.name.length > 200) say('name', 'The name must be 200 characters or fewer.');
  if (!(ALLOWANCE_KINDS as readonly string[]).includes(scheme.kind)) say('kind', `The kind must be one of ${ALLOWANCE_KINDS.join(', ')}.`);
  const unknown = scheme.conditions.filter((c) => !(ALLOWANCE_CONDITIONS as readonly string[]).includes(c));
  if (unknown.length) say('conditions', `${unknown.join(', ')} ${unknown.length === 1 ? 'is not a condition' : 'are not conditions'}.`);
  if (new Set(scheme.conditions).size !== scheme.conditions.length) say('conditions', 'Each condition can be listed once.');

  const byAmount = scheme.kind === 'per_practice_recurrent' || scheme.kind === 'start_up';
  if (byAmount) {
    if (!isPence(scheme.amountPence)) say('amountPence', 'Enter the amount in whole pence, 0 or more.');
    if (scheme.percent !== null) say('percent', 'A fixed amount has no percentage.');
    if (scheme.ofScheme !== null) say('ofScheme', 'A fixed amount is not a percentage of another scheme.');
  } else {
    if (scheme.amountPence !== null) say('amountPence', 'A percentage has no fixed amount.');
    const hundredths = scheme.percent === null ? null : percentHundredths(scheme.percent);
    if (hundredths === null || hundredths <= 0 || hundredths > 10_000) say('percent', 'Enter a percentage above 0 and at most 100, to 2 decimal places.');
  }
  if (scheme.kind === 'start_up') {
    if ((scheme.lateJoinerAmountPence === null) !== (scheme.lateFromMonth === null)) {
      say('lateFromMonth', 'Give both a late joiners’ amount and the month from which it applies, or neither.');
    }
    if (scheme.lateJoinerAmountPence !== null && !isPence(scheme.lateJoinerAmountPence)) say('lateJoinerAmountPence', 'Enter the late joiners’ amount in whole pence, 0 or more.');
    if (scheme.lateFromMonth !== null && !(Number.isInteger(scheme.lateFromMonth) && scheme.lateFromMonth >= 2 && scheme.lateFromMonth <= 12)) {
      say('lateFromMonth', 'The month must be 2 (May) to 12 (March) of the financial year.');
    }
  } else if (scheme.lateJoinerAmountPence !== null || scheme.lateFromMonth !== null) {
    say('lateFromMonth', 'Only a start-up fee has a late joiners’ amount.');
  }
  if (scheme.kind === 'percent_of_allowance') {
    const all = new Map([...others.filter((o) => o.code !== scheme.code), scheme].map((s) => [s.code, s]));
    if (!scheme.ofScheme) say('ofScheme', 'Choose the scheme this is a percentage of.');
    else if (scheme.ofScheme === scheme.code) say('ofScheme', 'A scheme cannot be a percentage of itself.');
    else if (!all.has(scheme.ofScheme)) say('ofScheme', `There is no scheme ${scheme.ofScheme} in this year.`);
    else {
      // Follow the chain from the scheme it is based on; coming back to this one is a loop.
      const seen = new Set<string>([scheme.code]);
      for (let next = all.get(scheme.ofScheme); next?.kind === 'percent_of_allowance' && next.ofScheme; next = all.get(next.ofScheme)) {
        if (seen.has(next.ofScheme)) {
          say('ofScheme', 'The schemes would each be a percentage of the other, in a loop.');
          break;
        }
        seen.add(next.code);
      }
    }
  } else if (scheme.ofScheme !== null) {
    say('ofScheme', 'Only a percentage of another allowance names a scheme.');
  }
  return problems;
}

/**
 * The active schemes in the order they are worked out and shown: by sort order, except that a
 * percentage of another allowance always comes after the one it is based on.
 */
export function orderSchemes(schemes: readonly AllowanceScheme[]): AllowanceScheme[] {
  const sorted = schemes.filter((s) => s.active).sort((a, b) => a.sortOrder - b.sortOrder || a.code.localeCompare(b.code));
  const byCode = new Map(sorted.map((s) => [s.code, s]));
  const placed = new Set<string>();
  const visiting = new Set<string>();
  const out: AllowanceScheme[] = [];
  const place = (s: AllowanceScheme) => {
    if (placed.has(s.code) || visiting.has(s.code)) return; // a loop is reported by schemeProblems; never recurse forever
    visiting.add(s.code);
    const base = s.kind === 'percent_of_allowance' && s.ofScheme ? byCode.get(s.ofScheme) : undefined;
    if (base) place(base);
    visiting.delete(s.code);
    placed.add(s.code);
    out.push(s);
  };
  for (const s of sorted) place(s);
  return out;
}

// ── Participation ───────────────────────────────────────────────────────────────────────────────

export interface Participation {
  /** ISO date; may be before the year */
  joinedOn: string;
  /** ISO date, or null while the practice takes part */
  leftOn: string | null;
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
export const isIsoDate = (text: string) => ISO_DATE.test(text) && !Number.isNaN(Date.parse(`${text}T00:00:00Z`))
  && new Date(`${text}T00:00:00Z`).toISOString().slice(0, 10) === text;

/** What is wrong with a practice's participation row for a year. */
export function participationProblems(year: string, p: Participation): Problem[] {
  const problems: Problem[] = [];
  const { from, until } = financialYearBounds(year);
  if (!isIsoDate(p.joinedOn)) problems.push({ field: 'joinedOn', message: 'Enter the date the practice joined, like 2025-04-01.' });
  else if (p.joinedOn >= until) problems.push({ field: 'joinedOn', message: `The practice must have joined by the end of ${year} to take part in it.` });
  if (p.leftOn !== null) {
    if (!isIsoDate(p.leftOn)) problems.push({ field: 'leftOn', message: 'Enter the date the practice left, like 2026-03-31, or leave it blank.' });
    else if (isIsoDate(p.joinedOn) && p.leftOn < p.joinedOn) problems.push({ field: 'leftOn', message: 'The practice cannot leave before it joined.' });
    else if (p.leftOn < from) problems.push({ field: 'leftOn', message: `The practice left before ${year} began, so it does not take part in it.` });
  }
  return problems;
}

/** Whether a practice takes part in the year: joined before the year ends and not left before it began. */
export function takesPart(year: string, p: Participation | null): boolean {
  if (!p) return false;
  const { from, until } = financialYearBounds(year);
  return p.joinedOn < until && (p.leftOn === null || p.leftOn >= from);
}

/** "1 Oct 2025" for 2025-10-01. */
export const dayLabel = (iso: string) => {
  const { year, month } = financialMonthOf(iso);
  return `${Number(iso.slice(8, 10))} ${monthLabel(year, month)}`;
};

// ── A practice's allowances ─────────────────────────────────────────────────────────────────────

export type EvidenceState = 'met' | 'not_met' | 'not_recorded';
export type AllowanceStatus = 'earned' | 'not_yet_earned' | 'not_applicable';

export const ALLOWANCE_STATUS_LABELS: Record<AllowanceStatus, string> = {
  earned: 'Earned',
  not_yet_earned: 'Not yet earned',
  not_applicable: 'Does not apply',
};

export interface PracticeAllowanceInput {
  practiceCode: string;
  participation: Participation | null;
  /** the practice's published service budget for the year; null when none is published */
  serviceBudgetPence: number | null;
  /** conditions recorded for the year: true met, false not met; absent: not recorded */
  evidence: Partial<Record<AllowanceCondition, boolean>>;
}

export interface AllowanceLine {
  schemeCode: string;
  schemeName: string;
  kind: AllowanceKind;
  /** what the scheme is worth to this practice this year (0 when it does not apply) */
  amountPence: number;
  /** how the amount was worked out, in words */
  basis: string;
  status: AllowanceStatus;
  /** each condition of the scheme and whether it is met */
  conditions: { condition: AllowanceCondition; state: EvidenceState }[];
  /** the conditions not (yet) met: not recorded, or recorded as not met */
  missing: AllowanceCondition[];
  /** a percentage of another allowance that is not earned yet: that allowance's code */
  waitingFor: string | null;
  /** why the scheme does not apply, when it does not */
  reason: string | null;
}

export interface PracticeAllowances {
  practiceCode: string;
  participating: boolean;
  joinedOn: string | null;
  leftOn: string | null;
  /** month of the year (1 = April) the practice joined, when it joined during the year */
  joinedMonth: number | null;
  serviceBudgetPence: number | null;
  lines: AllowanceLine[];
  earnedPence: number;
  notYetEarnedPence: number;
}

const pounds = (pence: number) => {
  const whole = Math.floor(pence / 100).toLocaleString('en-GB');
  return `£${whole}.${String(pence % 100).padStart(2, '0')}`;
};
const percentText = (percent: number) => `${percent.toLocaleString('en-GB', { maximumFractionDigits: 2 })}%`;

/** Each active scheme's line for one practice in one year, and the practice's totals. */
export function practiceAllowances(year: string, schemes: readonly AllowanceScheme[], input: PracticeAllowanceInput): PracticeAllowances {
  const { from } = financialYearBounds(year);
  const p = input.participation;
  const participating = takesPart(year, p);
  const joinedThisYear = participating && p !== null && p.joinedOn >= from;
  const joinedMonth = joinedThisYear ? financialMonthOf(p.joinedOn).month : null;
  const lines: AllowanceLine[] = [];
  const byCode = new Map<string, AllowanceLine>();

  for (const scheme of orderSchemes(schemes)) {
    const conditions = scheme.conditions.map((condition) => {
      const recorded = input.evidence[condition];
      return { condition, state: (recorded === undefined ? 'not_recorded' : recorded ? 'met' : 'not_met') as EvidenceState };
    });
    const missing = conditions.filter((c) => c.state !== 'met').map((c) => c.condition);
    const line: AllowanceLine = {
      schemeCode: scheme.code, schemeName: scheme.name, kind: scheme.kind, amountPence: 0, basis: '', status: 'not_applicable',
      conditions, missing, waitingFor: null, reason: null,
    };
    const notApplicable = (reason: string) => Object.assign(line, { reason, basis: reason });

    if (!participating) {
      notApplicable(p === null ? `Not taking part in commissioning in ${year}.`
        : p.joinedOn >= financialYearBounds(year).until ? `Joins after ${year}.`
          : `Left on ${dayLabel(p.leftOn!)}, before ${year} began.`);
    } else {
      switch (scheme.kind) {
        case 'per_practice_recurrent':
          line.amountPence = scheme.amountPence ?? 0;
          line.basis = `${pounds(line.amountPence)} per practice taking part in ${year}.`;
          break;
        case 'start_up': {
          if (!joinedThisYear) {
            notApplicable(`Paid in the year a practice joins; this practice joined on ${dayLabel(p!.joinedOn)}.`);
            break;
          }
          const late = scheme.lateFromMonth !== null && scheme.lateJoinerAmountPence !== null && joinedMonth! >= scheme.lateFromMonth;
          line.amountPence = late ? scheme.lateJoinerAmountPence! : (scheme.amountPence ?? 0);
          const lateFrom = scheme.lateFromMonth === null ? '' : monthLabel(year, scheme.lateFromMonth).slice(0, 3);
          line.basis = late
            ? `Joined on ${dayLabel(p!.joinedOn)}: ${pounds(line.amountPence)} for practices joining from ${lateFrom} (month ${scheme.lateFromMonth}).`
            : `Joined on ${dayLabel(p!.joinedOn)}: ${pounds(line.amountPence)}${scheme.lateFromMonth === null ? '' : ` for practices joining before ${lateFrom}`}.`;
          break;
        }
        case 'percent_of_service_budget': {
          const budget = input.serviceBudgetPence;
          line.amountPence = percentOf(budget ?? 0, scheme.percent ?? 0);
          line.basis = budget === null
            ? `${percentText(scheme.percent ?? 0)} of the service budget: none is published for ${year}, so ${pounds(0)}.`
            : `${percentText(scheme.percent ?? 0)} of a service budget of ${pounds(budget)}, rounded to the penny.`;
          break;
        }
        case 'percent_of_allowance': {
          const base = scheme.ofScheme ? byCode.get(scheme.ofScheme) : undefined;
          if (!base || base.status === 'not_applicable') {
            notApplicable(base ? `${base.schemeName} does not apply, so neither does this.` : `The scheme it is based on (${scheme.ofScheme ?? 'none'}) is not active.`);
            break;
          }
          line.amountPence = percentOf(base.amountPence, scheme.percent ?? 0);
          line.basis = `${percentText(scheme.percent ?? 0)} of the ${base.schemeName.toLowerCase()} (${pounds(base.amountPence)}), rounded to the penny.`;
          if (base.status !== 'earned') line.waitingFor = base.schemeCode;
          break;
        }
      }
      if (line.reason === null) line.status = missing.length || line.waitingFor ? 'not_yet_earned' : 'earned';
    }
    lines.push(line);
    byCode.set(scheme.code, line);
  }

  return {
    practiceCode: input.practiceCode,
    participating,
    joinedOn: p?.joinedOn ?? null,
    leftOn: p?.leftOn ?? null,
    joinedMonth,
    serviceBudgetPence: input.serviceBudgetPence,
    lines,
    earnedPence: sumOf(lines.filter((l) => l.status === 'earned')),
    notYetEarnedPence: sumOf(lines.filter((l) => l.status === 'not_yet_earned')),
  };
}

const sumOf = (lines: readonly AllowanceLine[]) => lines.reduce((n, l) => n + l.amountPence, 0);

export interface SchemeTotal { schemeCode: string; schemeName: string; earnedPence: number; notYetEarnedPence: number; practicesEarned: number }

export interface AllowanceTotals {
  practices: number;
  participating: number;
  earnedPence: number;
  notYetEarnedPence: number;
  /** per scheme, in the order of the schemes */
  bySchemes: SchemeTotal[];
}

/** Totals over practices: each the sum of the practices' own figures, so every view agrees. */
export function allowanceTotals(schemes: readonly AllowanceScheme[], practices: readonly PracticeAllowances[]): AllowanceTotals {
  const bySchemes = orderSchemes(schemes).map((s): SchemeTotal => {
    const lines = practices.flatMap((p) => p.lines.filter((l) => l.schemeCode === s.code));
    return {
      schemeCode: s.code, schemeName: s.name,
      earnedPence: sumOf(lines.filter((l) => l.status === 'earned')),
      notYetEarnedPence: sumOf(lines.filter((l) => l.status === 'not_yet_earned')),
      practicesEarned: lines.filter((l) => l.status === 'earned').length,
    };
  });
  return {
    practices: practices.length,
    participating: practices.filter((p) => p.participating).length,
    earnedPence: practices.reduce((n, p) => n + p.earnedPence, 0),
    notYetEarnedPence: practices.reduce((n, p) => n + p.notYetEarnedPence, 0),
    bySchemes,
  };
}

/** "Plan signed off (not recorded), milestones met (not met)": what a scheme still needs, in words. */
export function missingText(line: Pick<AllowanceLine, 'conditions' | 'waitingFor'>, schemeName: (code: string) => string = (c) => c): string {
  const parts = line.conditions.filter((c) => c.state !== 'met')
    .map((c) => `${CONDITION_LABELS[c.condition]} (${c.state === 'not_met' ? 'not met' : 'not recorded'})`);
  if (line.waitingFor) parts.push(`${schemeName(line.waitingFor)} earned first`);
  return parts.join('; ');
}
