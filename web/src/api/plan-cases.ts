/**
 * A plan's business cases (PLAN-2), milestones (PLAN-3) and roles and responsibilities (PLAN-4):
 * the shapes src/server/plans/case-routes.ts sends and TanStack Query hooks over them. Money is in
 * integer pence both ways.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from './client.js';

export type PlanStatus = 'draft' | 'in_sign_off' | 'signed';

export interface PlanState {
  id: number;
  groupCode: string;
  groupName: string;
  year: string;
  title: string;
  status: PlanStatus;
  version: number;
  /** whether the wording may change now (the plan is a draft) */
  editable: boolean;
  frozenMessage: string | null;
}

export const CASE_STATUSES = ['idea', 'proposed', 'approved', 'live', 'rejected', 'withdrawn'] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];
export const CASE_STATUS_LABELS: Record<CaseStatus, string> = {
  idea: 'Idea', proposed: 'Proposed', approved: 'Approved', live: 'Live', rejected: 'Rejected', withdrawn: 'Withdrawn',
};

export type Party = 'consortium' | 'commissioner';

export interface ModelYear { yearIndex: number; costPence: number; releasedPence: number }

export interface FinancialModel {
  horizonYears: number;
  upfrontPence: number;
  years: (ModelYear & { netPence: number; cumulativePence: number })[];
  totalCostPence: number;
  totalReleasedPence: number;
  netTotalPence: number;
  payback: { kind: 'no_figures' | 'nothing_to_pay_back' | 'pays_back' | 'not_within'; year?: number; month?: number; monthsFromStart?: number; years?: number };
  paybackLabel: string;
}

export interface CaseApproval {
  function: string;
  category: 'A' | 'B' | 'C';
  categoryLabel: string;
  categorySet: boolean;
  needed: Party[];
  approvals: { party: Party; partyLabel: string; userName: string; note: string; approvedAt: string }[];
  waitingFor: Party[];
  complete: boolean;
  message: string;
}

/** The appendix fields of seed 004 (PLAN-2). */
export interface CaseFields {
  title: string;
  outline: string;
  benefitToPatients: string;
  patientsMin: number | null;
  patientsMax: number | null;
  patientsNote: string;
  evidenceOfEffectiveness: string;
  patientSupport: string;
  stakeholderSupport: string;
  costs: string;
  upfrontInvestmentPence: number;
  freedResources: string;
  freedResourcesTimescale: string;
  linksToPriorities: string;
  risks: string;
}

export interface BusinessCase extends CaseFields {
  id: number;
  planId: number;
  status: CaseStatus;
  statusLabel: string;
  nextStatuses: CaseStatus[];
  revision: number;
  years: ModelYear[];
  model: FinancialModel;
  approval: CaseApproval;
  createdBy: string;
  createdAt: string;
  updatedBy: string;
  updatedAt: string;
}

export const planCaseKeys = {
  plan: (planId: number) => ['plans', planId] as const,
  cases: (planId: number) => ['plans', planId, 'business-cases'] as const,
  case: (planId: number, caseId: number) => ['plans', planId, 'business-cases', caseId] as const,
  milestones: (planId: number) => ['plans', planId, 'milestones'] as const,
  responsibilities: (planId: number) => ['plans', planId, 'responsibilities'] as const,
};

const casesUrl = (planId: number) => `/api/plans/${planId}/business-cases`;

export const useBusinessCases = (planId: number) => useQuery({
  queryKey: planCaseKeys.cases(planId),
  queryFn: ({ signal }) => api.get<{ plan: PlanState; cases: BusinessCase[] }>(casesUrl(planId), signal),
});

export const useBusinessCase = (planId: number, caseId: number) => useQuery({
  queryKey: planCaseKeys.case(planId, caseId),
  queryFn: ({ signal }) => api.get<BusinessCase & { plan: PlanState }>(`${casesUrl(planId)}/${caseId}`, signal),
});

/** Every change to a case is seen by the list, the case and the plan document (which draws them). */
function useCaseMutation<I>(planId: number, mutationFn: (input: I) => Promise<BusinessCase & { plan: PlanState }>) {
  const client = useQueryClient();
  return useMutation({
    mutationFn,
    onSuccess: (saved) => {
      client.setQueryData(planCaseKeys.case(planId, saved.id), saved);
      return client.invalidateQueries({ queryKey: planCaseKeys.plan(planId) });
    },
  });
}

export type CaseInput = Partial<CaseFields> & { title: string; years?: ModelYear[] };

export const useCreateCase = (planId: number) => useCaseMutation(planId, (input: CaseInput) =>
  api.post<BusinessCase & { plan: PlanState }>(casesUrl(planId), input));

