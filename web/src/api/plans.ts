/**
 * The plan document (PLAN-1, PLAN-5): the shapes src/server/plans/plan-routes.ts sends and TanStack
 * Query hooks over them. The frozen parts of a plan are the domain's own types (pure, shared).
 */
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { PlanComparison } from '../../../src/domain/plans/compare.js';
import type { CompletedBy } from '../../../src/domain/plans/parties.js';
import type { PlanFigures, PlanSnapshot, SectionKind } from '../../../src/domain/plans/snapshot.js';
import { api, withQuery } from './client.js';

export type { CompletedBy, PlanComparison, PlanFigures, PlanSnapshot, SectionKind };

export type PlanStatus = 'draft' | 'in_sign_off' | 'signed';
export type VersionStatus = 'in_sign_off' | 'signed' | 'withdrawn';

export const PLAN_STATUS_LABELS: Record<PlanStatus, string> = { draft: 'Draft', in_sign_off: 'With the signatories', signed: 'Signed' };
export const VERSION_STATUS_LABELS: Record<VersionStatus, string> = { in_sign_off: 'With the signatories', signed: 'Signed', withdrawn: 'Withdrawn' };
export const KIND_LABELS: Record<SectionKind, string> = {
  text: 'Written text', practices: 'The group’s practices', governance: 'Governance bodies and members', responsibilities: 'Roles and responsibilities',
  business_cases: 'Business cases', milestones: 'Deliverables and milestones', signoff: 'Signatures',
};

export interface PlanSummary {
  id: number;
  groupCode: string;
  groupName: string;
  year: string;
  title: string;
  status: PlanStatus;
  version: number;
  sectionsWritten: number;
  sectionsToWrite: number;
  updatedAt: string;
}

export interface PlanSection {
  key: string;
  part: string;
  title: string;
  guidance: string;
  completedBy: CompletedBy;
  completedByLabel: string;
  kind: SectionKind;
  body: string;
  revision: number;
  updatedBy: string | null;
  updatedAt: string | null;
  mayEdit: boolean;
}

export type LiveParts = Omit<PlanSnapshot, 'plan' | 'sections'>;

export interface PlanView {
  plan: PlanSummary & { templateId: number; createdBy: string; createdAt: string };
  introduction: string;
  sections: PlanSection[];
  frozen: boolean;
  live: LiveParts;
  figures: PlanFigures;
  version: { version: number; status: VersionStatus; sentBy: string; sentAt: string; signedAt: string | null } | null;
  mayManage: boolean;
}

export interface PlanVersion {
  version: number;
  status: VersionStatus;
  sentBy: string;
  sentAt: string;
  signedAt: string | null;
  withdrawnBy: string | null;
  withdrawnAt: string | null;
  withdrawnReason: string | null;
  signatures: { roleCode: string; label: string; signedName: string; signedAt: string }[];
}

export interface FrozenVersion extends PlanVersion { snapshot: PlanSnapshot; figures: PlanFigures }

export type VersionRef = number | 'draft';
export type Comparison = PlanComparison & { from: VersionRef; to: VersionRef };

export interface TemplateSection { key: string; part: string; title: string; guidance: string; completedBy: CompletedBy; kind: SectionKind }
export interface TemplateSummary { id: number; name: string; fromYear: string; sections: number; plans: number; updatedBy: string; updatedAt: string }
export interface PlanTemplate extends Omit<TemplateSummary, 'sections'> { introduction: string; sections: TemplateSection[] }

export const planKeys = {
  all: ['plans'] as const,
  list: (year: string, group: string) => ['plans', 'list', year, group] as const,
  plan: (id: number) => ['plans', id] as const,
  versions: (id: number) => ['plans', id, 'versions'] as const,
  version: (id: number, version: number) => ['plans', id, 'versions', version] as const,
  compare: (id: number, from: VersionRef, to: VersionRef) => ['plans', id, 'compare', from, to] as const,
  templates: ['plan-templates'] as const,
  template: (id: number) => ['plan-templates', id] as const,
};

