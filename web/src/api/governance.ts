/**
 * Governance (ORG-3 to ORG-6): the shapes the server sends (src/server/governance/schemas.ts) and
 * TanStack Query hooks over them: bodies, members and meetings; delegation levels; the register of
 * declarations of interest; the decisions log with votes.
 */
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, withQuery } from './client.js';

export const BODY_KINDS = ['council', 'board', 'medical_directors', 'executive', 'directors', 'leads', 'commissioner_support', 'other'] as const;
export type BodyKind = (typeof BODY_KINDS)[number];
export const BODY_KIND_LABELS: Record<BodyKind, string> = {
  council: 'Council', board: 'Board', medical_directors: 'Medical directors', executive: 'Executive committee', directors: 'Directors',
  leads: 'Leads', commissioner_support: 'Commissioner support team', other: 'Other',
};

export const MEETING_STATUSES = ['planned', 'held', 'cancelled'] as const;
export type MeetingStatus = (typeof MEETING_STATUSES)[number];
export const MEETING_STATUS_LABELS: Record<MeetingStatus, string> = { planned: 'Planned', held: 'Held', cancelled: 'Cancelled' };

export type TermStatus = 'not_started' | 'current' | 'ending_soon' | 'ended';

export const SUBJECT_KINDS = ['provider', 'practice', 'business_case', 'project', 'topic'] as const;
export type SubjectKind = (typeof SUBJECT_KINDS)[number];
export const SUBJECT_KIND_LABELS: Record<SubjectKind, string> = { provider: 'Provider', practice: 'Practice', business_case: 'Business case', project: 'Project', topic: 'Topic' };

export const INTEREST_KINDS = ['financial', 'non_financial_professional', 'non_financial_personal', 'indirect'] as const;
export type InterestKind = (typeof INTEREST_KINDS)[number];
export const INTEREST_KIND_LABELS: Record<InterestKind, string> = {
  financial: 'Financial', non_financial_professional: 'Non-financial professional', non_financial_personal: 'Non-financial personal', indirect: 'Indirect',
};

export const VOTES = ['for', 'against', 'abstain', 'recused'] as const;
export type Vote = (typeof VOTES)[number];
export const VOTE_LABELS: Record<Vote, string> = { for: 'For', against: 'Against', abstain: 'Abstained', recused: 'Recused' };

export const OUTCOMES = ['approved', 'rejected', 'deferred', 'noted'] as const;
export type Outcome = (typeof OUTCOMES)[number];
export const OUTCOME_LABELS: Record<Outcome, string> = { approved: 'Approved', rejected: 'Rejected', deferred: 'Deferred', noted: 'Noted' };

export type Category = 'A' | 'B' | 'C';
export type DeclarationStatus = 'in_force' | 'ended' | 'future';

export interface Subject { kind: SubjectKind; kindLabel: string; ref: string; name: string | null; label: string }

export interface Declaration {
  id: number;
  groupCode: string;
  memberId: number | null;
  userId: number | null;
  personName: string;
  seats: string[];
  kind: InterestKind;
  kindLabel: string;
  interest: string;
  subject: Subject;
  declaredOn: string;
  endsOn: string | null;
  status: DeclarationStatus;
  statusLabel: string;
  recordedBy: string;
  recordedAt: string;
}

export interface Meeting {
  id: number;
  bodyId: number;
  bodyName: string;
  groupCode: string;
  heldOn: string;
  title: string;
  location: string;
  status: MeetingStatus;
  statusLabel: string;
  notes: string;
  decisions: number;
}

export interface BodySummary {
  id: number;
  groupCode: string;
  groupName: string;
  kind: BodyKind;
  kindLabel: string;
  name: string;
  cadence: string;
  termsOfReference: string;
  currentMembers: number;
  members: number;
  nextMeeting: { id: number; heldOn: string; title: string } | null;
  practicesWithoutMember: { code: string; name: string }[] | null;
}

export interface Member {
  id: number;
  bodyId: number;
  personName: string;
  userId: number | null;
  username: string | null;
  practiceCode: string | null;
  practiceName: string | null;
  role: string;
  discipline: string;
  sessionsPerWeek: number | null;
  termStart: string | null;
  termEnd: string | null;
  termStatus: TermStatus;
  termStatusLabel: string;
  declarations: Declaration[];
}

export interface BodyDetail extends BodySummary {
  memberList: Member[];
  meetings: Meeting[];
  practices: { code: string; name: string }[];
}

