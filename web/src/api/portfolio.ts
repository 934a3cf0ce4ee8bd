/**
 * The locality's project portfolio and benefits (PLAN-6): the shapes
 * src/server/plans/portfolio-routes.ts sends and TanStack Query hooks over them.
 */
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, withQuery } from './client.js';

export const PROJECT_STATUSES = ['proposed', 'active', 'completed', 'closed'] as const;
export type ProjectStatus = (typeof PROJECT_STATUSES)[number];
export const PROJECT_STATUS_LABELS: Record<ProjectStatus, string> = { proposed: 'Proposed', active: 'Active', completed: 'Completed', closed: 'Closed' };

export const BENEFIT_HORIZONS = ['short', 'medium', 'long'] as const;
export type BenefitHorizon = (typeof BENEFIT_HORIZONS)[number];
export const HORIZON_LABELS: Record<BenefitHorizon, string> = { short: 'Short term', medium: 'Medium term', long: 'Long term' };

export const BENEFIT_STATUSES = ['expected', 'on_track', 'at_risk', 'realised', 'not_realised'] as const;
export type BenefitStatus = (typeof BENEFIT_STATUSES)[number];
export const BENEFIT_STATUS_LABELS: Record<BenefitStatus, string> = {
  expected: 'Expected', on_track: 'On track', at_risk: 'At risk', realised: 'Realised', not_realised: 'Not realised',
};

export interface Reading { id: number; recordedOn: string; value: string; note: string; recordedBy: string; recordedAt: string }

export interface Benefit {
  id: number;
  projectId: number;
  horizon: BenefitHorizon;
  horizonLabel: string;
  description: string;
  measure: string;
  baseline: string;
  target: string;
  dueOn: string | null;
  status: BenefitStatus;
  statusLabel: string;
  /** due before today and not realised */
  pastDue: boolean;
  sortOrder: number;
  readings: Reading[];
  latest: Reading | null;
}

export interface Project {
  id: number;
  groupCode: string;
  groupName: string;
  name: string;
  description: string;
  lead: string;
  status: ProjectStatus;
  statusLabel: string;
  businessCaseId: number | null;
  businessCaseTitle: string | null;
  businessCasePlanId: number | null;
  startedOn: string | null;
  benefits: { total: number; byHorizon: Record<BenefitHorizon, number>; byStatus: Record<BenefitStatus, number>; pastDue: number };
  benefitList: Benefit[];
}

export interface Portfolio {
  groupCode: string | null;
  today: string;
  projects: Project[];
  totals: { projects: number; benefits: number; pastDue: number; byHorizon: Record<BenefitHorizon, number>; byStatus: Record<BenefitStatus, number> };
}

export const portfolioKeys = {
  all: ['portfolio'] as const,
  list: (group: string) => ['portfolio', 'list', group] as const,
  project: (id: number) => ['portfolio', 'project', id] as const,
};

export const usePortfolio = (group = '') => useQuery({
  queryKey: portfolioKeys.list(group),
  queryFn: ({ signal }) => api.get<Portfolio>(withQuery('/api/portfolio', { group }), signal),
  placeholderData: keepPreviousData,
});

export const portfolioDownloadUrl = (format: 'csv' | 'xlsx', group = '') => withQuery('/api/portfolio', { group, format });

export const useProject = (id: number) => useQuery({
  queryKey: portfolioKeys.project(id),
  queryFn: ({ signal }) => api.get<Project & { createdBy: string; createdAt: string }>(`/api/portfolio/projects/${id}`, signal),
});

function usePortfolioMutation<I>(mutationFn: (input: I) => Promise<Project>) {
  const client = useQueryClient();
  return useMutation({
    mutationFn,
    onSuccess: (saved) => {
      client.setQueryData(portfolioKeys.project(saved.id), saved);
      return client.invalidateQueries({ queryKey: portfolioKeys.all });
    },
  });
}

export interface ProjectInput { name: string; description: string; lead: string; status: ProjectStatus; businessCaseId: number | null; startedOn: string | null }

export const useCreateProject = () => usePortfolioMutation((input: ProjectInput & { groupCode: string }) => api.post<Project>('/api/portfolio/projects', input));
export const useUpdateProject = () => usePortfolioMutation(({ id, ...input }: Partial<ProjectInput> & { id: number }) => api.put<Project>(`/api/portfolio/projects/${id}`, input));

export interface BenefitInput { horizon: BenefitHorizon; description: string; measure: string; baseline: string; target: string; dueOn: string | null; status: BenefitStatus }

export const useAddBenefit = () => usePortfolioMutation(({ projectId, ...input }: BenefitInput & { projectId: number }) => api.post<Project>(`/api/portfolio/projects/${projectId}/benefits`, input));
export const useUpdateBenefit = () => usePortfolioMutation(({ id, ...input }: Partial<BenefitInput> & { id: number }) => api.put<Project>(`/api/portfolio/benefits/${id}`, input));
export const useAddReading = () => usePortfolioMutation(({ benefitId, ...input }: { benefitId: number; recordedOn: string; value: string; note: string }) =>
  api.post<Project>(`/api/portfolio/benefits/${benefitId}/readings`, input));