export const usePlans = (year: string, group = '') => useQuery({
  queryKey: planKeys.list(year, group),
  queryFn: ({ signal }) => api.get<PlanSummary[]>(withQuery('/api/plans', { year, group }), signal),
  placeholderData: keepPreviousData,
});

export const usePlan = (id: number) => useQuery({ queryKey: planKeys.plan(id), queryFn: ({ signal }) => api.get<PlanView>(`/api/plans/${id}`, signal) });

export const usePlanVersions = (id: number) => useQuery({ queryKey: planKeys.versions(id), queryFn: ({ signal }) => api.get<PlanVersion[]>(`/api/plans/${id}/versions`, signal) });

export const usePlanVersion = (id: number, version: number | null) => useQuery({
  queryKey: planKeys.version(id, version ?? 0),
  queryFn: ({ signal }) => api.get<FrozenVersion>(`/api/plans/${id}/versions/${version}`, signal),
  enabled: version !== null,
});

export const useComparison = (id: number, versions: { from: VersionRef; to: VersionRef } | null) => useQuery({
  queryKey: planKeys.compare(id, versions?.from ?? 0, versions?.to ?? 0),
  queryFn: ({ signal }) => api.get<Comparison>(withQuery(`/api/plans/${id}/compare`, { from: String(versions!.from), to: String(versions!.to) }), signal),
  enabled: versions !== null,
});

/** A change to a plan: the plan, its versions and the lists are fetched again. */
function usePlanMutation<I, O>(mutationFn: (input: I) => Promise<O>) {
  const client = useQueryClient();
  return useMutation({ mutationFn, onSuccess: () => client.invalidateQueries({ queryKey: planKeys.all }) });
}

export const useStartPlan = () => usePlanMutation((input: { groupCode: string; year: string }) => api.post<PlanView>('/api/plans', input));

export interface SavedSection { key: string; body: string; revision: number; updatedBy: string | null; updatedAt: string | null }

export const useSaveSection = (planId: number) => usePlanMutation(({ key, body, revision }: { key: string; body: string; revision: number }) =>
  api.put<SavedSection>(`/api/plans/${planId}/sections/${encodeURIComponent(key)}`, { body, revision }));

export const useSendForSignOff = (planId: number) => usePlanMutation(() => api.post<{ version: number }>(`/api/plans/${planId}/send-for-sign-off`));
export const useWithdrawVersion = (planId: number) => usePlanMutation((reason: string) => api.post<{ version: number }>(`/api/plans/${planId}/withdraw`, { reason }));
export const useStartNewVersion = (planId: number) => usePlanMutation((reason: string) => api.post<{ version: number }>(`/api/plans/${planId}/new-version`, reason ? { reason } : {}));

export const useTemplates = () => useQuery({ queryKey: planKeys.templates, queryFn: ({ signal }) => api.get<TemplateSummary[]>('/api/plan-templates', signal) });

export const useTemplate = (id: number | null) => useQuery({
  queryKey: planKeys.template(id ?? 0),
  queryFn: ({ signal }) => api.get<PlanTemplate>(`/api/plan-templates/${id}`, signal),
  enabled: id !== null,
});

function useTemplateMutation<I, O>(mutationFn: (input: I) => Promise<O>) {
  const client = useQueryClient();
  return useMutation({ mutationFn, onSuccess: () => client.invalidateQueries({ queryKey: planKeys.templates }) });
}

export const useCreateTemplate = () => useTemplateMutation((input: { fromYear: string }) => api.post<PlanTemplate>('/api/plan-templates', input));

export const useUpdateTemplate = (id: number) => useTemplateMutation((input: { name: string; introduction: string; sections: TemplateSection[]; updatedAt: string }) =>
  api.put<PlanTemplate>(`/api/plan-templates/${id}`, input));

/** Where the other plan pages live (built by their own features). */
export const planPaths = {
  plan: (id: number) => `/plans/${id}`,
  versions: (id: number) => `/plans/${id}/versions`,
  signOff: (id: number) => `/plans/${id}/sign-off`,
  businessCases: (id: number) => `/plans/${id}/business-cases`,
  milestones: (id: number) => `/plans/${id}/milestones`,
  responsibilities: (id: number) => `/plans/${id}/responsibilities`,
  governance: () => '/governance',
};
