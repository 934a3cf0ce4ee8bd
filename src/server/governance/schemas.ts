/** The governance API's shapes (zod): validation, response filtering and the OpenAPI document in one. */
import { z } from 'zod';
import { BODY_KINDS, MEETING_STATUSES } from '../../domain/governance/bodies.js';
import { OUTCOMES, isPaperLink } from '../../domain/governance/decisions.js';
import { INTEREST_KINDS, SUBJECT_KINDS, VOTES } from '../../domain/governance/interests.js';

export const IsoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date written like 2026-04-01')
  .refine((d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)) && new Date(`${d}T00:00:00Z`).toISOString().startsWith(d), 'must be a real date');
export const GroupCode = z.string().trim().min(1).max(20);
export const Id = z.coerce.number().int().positive().max(2_147_483_647);
export const Year = z.string().regex(/^\d{4}\/\d{2}$/, 'must be a financial year written like 2026/27')
  .refine((y) => (Number(y.slice(0, 4)) + 1) % 100 === Number(y.slice(5)), 'must be two consecutive years, like 2026/27');
export const Format = z.enum(['json', 'csv', 'xlsx']).default('json');
export const SubjectKind = z.enum(SUBJECT_KINDS);
const optionalText = (max: number) => z.string().max(max).default('');

export const SubjectSchema = z.object({ kind: SubjectKind, kindLabel: z.string(), ref: z.string(), name: z.string().nullable(), label: z.string() });

export const DeclarationSchema = z.object({
  id: z.number().int(),
  groupCode: z.string(),
  memberId: z.number().int().nullable(),
  userId: z.number().int().nullable(),
  personName: z.string(),
  seats: z.array(z.string()).describe('the seats the person holds in the group, e.g. "Board: Chair"'),
  kind: z.enum(INTEREST_KINDS),
  kindLabel: z.string(),
  interest: z.string(),
  subject: SubjectSchema,
  declaredOn: z.string(),
  endsOn: z.string().nullable().describe('the last day the interest held'),
  status: z.enum(['in_force', 'ended', 'future']),
  statusLabel: z.string(),
  recordedBy: z.string(),
  recordedAt: z.string(),
});

const MeetingRef = z.object({ id: z.number().int(), heldOn: z.string(), title: z.string() });

export const MeetingSchema = z.object({
  id: z.number().int(),
  bodyId: z.number().int(),
  bodyName: z.string(),
  groupCode: z.string(),
  heldOn: z.string(),
  title: z.string(),
  location: z.string(),
  status: z.enum(MEETING_STATUSES),
  statusLabel: z.string(),
  notes: z.string(),
  decisions: z.number().int(),
});

export const BodySummarySchema = z.object({
  id: z.number().int(),
  groupCode: z.string(),
  groupName: z.string(),
  kind: z.enum(BODY_KINDS),
  kindLabel: z.string(),
  name: z.string(),
  cadence: z.string(),
  termsOfReference: z.string(),
  currentMembers: z.number().int(),
  members: z.number().int(),
  nextMeeting: MeetingRef.nullable(),
  practicesWithoutMember: z.array(z.object({ code: z.string(), name: z.string() })).nullable().describe('the council only: practices with no sitting member'),
});

export const MemberSchema = z.object({
  id: z.number().int(),
  bodyId: z.number().int(),
  personName: z.string(),
  userId: z.number().int().nullable(),
  username: z.string().nullable(),
  practiceCode: z.string().nullable(),
  practiceName: z.string().nullable(),
  role: z.string(),
  discipline: z.string(),
  sessionsPerWeek: z.number().nullable(),
  termStart: z.string().nullable(),
  termEnd: z.string().nullable(),
  termStatus: z.enum(['not_started', 'current', 'ending_soon', 'ended']),
  termStatusLabel: z.string(),
  declarations: z.array(DeclarationSchema).describe('declarations in force today'),
});

export const BodyDetailSchema = BodySummarySchema.extend({
  memberList: z.array(MemberSchema),
  meetings: z.array(MeetingSchema),
  practices: z.array(z.object({ code: z.string(), name: z.string() })),
});

export const BodyBody = z.object({
  name: z.string().trim().min(1, 'Enter the body’s name').max(200),
  cadence: optionalText(200).describe('how often it meets, e.g. "Quarterly, evening"'),
  termsOfReference: optionalText(20_000),
});

export const MemberBody = z.object({
  personName: z.string().trim().min(1, 'Enter the member’s name').max(200),
  username: z.string().trim().max(100).nullable().default(null).transform((u) => u || null).describe('the user account to link, if the person has one'),
  practiceCode: z.string().trim().toUpperCase().max(10).nullable().default(null).transform((p) => p || null),
  role: z.string().trim().max(100).default('Member'),
  discipline: optionalText(100),
  sessionsPerWeek: z.number().min(0).max(10, 'must be 10 sessions a week or fewer').multipleOf(0.1, 'must have at most one decimal place').nullable().default(null),
  termStart: IsoDate.nullable().default(null),
  termEnd: IsoDate.nullable().default(null),
});

export const MeetingBody = z.object({
  heldOn: IsoDate,
  title: z.string().trim().min(1, 'Enter the meeting’s title').max(300),
  location: optionalText(300),
  status: z.enum(MEETING_STATUSES).default('planned'),
  notes: optionalText(20_000),
});

