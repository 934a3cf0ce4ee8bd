/**
 * Fair shares by weighted capitation (FIN-1; src/server/budgets/capitation-routes.ts): types,
 * TanStack Query hooks and the addresses of the downloads. Money is integer pence; the exact
 * fractions (weighted population, share, scaling factor) arrive as decimal strings.
 */
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api, withQuery } from './client.js';

export type ExportFormat = 'csv' | 'xlsx';

export interface ServiceLineInfo {
  serviceLine: string;
  label: string;
  /** sex × age-band cells with a weight (40 when complete) */
  bands: number;
  importedAt: string | null;
  fileName: string | null;
}

export interface CapitationOptions {
  serviceLines: ServiceLineInfo[];
  /** population periods, latest first */
  periods: string[];
}

export interface FairShareSum {
  practices: number;
  rawPopulation: number;
  /** 6 decimal places */
  weightedPopulation: string;
  /** of the commissioner's weighted population, 10 decimal places */
  share: string;
  fairSharePence: number;
}

export interface FairSharePracticeRow {
  practiceCode: string;
  practiceName: string;
  groupCode: string;
  groupName: string;
  rawPopulation: number;
  weightedPopulation: string;
  share: string;
  fairSharePence: number;
  /** got one of the pence left over after rounding down */
  extraPenny: boolean;
}

export interface FairShareHeading {
  serviceLine: string;
  serviceLineLabel: string;
  period: string;
  commissioner: { code: string; name: string };
  totalPence: number;
  weights: { importedAt: string | null; fileName: string | null };
  /** how the shares are rounded and where the last penny goes */
  rounding: string;
}

export interface FairShares extends FairShareHeading {
  /** 9 decimal places */
  scale: string;
  leftoverPence: number;
  /** a practice user: its own practice only */
  practices: FairSharePracticeRow[];
  /** none for a practice user */
  groups: (FairShareSum & { groupCode: string; groupName: string })[];
  /** a practice user: every other practice as one sum */
  otherPractices: FairShareSum | null;
  total: FairShareSum;
  withoutPopulation: string[];
}

export interface BandArithmetic {
  sex: 'M' | 'F';
  ageBand: string;
  patients: number;
  /** exact; null for a band with no weight (it has no patients) */
  weight: string | null;
  /** patients × weight, exact */
  weighted: string;
}

export interface FairShareArithmetic extends FairShareHeading {
  practice: { code: string; name: string; groupCode: string; groupName: string };
  bands: BandArithmetic[];
  rawPopulation: number;
  /** Σ patients × weight, exact */
  unscaledWeighted: string;
  commissionerTotals: { practices: number; rawPopulation: number; unscaledWeighted: string };
  scale: string;
  scaleFraction: string;
  weightedPopulation: string;
  weightedPopulationFraction: string;
  share: string;
  shareFraction: string;
  /** total × share before rounding, in pence, 4 decimal places */
  exactPence: string;
  fairSharePence: number;
  extraPenny: boolean;
  leftoverPence: number;
}

/** What a fair-shares view is of; `total` in pence. */
export interface FairShareParams {
  serviceLine: string;
  total: number;
  period?: string;
}

const query = (p: FairShareParams, format?: ExportFormat) => ({ serviceLine: p.serviceLine, total: String(p.total), period: p.period, format });

export const fairSharesUrl = (p: FairShareParams, format?: ExportFormat) => withQuery('/api/budgets/fair-shares', query(p, format));
export const fairSharePracticeUrl = (code: string, p: FairShareParams, format?: ExportFormat) =>
  withQuery(`/api/budgets/fair-shares/${encodeURIComponent(code)}`, query(p, format));

/** The pages' own addresses: the same parameters, so a practice's page links back to the same view. */
export const fairSharesPageUrl = (p: FairShareParams) => withQuery('/budgets/fair-shares', { serviceLine: p.serviceLine, total: String(p.total), period: p.period });
export const fairSharePracticePageUrl = (code: string, p: FairShareParams) =>
  withQuery(`/budgets/fair-shares/${encodeURIComponent(code)}`, { serviceLine: p.serviceLine, total: String(p.total), period: p.period });

export const capitationKeys = {
  options: ['budgets', 'capitation'] as const,
  fairShares: (p: FairShareParams) => ['budgets', 'fair-shares', p.serviceLine, p.total, p.period ?? null] as const,
  practice: (code: string, p: FairShareParams) => ['budgets', 'fair-shares', code, p.serviceLine, p.total, p.period ?? null] as const,
};

export const useCapitationOptions = () => useQuery({
  queryKey: capitationKeys.options,
  queryFn: ({ signal }) => api.get<CapitationOptions>('/api/budgets/capitation', signal),
});

/** Only asks when there is something to ask for (`params` null: the form is not filled in yet). */
export const useFairShares = (params: FairShareParams | null) => useQuery({
  queryKey: params ? capitationKeys.fairShares(params) : ['budgets', 'fair-shares', 'none'],
  queryFn: ({ signal }) => api.get<FairShares>(fairSharesUrl(params!), signal),
  enabled: params !== null,
  placeholderData: keepPreviousData,
  retry: false,
});

export const useFairSharePractice = (code: string, params: FairShareParams | null) => useQuery({
  queryKey: params ? capitationKeys.practice(code, params) : ['budgets', 'fair-shares', code, 'none'],
  queryFn: ({ signal }) => api.get<FairShareArithmetic>(fairSharePracticeUrl(code, params!), signal),
  enabled: params !== null,
  retry: false,
});
