/**
 * The decisions log (ORG-6) and votes: what was decided, by which body, on which date, with which
 * papers, linked to a plan, a business case or a budget year and to the subjects it touches. Each
 * decision (and each meeting) shows the declarations of interest of the deciding body's members
 * that conflict with it; such a member's vote can only be recorded as recused, so nobody with a
 * declared conflict decides unseen. Every change is audited in its transaction.
 */
import type { Db, Tx } from '../../db/database.js';
import { can } from '../../domain/access/can.js';
import { termCovers } from '../../domain/governance/bodies.js';
import { OUTCOME_LABELS, decodePapers, encodePapers, type Outcome, type Paper } from '../../domain/governance/decisions.js';
import {
  VOTE_LABELS, declarationSentence, memberConflicts, inForceOn, declarationIsOf, sameSubject, tally, voteRefusal,
  type Subject, type SubjectKind, type Tally, type Vote,
} from '../../domain/governance/interests.js';
import { recordAudit } from '../audit/audit-log.js';
import type { AuthenticatedUser } from '../auth/credentials.js';
import type { ExportTable } from '../http/exports.js';
import { forbidden, notFound, type ErrorDetail } from '../http/errors.js';
import { meetingById, type MeetingView } from './bodies.js';
import { conflict, groupOf, invalid, lockBody, todayIso } from './common.js';
import { declarationViews, groupDeclarations, groupSeats, type DeclarationView } from './declarations.js';
import { checkSubject, nameOf, subjectNames, subjectView, type SubjectView } from './subjects.js';

// ── Views ───────────────────────────────────────────────────────────────────────────────────────

export interface VoteView { memberId: number; personName: string; role: string; vote: Vote; voteLabel: string; reason: string; recordedBy: string; recordedAt: string }

/** A member of the deciding body whose declarations conflict with the decision. */
export interface ConflictView {
  memberId: number;
  personName: string;
  role: string;
  declarations: DeclarationView[];
  /** "Dr X declared a financial interest in RWG (…) on 2026-04-01", one per declaration */
  sentences: string[];
  /** the vote recorded for them, if any (recused, once recorded) */
  vote: Vote | null;
}

export interface VoterView {
  memberId: number;
  personName: string;
  role: string;
  /** the member's term covers the decision's date */
  eligible: boolean;
  /** why only 'recused' can be recorded for them, or null */
  recusalNeeded: string | null;
  vote: Vote | null;
}

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
  subjects: SubjectView[];
  tally: Tally;
  /** how many members have a conflicting declaration */
  conflicts: number;
}

export interface DecisionDetail extends DecisionSummary {
  text: string;
  papers: Paper[];
  recordedBy: string;
  recordedAt: string;
  votes: VoteView[];
  recusals: VoteView[];
  conflictList: ConflictView[];
  voters: VoterView[];
}

export interface DecisionFilters {
  groupCode?: string | null;
  bodyId?: number | null;
  meetingId?: number | null;
  from?: string | null;
  to?: string | null;
  subjectKind?: SubjectKind | null;
  subjectRef?: string | null;
  id?: number;
}

