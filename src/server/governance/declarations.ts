/**
 * The register of declarations of interest (ORG-5): anyone may declare their own interests (tied
 * to their account, and so to every seat they hold); those who keep the governance records may
 * record a declaration for a member; a declaration ends on the day given (its last day in force).
 * Every change is audited in its transaction.
 */
import type { Db, Tx } from '../../db/database.js';
import { can } from '../../domain/access/can.js';
import {
  DECLARATION_STATUS_LABELS, INTEREST_KIND_LABELS, SUBJECT_KIND_LABELS, declarationIsOf, declarationStatus, normaliseSubjectRef,
  type Declaration, type DeclarationStatus, type InterestKind, type SubjectKind,
} from '../../domain/governance/interests.js';
import { recordAudit } from '../audit/audit-log.js';
import type { AuthenticatedUser } from '../auth/credentials.js';
import type { ExportTable } from '../http/exports.js';
import { forbidden, notFound } from '../http/errors.js';
import { groupOf, invalid, todayIso } from './common.js';
import { checkSubject, subjectNames, subjectView, type SubjectView } from './subjects.js';

export interface DeclarationRecord extends Declaration { groupCode: string; recordedBy: string; recordedAt: Date }

const columns = [
  'd.id', 'd.group_code', 'd.member_id', 'd.user_id', 'd.person_name', 'd.kind', 'd.interest', 'd.subject_kind', 'd.subject_ref',
  'd.declared_on', 'd.ends_on', 'd.recorded_by', 'd.recorded_at',
] as const;

type Row = {
  id: number; group_code: string; member_id: number | null; user_id: number | null; person_name: string; kind: InterestKind; interest: string;
  subject_kind: SubjectKind; subject_ref: string; declared_on: string; ends_on: string | null; recorded_by: string; recorded_at: Date;
};

const toRecord = (r: Row): DeclarationRecord => ({
  id: r.id, groupCode: r.group_code, memberId: r.member_id, userId: r.user_id, personName: r.person_name, interestKind: r.kind, interest: r.interest,
  kind: r.subject_kind, ref: r.subject_ref, declaredOn: r.declared_on, endsOn: r.ends_on, recordedBy: r.recorded_by, recordedAt: r.recorded_at,
});

/** Every declaration of a group (or of every group), oldest first. */
export async function groupDeclarations(db: Db | Tx, groupCode: string | null): Promise<DeclarationRecord[]> {
  let query = db.selectFrom('coi_declaration as d').select(columns).orderBy('d.declared_on').orderBy('d.id');
  if (groupCode) query = query.where('d.group_code', '=', groupCode);
  return (await query.execute()).map(toRecord);
}

export interface DeclarationView {
  id: number;
  groupCode: string;
  memberId: number | null;
  userId: number | null;
  personName: string;
  /** the seats the person holds in the group, e.g. "Board: Chair" */
  seats: string[];
  kind: InterestKind;
  kindLabel: string;
  interest: string;
  subject: SubjectView;
  declaredOn: string;
  endsOn: string | null;
  status: DeclarationStatus;
  statusLabel: string;
  recordedBy: string;
  recordedAt: string;
}

export interface Seat { memberId: number; personName: string; userId: number | null; bodyName: string; role: string }

/** Every seat in a group's bodies (or every group's), for tying declarations to people. */
export async function groupSeats(db: Db | Tx, groupCode: string | null): Promise<(Seat & { groupCode: string })[]> {
  let query = db.selectFrom('gov_member as m').innerJoin('gov_body as b', 'b.id', 'm.body_id')
    .select(['m.id as memberId', 'm.person_name as personName', 'm.user_id as userId', 'b.name as bodyName', 'm.role', 'b.group_code as groupCode'])
    .orderBy('b.id').orderBy('m.id');
  if (groupCode) query = query.where('b.group_code', '=', groupCode);
  return query.execute();
}

