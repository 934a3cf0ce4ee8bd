/**
 * Worklists (REF-7): the queues reviewers, the referral centre and practices work from. Each list
 * is a predicate on `referral`; counts come from one query with a filtered count per list, and a
 * page of a list from one query (window count for the total), so nothing is fetched row by row.
 * Ageing and the service level are in working days (England and Wales bank holidays).
 */
import { sql, type Expression, type ExpressionBuilder, type SqlBool } from 'kysely';
import type { Db } from '../../db/database.js';
import type { Schema } from '../../db/schema.js';
import { can } from '../../domain/access/can.js';
import { workingDaysBetween } from '../../domain/calendar/working-days.js';
import { treatmentFunctionName } from '../../domain/codes/treatment-functions.js';
import { formatNhsNumber } from '../../domain/patient/nhs-number.js';
import { STATUSES, STATUS_LABELS, type Status } from '../../domain/referrals/triage.js';
import { recordAudit } from '../audit/audit-log.js';
import type { AuthenticatedUser } from '../auth/credentials.js';
import { forbidden, HttpError } from '../http/errors.js';

type Eb = ExpressionBuilder<Schema, 'referral'>;

export type WorklistSort = 'due' | 'received' | 'priority';
export type SortOrder = 'asc' | 'desc';

interface ListDefinition {
  name: string;
  label: string;
  /** what is on the list, before the caller's practice scope */
  where: (eb: Eb, ctx: { today: string; user: AuthenticatedUser }) => Expression<SqlBool>;
  defaultSort: WorklistSort;
  defaultOrder: SortOrder;
}

/** Statuses a reviewer still has to act on. */
const UNDER_TRIAGE: Status[] = ['awaiting_triage', 'info_requested', 'discussed_with_gp'];

const REVIEWER_LISTS: ListDefinition[] = [
  { name: 'awaiting_triage', label: 'Awaiting triage', where: (eb) => eb('status', '=', 'awaiting_triage'), defaultSort: 'due', defaultOrder: 'asc' },
  { name: 'info_requested', label: 'More information requested', where: (eb) => eb('status', '=', 'info_requested'), defaultSort: 'due', defaultOrder: 'asc' },
  { name: 'discussed_with_gp', label: 'Discussed with referring GP', where: (eb) => eb('status', '=', 'discussed_with_gp'), defaultSort: 'due', defaultOrder: 'asc' },
  {
    name: 'overdue', label: 'Overdue for triage', defaultSort: 'due', defaultOrder: 'asc',
    // triage_due is the last working day to triage: overdue from the day after (index on status, triage_due).
    where: (eb, { today }) => eb.and([eb('status', '=', 'awaiting_triage'), eb('triage_due', '<', today)]),
  },
  {
    name: 'mine', label: 'Assigned to me', defaultSort: 'due', defaultOrder: 'asc',
    where: (eb, { user }) => eb.and([eb('assigned_to', '=', user.username), eb('status', 'in', UNDER_TRIAGE)]),
  },
];

const BOOKING_LISTS: ListDefinition[] = [
  {
    name: 'to_book', label: 'To book', defaultSort: 'received', defaultOrder: 'asc',
    where: (eb) => eb.and([eb('status', 'in', ['forwarded', 'diverted']), eb('booking_status', 'in', ['to_book', 'patient_will_book'])]),
  },
];

/** A practice sees its own referrals, all together and by status. */
const PRACTICE_LISTS: ListDefinition[] = [
  { name: 'all', label: 'All referrals', where: (eb) => eb.lit(true), defaultSort: 'received', defaultOrder: 'desc' },
  ...STATUSES.map((status): ListDefinition => ({
    name: status, label: STATUS_LABELS[status], where: (eb) => eb('status', '=', status), defaultSort: 'received', defaultOrder: 'desc',
  })),
];

/** Every list name, for the API documentation. */
export const WORKLIST_NAMES = [...new Set([...REVIEWER_LISTS, ...BOOKING_LISTS, ...PRACTICE_LISTS].map((l) => l.name))];

/** The lists this user works from (none for roles that do not see identifiable referrals). */
export function listsFor(user: AuthenticatedUser): ListDefinition[] {
  if (!can(user, 'patient.view')) return [];
  if (user.role === 'practice') return PRACTICE_LISTS;
  return [
    ...(can(user, 'referral.triage') ? REVIEWER_LISTS : []),
    ...(can(user, 'referral.book') ? BOOKING_LISTS : []),
  ];
}

const todayIso = (now = new Date()) => now.toISOString().slice(0, 10);

/** A practice user's queries are narrowed to the practice; everyone else's are not. */
function scoped(eb: Eb, user: AuthenticatedUser, list: Expression<SqlBool>): Expression<SqlBool> {
  return user.role === 'practice' ? eb.and([eb('practice_code', '=', user.practiceCode ?? ''), list]) : list;
}

export interface WorklistCount { name: string; label: string; count: number }

/** The size of each of the user's lists, in one query. */
export async function worklistCounts(db: Db, user: AuthenticatedUser, now = new Date()): Promise<WorklistCount[]> {
  const lists = listsFor(user);
  if (!lists.length) return [];
  const ctx = { today: todayIso(now), user };
  const row = await db.selectFrom('referral')
    .select((eb) => lists.map((l, i) => eb.fn.countAll<number>().filterWhere(l.where(eb, ctx)).as(`n${i}`)))
    .where((eb) => scoped(eb, user, eb.or(lists.map((l) => l.where(eb, ctx)))))
    .executeTakeFirstOrThrow() as Record<string, number | string>;
  return lists.map((l, i) => ({ name: l.name, label: l.label, count: Number(row[`n${i}`] ?? 0) }));
}