/** Decisions with everything shown about them, loaded together (newest first). */
async function loadDecisions(db: Db | Tx, filters: DecisionFilters): Promise<DecisionDetail[]> {
  let query = db.selectFrom('gov_decision as d')
    .innerJoin('gov_body as b', 'b.id', 'd.body_id')
    .leftJoin('gov_meeting as g', 'g.id', 'd.meeting_id')
    .leftJoin('gov_function as f', 'f.code', 'd.function_code')
    .leftJoin('plan as p', 'p.id', 'd.plan_id')
    .leftJoin('business_case as c', 'c.id', 'd.business_case_id')
    .select([
      'd.id', 'd.body_id', 'b.name as body_name', 'b.group_code', 'd.meeting_id', 'g.title as meeting_title', 'd.decided_on', 'd.title', 'd.text', 'd.outcome',
      'd.papers', 'd.function_code', 'f.name as function_name', 'd.plan_id', 'p.title as plan_title', 'd.business_case_id', 'c.title as case_title',
      'd.budget_year', 'd.recorded_by', 'd.recorded_at',
    ])
    .orderBy('d.decided_on', 'desc').orderBy('d.id', 'desc');
  if (filters.id !== undefined) query = query.where('d.id', '=', filters.id);
  if (filters.groupCode) query = query.where('b.group_code', '=', filters.groupCode);
  if (filters.bodyId) query = query.where('d.body_id', '=', filters.bodyId);
  if (filters.meetingId) query = query.where('d.meeting_id', '=', filters.meetingId);
  if (filters.from) query = query.where('d.decided_on', '>=', filters.from);
  if (filters.to) query = query.where('d.decided_on', '<=', filters.to);
  if (filters.subjectKind) {
    const kind = filters.subjectKind;
    const ref = filters.subjectRef?.trim();
    query = query.where((eb) => eb.exists(eb.selectFrom('gov_decision_subject as s').select('s.decision_id').whereRef('s.decision_id', '=', 'd.id')
      .where('s.subject_kind', '=', kind).$if(!!ref, (q) => q.where((e) => e(e.fn('lower', ['s.subject_ref']), '=', ref!.toLowerCase())))));
  }
  const rows = await query.execute();
  if (!rows.length) return [];

  const ids = rows.map((r) => r.id);
  const bodyIds = [...new Set(rows.map((r) => r.body_id))];
  const groups = [...new Set(rows.map((r) => r.group_code))];
  const [subjectRows, voteRows, memberRows, declarations, seats] = await Promise.all([
    db.selectFrom('gov_decision_subject').select(['decision_id', 'subject_kind', 'subject_ref']).where('decision_id', 'in', ids).orderBy('subject_kind').orderBy('subject_ref').execute(),
    db.selectFrom('gov_vote as v').innerJoin('gov_member as m', 'm.id', 'v.member_id')
      .select(['v.decision_id', 'v.member_id', 'm.person_name', 'm.role', 'v.vote', 'v.reason', 'v.recorded_by', 'v.recorded_at'])
      .where('v.decision_id', 'in', ids).orderBy('v.recorded_at').orderBy('v.member_id').execute(),
    db.selectFrom('gov_member').select(['id', 'body_id', 'person_name', 'user_id', 'role', 'term_start', 'term_end']).where('body_id', 'in', bodyIds).orderBy('id').execute(),
    groups.length === 1 ? groupDeclarations(db, groups[0]!) : groupDeclarations(db, null),
    groups.length === 1 ? groupSeats(db, groups[0]!) : groupSeats(db, null),
  ]);
  const subjectsOf = new Map<number, Subject[]>();
  for (const s of subjectRows) subjectsOf.set(s.decision_id, [...(subjectsOf.get(s.decision_id) ?? []), { kind: s.subject_kind, ref: s.subject_ref }]);
  const names = await subjectNames(db, [...subjectRows.map((s) => ({ kind: s.subject_kind, ref: s.subject_ref })), ...declarations]);
  const declarationView = new Map((await declarationViews(db, declarations, seats)).map((v) => [v.id, v]));

  return rows.map((r): DecisionDetail => {
    const subjects = subjectsOf.get(r.id) ?? [];
    const votes = voteRows.filter((v) => v.decision_id === r.id).map((v): VoteView => ({
      memberId: v.member_id, personName: v.person_name, role: v.role, vote: v.vote, voteLabel: VOTE_LABELS[v.vote], reason: v.reason,
      recordedBy: v.recorded_by, recordedAt: v.recorded_at.toISOString(),
    }));
    const voteOf = (memberId: number) => votes.find((v) => v.memberId === memberId)?.vote ?? null;
    const members = memberRows.filter((m) => m.body_id === r.body_id)
      .map((m) => ({ memberId: m.id, personName: m.person_name, userId: m.user_id, role: m.role, eligible: termCovers({ termStart: m.term_start, termEnd: m.term_end }, r.decided_on) }));
    const groupDecls = declarations.filter((d) => d.groupCode === r.group_code);
    const conflicts = memberConflicts({ decidedOn: r.decided_on, subjects }, members.filter((m) => m.eligible || voteOf(m.memberId) !== null), groupDecls);
    const refusalFor = (memberId: number) => {
      const found = conflicts.find((c) => c.member.memberId === memberId);
      return found ? voteRefusal('for', found.declarations, (d) => nameOf(names, d)) : null;
    };
    return {
      id: r.id, groupCode: r.group_code, bodyId: r.body_id, bodyName: r.body_name, meetingId: r.meeting_id, meetingTitle: r.meeting_title ?? null,
      decidedOn: r.decided_on, title: r.title, outcome: r.outcome, outcomeLabel: OUTCOME_LABELS[r.outcome],
      functionCode: r.function_code, functionName: r.function_name ?? null, planId: r.plan_id, planTitle: r.plan_title ?? null,
      businessCaseId: r.business_case_id, businessCaseTitle: r.case_title ?? null, budgetYear: r.budget_year,
      subjects: subjects.map((s) => subjectView(names, s)),
      tally: tally(votes),
      conflicts: conflicts.length,
      text: r.text,
      papers: decodePapers(r.papers),
      recordedBy: r.recorded_by,
      recordedAt: r.recorded_at.toISOString(),
      votes,
      recusals: votes.filter((v) => v.vote === 'recused'),
      conflictList: conflicts.map((c) => ({
        memberId: c.member.memberId, personName: c.member.personName, role: c.member.role,
        declarations: c.declarations.map((d) => declarationView.get(d.id)!),
        sentences: c.declarations.map((d) => declarationSentence(d, nameOf(names, d))),
        vote: voteOf(c.member.memberId),
      })),
      voters: members.map((m) => ({ memberId: m.memberId, personName: m.personName, role: m.role, eligible: m.eligible, recusalNeeded: refusalFor(m.memberId), vote: voteOf(m.memberId) })),
    };
  });
}

