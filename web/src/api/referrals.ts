/**
 * TanStack Query hooks for the referral gateway: referrals, decisions, worklists, pathways and
 * the practice's notifications. Every change to a referral answers with the whole referral, which
 * replaces the cached copy; lists that may have changed are invalidated.
 */
import { useMutation, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { ApiError, NETWORK_ERROR_MESSAGE, api, errorFromResponse, getCsrfToken, withQuery } from './client.js';
import type {
  AppNotification, CodeSystem, CommunityService, ContactMethod, Decision, Pathway, PathwayCriterion, PriorApprovalProcedure,
  ReferralImportReport, ReferralInput, ReferralView, WorklistPage,
} from './types.js';
import { uploadCsv, type UploadHandlers } from './upload.js';

export const referralKeys = {
  referral: (id: string) => ['referrals', 'one', id] as const,
  referrals: (params: Record<string, string | undefined>) => ['referrals', 'list', params] as const,
  worklistCounts: ['worklists', '_counts'] as const,
  worklist: (list: string, params: Record<string, string | undefined>) => ['worklists', list, params] as const,
  pathways: ['pathways'] as const,
  pathway: (code: string) => ['pathways', code] as const,
  communityServices: ['community-services'] as const,
  priorApprovals: ['prior-approval-procedures'] as const,
  notifications: ['notifications'] as const,
};

const path = (id: string) => `/api/referrals/${encodeURIComponent(id)}`;

export const useReferral = (id: string) => useQuery({
  queryKey: referralKeys.referral(id),
  queryFn: ({ signal }) => api.get<ReferralView>(path(id), signal),
  // A referral changes under other people's hands: always check on opening it.
  staleTime: 0,
});

export const useReferrals = (params: { status?: string; limit?: string } = {}) => useQuery({
  queryKey: referralKeys.referrals(params),
  queryFn: ({ signal }) => api.get<ReferralView[]>(withQuery('/api/referrals', params), signal),
  staleTime: 0,
});

/** Whatever a referral change touches: its worklists, the practice's list, notifications. */
function afterReferralChange(client: QueryClient, referral: ReferralView) {
  client.setQueryData(referralKeys.referral(referral.id), referral);
  for (const key of [['worklists'], ['referrals', 'list'], referralKeys.notifications]) void client.invalidateQueries({ queryKey: key });
}

/** Sends a referral; the key makes a repeated send (a double click, a retry) return the same referral. */
export function useSubmitReferral() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ input, idempotencyKey }: { input: ReferralInput; idempotencyKey: string }) =>
      api.post<ReferralView>('/api/referrals', input, { 'Idempotency-Key': idempotencyKey }),
    onSuccess: (referral) => afterReferralChange(client, referral),
  });
}

function useReferralChange<V>(send: (id: string, change: V) => Promise<ReferralView>) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, change }: { id: string; change: V }) => send(id, change),
    onSuccess: (referral) => afterReferralChange(client, referral),
  });
}

export const useDecision = () => useReferralChange((id, d: Decision) => api.post<ReferralView>(`${path(id)}/decisions`, d));

export interface Recategorisation { version: number; tfc?: string; reasonSystem?: CodeSystem; reasonCode?: string; reason: string }
export const useRecategorise = () => useReferralChange((id, c: Recategorisation) => api.post<ReferralView>(`${path(id)}/recategorise`, c));

export const useAssign = () => useReferralChange((id, c: { version: number; reviewer: string | null }) => api.post<ReferralView>(`${path(id)}/assignment`, c));

export const usePriorApproval = () => useReferralChange((id, c: { version: number; approvalReference: string; reason: string }) =>
  api.post<ReferralView>(`${path(id)}/prior-approval`, c));

export interface ContactRecord { version: number; method: ContactMethod; outcome: string; note?: string; patientWillBook?: boolean }
export const useRecordContact = () => useReferralChange((id, c: ContactRecord) => api.post<ReferralView>(`${path(id)}/contacts`, c));

/** Adds a file to a referral: the raw bytes, its type, and its name (percent-encoded) in X-File-Name. */
export async function uploadAttachment(id: string, file: File): Promise<unknown> {
  const headers: Record<string, string> = { Accept: 'application/json', 'Content-Type': file.type || 'application/octet-stream', 'X-File-Name': encodeURIComponent(file.name) };
  const csrf = getCsrfToken();
  if (csrf) headers['X-CSRF-Token'] = csrf;
  let response: Response;
  try {
    response = await fetch(`${path(id)}/attachments`, { method: 'POST', headers, credentials: 'same-origin', body: file });
  } catch {
    throw new ApiError(0, { error: 'network_error', message: NETWORK_ERROR_MESSAGE, details: [] });
  }
  if (!response.ok) throw await errorFromResponse(response);
  return response.status === 204 ? undefined : response.json().catch(() => undefined);
}

