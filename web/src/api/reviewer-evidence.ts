/**
 * Reviewer evidence for revalidation (REF-11) and practices' feedback on reviewers' decisions: the
 * shapes the server sends (src/server/insight/reviewer-routes.ts) and TanStack Query hooks over them.
 */
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, withQuery } from './client.js';

export const OUTCOMES = ['forwarded', 'diverted', 'returned_with_advice', 'info_requested', 'discussed_with_gp'] as const;
export type Outcome = (typeof OUTCOMES)[number];
export const HELPFUL = ['yes', 'partly', 'no'] as const;
export type Helpful = (typeof HELPFUL)[number];
export const HELPFUL_LABELS: Record<Helpful, string> = { yes: 'Helpful', partly: 'Partly helpful', no: 'Not helpful' };

export interface Period { from: string; to: string }

export interface ReviewerListItem { id: number; username: string; displayName: string; decisions: number }

export interface ReviewerEvidence {
  reviewer: { id: number; username: string; displayName: string };
  period: Period;
  generatedAt: string;
  serviceLevelDays: number;
  clock: string;
  decisions: number;
  referrals: number;
  byOutcome: { outcome: Outcome; label: string; count: number; share: number | null; percent: number }[];
  bySpecialty: { tfc: string; name: string; decisions: number; byOutcome: Record<Outcome, number>; medianWorkingDays: number | null; withinServiceLevel: number }[];
  turnaround: {
    medianWorkingDays: number | null;
    p90WorkingDays: number | null;
    withinServiceLevel: number;
    withinShare: number | null;
    withinPercent: number | null;
    distribution: { label: string; workingDays: number; orMore: boolean; count: number }[];
  };
  recategorisations: { total: number; specialtyChanged: number; codeChanged: number };
  changedByAnotherReviewer: { count: number; share: number | null; percent: number | null };
  feedback: {
    total: number;
    counts: Record<Helpful, number>;
    percents: Record<Helpful, number>;
    comments: { referralId: string; reference: string; givenOn: string; specialty: string; outcome: Outcome; outcomeLabel: string; helpful: Helpful; helpfulLabel: string; comment: string }[];
  };
  statement: string;
}

export interface ReferralFeedbackView { referralId: string; helpful: Helpful; helpfulLabel: string; comment: string; givenBy: string; givenAt: string }
export interface ReferralFeedbackState { referralId: string; decided: boolean; canGive: boolean; feedback: ReferralFeedbackView | null }

export const reviewerKeys = {
  list: (period: Period) => ['reviewers', 'list', period.from, period.to] as const,
  evidence: (userId: number, period: Period) => ['reviewers', 'evidence', userId, period.from, period.to] as const,
  feedback: (referralId: string) => ['referral-feedback', referralId] as const,
};

export const useReviewers = (period: Period) => useQuery({
  queryKey: reviewerKeys.list(period),
  queryFn: ({ signal }) => api.get<{ period: Period; reviewers: ReviewerListItem[] }>(withQuery('/api/reviewers', { ...period }), signal),
  placeholderData: keepPreviousData,
});

export const useReviewerEvidence = (userId: number | null, period: Period) => useQuery({
  queryKey: reviewerKeys.evidence(userId ?? 0, period),
  queryFn: ({ signal }) => api.get<ReviewerEvidence>(withQuery(`/api/reviewers/${userId}/evidence`, { ...period }), signal),
  enabled: userId !== null,
  placeholderData: keepPreviousData,
});

export const evidencePdfUrl = (userId: number, period: Period) => withQuery(`/api/reviewers/${userId}/evidence.pdf`, { ...period });

/** The practice's feedback on a referral; `enabled` false for users who can never see it. */
export const useReferralFeedback = (referralId: string, enabled = true) => useQuery({
  queryKey: reviewerKeys.feedback(referralId),
  queryFn: ({ signal }) => api.get<ReferralFeedbackState>(`/api/referrals/${encodeURIComponent(referralId)}/feedback`, signal),
  enabled,
  retry: false,
});

export function useGiveFeedback(referralId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: { helpful: Helpful; comment: string }) => api.post<ReferralFeedbackView>(`/api/referrals/${encodeURIComponent(referralId)}/feedback`, input),
    onSuccess: () => client.invalidateQueries({ queryKey: reviewerKeys.feedback(referralId) }),
  });
}
