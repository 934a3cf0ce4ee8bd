/**
 * Activity, contract monitoring and contracts (ACT-4, ACT-5; src/server/activity/monitoring-routes.ts
 * and contract-routes.ts): their types, TanStack Query hooks, and the addresses of the downloads.
 * Money is integer pence in every shape here; the pages show and take pounds.
 */
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, withQuery } from './client.js';
import { uploadCsv, type UploadHandlers } from './upload.js';

export const PODS = ['OPFA', 'OPFU', 'OPPROC', 'DC', 'EL', 'NEL', 'AE'] as const;
export type Pod = (typeof PODS)[number];

export const POD_LABELS: Record<Pod, string> = {
  OPFA: 'Outpatient first attendance',
  OPFU: 'Outpatient follow-up',
  OPPROC: 'Outpatient procedure',
  DC: 'Day case',
  EL: 'Elective admission',
  NEL: 'Non-elective admission',
  AE: 'A&E attendance',
};

export const ACTIVITY_DIMENSIONS = ['provider', 'practice', 'group', 'tfc', 'pod', 'month'] as const;
export type ActivityDimension = (typeof ACTIVITY_DIMENSIONS)[number];

/** The group the server gives lines of practices outside the commissioner. */
export const OUT_OF_AREA = 'OUT_OF_AREA';

export type Rag = 'green' | 'amber' | 'red';
export type Phasing = 'even' | 'profile';
export type ExportFormat = 'csv' | 'xlsx';

// ---------------------------------------------------------------------------------------------
// Shapes

export interface CostFields {
  lines: number;
  pricedLines: number;
  /** lines with no tariff price: not in costPence */
  unpricedLines: number;
  costPence: number;
  providerChargedPence: number;
}

export interface SummaryRow extends CostFields {
  provider?: string;
  providerName?: string;
  practice?: string;
  practiceName?: string;
  group?: string;
  groupName?: string;
  /** '' = no specialty (A&E) */
  tfc?: string;
  tfcName?: string;
  pod?: Pod;
  podName?: string;
  /** 1 = April */
  month?: number;
  monthLabel?: string;
}

export interface ActivitySummary { year: string; by: ActivityDimension[]; rows: SummaryRow[]; total: CostFields }

export interface MonthFigures {
  month: number;
  label: string;
  planPence: number;
  actualPence: number;
  planVolume: number;
  actualVolume: number;
  unpricedLines: number;
}

export interface MonitoringSeries {
  months: MonthFigures[];
  yearPlanPence: number;
  ytdPlanPence: number;
  ytdActualPence: number;
  variancePence: number;
  variancePercent: number | null;
  rag: Rag;
  forecast: { straightLinePence: number | null; seasonalPence: number | null };
  forecastVariance: { straightLinePence: number | null; seasonalPence: number | null };
  yearPlanVolume: number;
  ytdPlanVolume: number;
  ytdActualVolume: number;
  ytdUnpricedLines: number;
}

export interface ProviderMonitoring extends MonitoringSeries {
  providerCode: string;
  providerName: string;
  contractId: number | null;
  reference: string | null;
  phasing: Phasing | null;
  outOfAreaLines: number;
  outOfAreaCostPence: number;
}

export interface LineMonitoring extends MonitoringSeries {
  kind: 'line' | 'variations' | 'unplanned';
  pod: Pod | null;
  podName: string;
  tfc: string;
  tfcName: string;
}

export interface MonitoringReport {
  year: string;
  monthsElapsed: number;
  period: string | null;
  methods: { straight_line: string; seasonal: string };
  rag: { greenWithinPercent: number; amberWithinPercent: number };
  providers: ProviderMonitoring[];
  total: MonitoringSeries;
  lines: LineMonitoring[] | null;
}

export interface ActivityLine {
  providerCode: string;
  activityId: string;
  practiceCode: string;
  inArea: boolean;
  patientPseudo: string;
  pod: Pod;
  tfc: string | null;
  hrg: string | null;
  activityDate: string;
  dischargeDate: string | null;
  month: number;
  primaryDiagnosis: string | null;
  primaryProcedure: string | null;
  referralSource: string | null;
  /** null = unpriced */
  tariffPricePence: number | null;
  providerPricePence: number | null;
  tariffBasis: string | null;
}