export interface FunctionLevel {
  code: string;
  name: string;
  description: string;
  category: Category;
  categoryLabel: string;
  isDefault: boolean;
  meaning: string;
  approvers: ('consortium' | 'commissioner')[];
  approversText: string;
  bodyId: number | null;
  bodyName: string | null;
  setBy: string | null;
  setAt: string | null;
}

export interface Delegation {
  groupCode: string;
  groupName: string;
  functions: FunctionLevel[];
  categories: { category: Category; label: string; meaning: string; approversText: string }[];
}

export interface Tally { for: number; against: number; abstain: number; recused: number; voted: number }
export interface VoteRecord { memberId: number; personName: string; role: string; vote: Vote; voteLabel: string; reason: string; recordedBy: string; recordedAt: string }
export interface Conflict { memberId: number; personName: string; role: string; declarations: Declaration[]; sentences: string[]; vote: Vote | null }
export interface Voter { memberId: number; personName: string; role: string; eligible: boolean; recusalNeeded: string | null; vote: Vote | null }
export interface Paper { title: string; link: string | null }

export interface DecisionSummary {
  id: number;
  groupCode: string;
  bodyId: number;
  bodyName: string;
  meetingId: number | null;
  meetingTitle: string | null;
  decidedOn: string;
  title: string;
  outcome: Outcome;
  outcomeLabel: string;
  functionCode: string | null;
  functionName: string | null;
  planId: number | null;
  planTitle: string | null;
  businessCaseId: number | null;
  businessCaseTitle: string | null;
  budgetYear: string | null;
  subjects: Subject[];
  tally: Tally;
  conflicts: number;
}

export interface DecisionDetail extends DecisionSummary {
  text: string;
  papers: Paper[];
  recordedBy: string;
  recordedAt: string;
  votes: VoteRecord[];
  recusals: VoteRecord[];
  conflictList: Conflict[];
  voters: Voter[];
}

export interface MeetingDetail {
  meeting: Meeting;
  decisions: DecisionDetail[];
  conflicts: (Conflict & { decisionId: number; decisionTitle: string })[];
  memberDeclarations: Declaration[];
}

// ── Queries ─────────────────────────────────────────────────────────────────────────────────────

export const governanceKeys = {
  all: ['governance'] as const,
  bodies: (group: string) => ['governance', 'bodies', group] as const,
  body: (id: number) => ['governance', 'body', id] as const,
  meeting: (id: number) => ['governance', 'meeting', id] as const,
  delegation: (group: string) => ['governance', 'delegation', group] as const,
  interests: (filters: InterestFilters) => ['governance', 'interests', filters] as const,
  decisions: (filters: DecisionFilters) => ['governance', 'decisions', filters] as const,
  decision: (id: number) => ['governance', 'decision', id] as const,
};

export const useBodies = (group: string) => useQuery({
  queryKey: governanceKeys.bodies(group),
  queryFn: ({ signal }) => api.get<BodySummary[]>(withQuery('/api/governance/bodies', { group }), signal),
  enabled: group !== '',
  placeholderData: keepPreviousData,
});

export const useBody = (id: number, enabled = true) => useQuery({
  queryKey: governanceKeys.body(id),
  queryFn: ({ signal }) => api.get<BodyDetail>(`/api/governance/bodies/${id}`, signal),
  enabled: enabled && id > 0,
});

/** Every member of the group's bodies, each with their body. */
export const useGroupMembers = (group: string) => useQuery({
  queryKey: ['governance', 'members', group] as const,
  queryFn: ({ signal }) => api.get<{ body: BodySummary; member: Member }[]>(withQuery('/api/governance/members', { group }), signal),
  enabled: group !== '',
});

export const useMeeting = (id: number) => useQuery({
  queryKey: governanceKeys.meeting(id),
  queryFn: ({ signal }) => api.get<MeetingDetail>(`/api/governance/meetings/${id}`, signal),
});

export const useDelegation = (group: string) => useQuery({
  queryKey: governanceKeys.delegation(group),
  queryFn: ({ signal }) => api.get<Delegation>(withQuery('/api/governance/delegation', { group }), signal),
  enabled: group !== '',
});

export interface InterestFilters { group: string; person?: string; subjectKind?: string; subjectRef?: string; status?: string }

export const useInterests = (filters: InterestFilters) => useQuery({
  queryKey: governanceKeys.interests(filters),
  queryFn: ({ signal }) => api.get<Declaration[]>(withQuery('/api/governance/interests', { ...filters }), signal),
  enabled: filters.group !== '',
  placeholderData: keepPreviousData,
});