/** Declarations as the register shows them, with their subjects named and the person's seats. */
export async function declarationViews(db: Db | Tx, records: readonly DeclarationRecord[], seats: readonly (Seat & { groupCode: string })[], today = todayIso()): Promise<DeclarationView[]> {
  const names = await subjectNames(db, records);
  return records.map((d) => {
    const status = declarationStatus(d, today);
    return {
      id: d.id, groupCode: d.groupCode, memberId: d.memberId, userId: d.userId, personName: d.personName,
      seats: [...new Set(seats.filter((s) => s.groupCode === d.groupCode && declarationIsOf(d, s)).map((s) => `${s.bodyName}: ${s.role}`))],
      kind: d.interestKind, kindLabel: INTEREST_KIND_LABELS[d.interestKind], interest: d.interest,
      subject: subjectView(names, d), declaredOn: d.declaredOn, endsOn: d.endsOn, status, statusLabel: DECLARATION_STATUS_LABELS[status],
      recordedBy: d.recordedBy, recordedAt: d.recordedAt.toISOString(),
    };
  });
}

export interface RegisterFilters {
  groupCode: string | null;
  /** part of the person's name, any case */
  person?: string | null;
  subjectKind?: SubjectKind | null;
  subjectRef?: string | null;
  status?: DeclarationStatus | null;
}

/** The register, filtered. */
export async function declarationRegister(db: Db, filters: RegisterFilters, today = todayIso()): Promise<DeclarationView[]> {
  if (filters.groupCode) await groupOf(db, filters.groupCode);
  let records = await groupDeclarations(db, filters.groupCode);
  const person = filters.person?.trim().toLowerCase();
  if (person) records = records.filter((d) => d.personName.toLowerCase().includes(person));
  if (filters.subjectKind) {
    const kind = filters.subjectKind;
    const ref = filters.subjectRef?.trim() ? normaliseSubjectRef(kind, filters.subjectRef).toLowerCase() : null;
    records = records.filter((d) => d.kind === kind && (ref === null || d.ref.toLowerCase() === ref));
  }
  if (filters.status) records = records.filter((d) => declarationStatus(d, today) === filters.status);
  return declarationViews(db, records, await groupSeats(db, filters.groupCode), today);
}

export interface DeclareInput {
  groupCode: string;
  /** a member's declaration recorded for them; null: the signed-in person declares their own */
  memberId: number | null;
  kind: InterestKind;
  interest: string;
  subjectKind: SubjectKind;
  subjectRef: string;
  declaredOn: string;
  endsOn: string | null;
}

/**
 * Records a declaration. Without memberId it is the signed-in person's own (interest.declare),
 * tied to their account and to their first seat in the group, if they have one. For a member it
 * needs governance.manage, unless the member's seat is linked to the signed-in person's account.
 */
export async function declareInterest(db: Db, user: AuthenticatedUser, input: DeclareInput): Promise<DeclarationView> {
  if (!can(user, 'interest.declare')) throw forbidden('Your role cannot declare interests.');
  if (input.endsOn && input.endsOn < input.declaredOn) {
    throw invalid([{ field: 'endsOn', message: 'The end date must be the same as or after the date it was declared' }], 'The declaration is not valid.');
  }
  return db.transaction().execute(async (tx) => {
    await groupOf(tx, input.groupCode);
    const checked = await checkSubject(tx, input.groupCode, { kind: input.subjectKind, ref: input.subjectRef }, 'subjectRef');
    if ('problem' in checked) throw invalid([checked.problem], 'The declaration is not valid.');

    let owner: { memberId: number | null; userId: number | null; personName: string };
    if (input.memberId !== null) {
      const member = await tx.selectFrom('gov_member as m').innerJoin('gov_body as b', 'b.id', 'm.body_id')
        .select(['m.id', 'm.person_name', 'm.user_id', 'b.group_code']).where('m.id', '=', input.memberId).executeTakeFirst();
      if (!member || member.group_code !== input.groupCode) {
        throw invalid([{ field: 'memberId', message: `There is no member ${input.memberId} in the group’s bodies` }], 'The declaration is not valid.');
      }
      if (member.user_id !== user.id && !can(user, 'governance.manage')) throw forbidden('Only those who keep the governance records may record a declaration for someone else.');
      owner = { memberId: member.id, userId: member.user_id, personName: member.person_name };
    } else {
      const seat = await tx.selectFrom('gov_member as m').innerJoin('gov_body as b', 'b.id', 'm.body_id').select('m.id')
        .where('m.user_id', '=', user.id).where('b.group_code', '=', input.groupCode).orderBy('m.id').executeTakeFirst();
      owner = { memberId: seat?.id ?? null, userId: user.id, personName: user.displayName };
    }

    const row = await tx.insertInto('coi_declaration').values({
      group_code: input.groupCode, member_id: owner.memberId, user_id: owner.userId, person_name: owner.personName, kind: input.kind,
      interest: input.interest.trim(), subject_kind: checked.subject.kind, subject_ref: checked.subject.ref,
      declared_on: input.declaredOn, ends_on: input.endsOn, recorded_by: user.username,
    }).returningAll().executeTakeFirstOrThrow();
    const record = toRecord(row);
    await recordAudit(tx, {
      actor: user.username, action: 'interest.declare', entityType: 'coi_declaration', entityId: String(record.id),
      details: { groupCode: record.groupCode, personName: record.personName, memberId: record.memberId, userId: record.userId, kind: record.interestKind, subject: `${SUBJECT_KIND_LABELS[record.kind]} ${record.ref}`, declaredOn: record.declaredOn, endsOn: record.endsOn },
    });
    return (await declarationViews(tx, [record], await groupSeats(tx, record.groupCode)))[0]!;
  });
}

