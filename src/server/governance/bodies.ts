/**
 * A group's governance bodies, their members and meetings (ORG-3). The council has one member per
 * practice of the group at a time (a second is refused, naming the practice), and its page lists
 * the practices without one. Members may be linked to a user account (by username), so that their
 * own declarations of interest follow them to every seat. Every change is audited.
 */
import type { Db, Tx } from '../../db/database.js';
import type { GovBodyTable } from '../../db/schema.js';
import { can } from '../../domain/access/can.js';
import {
  BODY_KINDS, BODY_KIND_LABELS, MEETING_STATUS_LABELS, TERM_STATUS_LABELS, councilSeatTaken, practicesWithoutCouncilMember, termStatus,
  type BodyKind, type MeetingStatus, type TermStatus,
} from '../../domain/governance/bodies.js';
import { declarationIsOf, inForceOn } from '../../domain/governance/interests.js';
import { recordAudit } from '../audit/audit-log.js';
import type { AuthenticatedUser } from '../auth/credentials.js';
import type { ExportTable } from '../http/exports.js';
import { forbidden, notFound, type ErrorDetail } from '../http/errors.js';
import { conflict, groupOf, invalid, lockBody, todayIso } from './common.js';
import { declarationViews, groupDeclarations, groupSeats, type DeclarationView } from './declarations.js';

// ── Views ───────────────────────────────────────────────────────────────────────────────────────

export interface MeetingView {
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
  /** members whose term covers today */
  currentMembers: number;
  members: number;
  nextMeeting: Pick<MeetingView, 'id' | 'heldOn' | 'title'> | null;
  /** the council only: the group's practices with no sitting member (null for other bodies) */
  practicesWithoutMember: { code: string; name: string }[] | null;
}

export interface MemberView {
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
  /** the person's declarations in force today */
  declarations: DeclarationView[];
}

export interface BodyDetail extends BodySummary {
  memberList: MemberView[];
  meetings: MeetingView[];
  /** the group's practices, for choosing a member's practice */
  practices: { code: string; name: string }[];
}

type BodyRow = Pick<GovBodyTable, 'group_code' | 'kind' | 'name'> & { id: number; cadence: string; terms_of_reference: string; group_name: string };

const memberColumns = [
  'm.id', 'm.body_id', 'm.person_name', 'm.user_id', 'u.username', 'm.practice_code', 'p.name as practice_name', 'm.role', 'm.discipline',
  'm.sessions_per_week', 'm.term_start', 'm.term_end',
] as const;

async function memberRows(db: Db | Tx, bodyIds: readonly number[]) {
  if (!bodyIds.length) return [];
  return db.selectFrom('gov_member as m').leftJoin('app_user as u', 'u.id', 'm.user_id').leftJoin('practice as p', 'p.code', 'm.practice_code')
    .select(memberColumns).where('m.body_id', 'in', bodyIds)
    .orderBy('m.body_id').orderBy('m.term_end', (ob) => ob.desc().nullsFirst()).orderBy('m.id').execute();
}
type MemberRow = Awaited<ReturnType<typeof memberRows>>[number];

const seatOf = (m: MemberRow) => ({ memberId: m.id, personName: m.person_name, practiceCode: m.practice_code, termStart: m.term_start, termEnd: m.term_end });

async function meetingRows(db: Db | Tx, where: { bodyIds?: readonly number[]; meetingId?: number }) {
  let query = db.selectFrom('gov_meeting as g').innerJoin('gov_body as b', 'b.id', 'g.body_id')
    .select((eb) => ['g.id', 'g.body_id', 'b.name as body_name', 'b.group_code', 'g.held_on', 'g.title', 'g.location', 'g.status', 'g.notes',
      eb.selectFrom('gov_decision as d').select((e) => e.fn.countAll<number>().as('n')).whereRef('d.meeting_id', '=', 'g.id').as('decisions')])
    .orderBy('g.held_on', 'desc').orderBy('g.id', 'desc');
  if (where.bodyIds) {
    if (!where.bodyIds.length) return [];
    query = query.where('g.body_id', 'in', where.bodyIds);
  }
  if (where.meetingId !== undefined) query = query.where('g.id', '=', where.meetingId);
  return query.execute();
}

