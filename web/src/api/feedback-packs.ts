/**
 * Practices' feedback packs (REF-8): the shapes src/server/insight/feedback-pack-routes.ts sends,
 * and TanStack Query hooks over them. Money in integer pence; rates per 1,000 patients.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, withQuery } from './client.js';

export interface PeerSpread { median: number | null; p10: number | null; p90: number | null; min: number | null; max: number | null; practices: number }

export interface RateFigure {
  tfc: string | null;
  name: string;
  observed: number;
  expected: number;
  rate: number | null;
  crudeRate: number | null;
  position: string;
  positionWords: string;
  peers: PeerSpread;
}

export interface FeedbackPack {
  practice: { code: string; name: string; groupCode: string };
  month: string;
  monthLabel: string;
  generatedAt: string;
  peers: { practices: number; description: string };
  standsOut: string[];
  referrals: { measure: { code: string; name: string; per: number; standardised: boolean }; method: string; total: RateFigure; bySpecialty: RateFigure[] };
  trend: { month: string; label: string; observed: number; rate: number | null; peerMedian: number | null; peerP10: number | null; peerP90: number | null }[];
  triage: { total: number; outcomes: { outcome: string; label: string; count: number; share: number | null; peerShare: number | null }[] };
  criteria: { pathwayCode: string; pathwayName: string; criterionId: string; label: string; missed: number; assessed: number; share: number; peerShare: number | null }[];
  activity: {
    attendances: number; matched: number; matchRate: number | null; peerMatchRate: number | null;
    matchedCostPence: number; unmatchedCostPence: number; costPence: number; byPod: { pod: string; lines: number; costPence: number }[];
  };
  budget: {
    year: string; period: string | null; note: string;
    figures: {
      yearBudgetPence: number; ytdBudgetPence: number; ytdSpendPence: number; variancePence: number; variancePercent: number | null;
      rag: string; forecastPence: number | null; forecastVariancePence: number | null;
    } | null;
  };
}

export type RunStatus = 'running' | 'finished' | 'failed' | 'cancelled';

export interface PackRun {
  id: number;
  month: string;
  status: RunStatus;
  practices: number;
  done: number;
  error: string | null;
  startedBy: string;
  startedAt: string;
  finishedAt: string | null;
}

export interface PackRunDetail extends PackRun { packs: { code: string; name: string }[] }

const keys = {
  pack: (code: string, month: string) => ['feedback-pack', code, month] as const,
  runs: ['feedback-pack-runs'] as const,
  run: (id: number) => ['feedback-pack-runs', id] as const,
};

export const packPdfUrl = (code: string, month: string) => withQuery(`/api/insight/practices/${encodeURIComponent(code)}/feedback-pack.pdf`, { month });
export const storedPackUrl = (runId: number, code: string) => `/api/insight/feedback-packs/${runId}/${encodeURIComponent(code)}.pdf`;

export const useFeedbackPack = (code: string, month: string) => useQuery({
  queryKey: keys.pack(code, month),
  queryFn: ({ signal }) => api.get<FeedbackPack>(withQuery(`/api/insight/practices/${encodeURIComponent(code)}/feedback-pack`, { month }), signal),
});

export const usePackRuns = () => useQuery({
  queryKey: keys.runs,
  queryFn: ({ signal }) => api.get<{ runs: PackRun[] }>('/api/insight/feedback-packs', signal),
});

/** One run, polled every second while it is running. */
export const usePackRun = (id: number | null) => useQuery({
  queryKey: keys.run(id ?? 0),
  queryFn: ({ signal }) => api.get<PackRunDetail>(`/api/insight/feedback-packs/${id}`, signal),
  enabled: id !== null,
  refetchInterval: (query) => (query.state.data?.status === 'running' ? 1000 : false),
});

export function useStartPacks() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (month: string) => api.post<PackRun>('/api/insight/feedback-packs', { month }),
    onSuccess: () => client.invalidateQueries({ queryKey: keys.runs }),
  });
}

export function useCancelPacks() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: number) => api.post<PackRun>(`/api/insight/feedback-packs/${id}/cancel`),
    onSuccess: (_run, id) => Promise.all([client.invalidateQueries({ queryKey: keys.runs }), client.invalidateQueries({ queryKey: keys.run(id) })]),
  });
}