export const summaryOf = (d: DecisionDetail): DecisionSummary => ({
  id: d.id, groupCode: d.groupCode, bodyId: d.bodyId, bodyName: d.bodyName, meetingId: d.meetingId, meetingTitle: d.meetingTitle, decidedOn: d.decidedOn,
  title: d.title, outcome: d.outcome, outcomeLabel: d.outcomeLabel, functionCode: d.functionCode, functionName: d.functionName, planId: d.planId,
  planTitle: d.planTitle, businessCaseId: d.businessCaseId, businessCaseTitle: d.businessCaseTitle, budgetYear: d.budgetYear, subjects: d.subjects,
  tally: d.tally, conflicts: d.conflicts,
});

export async function decisionDetail(db: Db | Tx, id: number): Promise<DecisionDetail> {
  const found = (await loadDecisions(db, { id }))[0];
  if (!found) throw notFound(`Decision ${id}`);
  return found;
}

/** The decisions log, filtered, newest first, each with its tally and conflicts. */
export async function decisionsLog(db: Db, filters: DecisionFilters): Promise<DecisionDetail[]> {
  if (filters.groupCode) await groupOf(db, filters.groupCode);
  return loadDecisions(db, filters);
}

export interface MeetingDetail {
  meeting: MeetingView;
  decisions: DecisionDetail[];
  /** every conflict on the meeting's decisions: member, decision, declarations */
  conflicts: (ConflictView & { decisionId: number; decisionTitle: string })[];
  /** the declarations of the body's members in force on the meeting's day */
  memberDeclarations: DeclarationView[];
}

export async function meetingDetail(db: Db, id: number): Promise<MeetingDetail> {
  const meeting = await meetingById(db, id);
  const decisions = (await loadDecisions(db, { meetingId: id })).reverse();
  const [members, declarations, seats] = await Promise.all([
    db.selectFrom('gov_member').select(['id', 'person_name', 'user_id', 'term_start', 'term_end']).where('body_id', '=', meeting.bodyId).execute(),
    groupDeclarations(db, meeting.groupCode),
    groupSeats(db, meeting.groupCode),
  ]);
  const sitting = members.filter((m) => termCovers({ termStart: m.term_start, termEnd: m.term_end }, meeting.heldOn))
    .map((m) => ({ memberId: m.id, personName: m.person_name, userId: m.user_id }));
  const relevant = declarations.filter((d) => inForceOn(d, meeting.heldOn) && sitting.some((p) => declarationIsOf(d, p)));
  return {
    meeting,
    decisions,
    conflicts: decisions.flatMap((d) => d.conflictList.map((c) => ({ ...c, decisionId: d.id, decisionTitle: d.title }))),
    memberDeclarations: await declarationViews(db, relevant, seats),
  };
}

// ── Recording ───────────────────────────────────────────────────────────────────────────────────

export interface DecisionInput {
  bodyId: number;
  meetingId: number | null;
  decidedOn: string;
  title: string;
  text: string;
  outcome: Outcome;
  papers: Paper[];
  functionCode: string | null;
  planId: number | null;
  businessCaseId: number | null;
  budgetYear: string | null;
  subjects: Subject[];
}