const toMeeting = (r: Awaited<ReturnType<typeof meetingRows>>[number]): MeetingView => ({
  id: r.id, bodyId: r.body_id, bodyName: r.body_name, groupCode: r.group_code, heldOn: r.held_on, title: r.title, location: r.location,
  status: r.status, statusLabel: MEETING_STATUS_LABELS[r.status], notes: r.notes, decisions: Number(r.decisions ?? 0),
});

async function bodyRows(db: Db | Tx, where: { groupCode?: string | null; id?: number }): Promise<BodyRow[]> {
  let query = db.selectFrom('gov_body as b').innerJoin('org_group as g', 'g.code', 'b.group_code')
    .select(['b.id', 'b.group_code', 'g.name as group_name', 'b.kind', 'b.name', 'b.cadence', 'b.terms_of_reference']);
  if (where.groupCode) query = query.where('b.group_code', '=', where.groupCode);
  if (where.id !== undefined) query = query.where('b.id', '=', where.id);
  const rows = await query.execute();
  return rows.sort((a, b) => a.group_code.localeCompare(b.group_code) || BODY_KINDS.indexOf(a.kind) - BODY_KINDS.indexOf(b.kind) || a.name.localeCompare(b.name));
}

async function practicesOf(db: Db | Tx, groupCodes: readonly string[]) {
  if (!groupCodes.length) return [];
  return db.selectFrom('practice').select(['code', 'name', 'group_code']).where('group_code', 'in', groupCodes).orderBy('code').execute();
}

async function summaries(db: Db | Tx, rows: BodyRow[], today: string): Promise<{ list: BodySummary[]; members: MemberRow[]; meetings: MeetingView[] }> {
  const ids = rows.map((r) => r.id);
  const [members, meetings, practices] = await Promise.all([
    memberRows(db, ids), meetingRows(db, { bodyIds: ids }), practicesOf(db, [...new Set(rows.filter((r) => r.kind === 'council').map((r) => r.group_code))]),
  ]);
  const meetingViews = meetings.map(toMeeting);
  const list = rows.map((r): BodySummary => {
    const own = members.filter((m) => m.body_id === r.id);
    const next = meetingViews.filter((m) => m.bodyId === r.id && m.status === 'planned' && m.heldOn >= today).sort((a, b) => a.heldOn.localeCompare(b.heldOn) || a.id - b.id)[0];
    return {
      id: r.id, groupCode: r.group_code, groupName: r.group_name, kind: r.kind, kindLabel: BODY_KIND_LABELS[r.kind], name: r.name,
      cadence: r.cadence, termsOfReference: r.terms_of_reference,
      currentMembers: own.filter((m) => ['current', 'ending_soon'].includes(termStatus({ termStart: m.term_start, termEnd: m.term_end }, today))).length,
      members: own.length,
      nextMeeting: next ? { id: next.id, heldOn: next.heldOn, title: next.title } : null,
      practicesWithoutMember: r.kind === 'council'
        ? practicesWithoutCouncilMember(practices.filter((p) => p.group_code === r.group_code), own.map(seatOf), today).map((p) => ({ code: p.code, name: p.name }))
        : null,
    };
  });
  return { list, members, meetings: meetingViews };
}

/** A group's bodies (or every group's), each with its member count, next meeting and, for the council, the practices without a member. */
export async function listBodies(db: Db, groupCode: string | null, today = todayIso()): Promise<BodySummary[]> {
  if (groupCode) await groupOf(db, groupCode);
  return (await summaries(db, await bodyRows(db, { groupCode }), today)).list;
}

