/**
 * Groupings of practices (issue 7, item 8): the shapes the server sends
 * (src/server/insight/grouping-routes.ts) and TanStack Query hooks over them.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, withQuery } from './client.js';

export const GROUPING_KINDS = ['locality', 'federation', 'network', 'caseload', 'custom'] as const;
export type GroupingKind = (typeof GROUPING_KINDS)[number];

export const GROUPING_KIND_LABELS: Record<GroupingKind, string> = {
  locality: 'Locality',
  federation: 'Federation',
  network: 'Primary care network',
  caseload: 'Reviewer’s caseload',
  custom: 'Other grouping',
};

export interface GroupingSummary {
  id: number;
  name: string;
  kind: GroupingKind;
  kindLabel: string;
  shared: boolean;
  /** the owner's username; null for a grouping loaded by the system */
  owner: string | null;
  mine: boolean;
  memberCount: number;
  /** for a practice user, whether its own practice is a member; null for everyone else */
  includesOwnPractice: boolean | null;
  canChange: boolean;
  createdBy: string;
  createdAt: string;
}

export interface GroupingMember { practiceCode: string; practiceName: string; groupCode: string; groupName: string }

export interface GroupingDetail extends GroupingSummary {
  /** null for a practice user, who sees only the count */
  members: GroupingMember[] | null;
}

export interface GroupingInput { name: string; kind: GroupingKind; shared: boolean; practiceCodes: string[] }
export type GroupingChanges = Partial<GroupingInput>;
export interface MembersAdded { added: string[]; alreadyMembers: string[]; grouping: GroupingDetail }

export const groupingKeys = {
  all: ['groupings'] as const,
  list: () => ['groupings', 'list'] as const,
  one: (id: number) => ['groupings', 'one', id] as const,
};

export const useGroupings = () => useQuery({
  queryKey: groupingKeys.list(),
  queryFn: ({ signal }) => api.get<GroupingSummary[]>('/api/groupings', signal),
});

export const useGrouping = (id: number) => useQuery({
  queryKey: groupingKeys.one(id),
  queryFn: ({ signal }) => api.get<GroupingDetail>(`/api/groupings/${id}`, signal),
  enabled: Number.isInteger(id) && id > 0,
});

export const groupingDownloadUrl = (id: number, format: 'csv' | 'xlsx') => withQuery(`/api/groupings/${id}/practices`, { format });

/** Every change refreshes the list and the grouping (member counts show in both). */
function useGroupingMutation<I, O>(mutationFn: (input: I) => Promise<O>) {
  const client = useQueryClient();
  return useMutation({ mutationFn, onSuccess: () => client.invalidateQueries({ queryKey: groupingKeys.all }) });
}

export const useCreateGrouping = () => useGroupingMutation((input: GroupingInput) => api.post<GroupingDetail>('/api/groupings', input));
export const useUpdateGrouping = () => useGroupingMutation(({ id, ...changes }: GroupingChanges & { id: number }) => api.put<GroupingDetail>(`/api/groupings/${id}`, changes));
export const useDeleteGrouping = () => useGroupingMutation((id: number) => api.delete(`/api/groupings/${id}`));
export const useAddGroupingMembers = () => useGroupingMutation(({ id, codes }: { id: number; codes: string }) => api.post<MembersAdded>(`/api/groupings/${id}/members`, { codes }));
export const useRemoveGroupingMember = () => useGroupingMutation(({ id, practiceCode }: { id: number; practiceCode: string }) =>
  api.delete<GroupingDetail>(`/api/groupings/${id}/members/${encodeURIComponent(practiceCode)}`));