export const FunctionLevelSchema = z.object({
  code: z.string(),
  name: z.string(),
  description: z.string(),
  category: z.enum(['A', 'B', 'C']),
  categoryLabel: z.string(),
  isDefault: z.boolean().describe('no level set: the default, A, applies'),
  meaning: z.string(),
  approvers: z.array(z.enum(['consortium', 'commissioner'])),
  approversText: z.string(),
  bodyId: z.number().int().nullable(),
  bodyName: z.string().nullable(),
  setBy: z.string().nullable(),
  setAt: z.string().nullable(),
});

export const DelegationSchema = z.object({
  groupCode: z.string(),
  groupName: z.string(),
  functions: z.array(FunctionLevelSchema),
  categories: z.array(z.object({ category: z.enum(['A', 'B', 'C']), label: z.string(), meaning: z.string(), approversText: z.string() })),
});

export const DeclareBody = z.object({
  groupCode: GroupCode,
  memberId: z.number().int().positive().nullable().default(null).describe('record for this member (governance.manage); leave out to declare your own'),
  kind: z.enum(INTEREST_KINDS),
  interest: z.string().trim().min(1, 'Describe the interest').max(2000),
  subjectKind: SubjectKind,
  subjectRef: z.string().trim().min(1, 'Enter what the interest is in').max(200).describe('an ODS code, a practice code, a business case or project number, or a topic in words'),
  declaredOn: IsoDate,
  endsOn: IsoDate.nullable().default(null),
});

const PaperBody = z.object({
  title: z.string().trim().min(1, 'Enter the paper’s title').max(300),
  link: z.string().trim().max(2000).nullable().default(null).transform((l) => l || null)
    .refine((l) => l === null || isPaperLink(l), 'must be a web address starting https:// or a path in the hub starting /'),
});

export const DecisionBody = z.object({
  bodyId: z.number().int().positive(),
  meetingId: z.number().int().positive().nullable().default(null),
  decidedOn: IsoDate,
  title: z.string().trim().min(1, 'Enter what was decided').max(300),
  text: optionalText(20_000),
  outcome: z.enum(OUTCOMES).default('approved'),
  papers: z.array(PaperBody).max(50).default([]),
  functionCode: z.string().trim().max(60).nullable().default(null).transform((f) => f || null),
  planId: z.number().int().positive().nullable().default(null),
  businessCaseId: z.number().int().positive().nullable().default(null),
  budgetYear: Year.nullable().default(null),
  subjects: z.array(z.object({ kind: SubjectKind, ref: z.string().trim().min(1, 'Enter the subject').max(200) })).max(50).default([]),
});

const TallySchema = z.object({ for: z.number().int(), against: z.number().int(), abstain: z.number().int(), recused: z.number().int(), voted: z.number().int() });
const VoteSchema = z.object({
  memberId: z.number().int(), personName: z.string(), role: z.string(), vote: z.enum(VOTES), voteLabel: z.string(), reason: z.string(), recordedBy: z.string(), recordedAt: z.string(),
});
const ConflictSchema = z.object({
  memberId: z.number().int(), personName: z.string(), role: z.string(), declarations: z.array(DeclarationSchema), sentences: z.array(z.string()), vote: z.enum(VOTES).nullable(),
});

export const DecisionSummarySchema = z.object({
  id: z.number().int(),
  groupCode: z.string(),
  bodyId: z.number().int(),
  bodyName: z.string(),
  meetingId: z.number().int().nullable(),
  meetingTitle: z.string().nullable(),
  decidedOn: z.string(),
  title: z.string(),
  outcome: z.enum(OUTCOMES),
  outcomeLabel: z.string(),
  functionCode: z.string().nullable(),
  functionName: z.string().nullable(),
  planId: z.number().int().nullable(),
  planTitle: z.string().nullable(),
  businessCaseId: z.number().int().nullable(),
  businessCaseTitle: z.string().nullable(),
  budgetYear: z.string().nullable(),
  subjects: z.array(SubjectSchema),
  tally: TallySchema,
  conflicts: z.number().int().describe('members of the deciding body with a conflicting declaration'),
});

export const DecisionDetailSchema = DecisionSummarySchema.extend({
  text: z.string(),
  papers: z.array(z.object({ title: z.string(), link: z.string().nullable() })),
  recordedBy: z.string(),
  recordedAt: z.string(),
  votes: z.array(VoteSchema),
  recusals: z.array(VoteSchema),
  conflictList: z.array(ConflictSchema),
  voters: z.array(z.object({
    memberId: z.number().int(), personName: z.string(), role: z.string(), eligible: z.boolean(),
    recusalNeeded: z.string().nullable().describe('why only "recused" can be recorded for this member'), vote: z.enum(VOTES).nullable(),
  })),
});

export const MeetingDetailSchema = z.object({
  meeting: MeetingSchema,
  decisions: z.array(DecisionDetailSchema),
  conflicts: z.array(ConflictSchema.extend({ decisionId: z.number().int(), decisionTitle: z.string() })),
  memberDeclarations: z.array(DeclarationSchema),
});

export const VoteBody = z.object({ memberId: z.number().int().positive(), vote: z.enum(VOTES), reason: z.string().max(2000).default('') });