export const interestsDownloadUrl = (format: 'csv' | 'xlsx', filters: InterestFilters) => withQuery('/api/governance/interests', { ...filters, format });
export const membersDownloadUrl = (format: 'csv' | 'xlsx', group: string) => withQuery('/api/governance/members', { group, format });

export interface DecisionFilters { group: string; body?: string; from?: string; to?: string; subjectKind?: string; subjectRef?: string }

export const useDecisions = (filters: DecisionFilters) => useQuery({
  queryKey: governanceKeys.decisions(filters),
  queryFn: ({ signal }) => api.get<DecisionSummary[]>(withQuery('/api/governance/decisions', { ...filters }), signal),
  enabled: filters.group !== '',
  placeholderData: keepPreviousData,
});

export const decisionsDownloadUrl = (format: 'csv' | 'xlsx', filters: DecisionFilters) => withQuery('/api/governance/decisions', { ...filters, format });

export const useDecision = (id: number) => useQuery({
  queryKey: governanceKeys.decision(id),
  queryFn: ({ signal }) => api.get<DecisionDetail>(`/api/governance/decisions/${id}`, signal),
});

// ── Changes: every one refreshes what governance shows ──────────────────────────────────────────

function useGovernanceMutation<I, O>(mutationFn: (input: I) => Promise<O>) {
  const client = useQueryClient();
  return useMutation({ mutationFn, onSuccess: () => client.invalidateQueries({ queryKey: governanceKeys.all }) });
}

export interface BodyInput { name: string; cadence: string; termsOfReference: string }
export const useCreateBody = () => useGovernanceMutation((input: BodyInput & { groupCode: string; kind: BodyKind }) => api.post<BodyDetail>('/api/governance/bodies', input));
export const useUpdateBody = () => useGovernanceMutation(({ id, ...input }: BodyInput & { id: number }) => api.put<BodyDetail>(`/api/governance/bodies/${id}`, input));

export interface MemberInput {
  personName: string;
  username: string | null;
  practiceCode: string | null;
  role: string;
  discipline: string;
  sessionsPerWeek: number | null;
  termStart: string | null;
  termEnd: string | null;
}
export const useAddMember = () => useGovernanceMutation(({ bodyId, ...input }: MemberInput & { bodyId: number }) => api.post<Member>(`/api/governance/bodies/${bodyId}/members`, input));
export const useUpdateMember = () => useGovernanceMutation(({ id, ...input }: MemberInput & { id: number }) => api.put<Member>(`/api/governance/members/${id}`, input));

export interface MeetingInput { heldOn: string; title: string; location: string; status: MeetingStatus; notes: string }
export const useAddMeeting = () => useGovernanceMutation(({ bodyId, ...input }: MeetingInput & { bodyId: number }) => api.post<Meeting>(`/api/governance/bodies/${bodyId}/meetings`, input));
export const useUpdateMeeting = () => useGovernanceMutation(({ id, ...input }: MeetingInput & { id: number }) => api.put<Meeting>(`/api/governance/meetings/${id}`, input));

export const useSetDelegation = () => useGovernanceMutation(({ functionCode, ...input }: { functionCode: string; groupCode: string; category: Category; bodyId: number | null }) =>
  api.put<FunctionLevel>(`/api/governance/delegation/${encodeURIComponent(functionCode)}`, input));

export interface DeclareInput {
  groupCode: string;
  memberId: number | null;
  kind: InterestKind;
  interest: string;
  subjectKind: SubjectKind;
  subjectRef: string;
  declaredOn: string;
  endsOn: string | null;
}
export const useDeclare = () => useGovernanceMutation((input: DeclareInput) => api.post<Declaration>('/api/governance/interests', input));
export const useEndDeclaration = () => useGovernanceMutation(({ id, endsOn }: { id: number; endsOn: string }) => api.post<Declaration>(`/api/governance/interests/${id}/end`, { endsOn }));

export interface DecisionInput {
  bodyId: number;
  meetingId: number | null;
  decidedOn: string;
  title: string;
  text: string;
  outcome: Outcome;
  papers: { title: string; link: string | null }[];
  functionCode: string | null;
  planId: number | null;
  businessCaseId: number | null;
  budgetYear: string | null;
  subjects: { kind: SubjectKind; ref: string }[];
}
export const useRecordDecision = () => useGovernanceMutation((input: DecisionInput) => api.post<DecisionDetail>('/api/governance/decisions', input));
export const useRecordVote = () => useGovernanceMutation(({ decisionId, ...input }: { decisionId: number; memberId: number; vote: Vote; reason: string }) =>
  api.post<DecisionDetail>(`/api/governance/decisions/${decisionId}/votes`, input));