/** Ends a declaration on a day (its last day in force): the person's own, or anyone's with governance.manage. */
export async function endDeclaration(db: Db, user: AuthenticatedUser, id: number, endsOn: string): Promise<DeclarationView> {
  return db.transaction().execute(async (tx) => {
    const row = await tx.selectFrom('coi_declaration as d').select(columns).where('d.id', '=', id).forUpdate().executeTakeFirst();
    if (!row) throw notFound(`Declaration ${id}`);
    const before = toRecord(row);
    const own = before.userId !== null && before.userId === user.id;
    if (!(own && can(user, 'interest.declare')) && !can(user, 'governance.manage')) throw forbidden('Only the person who declared it, or those who keep the governance records, may end a declaration.');
    if (endsOn < before.declaredOn) {
      throw invalid([{ field: 'endsOn', message: `The end date must be on or after ${before.declaredOn}, when it was declared` }], 'The end date is not valid.');
    }
    await tx.updateTable('coi_declaration').set({ ends_on: endsOn }).where('id', '=', id).execute();
    await recordAudit(tx, {
      actor: user.username, action: 'interest.end', entityType: 'coi_declaration', entityId: String(id),
      details: { personName: before.personName, before: { endsOn: before.endsOn }, after: { endsOn } },
    });
    return (await declarationViews(tx, [{ ...before, endsOn }], await groupSeats(tx, before.groupCode)))[0]!;
  });
}

/** The register as a download. */
export function registerTable(views: readonly DeclarationView[], groupLabel: string): ExportTable<DeclarationView> {
  return {
    fileName: `declarations-of-interest-${groupLabel}`,
    sheetName: 'Declarations',
    title: [`Register of declarations of interest: ${groupLabel}`],
    columns: [
      { header: 'Person', value: (d) => d.personName, width: 28 },
      { header: 'Seats', value: (d) => d.seats.join('; ') || null, width: 36 },
      { header: 'Kind of interest', value: (d) => d.kindLabel, width: 24 },
      { header: 'Interest', value: (d) => d.interest, width: 50 },
      { header: 'Subject', value: (d) => d.subject.kindLabel, width: 14 },
      { header: 'In', value: (d) => d.subject.label, width: 40 },
      { header: 'Declared on', kind: 'date', value: (d) => d.declaredOn, width: 12 },
      { header: 'Ends on', kind: 'date', value: (d) => d.endsOn, width: 12 },
      { header: 'Status', value: (d) => d.statusLabel, width: 16 },
      { header: 'Recorded by', value: (d) => d.recordedBy, width: 16 },
    ],
    rows: views,
  };
}
