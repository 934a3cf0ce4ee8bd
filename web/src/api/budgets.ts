/**
 * Budget setting, monitoring, savings and scenarios (FIN-2 to FIN-5, FIN-8, FIN-10;
 * src/server/budgets/budget-routes.ts): types, TanStack Query hooks and download addresses.
 * Money is integer pence in every shape here; fractions (pace, floor, top slice) are 0 to 1.
 */
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, withQuery } from './client.js';
import type { ExportFormat, Pod, Rag } from './activity.js';

export type ServiceLine = 'elective' | 'non_elective' | 'outpatients' | 'ae' | 'prescribing' | 'community' | 'mental_health';
export type BudgetStatus = 'draft' | 'reviewed' | 'published' | 'superseded';
export type SharingRule = 'individual' | 'group' | 'group_with_pool';
export type ReinvestmentRule = 'one_pot' | 'split';
export type VariationMethod = 'allocation' | 'transfer' | 'correction' | 'service_change' | 'other';
export type HistoricSource = 'auto' | 'activity' | 'imported';

export interface BudgetReference {
  serviceLines: { serviceLine: ServiceLine; label: string; pods: Pod[] }[];
  sharingRules: { rule: SharingRule; description: string }[];
  reinvestmentRules: { rule: ReinvestmentRule; description: string }[];
  variationMethods: { method: VariationMethod; label: string }[];
  settingRule: string[];
}

export interface ScopeReport {
  year: string;
  rows: { id: number; serviceLine: ServiceLine; label: string; tfcs: string[] | null; level: 'practice' | 'group'; devolvedFrom: string }[];
  lines: { serviceLine: ServiceLine; label: string; devolved: boolean; tfcs: string[] | null; level: 'practice' | 'group' }[];
}

export interface SettingSummary {
  id: number;
  year: string;
  serviceLine: ServiceLine;
  serviceLineLabel: string;
  version: number;
  status: BudgetStatus;
  commissionerTotalPence: number;
  topSlicePence: number;
  practicesTotalPence: number;
  historicTotalPence: number;
  growthPence: number;
  variationsPence: number;
  pace: number;
  floorPercent: number;
  populationPeriod: string | null;
  phasing: 'even' | 'profile';
  profile: number[] | null;
  topSlicePercent: number;
  highCostThresholdPence: number | null;
  sharingRule: SharingRule;
  reinvestmentRule: ReinvestmentRule;
  practiceSharePercent: number | null;
  historicYear: string;
  historicSource: 'activity' | 'imported' | 'mixed';
  scope: { tfcs: string[] | null; level: 'practice' | 'group'; description: string };
  basedOnId: number | null;
  notes: string;
  practiceCount: number;
  createdBy: string;
  createdAt: string;
  reviewedBy: string | null;
  reviewedAt: string | null;
  publishedBy: string | null;
  publishedAt: string | null;
  supersededAt: string | null;
}

export interface BudgetTotals { historicPence: number; fairSharePence: number; budgetPence: number; changePence: number; practices: number; variationsPence: number; currentBudgetPence: number }

export interface PracticeBudgetRow {
  practiceCode: string;
  practiceName: string;
  groupCode: string;
  groupName: string;
  historicPence: number;
  fairSharePence: number;
  budgetPence: number;
  changePence: number;
  changePercent: number | null;
  /** historic − fair share: positive = above target */
  distanceFromTargetPence: number;
  floorApplied: boolean;
  variationsPence: number;
  currentBudgetPence: number;
}

export interface BudgetVariation { id: number; practiceCode: string; fromMonth: number; amountPence: number; reason: string; method: VariationMethod; recordedBy: string; recordedAt: string }

export interface SettingView extends SettingSummary {
  practices: PracticeBudgetRow[];
  groups: (BudgetTotals & { groupCode: string; groupName: string })[];
  total: BudgetTotals;
  variations: BudgetVariation[];
  rule: string[];
}

export interface DraftInput {
  year: string;
  serviceLine: ServiceLine;
  commissionerTotalPence: number;
  pace: number;
  floorPercent: number;
  populationPeriod?: string | null;
  phasing: 'even' | 'profile';
  profile?: number[] | null;
  topSlicePercent: number;
  highCostThresholdPence?: number | null;
  sharingRule: SharingRule;
  reinvestmentRule: ReinvestmentRule;
  practiceSharePercent?: number | null;
  historicSource: HistoricSource;
  basedOnId?: number | null;
  notes?: string;
}

export interface VariationInput { practiceCode: string; fromMonth: number; amountPence: number; reason: string; method: VariationMethod }

