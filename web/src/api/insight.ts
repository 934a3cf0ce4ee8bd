/**
 * Insight (issue 7): measures as versioned data, the comparison of practices (funnel, deciles),
 * a practice's trend against its peers and change alerts — the shapes the server sends
 * (src/server/insight/comparison-routes.ts, measure-routes.ts) and TanStack Query hooks over them.
 */
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, withQuery } from './client.js';

export type Direction = 'lower is better' | 'higher is better' | 'no judgement';
export const DIRECTIONS: Direction[] = ['lower is better', 'higher is better', 'no judgement'];
export const EVENT_KINDS = ['referrals', 'first_outpatient', 'follow_up', 'elective', 'day_case', 'non_elective', 'ae_attendance'] as const;
export type EventKind = (typeof EVENT_KINDS)[number];
export const EVENT_LABELS: Record<EventKind, string> = {
  referrals: 'Gateway referrals', first_outpatient: 'First outpatient attendances', follow_up: 'Outpatient follow-ups', elective: 'Elective admissions',
  day_case: 'Day cases', non_elective: 'Emergency (non-elective) admissions', ae_attendance: 'A&E attendances',
};
export type ExportFormat = 'csv' | 'xlsx';

export interface EventSelection { events: EventKind; filters?: { specialties?: string[]; pointsOfDelivery?: string[] } }
export type Denominator = { kind: 'registered_patients' | 'weighted_patients'; per: number } | ({ kind: 'events' } & EventSelection);

export interface MeasureDefinition {
  code: string;
  version: number;
  name: string;
  numerator: EventSelection;
  denominator: Denominator;
  standardisation: 'none' | 'indirect_age_sex';
  direction: Direction;
  rationale: string;
  validFrom: string;
}
export interface Measure extends MeasureDefinition { createdBy: string; createdAt: string; inForce: boolean }

export interface MeasureSummary { code: string; version: number; name: string; direction: Direction; rationale: string; validFrom: string; standardisation: string; per: number }
export interface Period { from: string; to: string; months: number }

export interface ComparisonRow {
  key: string;
  label: string;
  practiceCode: string | null;
  practiceName: string | null;
  groupCode: string | null;
  highlighted: boolean;
  observed: number | null;
  patients: number | null;
  weightedPatients: number | null;
  denominatorEvents: number | null;
  expected: number;
  crudeRate: number | null;
  crudeLower: number | null;
  crudeUpper: number | null;
  ratio: number | null;
  ratioLower: number | null;
  ratioUpper: number | null;
  rate: number | null;
  rateLower: number | null;
  rateUpper: number | null;
  intervalMethod: string | null;
  reason: string | null;
  position: 'within' | 'above 95%' | 'below 95%' | 'above 99.8%' | 'below 99.8%' | 'not assessable';
  positionWords: string;
  decile: number | null;
  x: number;
  y: number | null;
}

export interface CurvePoint { x: number; lower95: number; upper95: number; lower998: number; upper998: number }

export interface Comparison {
  measure: MeasureSummary;
  period: Period;
  filters: { tfc: string | null; group: string | null; grouping: number | null };
  method: string;
  reference: { events: number; patients: number; rate: number | null; unplacedEvents: number };
  chart: { scale: 'ratio' | 'rate'; xLabel: string; yLabel: string; target: number | null; curve: CurvePoint[] };
  deciles: { percentile: number; value: number }[] | null;
  highlight: string | null;
  practiceView: boolean;
  practices: ComparisonRow[];
}

export interface TrendMonth {
  month: string;
  label: string;
  observed: number;
  expected: number;
  rate: number | null;
  rateLower: number | null;
  rateUpper: number | null;
  peerMedian: number | null;
  peerP10: number | null;
  peerP90: number | null;
  peers: number;
}
export interface Trend {
  measure: MeasureSummary;
  practice: { key: string; label: string; practiceCode: string | null; practiceName: string | null };
  period: Period;
  method: string;
  months: TrendMonth[];
}

export interface Alert {
  key: string;
  label: string;
  practiceCode: string | null;
  practiceName: string | null;
  measureCode: string;
  measureName: string;
  direction: Direction;
  month: string;
  monthLabel: string;
  signal: 'increase' | 'decrease' | null;
  suppressed: boolean;
  judgement: 'good' | 'concerning' | 'no judgement' | null;
  message: string;
  observed: number;
  expected: number;
  signals: number;
}
export interface Alerts { measures: MeasureSummary[]; period: Period; method: string; smallNumber: number; practiceView: boolean; alerts: Alert[] }

/** What a comparison is asked for (all optional but the measure), as in the page's address. */
export interface ComparisonParams {
  measure: string;
  from?: string;
  to?: string;
  tfc?: string;
  group?: string;
  grouping?: string;
  highlight?: string;
}

export const insightKeys = {
  measures: ['insight', 'measures'] as const,
  comparison: (p: ComparisonParams) => ['insight', 'comparison', p] as const,
  trend: (p: ComparisonParams & { practice: string; months: number }) => ['insight', 'trend', p] as const,
  alerts: (p: { measure?: string; group?: string; grouping?: string; months: number }) => ['insight', 'alerts', p] as const,
};

const comparisonQuery = (p: ComparisonParams) => ({ measure: p.measure, from: p.from, to: p.to, tfc: p.tfc, group: p.group, grouping: p.grouping, highlight: p.highlight });

export const comparisonUrl = (p: ComparisonParams, format?: ExportFormat) => withQuery('/api/insight/comparison', { ...comparisonQuery(p), format });
export const trendUrl = (p: ComparisonParams & { practice: string; months: number }, format?: ExportFormat) =>
  withQuery('/api/insight/trend', { measure: p.measure, practice: p.practice, months: String(p.months), to: p.to, tfc: p.tfc, group: p.group, grouping: p.grouping, format });
export const alertsUrl = (p: { measure?: string; group?: string; grouping?: string; months: number }, format?: ExportFormat) =>
  withQuery('/api/insight/alerts', { measure: p.measure, group: p.group, grouping: p.grouping, months: String(p.months), format });
export const measuresUrl = (format?: ExportFormat) => withQuery('/api/insight/measures', { format });

export const useMeasures = () => useQuery({
  queryKey: insightKeys.measures,
  queryFn: ({ signal }) => api.get<{ on: string; measures: Measure[] }>('/api/insight/measures', signal),
});

export const useComparison = (p: ComparisonParams | null) => useQuery({
  queryKey: insightKeys.comparison(p ?? { measure: '' }),
  queryFn: ({ signal }) => api.get<Comparison>(comparisonUrl(p!), signal),
  enabled: p !== null && p.measure !== '',
  placeholderData: keepPreviousData,
});

export const useTrend = (p: (ComparisonParams & { practice: string; months: number }) | null) => useQuery({
  queryKey: insightKeys.trend(p ?? { measure: '', practice: '', months: 12 }),
  queryFn: ({ signal }) => api.get<Trend>(trendUrl(p!), signal),
  enabled: p !== null && p.measure !== '' && p.practice !== '',
  placeholderData: keepPreviousData,
});

export const useAlerts = (p: { measure?: string; group?: string; grouping?: string; months: number }) => useQuery({
  queryKey: insightKeys.alerts(p),
  queryFn: ({ signal }) => api.get<Alerts>(alertsUrl(p), signal),
  placeholderData: keepPreviousData,
});

export function useAddMeasure() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (measure: MeasureDefinition) => api.post<Measure>('/api/insight/measures', measure),
    onSuccess: () => client.invalidateQueries({ queryKey: ['insight'] }),
  });
}
