/**
 * Plan sign-off (PLAN-5): the shapes src/server/plans/signoff-routes.ts sends, and TanStack Query
 * hooks over them — a plan's sign-off, signing, the PDF of a version, and who holds each
 * signatory role.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, withQuery } from './client.js';

export type SignatoryParty = 'consortium' | 'commissioner' | 'joint';
export type VersionStatus = 'in_sign_off' | 'signed' | 'withdrawn';

export interface SignOff {
  plan: { id: number; groupCode: string; groupName: string; year: string; title: string; status: 'draft' | 'in_sign_off' | 'signed'; version: number };
  version: { version: number; status: VersionStatus; sentBy: string; sentAt: string; signedAt: string | null } | null;
  signatories: {
    roleCode: string;
    label: string;
    party: SignatoryParty;
    holder: { userId: number; displayName: string } | null;
    signedBy: string | null;
    signedAt: string | null;
  }[];
  mayYouSign: string[];
  outstanding: string[];
  fullySigned: boolean;
  incentive: { version: number; practices: number; firedAt: string; firedBy: string } | null;
  versions: { version: number; status: VersionStatus; sentAt: string; signedAt: string | null }[];
}

export interface SignResult { fullySigned: boolean; incentiveFired: boolean; signOff: SignOff }

export interface GroupSignatories {
  groupCode: string;
  groupName: string;
  roles: {
    roleCode: string;
    label: string;
    party: SignatoryParty;
    holder: { userId: number; username: string; displayName: string; role: string; assignedBy: string; assignedAt: string } | null;
  }[];
}

export interface SignatoryCandidate { id: number; username: string; displayName: string; role: string }

export const VERSION_STATUS_LABELS: Record<VersionStatus, string> = {
  in_sign_off: 'With the signatories',
  signed: 'Signed off',
  withdrawn: 'Withdrawn',
};

export const signOffKeys = {
  signOff: (planId: number) => ['plans', planId, 'sign-off'] as const,
  signatories: ['plans', 'signatories'] as const,
  candidates: ['plans', 'signatories', 'candidates'] as const,
};

export const useSignOff = (planId: number) => useQuery({
  queryKey: signOffKeys.signOff(planId),
  queryFn: ({ signal }) => api.get<SignOff>(`/api/plans/${planId}/sign-off`, signal),
});

export interface SignInput { roleCode: string; password: string; confirm: boolean }

export function useSign(planId: number) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: SignInput) => api.post<SignResult>(`/api/plans/${planId}/sign`, input),
    onSuccess: (result) => {
      client.setQueryData(signOffKeys.signOff(planId), result.signOff);
      // The plan's status, and (on the last signature) the practices' allowances, have changed.
      void client.invalidateQueries({ queryKey: ['plans'], predicate: (q) => q.queryKey[2] !== 'sign-off' });
      if (result.fullySigned) void client.invalidateQueries({ queryKey: ['allowances'] });
    },
  });
}

/** The PDF of a version, with its signature page. */
export const planPdfUrl = (planId: number, version: number) => `/api/plans/${planId}/versions/${version}/pdf`;

export const useSignatories = (group?: string) => useQuery({
  queryKey: [...signOffKeys.signatories, group ?? ''],
  queryFn: ({ signal }) => api.get<GroupSignatories[]>(withQuery('/api/plans/signatories', { group }), signal),
});

export const useSignatoryCandidates = (enabled: boolean) => useQuery({
  queryKey: signOffKeys.candidates,
  queryFn: ({ signal }) => api.get<SignatoryCandidate[]>('/api/plans/signatories/candidates', signal),
  enabled,
});

export function useAssignSignatory() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ groupCode, roleCode, userId }: { groupCode: string; roleCode: string; userId: number }) =>
      api.put<GroupSignatories>(`/api/plans/signatories/${encodeURIComponent(groupCode)}/${encodeURIComponent(roleCode)}`, { userId }),
    onSuccess: () => client.invalidateQueries({ queryKey: ['plans'] }),
  });
}
