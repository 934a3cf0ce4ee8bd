/**
 * Dashboards (INFO-1) and the board pack (INFO-2): the shapes the server sends
 * (src/server/insight/dashboard-routes.ts) and TanStack Query hooks over them. Money is in pence.
 */
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api, withQuery } from './client.js';

export const DASHBOARD_LEVELS = ['practice', 'group', 'commissioner'] as const;
export type DashboardLevel = (typeof DASHBOARD_LEVELS)[number];
export type TileStatus = 'green' | 'amber' | 'red' | 'neutral';
export type Rag = 'green' | 'amber' | 'red';

export interface ChartPoint { label: string; value: number; compare: number | null }

export interface Tile {
  key: 'budget' | 'activity' | 'referrals' | 'challenges' | 'milestones' | 'alerts';
  title: string;
  status: TileStatus;
  /** the status in words: On track, Watch, Needs attention, For information */
  statusLabel: string;
  headline: string;
  sentence: string;
  figures: { label: string; value: string }[];
  chart: { kind: 'money' | 'count'; valueLabel: string; compareLabel: string | null; points: ChartPoint[] } | null;
  link: { href: string; text: string };
}

export interface Dashboard {
  level: DashboardLevel;
  code: string;
  name: string;
  parent: { level: DashboardLevel; code: string; name: string } | null;
  year: string;
  today: string;
  tiles: Tile[];
}

const dashboardUrl = (level: DashboardLevel, code: string | null) => (level === 'commissioner'
  ? withQuery('/api/insight/dashboard/commissioner', { code })
  : `/api/insight/dashboard/${level}/${encodeURIComponent(code ?? '')}`);

export const useDashboard = (level: DashboardLevel, code: string | null) => useQuery({
  queryKey: ['dashboard', level, code ?? ''],
  queryFn: ({ signal }) => api.get<Dashboard>(dashboardUrl(level, code), signal),
  enabled: level === 'commissioner' || Boolean(code),
  placeholderData: keepPreviousData,
});

export interface MoneyRow {
  code: string;
  name: string;
  yearPlanPence: number;
  ytdPlanPence: number;
  ytdActualPence: number;
  variancePence: number;
  variancePercent: number | null;
  rag: Rag;
  forecastPence: number | null;
}

export interface BoardPack {
  month: { month: string; label: string; from: string; until: string; to: string; year: string; yearMonth: number };
  generatedAt: string;
  asAt: string;
  finance: { year: string; period: string | null; published: boolean; groups: MoneyRow[]; serviceLines: MoneyRow[]; total: MoneyRow };
  activity: { period: string | null; providers: MoneyRow[]; total: MoneyRow; topVariances: (MoneyRow & { providerName: string })[] };
  referrals: {
    received: number;
    byPriority: { priority: string; label: string; count: number }[];
    decisions: number;
    outcomes: { outcome: string; label: string; count: number; share: number | null; percent: number }[];
    turnaround: { medianWorkingDays: number | null; p90WorkingDays: number | null; withinServiceLevel: number; withinPercent: number | null; serviceLevelDays: number };
    clock: string;
  };
  milestones: {
    summary: { total: number; overdue: number; dueSoon: number; delivered: number };
    rows: { planTitle: string; groupName: string; dueOn: string; deliverable: string; owner: string; statusLabel: string; overdue: boolean; state: string }[];
  };
  decisions: { id: number; decidedOn: string; bodyName: string; title: string; outcomeLabel: string; tallyText: string; interests: string[]; recusals: string[] }[];
}

export const useBoardPack = (month: string) => useQuery({
  queryKey: ['board-pack', month],
  queryFn: ({ signal }) => api.get<BoardPack>(withQuery('/api/insight/board-pack', { month }), signal),
  placeholderData: keepPreviousData,
});

export const boardPackPdfUrl = (month: string) => withQuery('/api/insight/board-pack.pdf', { month });
