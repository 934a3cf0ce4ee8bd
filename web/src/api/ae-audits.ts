/**
 * A&E audit sheets (REF-10): the shapes the server sends (src/server/insight/ae-audit-routes.ts)
 * and TanStack Query hooks over them.
 */
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, withQuery } from './client.js';

export type AuditStatus = 'open' | 'completed';
export type CouldSee = 'yes' | 'no' | 'unsure';
export type AeOutcome = 'discharged' | 'admitted' | 'referred' | 'left' | 'other';
export type Sex = 'M' | 'F';

export interface AeAuditHeader {
  id: number;
  practiceCode: string;
  practiceName: string;
  groupCode: string;
  groupName: string;
  title: string;
  periodStart: string;
  periodEnd: string;
  status: AuditStatus;
  entryCount: number;
  createdBy: string;
  createdAt: string;
  completedBy: string | null;
  completedAt: string | null;
}

export interface AeAuditEntry {
  id: number;
  /** the NHS number for the audit's own practice; a pseudonymous label (P-…) for everyone else */
  patient: string;
  reidentified: boolean;
  ageBand: string;
  sex: Sex;
  /** UK local time, YYYY-MM-DDTHH:MM */
  attendedAt: string;
  inHours: boolean;
  reason: string;
  primaryCareCouldSee: CouldSee;
  outcome: AeOutcome;
  outcomeLabel: string;
  notes: string;
  recordedBy: string;
  recordedAt: string;
}

export interface AeAuditChoices {
  reasons: string[];
  outcomes: { value: AeOutcome; label: string }[];
  couldSee: { value: CouldSee; label: string }[];
  sexes: { value: Sex; label: string }[];
  ageBands: string[];
  inHoursRule: string;
}

export interface AeAuditSheet extends AeAuditHeader { entries: AeAuditEntry[]; choices: AeAuditChoices }

export interface AeEntryInput {
  nhsNumber: string;
  dateOfBirth: string | null;
  ageBand: string | null;
  sex: Sex;
  attendedAt: string;
  reason: string;
  primaryCareCouldSee: CouldSee;
  outcome: AeOutcome;
  notes: string;
}

export interface AeFigures {
  attendances: number;
  couldSee: Record<CouldSee, number>;
  shareCouldSee: number | null;
  shareInterval: { lower: number; upper: number } | null;
  inHours: number;
  outOfHours: number;
  byOutcome: Record<AeOutcome, number>;
  topReasons: { reason: string; attendances: number }[];
  byAgeGroup: { ageGroup: string; attendances: number }[];
}

export interface AePracticeFigures extends AeFigures { practiceCode: string; practiceName: string; audits: number }

export interface AeSummary {
  from: string;
  to: string;
  status: 'completed' | 'all';
  practices: AePracticeFigures[];
  overall: AeFigures & { label: string; practices: number; audits: number };
}

export interface AeSummaryQuery { from: string; to: string; practice?: string; group?: string; status?: 'completed' | 'all' }

export const OUTCOME_LABELS: Record<AeOutcome, string> = {
  discharged: 'Discharged',
  admitted: 'Admitted',
  referred: 'Referred on (clinic, GP or another service)',
  left: 'Left before being seen',
  other: 'Other',
};
export const AE_OUTCOMES = Object.keys(OUTCOME_LABELS) as AeOutcome[];

export const aeAuditKeys = {
  all: ['ae-audits'] as const,
  list: (practice: string, group: string) => ['ae-audits', 'list', practice, group] as const,
  sheet: (id: number) => ['ae-audits', 'sheet', id] as const,
  summary: (q: AeSummaryQuery) => ['ae-audits', 'summary', q.from, q.to, q.practice ?? '', q.group ?? '', q.status ?? 'completed'] as const,
};

export const useAeAudits = (practice = '', group = '') => useQuery({
  queryKey: aeAuditKeys.list(practice, group),
  queryFn: ({ signal }) => api.get<AeAuditHeader[]>(withQuery('/api/ae-audits', { practice, group }), signal),
  placeholderData: keepPreviousData,
});

export const useAeAudit = (id: number) => useQuery({
  queryKey: aeAuditKeys.sheet(id),
  queryFn: ({ signal }) => api.get<AeAuditSheet>(`/api/ae-audits/${id}`, signal),
  enabled: Number.isInteger(id) && id > 0,
});

const summaryParams = (q: AeSummaryQuery) => ({ from: q.from, to: q.to, practice: q.practice, group: q.group, status: q.status === 'all' ? 'all' : undefined });

export const useAeSummary = (q: AeSummaryQuery) => useQuery({
  queryKey: aeAuditKeys.summary(q),
  queryFn: ({ signal }) => api.get<AeSummary>(withQuery('/api/ae-audits/summary', summaryParams(q)), signal),
  placeholderData: keepPreviousData,
});

export const aeSummaryDownloadUrl = (format: 'csv' | 'xlsx', q: AeSummaryQuery) => withQuery('/api/ae-audits/summary', { ...summaryParams(q), format });

function useAeMutation<I, O>(mutationFn: (input: I) => Promise<O>) {
  const client = useQueryClient();
  return useMutation({ mutationFn, onSuccess: () => client.invalidateQueries({ queryKey: aeAuditKeys.all }) });
}

export const useStartAeAudit = () => useAeMutation((input: { title: string; periodStart: string; periodEnd: string }) => api.post<AeAuditHeader>('/api/ae-audits', input));

export const useAddAeEntry = (auditId: number) => useAeMutation((input: AeEntryInput) => api.post<AeAuditEntry>(`/api/ae-audits/${auditId}/entries`, input));

export const useUpdateAeEntry = (auditId: number) => useAeMutation(({ id, ...input }: AeEntryInput & { id: number }) =>
  api.put<AeAuditEntry>(`/api/ae-audits/${auditId}/entries/${id}`, input));

export const useDeleteAeEntry = (auditId: number) => useAeMutation((entryId: number) => api.delete(`/api/ae-audits/${auditId}/entries/${entryId}`));

export const useCompleteAeAudit = (auditId: number) => useAeMutation(() => api.post<AeAuditHeader>(`/api/ae-audits/${auditId}/complete`));
