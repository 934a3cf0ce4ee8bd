/**
 * Allowances (FIN-6), DES payments and invoices (FIN-7) and running costs (FIN-9): the shapes the
 * server sends (src/server/budgets/*-routes.ts) and TanStack Query hooks over them. Money is in
 * integer pence both ways.
 */
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, withQuery } from './client.js';

// ── Allowances ──────────────────────────────────────────────────────────────────────────────────

export const ALLOWANCE_CONDITIONS = ['budget_held', 'locality_participation', 'plan_signed_off', 'milestones_met'] as const;
export type AllowanceCondition = (typeof ALLOWANCE_CONDITIONS)[number];

export const CONDITION_LABELS: Record<AllowanceCondition, string> = {
  budget_held: 'Budget held',
  locality_participation: 'Locality participation',
  plan_signed_off: 'Plan signed off',
  milestones_met: 'Milestones met',
};

export type AllowanceKind = 'per_practice_recurrent' | 'start_up' | 'percent_of_service_budget' | 'percent_of_allowance';
export type AllowanceStatus = 'earned' | 'not_yet_earned' | 'not_applicable';

export interface AllowanceScheme {
  code: string;
  name: string;
  kind: AllowanceKind;
  amountPence: number | null;
  lateJoinerAmountPence: number | null;
  lateFromMonth: number | null;
  percent: number | null;
  ofScheme: string | null;
  conditions: AllowanceCondition[];
  active: boolean;
  sortOrder: number;
}

export interface AllowanceLine {
  schemeCode: string;
  schemeName: string;
  kind: AllowanceKind;
  amountPence: number;
  basis: string;
  status: AllowanceStatus;
  statusLabel: string;
  conditions: { condition: AllowanceCondition; state: 'met' | 'not_met' | 'not_recorded' }[];
  missing: AllowanceCondition[];
  waitingFor: string | null;
  reason: string | null;
}

export interface ConditionEvidence {
  condition: AllowanceCondition;
  conditionLabel: string;
  met: boolean;
  evidence: string;
  recordedBy: string;
  recordedAt: string;
}

export interface PracticeAllowances {
  practiceCode: string;
  practiceName: string;
  groupCode: string;
  groupName: string;
  participating: boolean;
  joinedOn: string | null;
  leftOn: string | null;
  joinedMonth: number | null;
  serviceBudgetPence: number | null;
  lines: AllowanceLine[];
  earnedPence: number;
  notYetEarnedPence: number;
  evidence: ConditionEvidence[];
}

export interface AllowanceTotals {
  practices: number;
  participating: number;
  earnedPence: number;
  notYetEarnedPence: number;
  bySchemes: { schemeCode: string; schemeName: string; earnedPence: number; notYetEarnedPence: number; practicesEarned: number }[];
}

export interface AllowanceReport {
  year: string;
  inheritedFrom: string | null;
  schemes: AllowanceScheme[];
  serviceBudgetNote: string | null;
  practices: PracticeAllowances[];
  totals: AllowanceTotals;
}

export interface AllowanceStatement extends AllowanceReport { practice: PracticeAllowances }

export const allowanceKeys = {
  all: ['allowances'] as const,
  report: (year: string, group: string) => ['allowances', 'report', year, group] as const,
  statement: (practiceCode: string, year: string) => ['allowances', 'statement', practiceCode, year] as const,
};

export const useAllowances = (year: string, group = '') => useQuery({
  queryKey: allowanceKeys.report(year, group),
  queryFn: ({ signal }) => api.get<AllowanceReport>(withQuery('/api/allowances', { year, group }), signal),
  placeholderData: keepPreviousData,
});

export const useAllowanceStatement = (practiceCode: string, year: string) => useQuery({
  queryKey: allowanceKeys.statement(practiceCode, year),
  queryFn: ({ signal }) => api.get<AllowanceStatement>(withQuery(`/api/allowances/statement/${encodeURIComponent(practiceCode)}`, { year }), signal),
});

export const allowancesDownloadUrl = (format: 'csv' | 'xlsx', year: string, group = '') => withQuery('/api/allowances', { year, group, format });
export const statementDownloadUrl = (format: 'csv' | 'xlsx', practiceCode: string, year: string) =>
  withQuery(`/api/allowances/statement/${encodeURIComponent(practiceCode)}`, { year, format });

export interface EvidenceInput { practiceCode: string; year: string; condition: AllowanceCondition; met: boolean; evidence: string }

export function useRecordEvidence() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: EvidenceInput) => api.post<ConditionEvidence>('/api/allowances/evidence', input),
    onSuccess: () => client.invalidateQueries({ queryKey: allowanceKeys.all }),
  });
}

export interface ParticipationInput { practiceCode: string; year: string; joinedOn: string; leftOn: string | null }

export function useSetParticipation() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ practiceCode, ...body }: ParticipationInput) => api.put<ParticipationInput>(`/api/allowances/participation/${encodeURIComponent(practiceCode)}`, body),
    onSuccess: () => client.invalidateQueries({ queryKey: allowanceKeys.all }),
  });
}