export interface LinesPage { page: number; pageSize: number; total: number; rows: ActivityLine[] }

export interface ContractLine { pod: Pod; podName?: string; tfc: string; tfcName?: string; plannedVolume: number; plannedValuePence: number }
export interface FollowUpCap { tfc: string; tfcName?: string; maxRatio: number }
export interface Kpi { id?: number; name: string; direction: '>=' | '<='; threshold: number; actual: number | null; period: string | null; met?: boolean | null }

export interface ContractSummary {
  id: number;
  providerCode: string;
  providerName: string;
  year: string;
  reference: string;
  phasing: Phasing;
  c2cAllowed: boolean;
  lineCount: number;
  plannedVolume: number;
  plannedValuePence: number;
  variationsPence: number;
  totalValuePence: number;
  updatedBy: string;
  updatedAt: string;
}

export interface Variation {
  id: number;
  effectiveFrom: string;
  effectiveMonth: number | null;
  reason: string;
  valueChangePence: number;
  recordedBy: string;
  recordedAt: string;
}

export interface ContractView extends ContractSummary {
  profile: number[] | null;
  lines: ContractLine[];
  followUpCaps: FollowUpCap[];
  kpis: Kpi[];
  variations: Variation[];
  monthly: { month: number; label: string; plannedVolume: number; plannedValuePence: number; variationsPence: number; totalValuePence: number }[];
}

/** What POST and PUT /api/contracts take. */
export interface ContractInput {
  providerCode: string;
  year: string;
  reference: string;
  phasing: Phasing;
  profile: number[] | null;
  c2cAllowed: boolean;
  lines: ContractLine[];
  followUpCaps: FollowUpCap[];
  kpis: Kpi[];
}

export interface VariationInput { effectiveFrom: string; reason: string; valueChangePence: number }

export interface LinesImportReport {
  contractId: number;
  fileName: string;
  status: 'succeeded' | 'failed';
  message: string;
  rowsRead: number;
  lines: number;
  replaced: number;
  plannedVolume: number;
  plannedValuePence: number;
  errors: { row?: number; column?: string; field?: string; value?: string; message: string }[];
  errorCount: number;
  warnings: string[];
}

// ---------------------------------------------------------------------------------------------
// Filters and addresses

/** Filters as they are in a page's address: strings, '' or absent = all. */
export interface ActivityFilterValues {
  year?: string;
  provider?: string;
  practice?: string;
  group?: string;
  tfc?: string;
  pod?: string;
  month?: string;
  unpriced?: string;
}

export const FILTER_NAMES = ['year', 'provider', 'practice', 'group', 'tfc', 'pod', 'month', 'unpriced'] as const;

const clean = (params: object): Record<string, string> =>
  Object.fromEntries(Object.entries(params).filter((e): e is [string, string] => typeof e[1] === 'string' && e[1] !== ''));

export const summaryUrl = (filters: ActivityFilterValues, by: string, format?: ExportFormat) =>
  withQuery('/api/activity/summary', { ...clean({ ...filters, unpriced: undefined }), by, format });

export const monitoringUrl = (params: { year?: string; provider?: string }, format?: ExportFormat) =>
  withQuery('/api/activity/monitoring', { ...clean(params), format });

export const linesUrl = (filters: ActivityFilterValues, page?: number, format?: ExportFormat) =>
  withQuery('/api/activity/lines', { ...clean(filters), page: page && page > 1 ? String(page) : undefined, format });

/** The drill-down page for the lines behind a total. */
export function linesPageUrl(filters: ActivityFilterValues): string {
  const search = new URLSearchParams(clean(filters));
  const qs = search.toString();
  return qs ? `/activity/lines?${qs}` : '/activity/lines';
}

// ---------------------------------------------------------------------------------------------
// Hooks