export interface WorklistQuery {
  tfc?: string;
  priority?: 'routine' | 'urgent' | '2ww';
  assigned?: 'me' | 'unassigned' | 'all';
  sort?: WorklistSort;
  order?: SortOrder;
  limit?: number;
  offset?: number;
}

export interface WorklistRow {
  id: string;
  reference: string;
  receivedAt: string;
  /** working days since the referral was received */
  ageWorkingDays: number;
  triageDue: string | null;
  overdue: boolean;
  priority: 'routine' | 'urgent' | '2ww';
  tfc: string;
  tfcName: string;
  /** "SMITH, Jo", as NHS lists show a patient */
  patientName: string;
  /** formatted 3-3-4 */
  nhsNumber: string;
  practiceCode: string;
  practiceName: string;
  status: Status;
  statusLabel: string;
  assignedTo: string | null;
  /** how many pathway criteria the referral did not meet */
  pathwayMissed: number;
  bookingStatus: string | null;
}

export interface WorklistPage { list: string; label: string; total: number; limit: number; offset: number; rows: WorklistRow[] }

/** 2ww first, then urgent, then routine (ascending). */
const priorityRank = sql<number>`case referral.priority when '2ww' then 1 when 'urgent' then 2 else 3 end`;

/**
 * One page of a list. Identifiable data: only for users with patient.view, practice users see
 * their own practice only, and each view is audited once with the ids shown.
 */
export async function worklist(db: Db, user: AuthenticatedUser, name: string, query: WorklistQuery = {}, now = new Date()): Promise<WorklistPage> {
  const available = listsFor(user);
  const list = available.find((l) => l.name === name);
  if (!list) {
    await recordAudit(db, { actor: user.username, action: 'referral.worklist', entityType: 'worklist', entityId: name, outcome: 'denied' });
    if (WORKLIST_NAMES.includes(name)) throw forbidden(`The ${name.replaceAll('_', ' ')} list is not one your role works from.`);
    throw new HttpError(404, 'not_found', `There is no worklist called "${name}". Your lists: ${available.map((l) => l.name).join(', ') || 'none'}.`);
  }
  const today = todayIso(now);
  const ctx = { today, user };
  const sort = query.sort ?? list.defaultSort;
  const order = query.order ?? list.defaultOrder;
  const limit = Math.min(Math.max(query.limit ?? 50, 1), 200);
  const offset = Math.max(query.offset ?? 0, 0);

  let q = db.selectFrom('referral')
    .where((eb) => scoped(eb, user, list.where(eb, ctx)))
    .innerJoin('practice', 'practice.code', 'referral.practice_code');
  if (query.tfc) q = q.where('referral.tfc', '=', query.tfc);
  if (query.priority) q = q.where('referral.priority', '=', query.priority);
  if (query.assigned === 'me') q = q.where('referral.assigned_to', '=', user.username);
  if (query.assigned === 'unassigned') q = q.where('referral.assigned_to', 'is', null);

  let page = q.select([
    'referral.id', 'referral.reference', 'referral.received_at', 'referral.triage_due', 'referral.priority', 'referral.tfc',
    'referral.family_name', 'referral.given_name', 'referral.nhs_number', 'referral.practice_code', 'practice.name as practice_name',
    'referral.status', 'referral.assigned_to', 'referral.booking_status',
    sql<number>`(select count(*) from jsonb_array_elements(referral.pathway_check) as c where c->>'met' = 'false')`.as('pathway_missed'),
    sql<number>`count(*) over ()`.as('total'),
  ]);
  if (sort === 'due') page = page.orderBy('referral.triage_due', (ob) => (order === 'asc' ? ob.asc() : ob.desc()).nullsLast());
  if (sort === 'priority') page = page.orderBy(priorityRank, order);
  // received is the sort itself, or the tie-break after due date and priority (oldest first).
  page = page.orderBy('referral.received_at', sort === 'received' ? order : 'asc').orderBy('referral.id');
  const rows = await page.limit(limit).offset(offset).execute();

  let total = rows.length ? Number(rows[0]!.total) : 0;
  if (!rows.length && offset > 0) {
    const counted = await q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    total = Number(counted.n);
  }

  const shown: WorklistRow[] = rows.map((r) => {
    const status = r.status as Status;
    const overdue = status === 'awaiting_triage' && r.triage_due !== null && r.triage_due < today;
    return {
      id: r.id, reference: r.reference, receivedAt: r.received_at.toISOString(),
      ageWorkingDays: Math.max(0, workingDaysBetween(r.received_at.toISOString().slice(0, 10), today)),
      triageDue: r.triage_due, overdue, priority: r.priority, tfc: r.tfc, tfcName: treatmentFunctionName(r.tfc),
      patientName: `${r.family_name.toUpperCase()}, ${r.given_name}`, nhsNumber: formatNhsNumber(r.nhs_number),
      practiceCode: r.practice_code, practiceName: r.practice_name, status, statusLabel: STATUS_LABELS[status] ?? status,
      assignedTo: r.assigned_to, pathwayMissed: Number(r.pathway_missed), bookingStatus: r.booking_status,
    };
  });
  await recordAudit(db, {
    actor: user.username, action: 'referral.worklist', entityType: 'worklist', entityId: list.name,
    details: { list: list.name, filters: { ...query, sort, order, limit, offset }, shown: shown.map((r) => r.id) },
  });
  return { list: list.name, label: list.label, total, limit, offset, rows: shown };
}
