/** Referral matching (REF-9) and case finding (ACT-7): GET /api/activity/matching, GET /api/case-finding. */
import { useQuery } from '@tanstack/react-query';
import { api } from './client.js';

export interface MatchingReport {
  year: string;
  windowDays: number;
  attendances: number;
  matched: number;
  matchedById: number;
  matchedByPatient: number;
  matchRate: number;
  byProvider: { providerCode: string; providerName: string; attendances: number; matched: number; matchRate: number }[];
  unmatchedAttendances: { total: number; rows: { providerCode: string; activityId: string; activityDate: string; practiceCode: string; tfc: string | null; referralSource: string | null }[] };
  unmatchedReferrals: { total: number; rows: { id: string; reference: string; practiceCode: string; providerCode: string; tfc: string; receivedAt: string; bookedDate: string | null }[] };
  diagnosisDisagreements: { total: number; rows: { providerCode: string; activityId: string; activityDate: string; referralReference: string; referralCode: string; trustCode: string }[] };
}

export type ConditionFlag = 'copd' | 'heartFailure' | 'falls';

export interface CaseFindingList {
  asOf: string;
  from: string;
  minAdmissions: number;
  months: number;
  patients: {
    patient: string; reidentified: boolean; practiceCode: string; practiceName: string; admissions: number;
    firstAdmission: string; lastAdmission: string; bedDays: number; diagnoses: string[]; flags: ConditionFlag[]; providers: string[]; costPence: number;
  }[];
}

const query = (params: Record<string, string | number | undefined>) =>
  new URLSearchParams(Object.entries(params).filter(([, v]) => v !== undefined && v !== '').map(([k, v]) => [k, String(v)])).toString();

export const useMatching = (year: string, provider?: string) => useQuery({
  queryKey: ['matching', year, provider ?? ''],
  queryFn: ({ signal }) => api.get<MatchingReport>(`/api/activity/matching?${query({ year, provider })}`, signal),
});

export const useCaseFinding = (minAdmissions: number, months: number) => useQuery({
  queryKey: ['case-finding', minAdmissions, months],
  queryFn: ({ signal }) => api.get<CaseFindingList>(`/api/case-finding?${query({ minAdmissions, months })}`, signal),
});