// ── DES payments, the pot and invoices ─────────────────────────────────────────────────────────

export const INVOICE_STATUSES = ['submitted', 'approved', 'rejected', 'paid'] as const;
export type InvoiceStatus = (typeof INVOICE_STATUSES)[number];
export const INVOICE_STATUS_LABELS: Record<InvoiceStatus, string> = { submitted: 'Awaiting approval', approved: 'Approved', rejected: 'Rejected', paid: 'Paid' };

export interface PotFigures {
  payments: number;
  paymentsPence: number;
  directPence: number;
  heldPence: number;
  approvedPence: number;
  paidPence: number;
  awaitingPence: number;
  rejectedPence: number;
  remainingPence: number;
}

export interface DesPot extends PotFigures {
  year: string;
  groupCode: string | null;
  groups: (PotFigures & { groupCode: string; groupName: string })[];
}

export interface DesInvoice {
  id: number;
  groupCode: string;
  groupName: string;
  practiceCode: string | null;
  practiceName: string | null;
  year: string;
  supplier: string;
  description: string;
  amountPence: number;
  status: InvoiceStatus;
  statusLabel: string;
  submittedBy: string;
  submittedAt: string;
  decidedBy: string | null;
  decidedAt: string | null;
  notes: string;
  paidBy: string | null;
  paidAt: string | null;
}

export const desKeys = {
  all: ['des'] as const,
  pot: (year: string, group: string) => ['des', 'pot', year, group] as const,
  invoices: (year: string, group: string) => ['des', 'invoices', year, group] as const,
};

export const useDesPot = (year: string, group = '') => useQuery({
  queryKey: desKeys.pot(year, group),
  queryFn: ({ signal }) => api.get<DesPot>(withQuery('/api/des/pot', { year, group }), signal),
  placeholderData: keepPreviousData,
});

export const useDesInvoices = (year: string, group = '') => useQuery({
  queryKey: desKeys.invoices(year, group),
  queryFn: ({ signal }) => api.get<DesInvoice[]>(withQuery('/api/des/invoices', { year, group }), signal),
  placeholderData: keepPreviousData,
});

export const invoicesDownloadUrl = (format: 'csv' | 'xlsx', year: string, group = '') => withQuery('/api/des/invoices', { year, group, format });

export interface InvoiceInput { year: string; groupCode?: string | null; practiceCode?: string | null; supplier: string; description: string; amountPence: number }

/** Every change to an invoice changes the pot too: both are fetched again. */
function useDesMutation<I, O>(mutationFn: (input: I) => Promise<O>) {
  const client = useQueryClient();
  return useMutation({ mutationFn, onSuccess: () => client.invalidateQueries({ queryKey: desKeys.all }) });
}

export const useSubmitInvoice = () => useDesMutation((input: InvoiceInput) => api.post<DesInvoice>('/api/des/invoices', input));

export const useDecideInvoice = () => useDesMutation(({ id, decision, notes }: { id: number; decision: 'approved' | 'rejected'; notes: string }) =>
  api.post<DesInvoice>(`/api/des/invoices/${id}/decision`, { decision, notes }));

export const useMarkInvoicePaid = () => useDesMutation(({ id, notes }: { id: number; notes: string }) => api.post<DesInvoice>(`/api/des/invoices/${id}/paid`, { notes }));

// ── Running costs ───────────────────────────────────────────────────────────────────────────────

export interface RunningCostLine {
  id: number;
  year: string;
  heading: string;
  line: string;
  budgetPence: number;
  spentPence: number;
  remainingPence: number;
  sortOrder: number;
  updatedBy: string;
  updatedAt: string;
}

export interface RunningCostTotals { budgetPence: number; spentPence: number; remainingPence: number }

export interface RunningCosts extends RunningCostTotals {
  year: string;
  headings: (RunningCostTotals & { heading: string; lines: RunningCostLine[] })[];
}

export const runningCostKeys = { all: ['running-costs'] as const, year: (year: string) => ['running-costs', year] as const };

export const useRunningCosts = (year: string) => useQuery({
  queryKey: runningCostKeys.year(year),
  queryFn: ({ signal }) => api.get<RunningCosts>(withQuery('/api/running-costs', { year }), signal),
  placeholderData: keepPreviousData,
});

export const runningCostsDownloadUrl = (format: 'csv' | 'xlsx', year: string) => withQuery('/api/running-costs', { year, format });

export interface RunningCostInput { heading: string; line: string; budgetPence: number; spentPence: number }

export function useAddRunningCost() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: RunningCostInput & { year: string }) => api.post<RunningCostLine>('/api/running-costs', input),
    onSuccess: () => client.invalidateQueries({ queryKey: runningCostKeys.all }),
  });
}

export function useUpdateRunningCost() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, ...input }: RunningCostInput & { id: number; sortOrder: number }) => api.put<RunningCostLine>(`/api/running-costs/${id}`, input),
    onSuccess: () => client.invalidateQueries({ queryKey: runningCostKeys.all }),
  });
}