/** Member views for members of bodies in the given groups, with each person's declarations in force today. */
async function memberViews(db: Db | Tx, members: readonly MemberRow[], groupOfBody: Map<number, string>, today: string): Promise<MemberView[]> {
  const groups = [...new Set(groupOfBody.values())];
  const [declarations, seats] = groups.length === 1
    ? await Promise.all([groupDeclarations(db, groups[0]!), groupSeats(db, groups[0]!)])
    : await Promise.all([groupDeclarations(db, null), groupSeats(db, null)]);
  const inForce = await declarationViews(db, declarations.filter((d) => groups.includes(d.groupCode) && inForceOn(d, today)), seats, today);
  return members.map((m) => {
    const status = termStatus({ termStart: m.term_start, termEnd: m.term_end }, today);
    const person = { memberId: m.id, personName: m.person_name, userId: m.user_id };
    const group = groupOfBody.get(m.body_id);
    return {
      id: m.id, bodyId: m.body_id, personName: m.person_name, userId: m.user_id, username: m.username ?? null,
      practiceCode: m.practice_code, practiceName: m.practice_name ?? null, role: m.role, discipline: m.discipline,
      sessionsPerWeek: m.sessions_per_week === null ? null : Number(m.sessions_per_week), termStart: m.term_start, termEnd: m.term_end,
      termStatus: status, termStatusLabel: TERM_STATUS_LABELS[status],
      declarations: inForce.filter((d) => d.groupCode === group && declarationIsOf({ memberId: d.memberId, userId: d.userId, personName: d.personName }, person)),
    };
  });
}

/** One body with its members (their terms and declarations in force), meetings and the group's practices. */
export async function bodyDetail(db: Db | Tx, id: number, today = todayIso()): Promise<BodyDetail> {
  const rows = await bodyRows(db, { id });
  if (!rows.length) throw notFound(`Body ${id}`);
  const { list, members, meetings } = await summaries(db, rows, today);
  const body = list[0]!;
  const [memberList, practices] = await Promise.all([memberViews(db, members, new Map([[body.id, body.groupCode]]), today), practicesOf(db, [body.groupCode])]);
  return { ...body, memberList, meetings, practices: practices.map((p) => ({ code: p.code, name: p.name })) };
}

// ── Bodies ──────────────────────────────────────────────────────────────────────────────────────

export interface BodyInput { name: string; cadence: string; termsOfReference: string }

const manageOnly = (user: AuthenticatedUser) => {
  if (!can(user, 'governance.manage')) throw forbidden('Your role cannot change the governance records.');
};

async function nameTaken(tx: Tx, groupCode: string, name: string, exceptId?: number) {
  let query = tx.selectFrom('gov_body').select('id').where('group_code', '=', groupCode).where((eb) => eb(eb.fn('lower', ['name']), '=', name.toLowerCase()));
  if (exceptId !== undefined) query = query.where('id', '<>', exceptId);
  if (await query.executeTakeFirst()) throw conflict(`The group already has a body called ${name}.`, [{ field: 'name', message: `The group already has a body called ${name}` }]);
}

export async function createBody(db: Db, user: AuthenticatedUser, input: BodyInput & { groupCode: string; kind: BodyKind }): Promise<BodyDetail> {
  manageOnly(user);
  return db.transaction().execute(async (tx) => {
    await groupOf(tx, input.groupCode);
    const name = input.name.trim();
    await nameTaken(tx, input.groupCode, name);
    const row = await tx.insertInto('gov_body').values({
      group_code: input.groupCode, kind: input.kind, name, cadence: input.cadence.trim(), terms_of_reference: input.termsOfReference.trim(), created_by: user.username,
    }).returning('id').executeTakeFirstOrThrow();
    await recordAudit(tx, { actor: user.username, action: 'governance.body_create', entityType: 'gov_body', entityId: String(row.id), details: { groupCode: input.groupCode, kind: input.kind, name } });
    return bodyDetail(tx, row.id);
  });
}