export const activityKeys = {
  all: ['activity'] as const,
  summary: (filters: ActivityFilterValues, by: string) => ['activity', 'summary', filters, by] as const,
  monitoring: (params: { year?: string; provider?: string }) => ['activity', 'monitoring', params] as const,
  lines: (filters: ActivityFilterValues, page: number) => ['activity', 'lines', filters, page] as const,
  contracts: (year: string) => ['contracts', 'list', year] as const,
  contract: (id: number) => ['contracts', 'one', id] as const,
};

export const useActivitySummary = (filters: ActivityFilterValues, by: string) => useQuery({
  queryKey: activityKeys.summary(filters, by),
  queryFn: ({ signal }) => api.get<ActivitySummary>(summaryUrl(filters, by), signal),
  placeholderData: keepPreviousData,
});

export const useContractMonitoring = (params: { year?: string; provider?: string }, enabled: boolean) => useQuery({
  queryKey: activityKeys.monitoring(params),
  queryFn: ({ signal }) => api.get<MonitoringReport>(monitoringUrl(params), signal),
  enabled,
  placeholderData: keepPreviousData,
});

export const useActivityLines = (filters: ActivityFilterValues, page: number) => useQuery({
  queryKey: activityKeys.lines(filters, page),
  queryFn: ({ signal }) => api.get<LinesPage>(linesUrl(filters, page), signal),
  placeholderData: keepPreviousData,
});

export const useContracts = (year: string) => useQuery({
  queryKey: activityKeys.contracts(year),
  queryFn: ({ signal }) => api.get<ContractSummary[]>(withQuery('/api/contracts', { year }), signal),
});

export const useContract = (id: number) => useQuery({
  queryKey: activityKeys.contract(id),
  queryFn: ({ signal }) => api.get<ContractView>(`/api/contracts/${id}`, signal),
  enabled: Number.isInteger(id) && id > 0,
});

/** After a contract changes: its own cache, the lists, and the monitoring views that use its plan. */
function useContractChanged() {
  const client = useQueryClient();
  return (contract: ContractView) => {
    client.setQueryData(activityKeys.contract(contract.id), contract);
    void client.invalidateQueries({ queryKey: ['contracts', 'list'] });
    void client.invalidateQueries({ queryKey: ['activity', 'monitoring'] });
  };
}

export function useCreateContract() {
  const changed = useContractChanged();
  return useMutation({ mutationFn: (input: ContractInput) => api.post<ContractView>('/api/contracts', input), onSuccess: changed });
}

export function useUpdateContract() {
  const changed = useContractChanged();
  return useMutation({
    mutationFn: ({ id, input }: { id: number; input: ContractInput }) => api.put<ContractView>(`/api/contracts/${id}`, input),
    onSuccess: changed,
  });
}

export function useAddVariation() {
  const changed = useContractChanged();
  return useMutation({
    mutationFn: ({ id, input }: { id: number; input: VariationInput }) => api.post<ContractView>(`/api/contracts/${id}/variations`, input),
    onSuccess: changed,
  });
}

/** The contract's whole input, from what GET /api/contracts/:id answered (to PUT it back changed). */
export function inputOf(contract: ContractView): ContractInput {
  return {
    providerCode: contract.providerCode, year: contract.year, reference: contract.reference, phasing: contract.phasing, profile: contract.profile,
    c2cAllowed: contract.c2cAllowed,
    lines: contract.lines.map(({ pod, tfc, plannedVolume, plannedValuePence }) => ({ pod, tfc, plannedVolume, plannedValuePence })),
    followUpCaps: contract.followUpCaps.map(({ tfc, maxRatio }) => ({ tfc, maxRatio })),
    kpis: contract.kpis.map(({ name, direction, threshold, actual, period }) => ({ name, direction, threshold, actual, period })),
  };
}

/** Sends a contract-lines CSV (it replaces the contract's lines when every row is good). */
export function uploadContractLines(contractId: string, file: File, handlers: UploadHandlers = {}) {
  return uploadCsv<LinesImportReport>(`/api/contracts/${encodeURIComponent(contractId)}/lines.csv`, file, handlers);
}