export const useUpdateCase = (planId: number) => useCaseMutation(planId, ({ id, ...input }: Partial<CaseFields> & { id: number; revision: number; years?: ModelYear[] }) =>
  api.put<BusinessCase & { plan: PlanState }>(`${casesUrl(planId)}/${id}`, input));

export const useCaseStatus = (planId: number) => useCaseMutation(planId, ({ id, ...input }: { id: number; status: CaseStatus; revision: number; note?: string }) =>
  api.post<BusinessCase & { plan: PlanState }>(`${casesUrl(planId)}/${id}/status`, input));

export const useApproveCase = (planId: number) => useCaseMutation(planId, ({ id, note }: { id: number; note: string }) =>
  api.post<BusinessCase & { plan: PlanState }>(`${casesUrl(planId)}/${id}/approve`, { note }));

// ── Milestones ──────────────────────────────────────────────────────────────────────────────────

export const MILESTONE_STATUSES = ['not_started', 'in_progress', 'delivered', 'missed'] as const;
export type MilestoneStatus = (typeof MILESTONE_STATUSES)[number];
export const MILESTONE_STATUS_LABELS: Record<MilestoneStatus, string> = { not_started: 'Not started', in_progress: 'In progress', delivered: 'Delivered', missed: 'Missed' };

export interface Milestone {
  id: number;
  planId: number;
  businessCaseId: number | null;
  businessCaseTitle: string | null;
  dueOn: string;
  deliverable: string;
  sentence: string;
  owner: string;
  triggersPayment: boolean;
  status: MilestoneStatus;
  statusLabel: string;
  evidence: string;
  overdue: boolean;
  sortOrder: number;
  updatedBy: string;
  updatedAt: string;
}

export interface PaymentMilestones { total: number; delivered: number; met: boolean }

export const useMilestones = (planId: number) => useQuery({
  queryKey: planCaseKeys.milestones(planId),
  queryFn: ({ signal }) => api.get<{ plan: PlanState; today: string; milestones: Milestone[]; payment: PaymentMilestones }>(`/api/plans/${planId}/milestones`, signal),
});

export interface MilestoneInput { dueOn: string; deliverable: string; owner: string; businessCaseId: number | null; triggersPayment: boolean }

/** Milestone changes can change the allowances (the payment milestones): those are fetched again too. */
function useMilestoneMutation<I, O>(planId: number, mutationFn: (input: I) => Promise<O>) {
  const client = useQueryClient();
  return useMutation({
    mutationFn,
    onSuccess: async () => {
      await client.invalidateQueries({ queryKey: planCaseKeys.plan(planId) });
      await client.invalidateQueries({ queryKey: ['allowances'] });
    },
  });
}

export const useCreateMilestone = (planId: number) => useMilestoneMutation(planId, (input: MilestoneInput) => api.post<Milestone>(`/api/plans/${planId}/milestones`, input));
export const useUpdateMilestone = (planId: number) => useMilestoneMutation(planId, ({ id, ...input }: MilestoneInput & { id: number }) => api.put<Milestone>(`/api/plans/${planId}/milestones/${id}`, input));
export const useDeleteMilestone = (planId: number) => useMilestoneMutation(planId, (id: number) => api.delete(`/api/plans/${planId}/milestones/${id}`));
export const useTrackMilestone = (planId: number) => useMilestoneMutation(planId, ({ id, ...input }: { id: number; status: MilestoneStatus; evidence: string }) =>
  api.post<{ milestone: Milestone; payment: PaymentMilestones; paymentEvidenceRecorded: number }>(`/api/plans/${planId}/milestones/${id}/track`, input));

// ── Roles and responsibilities ──────────────────────────────────────────────────────────────────

export const RESPONSIBLE_PARTIES = ['commissioner', 'consortium', 'practices'] as const;
export type ResponsibleParty = (typeof RESPONSIBLE_PARTIES)[number];

export interface Responsibilities { plan: PlanState; parties: { party: ResponsibleParty; label: string; items: string[] }[] }

export const useResponsibilities = (planId: number) => useQuery({
  queryKey: planCaseKeys.responsibilities(planId),
  queryFn: ({ signal }) => api.get<Responsibilities>(`/api/plans/${planId}/responsibilities`, signal),
});

export function useSaveResponsibilities(planId: number) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (lists: Record<ResponsibleParty, string[]>) => api.put<Responsibilities>(`/api/plans/${planId}/responsibilities`, lists),
    onSuccess: (saved) => {
      client.setQueryData(planCaseKeys.responsibilities(planId), saved);
      return client.invalidateQueries({ queryKey: planCaseKeys.plan(planId) });
    },
  });
}