export interface BudgetSeries {
  budgetByMonth: number[];
  spendByMonth: number[];
  yearBudgetPence: number;
  ytdBudgetPence: number;
  ytdSpendPence: number;
  variancePence: number;
  variancePercent: number | null;
  rag: Rag;
  forecast: { straightLinePence: number | null; seasonalPence: number | null };
  forecastVariance: { straightLinePence: number | null; seasonalPence: number | null };
}

export interface BudgetMonitoringReport {
  year: string;
  monthsElapsed: number;
  period: string | null;
  months: { month: number; label: string }[];
  methods: { straight_line: string; seasonal: string };
  rag: { greenWithinPercent: number; amberWithinPercent: number };
  serviceLines: (BudgetSeries & { serviceLine: ServiceLine; label: string; settingId: number; version: number; topSlicePence: number; pods: Pod[]; tfcs: string[] | null })[];
  practices: (BudgetSeries & {
    practiceCode: string; practiceName: string; groupCode: string; groupName: string; unbudgeted: boolean;
    lines: (BudgetSeries & { serviceLine: ServiceLine; ytdUnpricedLines: number; ytdOtherSpendPence: number })[];
  })[];
  groups: (BudgetSeries & { groupCode: string; groupName: string; practices: number })[];
  total: BudgetSeries;
}

export interface SavingsFields { budgetPence: number; outturnPence: number; highCostExcessPence: number; savingsPence: number; reinvestablePence: number; commissionerPence: number }

export interface Proposal {
  id: number;
  year: string;
  groupCode: string;
  groupName: string;
  title: string;
  amountPence: number;
  status: 'proposed' | 'approved' | 'rejected';
  proposedBy: string;
  proposedAt: string;
  decidedBy: string | null;
  decidedAt: string | null;
  notes: string;
}

export interface SavingsReport {
  year: string;
  monthsElapsed: number;
  basis: 'actual' | 'forecast' | 'none';
  settings: {
    settingId: number; serviceLine: ServiceLine; label: string; version: number; sharingRule: SharingRule; sharingRuleDescription: string;
    reinvestmentRule: ReinvestmentRule; reinvestmentRuleDescription: string; practiceSharePercent: number | null; highCostThresholdPence: number | null;
    pool: { topSlicePence: number; chargedPence: number; balancePence: number; toGroupsPence: number; toCommissionerPence: number };
    totals: SavingsFields;
  }[];
  practices: (SavingsFields & { practiceCode: string; practiceName: string; groupCode: string; groupName: string; sharedPence: number })[];
  groups: (SavingsFields & { groupCode: string; groupName: string; practices: number; approvedPence: number; proposedPence: number; headroomPence: number })[];
  total: SavingsFields & { approvedPence: number; proposedPence: number };
  proposals: Proposal[];
}

export type ScenarioMeasure = 'new_outpatients' | 'follow_ups' | 'c2c_first' | 'unplanned_admissions';
export interface MeasureValue { lines: number; costPence: number; reducedLines: number; valuePence: number }
export interface ScenarioRow { measures: Record<ScenarioMeasure, MeasureValue>; costPence: number; valuePence: number }
export interface ScenarioReport {
  year: string;
  percent: number;
  measures: { measure: ScenarioMeasure; label: string }[];
  practices: (ScenarioRow & { code: string; practiceName: string; groupCode: string; groupName: string })[];
  groups: (ScenarioRow & { groupCode: string; groupName: string; practices: number })[];
  total: ScenarioRow;
}

// ---------------------------------------------------------------------------------------------
// Addresses

export interface MonitoringParams { year: string; serviceLine?: string; practice?: string; group?: string }

export const settingUrl = (id: number, format?: ExportFormat) => withQuery(`/api/budgets/settings/${id}`, { format });
export const monitoringUrl = (p: MonitoringParams, format?: ExportFormat) =>
  withQuery('/api/budgets/monitoring', { year: p.year, serviceLine: p.serviceLine, practice: p.practice, group: p.group, format });
export const savingsUrl = (year: string, format?: ExportFormat) => withQuery('/api/budgets/savings', { year, format });
export const scenariosUrl = (year: string, percent: string, format?: ExportFormat) => withQuery('/api/budgets/scenarios', { year, percent, format });

// ---------------------------------------------------------------------------------------------
// Hooks

export const budgetKeys = {
  all: ['budgets'] as const,
  reference: ['budgets', 'reference'] as const,
  scope: (year: string) => ['budgets', 'scope', year] as const,
  settings: (year: string) => ['budgets', 'settings', year] as const,
  setting: (id: number) => ['budgets', 'setting', id] as const,
  monitoring: (p: MonitoringParams) => ['budgets', 'monitoring', p] as const,
  savings: (year: string) => ['budgets', 'savings', year] as const,
  scenarios: (year: string, percent: string) => ['budgets', 'scenarios', year, percent] as const,
};

