/**
 * Challenges (ACT-6, src/server/activity/challenge-routes.ts): their types, and TanStack Query hooks
 * to list them, record a decision on one, re-run the rules, and the schedule's download addresses.
 */
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, withQuery } from './client.js';

export const CHALLENGE_RULES = [
  'exact_duplicate', 'same_day_repeat', 'follow_up_ratio', 'c2c_first', 'no_gateway_referral', 'prior_approval', 'readmission_30d',
] as const;
export type ChallengeRule = (typeof CHALLENGE_RULES)[number];

export const CHALLENGE_STATUSES = ['open', 'accepted', 'withdrawn', 'agreed'] as const;
export type ChallengeStatus = (typeof CHALLENGE_STATUSES)[number];

/** The server sends its own labels with each row; these are for filters before anything has loaded. */
export const RULE_LABELS: Record<ChallengeRule, string> = {
  exact_duplicate: 'Exact duplicate',
  same_day_repeat: 'Same-day repeat',
  follow_up_ratio: 'Follow-ups above the contract ratio',
  c2c_first: 'Consultant-to-consultant first attendance',
  no_gateway_referral: 'No gateway referral',
  prior_approval: 'Prior approval not given',
  readmission_30d: 'Emergency readmission within 30 days',
};

export const STATUS_LABELS: Record<ChallengeStatus, string> = { open: 'Open', accepted: 'Accepted', withdrawn: 'Withdrawn', agreed: 'Agreed' };

/** The line a challenge is about; the patient only as the installation's pseudonym. */
export interface ChallengeLine {
  pod: string;
  hrg: string | null;
  activityDate: string;
  dischargeDate: string | null;
  patientPseudo: string;
  primaryDiagnosis: string | null;
  primaryProcedure: string | null;
  referralSource: string | null;
}

/** One row of GET /api/challenges (and the answer to a status change). */
export interface Challenge {
  id: number;
  rule: ChallengeRule;
  ruleLabel: string;
  providerCode: string;
  providerName: string;
  year: string;
  month: number;
  monthLabel: string;
  /** null for a month's follow-ups (follow_up_ratio) */
  activityId: string | null;
  practiceCode: string | null;
  practiceName: string | null;
  tfc: string;
  tfcName: string | null;
  line: ChallengeLine | null;
  valuePence: number;
  detail: Record<string, unknown>;
  status: ChallengeStatus;
  statusLabel: string;
  notes: string;
  updatedBy: string | null;
  updatedAt: string | null;
}

export interface ChallengeTotal { rule: ChallengeRule; ruleLabel: string; count: number; valuePence: number }

export interface ChallengeList { total: number; limit: number; offset: number; totals: ChallengeTotal[]; rows: Challenge[] }

/** Filters as they are in the page's address (strings; '' or absent = all). */
export interface ChallengeFilters { provider?: string; year?: string; month?: string; rule?: string; status?: string }

export const challengeKeys = {
  all: ['challenges'] as const,
  list: (filters: ChallengeFilters) => ['challenges', 'list', filters] as const,
};

export const CHALLENGE_PAGE_SIZE = 500;

export const useChallenges = (filters: ChallengeFilters) => useQuery({
  queryKey: challengeKeys.list(filters),
  queryFn: ({ signal }) => api.get<ChallengeList>(withQuery('/api/challenges', { ...filters, limit: String(CHALLENGE_PAGE_SIZE) }), signal),
  // Keep the table on screen while other filters load, rather than flashing "Loading".
  placeholderData: keepPreviousData,
});

export interface StatusChange { id: number; status: ChallengeStatus; notes: string }

/** Records a decision; the answer replaces the row in every cached list, and totals are fetched again. */
export function useSetChallengeStatus() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, status, notes }: StatusChange) => api.post<Challenge>(`/api/challenges/${id}/status`, { status, notes }),
    onSuccess: (updated) => {
      client.setQueriesData<ChallengeList>({ queryKey: [...challengeKeys.all, 'list'] }, (list) =>
        list && { ...list, rows: list.rows.map((c) => (c.id === updated.id ? updated : c)) });
      void client.invalidateQueries({ queryKey: challengeKeys.all });
    },
  });
}

export interface RunResult { providerCode: string; year: string; month: number; counts: Record<ChallengeRule, number> }

/** Runs the rules again for one provider month. */
export function useRunChallenges() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (scope: { providerCode: string; year: string; month: number }) => api.post<RunResult>('/api/challenges/run', scope),
    onSuccess: () => client.invalidateQueries({ queryKey: challengeKeys.all }),
  });
}

/** The challenge schedule of a provider month, as a download. */
export const scheduleUrl = (format: 'csv' | 'xlsx', scope: { provider: string; year: string; month: string }) =>
  withQuery(`/api/challenges/schedule.${format}`, scope);