/** Adds one file after the referral was sent; the referral is read again to list it. */
export function useAddAttachment(id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (file: File) => uploadAttachment(id, file),
    onSuccess: () => client.invalidateQueries({ queryKey: referralKeys.referral(id) }),
  });
}

export const letterUrl = (id: string) => `${path(id)}/letter.pdf`;
export const attachmentUrl = (id: string, attachmentId: string) => `${path(id)}/attachments/${encodeURIComponent(attachmentId)}`;

// ── Worklists ─────────────────────────────────────────────────────────────────────────────────

export interface WorklistCount { name: string; label: string; count: number }

/** The user's worklists with their sizes (none for roles without worklists). */
export const useWorklistCounts = (enabled = true) => useQuery({
  queryKey: referralKeys.worklistCounts,
  queryFn: async ({ signal }) => normaliseCounts(await api.get<unknown>('/api/worklists', signal)),
  enabled,
  staleTime: 0,
});

export const useWorklist = (list: string, params: Record<string, string | undefined>) => useQuery({
  queryKey: referralKeys.worklist(list, params),
  queryFn: ({ signal }) => api.get<WorklistPage>(withQuery(`/api/worklists/${encodeURIComponent(list)}`, params), signal),
  staleTime: 0,
  // While another page or sort of the same list loads, keep showing this one (not another list's rows).
  placeholderData: (previous, previousQuery) => (previousQuery?.queryKey[1] === list ? previous : undefined),
});

/** GET /api/worklists answers { lists: [{ name, label, count }] }; a bare list or a name → count map is read too. */
export function normaliseCounts(body: unknown): WorklistCount[] {
  const o = body && typeof body === 'object' && !Array.isArray(body) ? body as Record<string, unknown> : null;
  const inner = o && ('lists' in o || 'counts' in o) ? (o.lists ?? o.counts) : body;
  if (Array.isArray(inner)) {
    return (inner as Record<string, unknown>[]).flatMap((item) => {
      const name = item.name ?? item.list ?? item.id;
      const count = item.count ?? item.total;
      return typeof name === 'string' && typeof count === 'number' ? [{ name, label: typeof item.label === 'string' ? item.label : name, count }] : [];
    });
  }
  if (inner && typeof inner === 'object') {
    return Object.entries(inner).flatMap(([name, count]) => (typeof count === 'number' ? [{ name, label: name, count }] : []));
  }
  return [];
}

// ── Catalogue: pathways, community services, prior approval ───────────────────────────────────

export const usePathways = (enabled = true) => useQuery({
  queryKey: referralKeys.pathways,
  queryFn: async ({ signal }) => listOf<Pathway>(await api.get<unknown>('/api/pathways', signal), 'pathways'),
  enabled,
});

export const usePathway = (code: string) => useQuery({
  queryKey: referralKeys.pathway(code),
  queryFn: ({ signal }) => api.get<Pathway>(`/api/pathways/${encodeURIComponent(code)}`, signal),
  staleTime: 0,
});

export interface PathwayChange { name: string; tfc: string; description: string; criteria: PathwayCriterion[]; version: number; active?: boolean }

export function useSavePathway(code: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (change: PathwayChange) => api.put<Pathway>(`/api/pathways/${encodeURIComponent(code)}`, change),
    onSuccess: (pathway) => {
      client.setQueryData(referralKeys.pathway(code), pathway);
      void client.invalidateQueries({ queryKey: referralKeys.pathways, exact: true });
    },
  });
}

export type NewPathway = Omit<PathwayChange, 'version'> & { code: string };

export function useCreatePathway() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (pathway: NewPathway) => api.post<Pathway>('/api/pathways', pathway),
    onSuccess: (pathway) => {
      client.setQueryData(referralKeys.pathway(pathway.code), pathway);
      void client.invalidateQueries({ queryKey: referralKeys.pathways, exact: true });
    },
  });
}

export const useCommunityServices = (enabled = true) => useQuery({
  queryKey: referralKeys.communityServices,
  queryFn: async ({ signal }) => listOf<CommunityService>(await api.get<unknown>('/api/community-services', signal), 'services'),
  enabled,
});