export const useBudgetReference = () => useQuery({
  queryKey: budgetKeys.reference, queryFn: ({ signal }) => api.get<BudgetReference>('/api/budgets/reference', signal), staleTime: 60 * 60_000,
});

export const useBudgetScope = (year: string) => useQuery({
  queryKey: budgetKeys.scope(year), queryFn: ({ signal }) => api.get<ScopeReport>(withQuery('/api/budgets/scope', { year }), signal),
});

export const useBudgetSettings = (year: string) => useQuery({
  queryKey: budgetKeys.settings(year), queryFn: ({ signal }) => api.get<SettingSummary[]>(withQuery('/api/budgets/settings', { year }), signal),
});

export const useBudgetSetting = (id: number) => useQuery({
  queryKey: budgetKeys.setting(id), queryFn: ({ signal }) => api.get<SettingView>(settingUrl(id), signal), enabled: Number.isInteger(id) && id > 0,
});

export const useBudgetMonitoring = (p: MonitoringParams) => useQuery({
  queryKey: budgetKeys.monitoring(p), queryFn: ({ signal }) => api.get<BudgetMonitoringReport>(monitoringUrl(p), signal), placeholderData: keepPreviousData,
});

export const useSavings = (year: string) => useQuery({
  queryKey: budgetKeys.savings(year), queryFn: ({ signal }) => api.get<SavingsReport>(savingsUrl(year), signal),
});

export const useScenarios = (year: string, percent: string) => useQuery({
  queryKey: budgetKeys.scenarios(year, percent), queryFn: ({ signal }) => api.get<ScenarioReport>(scenariosUrl(year, percent), signal),
  placeholderData: keepPreviousData,
});

/** After any budget change: the setting itself, and every list and report that reads budgets. */
function useBudgetsChanged() {
  const client = useQueryClient();
  /** `view`: the setting as the server now has it; `gone`: a setting that no longer exists (not fetched again). */
  return (view?: SettingView, gone?: number) => {
    if (view) client.setQueryData(budgetKeys.setting(view.id), view);
    const skip = view?.id ?? gone;
    void client.invalidateQueries({ queryKey: budgetKeys.all, predicate: (q) => !(skip !== undefined && q.queryKey[1] === 'setting' && q.queryKey[2] === skip) });
  };
}

export function useCreateDraft() {
  const changed = useBudgetsChanged();
  return useMutation({ mutationFn: (input: DraftInput) => api.post<SettingView>('/api/budgets/settings', input), onSuccess: (v) => changed(v) });
}

export function useReviewSetting() {
  const changed = useBudgetsChanged();
  return useMutation({ mutationFn: (id: number) => api.post<SettingView>(`/api/budgets/settings/${id}/review`), onSuccess: (v) => changed(v) });
}

export function usePublishSetting() {
  const changed = useBudgetsChanged();
  return useMutation({ mutationFn: (id: number) => api.post<SettingView>(`/api/budgets/settings/${id}/publish`), onSuccess: (v) => changed(v) });
}

export function useDiscardSetting() {
  const changed = useBudgetsChanged();
  return useMutation({ mutationFn: (id: number) => api.delete(`/api/budgets/settings/${id}`), onSuccess: (_result, id) => changed(undefined, id) });
}

export function useAddBudgetVariation() {
  const changed = useBudgetsChanged();
  return useMutation({
    mutationFn: ({ id, input }: { id: number; input: VariationInput }) => api.post<SettingView>(`/api/budgets/settings/${id}/variations`, input),
    onSuccess: (v) => changed(v),
  });
}

export function useCreateProposal() {
  const changed = useBudgetsChanged();
  return useMutation({
    mutationFn: (input: { year: string; groupCode: string; title: string; amountPence: number; notes?: string }) => api.post<Proposal>('/api/budgets/reinvestment', input),
    onSuccess: () => changed(),
  });
}

export function useDecideProposal() {
  const changed = useBudgetsChanged();
  return useMutation({
    mutationFn: ({ id, decision, notes }: { id: number; decision: 'approved' | 'rejected'; notes?: string }) => api.post<Proposal>(`/api/budgets/reinvestment/${id}/decision`, { decision, notes }),
    onSuccess: () => changed(),
  });
}

// ---------------------------------------------------------------------------------------------
// Words

export const STATUS_LABELS: Record<BudgetStatus, string> = { draft: 'Draft', reviewed: 'Reviewed', published: 'Published', superseded: 'Superseded' };
export const HISTORIC_SOURCE_LABELS: Record<SettingSummary['historicSource'], string> = { activity: 'last year’s activity', imported: 'imported figures', mixed: 'imported figures and last year’s activity' };
/** 0.02 → "2%" */
export const fractionPercent = (f: number) => `${(f * 100).toLocaleString('en-GB', { maximumFractionDigits: 4 })}%`;