export async function recordDecision(db: Db, user: AuthenticatedUser, input: DecisionInput): Promise<DecisionDetail> {
  if (!can(user, 'decision.record')) throw forbidden('Your role cannot record decisions.');
  return db.transaction().execute(async (tx) => {
    const body = await tx.selectFrom('gov_body').select(['id', 'group_code', 'name']).where('id', '=', input.bodyId).executeTakeFirst();
    if (!body) throw invalid([{ field: 'bodyId', message: `There is no body ${input.bodyId}` }], 'The decision is not valid.');
    const problems: ErrorDetail[] = [];
    if (input.meetingId !== null) {
      const meeting = await tx.selectFrom('gov_meeting').select('body_id').where('id', '=', input.meetingId).executeTakeFirst();
      if (!meeting || meeting.body_id !== body.id) problems.push({ field: 'meetingId', message: `Choose a meeting of ${body.name}` });
    }
    if (input.functionCode !== null && !(await tx.selectFrom('gov_function').select('code').where('code', '=', input.functionCode).executeTakeFirst())) {
      problems.push({ field: 'functionCode', message: `There is no function ${input.functionCode}` });
    }
    if (input.planId !== null) {
      const plan = await tx.selectFrom('plan').select('group_code').where('id', '=', input.planId).executeTakeFirst();
      if (!plan || plan.group_code !== body.group_code) problems.push({ field: 'planId', message: `There is no plan ${input.planId} of this group` });
    }
    const subjects: Subject[] = [];
    const add = (s: Subject) => { if (!subjects.some((t) => sameSubject(s, t))) subjects.push(s); };
    if (input.businessCaseId !== null) {
      const checked = await checkSubject(tx, body.group_code, { kind: 'business_case', ref: String(input.businessCaseId) }, 'businessCaseId');
      if ('problem' in checked) problems.push(checked.problem);
      else add(checked.subject); // a decision on a business case is about it
    }
    for (const [i, s] of input.subjects.entries()) {
      const checked = await checkSubject(tx, body.group_code, s, `subjects.${i}.ref`);
      if ('problem' in checked) problems.push(checked.problem);
      else add(checked.subject);
    }
    if (problems.length) throw invalid(problems, 'The decision is not valid.');

    const row = await tx.insertInto('gov_decision').values({
      body_id: body.id, meeting_id: input.meetingId, decided_on: input.decidedOn, title: input.title.trim(), text: input.text.trim(), outcome: input.outcome,
      papers: encodePapers(input.papers), function_code: input.functionCode, plan_id: input.planId, business_case_id: input.businessCaseId,
      budget_year: input.budgetYear, recorded_by: user.username,
    }).returning('id').executeTakeFirstOrThrow();
    if (subjects.length) await tx.insertInto('gov_decision_subject').values(subjects.map((s) => ({ decision_id: row.id, subject_kind: s.kind, subject_ref: s.ref }))).execute();
    await recordAudit(tx, {
      actor: user.username, action: 'decision.record', entityType: 'gov_decision', entityId: String(row.id),
      details: { bodyId: body.id, body: body.name, decidedOn: input.decidedOn, title: input.title.trim(), outcome: input.outcome, subjects: subjects.map((s) => `${s.kind}:${s.ref}`) },
    });
    return decisionDetail(tx, row.id);
  });
}

/**
 * Records (or changes) a member's vote. Only members of the deciding body whose term covers the
 * decision's date may vote; a member with a conflicting declaration may only be recorded as
 * recused (refused with 409 naming the declaration otherwise), and their recusal gives the
 * declaration as its reason when none is given.
 */