export async function updateBody(db: Db, user: AuthenticatedUser, id: number, input: BodyInput): Promise<BodyDetail> {
  manageOnly(user);
  return db.transaction().execute(async (tx) => {
    const before = await tx.selectFrom('gov_body').select(['group_code', 'name', 'cadence', 'terms_of_reference']).where('id', '=', id).forUpdate().executeTakeFirst();
    if (!before) throw notFound(`Body ${id}`);
    const name = input.name.trim();
    await nameTaken(tx, before.group_code, name, id);
    const after = { name, cadence: input.cadence.trim(), terms_of_reference: input.termsOfReference.trim() };
    await tx.updateTable('gov_body').set(after).where('id', '=', id).execute();
    await recordAudit(tx, {
      actor: user.username, action: 'governance.body_update', entityType: 'gov_body', entityId: String(id),
      details: { before: { name: before.name, cadence: before.cadence, termsOfReference: before.terms_of_reference }, after: { name, cadence: after.cadence, termsOfReference: after.terms_of_reference } },
    });
    return bodyDetail(tx, id);
  });
}

// ── Members ─────────────────────────────────────────────────────────────────────────────────────

export interface MemberInput {
  personName: string;
  /** the account to link, by username, or null */
  username: string | null;
  practiceCode: string | null;
  role: string;
  discipline: string;
  sessionsPerWeek: number | null;
  termStart: string | null;
  termEnd: string | null;
}

/**
 * Checks a member against their body: the linked account exists; the practice is one of the
 * group's (and, on the council, required and not already represented for an overlapping term).
 */
async function checkedMember(tx: Tx, body: { id: number; group_code: string; kind: BodyKind }, input: MemberInput, memberId?: number) {
  const problems: ErrorDetail[] = [];
  if (input.termStart && input.termEnd && input.termEnd < input.termStart) problems.push({ field: 'termEnd', message: 'The end of the term must be the same as or after its start' });
  let userId: number | null = null;
  if (input.username) {
    const found = await tx.selectFrom('app_user').select('id').where('username', '=', input.username.trim()).executeTakeFirst();
    if (found) userId = found.id;
    else problems.push({ field: 'username', message: `There is no user account ${input.username.trim()}` });
  }
  let practice: { code: string; name: string } | null = null;
  if (input.practiceCode) {
    const found = await tx.selectFrom('practice').select(['code', 'name', 'group_code']).where('code', '=', input.practiceCode).executeTakeFirst();
    if (!found || found.group_code !== body.group_code) problems.push({ field: 'practiceCode', message: `${input.practiceCode} is not a practice of this group` });
    else practice = found;
  } else if (body.kind === 'council') {
    problems.push({ field: 'practiceCode', message: 'Choose the practice this council member represents: the council has one member per practice' });
  }
  if (problems.length) throw invalid(problems, 'The member is not valid.');

  if (body.kind === 'council' && practice) {
    await lockBody(tx, body.id);
    const seats = await tx.selectFrom('gov_member').select(['id as memberId', 'person_name as personName', 'practice_code as practiceCode', 'term_start as termStart', 'term_end as termEnd'])
      .where('body_id', '=', body.id).where('practice_code', '=', practice.code).execute();
    const taken = councilSeatTaken(seats, { practiceCode: practice.code, termStart: input.termStart, termEnd: input.termEnd, memberId });
    if (taken) {
      const since = taken.termStart ? ` since ${taken.termStart}` : '';
      throw conflict(
        `${practice.name} (${practice.code}) already has a council member: ${taken.personName}${since}. The council has one member per practice; end that member’s term first.`,
        [{ field: 'practiceCode', message: `${practice.name} (${practice.code}) already has a council member, ${taken.personName}` }],
      );
    }
  }
  return {
    person_name: input.personName.trim(), user_id: userId, practice_code: practice?.code ?? null, role: input.role.trim() || 'Member',
    discipline: input.discipline.trim(), sessions_per_week: input.sessionsPerWeek, term_start: input.termStart, term_end: input.termEnd,
  };
}

async function bodyFor(tx: Tx, bodyId: number) {
  const body = await tx.selectFrom('gov_body').select(['id', 'group_code', 'kind', 'name']).where('id', '=', bodyId).executeTakeFirst();
  if (!body) throw notFound(`Body ${bodyId}`);
  return body;
}