export const usePriorApprovalProcedures = (enabled = true) => useQuery({
  queryKey: referralKeys.priorApprovals,
  queryFn: async ({ signal }) => listOf<PriorApprovalProcedure>(await api.get<unknown>('/api/prior-approval-procedures', signal), 'procedures'),
  enabled,
});

/** PUT /api/community-services/:code: the whole service, added or changed. */
export interface CommunityServiceChange { name: string; tfc: string | null; providerCode: string | null; description: string }

export function useSaveCommunityService() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ code, change }: { code: string; change: CommunityServiceChange }) =>
      api.put<CommunityService>(`/api/community-services/${encodeURIComponent(code)}`, change),
    onSuccess: () => client.invalidateQueries({ queryKey: referralKeys.communityServices }),
  });
}

export function useRemoveCommunityService() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (code: string) => api.delete(`/api/community-services/${encodeURIComponent(code)}`),
    onSuccess: () => client.invalidateQueries({ queryKey: referralKeys.communityServices }),
  });
}

/** PUT /api/prior-approval-procedures/:code: the whole entry, added or changed. */
export interface PriorApprovalChange { name: string; tfc: string | null; criteria: string }

export function useSavePriorApproval() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ code, change }: { code: string; change: PriorApprovalChange }) =>
      api.put<PriorApprovalProcedure>(`/api/prior-approval-procedures/${encodeURIComponent(code)}`, change),
    onSuccess: () => client.invalidateQueries({ queryKey: referralKeys.priorApprovals }),
  });
}

export function useRemovePriorApproval() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (code: string) => api.delete(`/api/prior-approval-procedures/${encodeURIComponent(code)}`),
    onSuccess: () => client.invalidateQueries({ queryKey: referralKeys.priorApprovals }),
  });
}

// ── Notifications (practice users) ────────────────────────────────────────────────────────────

export const useNotifications = (enabled = true) => useQuery({
  queryKey: referralKeys.notifications,
  queryFn: async ({ signal }) => normaliseNotifications(await api.get<unknown>('/api/notifications', signal)),
  enabled,
  staleTime: 0,
});

/** Marks the given notifications as read, one request each. */
export function useMarkNotificationsRead() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (ids: (number | string)[]) => Promise.all(ids.map((id) => api.post<unknown>(`/api/notifications/${encodeURIComponent(String(id))}/read`))),
    onSuccess: () => client.invalidateQueries({ queryKey: referralKeys.notifications }),
  });
}

export interface Notifications { unread: number; notifications: AppNotification[] }

/** GET /api/notifications answers { unread, notifications }. */
function normaliseNotifications(body: unknown): Notifications {
  const notifications = listOf<Record<string, unknown>>(body, 'notifications').map((n): AppNotification => ({
    id: (n.id as number | string) ?? `${String(n.at)}-${String(n.message)}`,
    referralId: (n.referralId ?? n.referral_id ?? null) as string | null,
    reference: (n.reference ?? null) as string | null,
    at: String(n.at ?? n.createdAt ?? ''),
    message: String(n.message ?? ''),
    read: typeof n.read === 'boolean' ? n.read : Boolean(n.readAt ?? n.read_at),
  }));
  const unread = body && typeof body === 'object' && typeof (body as { unread?: unknown }).unread === 'number'
    ? (body as { unread: number }).unread : notifications.filter((n) => !n.read).length;
  return { unread, notifications };
}

/** A list as an array, or wrapped as { <name> } / { items } / { rows }. */
function listOf<T>(body: unknown, name: string): T[] {
  if (Array.isArray(body)) return body as T[];
  if (body && typeof body === 'object') {
    const o = body as Record<string, unknown>;
    const wrapped = o[name] ?? o.items ?? o.rows;
    if (Array.isArray(wrapped)) return wrapped as T[];
  }
  return [];
}

// ── Bulk upload (practices) ───────────────────────────────────────────────────────────────────

/** Sends referrals.csv to POST /api/referrals/imports, with upload progress. */
export const uploadReferrals = (_kind: 'referrals', file: File, handlers: UploadHandlers = {}) =>
  uploadCsv<ReferralImportReport>('/api/referrals/imports', file, handlers);

/** After a bulk upload: the practice's lists and notifications may have changed. */
export function invalidateAfterReferralUpload(client: QueryClient) {
  for (const key of [['referrals', 'list'], ['worklists'], referralKeys.notifications]) void client.invalidateQueries({ queryKey: key });
}