export async function recordVote(db: Db, user: AuthenticatedUser, decisionId: number, input: { memberId: number; vote: Vote; reason: string }): Promise<DecisionDetail> {
  if (!can(user, 'decision.record')) throw forbidden('Your role cannot record votes.');
  return db.transaction().execute(async (tx) => {
    const decision = await tx.selectFrom('gov_decision').select(['id', 'body_id']).where('id', '=', decisionId).executeTakeFirst();
    if (!decision) throw notFound(`Decision ${decisionId}`);
    await lockBody(tx, decision.body_id);
    const detail = await decisionDetail(tx, decisionId);
    const member = await tx.selectFrom('gov_member').select(['id', 'body_id', 'person_name']).where('id', '=', input.memberId).executeTakeFirst();
    if (!member || member.body_id !== decision.body_id) {
      throw invalid([{ field: 'memberId', message: `${member ? member.person_name : `Member ${input.memberId}`} is not a member of ${detail.bodyName}: only members of the deciding body may vote` }], 'The vote is not valid.');
    }
    const voter = detail.voters.find((v) => v.memberId === member.id)!;
    if (!voter.eligible) {
      throw invalid([{ field: 'memberId', message: `${member.person_name}’s term on ${detail.bodyName} does not cover ${detail.decidedOn}, the date of the decision` }], 'The vote is not valid.');
    }
    const conflictOf = detail.conflictList.find((c) => c.memberId === member.id);
    if (conflictOf && input.vote !== 'recused') {
      const refusal = voter.recusalNeeded ?? `${conflictOf.sentences[0]}: record the vote as recused`;
      throw conflict(refusal, [{ field: 'vote', message: refusal }]);
    }
    const reason = input.reason.trim() || (input.vote === 'recused' && conflictOf ? `Declared interest: ${conflictOf.sentences.join('; ')}` : '');
    const before = await tx.selectFrom('gov_vote').select(['vote', 'reason']).where('decision_id', '=', decisionId).where('member_id', '=', member.id).executeTakeFirst();
    const now = new Date();
    await tx.insertInto('gov_vote').values({ decision_id: decisionId, member_id: member.id, vote: input.vote, reason, recorded_by: user.username, recorded_at: now })
      .onConflict((oc) => oc.columns(['decision_id', 'member_id']).doUpdateSet({ vote: input.vote, reason, recorded_by: user.username, recorded_at: now }))
      .execute();
    await recordAudit(tx, {
      actor: user.username, action: 'decision.vote', entityType: 'gov_decision', entityId: String(decisionId),
      details: { memberId: member.id, personName: member.person_name, before: before ?? null, after: { vote: input.vote, reason }, conflicted: Boolean(conflictOf) },
    });
    return decisionDetail(tx, decisionId);
  });
}

// ── Export ──────────────────────────────────────────────────────────────────────────────────────

export function decisionsTable(decisions: readonly DecisionDetail[], label: string): ExportTable<DecisionDetail> {
  return {
    fileName: `decisions-log-${label}`,
    sheetName: 'Decisions',
    title: [`Decisions log: ${label}`, `Exported ${todayIso()}`],
    columns: [
      { header: 'Number', kind: 'integer', value: (d) => d.id, width: 8 },
      { header: 'Date', kind: 'date', value: (d) => d.decidedOn, width: 12 },
      { header: 'Group', value: (d) => d.groupCode, width: 10 },
      { header: 'Body', value: (d) => d.bodyName, width: 24 },
      { header: 'Meeting', value: (d) => d.meetingTitle, width: 28 },
      { header: 'Decision', value: (d) => d.title, width: 40 },
      { header: 'Detail', value: (d) => d.text || null, width: 60 },
      { header: 'Outcome', value: (d) => d.outcomeLabel, width: 12 },
      { header: 'Function', value: (d) => d.functionName, width: 28 },
      { header: 'Plan', value: (d) => d.planTitle, width: 28 },
      { header: 'Business case', value: (d) => (d.businessCaseId ? `${d.businessCaseId}: ${d.businessCaseTitle ?? ''}` : null), width: 28 },
      { header: 'Budget year', value: (d) => d.budgetYear, width: 10 },
      { header: 'Subjects', value: (d) => d.subjects.map((s) => `${s.kindLabel}: ${s.label}`).join('; ') || null, width: 40 },
      { header: 'Papers', value: (d) => d.papers.map((p) => (p.link ? `${p.title} <${p.link}>` : p.title)).join('; ') || null, width: 40 },
      { header: 'For', kind: 'integer', value: (d) => d.tally.for, width: 6 },
      { header: 'Against', kind: 'integer', value: (d) => d.tally.against, width: 8 },
      { header: 'Abstained', kind: 'integer', value: (d) => d.tally.abstain, width: 9 },
      { header: 'Recused', value: (d) => d.recusals.map((v) => v.personName).join('; ') || null, width: 28 },
      { header: 'Declared interests', value: (d) => d.conflictList.flatMap((c) => c.sentences).join('; ') || null, width: 60 },
      { header: 'Recorded by', value: (d) => d.recordedBy, width: 14 },
    ],
    rows: decisions,
  };
}