const auditMember = (values: Awaited<ReturnType<typeof checkedMember>>) => ({
  personName: values.person_name, userId: values.user_id, practiceCode: values.practice_code, role: values.role, discipline: values.discipline,
  sessionsPerWeek: values.sessions_per_week, termStart: values.term_start, termEnd: values.term_end,
});

export async function addMember(db: Db, user: AuthenticatedUser, bodyId: number, input: MemberInput): Promise<MemberView> {
  manageOnly(user);
  return db.transaction().execute(async (tx) => {
    const body = await bodyFor(tx, bodyId);
    const values = await checkedMember(tx, body, input);
    const row = await tx.insertInto('gov_member').values({ body_id: bodyId, ...values }).returning('id').executeTakeFirstOrThrow();
    await recordAudit(tx, { actor: user.username, action: 'governance.member_add', entityType: 'gov_member', entityId: String(row.id), details: { bodyId, body: body.name, after: auditMember(values) } });
    return (await bodyDetail(tx, bodyId)).memberList.find((m) => m.id === row.id)!;
  });
}

export async function updateMember(db: Db, user: AuthenticatedUser, memberId: number, input: MemberInput): Promise<MemberView> {
  manageOnly(user);
  return db.transaction().execute(async (tx) => {
    const before = await tx.selectFrom('gov_member').selectAll().where('id', '=', memberId).forUpdate().executeTakeFirst();
    if (!before) throw notFound(`Member ${memberId}`);
    const body = await bodyFor(tx, before.body_id);
    const values = await checkedMember(tx, body, input, memberId);
    await tx.updateTable('gov_member').set(values).where('id', '=', memberId).execute();
    await recordAudit(tx, {
      actor: user.username, action: 'governance.member_update', entityType: 'gov_member', entityId: String(memberId),
      details: {
        bodyId: body.id,
        before: { personName: before.person_name, userId: before.user_id, practiceCode: before.practice_code, role: before.role, discipline: before.discipline, sessionsPerWeek: before.sessions_per_week, termStart: before.term_start, termEnd: before.term_end },
        after: auditMember(values),
      },
    });
    return (await bodyDetail(tx, body.id)).memberList.find((m) => m.id === memberId)!;
  });
}

/** Removes a member entered in error; one who has voted or declared stays (end their term instead). */
export async function removeMember(db: Db, user: AuthenticatedUser, memberId: number): Promise<void> {
  manageOnly(user);
  await db.transaction().execute(async (tx) => {
    const before = await tx.selectFrom('gov_member').selectAll().where('id', '=', memberId).forUpdate().executeTakeFirst();
    if (!before) throw notFound(`Member ${memberId}`);
    const [votes, declarations] = await Promise.all([
      tx.selectFrom('gov_vote').select('member_id').where('member_id', '=', memberId).executeTakeFirst(),
      tx.selectFrom('coi_declaration').select('id').where('member_id', '=', memberId).executeTakeFirst(),
    ]);
    if (votes || declarations) {
      throw conflict(`${before.person_name} has ${votes ? 'votes' : 'declarations of interest'} on record, so stays on the record: end their term instead.`);
    }
    await tx.deleteFrom('gov_member').where('id', '=', memberId).execute();
    await recordAudit(tx, {
      actor: user.username, action: 'governance.member_remove', entityType: 'gov_member', entityId: String(memberId),
      details: { bodyId: before.body_id, before: { personName: before.person_name, role: before.role, practiceCode: before.practice_code, termStart: before.term_start, termEnd: before.term_end } },
    });
  });
}

// ── Meetings ────────────────────────────────────────────────────────────────────────────────────

export interface MeetingInput { heldOn: string; title: string; location: string; status: MeetingStatus; notes: string }

export async function meetingById(db: Db | Tx, id: number): Promise<MeetingView> {
  const row = (await meetingRows(db, { meetingId: id }))[0];
  if (!row) throw notFound(`Meeting ${id}`);
  return toMeeting(row);
}

const meetingValues = (input: MeetingInput) => ({ held_on: input.heldOn, title: input.title.trim(), location: input.location.trim(), status: input.status, notes: input.notes.trim() });

export async function addMeeting(db: Db, user: AuthenticatedUser, bodyId: number, input: MeetingInput): Promise<MeetingView> {
  manageOnly(user);
  return db.transaction().execute(async (tx) => {
    const body = await bodyFor(tx, bodyId);
    const values = meetingValues(input);
    const row = await tx.insertInto('gov_meeting').values({ body_id: bodyId, ...values, created_by: user.username }).returning('id').executeTakeFirstOrThrow();
    await recordAudit(tx, { actor: user.username, action: 'governance.meeting_add', entityType: 'gov_meeting', entityId: String(row.id), details: { bodyId, body: body.name, after: input } });
    return meetingById(tx, row.id);
  });
}

export async function updateMeeting(db: Db, user: AuthenticatedUser, id: number, input: MeetingInput): Promise<MeetingView> {
  manageOnly(user);
  return db.transaction().execute(async (tx) => {
    const before = await tx.selectFrom('gov_meeting').select(['held_on', 'title', 'location', 'status', 'notes']).where('id', '=', id).forUpdate().executeTakeFirst();
    if (!before) throw notFound(`Meeting ${id}`);
    await tx.updateTable('gov_meeting').set(meetingValues(input)).where('id', '=', id).execute();
    await recordAudit(tx, {
      actor: user.username, action: 'governance.meeting_update', entityType: 'gov_meeting', entityId: String(id),
      details: { before: { heldOn: before.held_on, title: before.title, location: before.location, status: before.status, notes: before.notes }, after: input },
    });
    return meetingById(tx, id);
  });
}

// ── Export ──────────────────────────────────────────────────────────────────────────────────────

export interface MemberExportRow { body: BodySummary; member: MemberView }

/** Every member of a group's bodies (or every group's), body by body. */
export async function memberExportRows(db: Db, groupCode: string | null, today = todayIso()): Promise<MemberExportRow[]> {
  if (groupCode) await groupOf(db, groupCode);
  const rows = await bodyRows(db, { groupCode });
  const { list, members } = await summaries(db, rows, today);
  const views = await memberViews(db, members, new Map(rows.map((r) => [r.id, r.group_code])), today);
  return list.flatMap((body) => views.filter((m) => m.bodyId === body.id).map((member) => ({ body, member })));
}

export function membersTable(rows: readonly MemberExportRow[], groupLabel: string): ExportTable<MemberExportRow> {
  return {
    fileName: `governance-members-${groupLabel}`,
    sheetName: 'Members',
    title: [`Governance bodies and their members: ${groupLabel}`],
    columns: [
      { header: 'Group', value: (r) => r.body.groupCode, width: 10 },
      { header: 'Body', value: (r) => r.body.name, width: 28 },
      { header: 'Kind', value: (r) => r.body.kindLabel, width: 22 },
      { header: 'Name', value: (r) => r.member.personName, width: 28 },
      { header: 'Role', value: (r) => r.member.role, width: 22 },
      { header: 'Discipline', value: (r) => r.member.discipline || null, width: 20 },
      { header: 'Practice', value: (r) => (r.member.practiceCode ? `${r.member.practiceName ?? ''} (${r.member.practiceCode})` : null), width: 30 },
      { header: 'Sessions per week', kind: 'decimal', value: (r) => r.member.sessionsPerWeek, width: 10 },
      { header: 'Term start', kind: 'date', value: (r) => r.member.termStart, width: 12 },
      { header: 'Term end', kind: 'date', value: (r) => r.member.termEnd, width: 12 },
      { header: 'Term', value: (r) => r.member.termStatusLabel, width: 20 },
      { header: 'Account', value: (r) => r.member.username, width: 16 },
      { header: 'Declarations in force', value: (r) => r.member.declarations.map((d) => `${d.kindLabel}: ${d.subject.label}`).join('; ') || null, width: 40 },
    ],
    rows,
  };
}
