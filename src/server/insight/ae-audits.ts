/**
 * A&E audit sheets (REF-10): a practice audits its patients' A&E attendances over a period — who
 * (by NHS number, kept only as the installation's pseudonym), when, why, whether primary care could
 * have seen them, and the outcome — and completes the audit, after which it is read-only. The rules
 * of an entry are src/domain/insight-audit/ae-audit.ts; the summary's arithmetic is summary.ts there.
 *
 * Patients: the NHS number is turned into the gateway's HMAC pseudonym and its sealed identity is
 * remembered for the practice (src/server/patient/identity.ts), exactly as activity import does; the
 * entry holds the pseudonym only. The practice that owns an audit sees its patients re-identified;
 * the commissioner and the board see pseudonymous labels. Every view of a sheet is audited with the
 * patients it showed, as case finding is.
 *
 * Times: attendances are UK local wall-clock times; they are stored as instants (converted by the
 * database with Europe/London rules) and shown back in local time.
 */
import { sql } from 'kysely';
import type { Db, Tx } from '../../db/database.js';
import { can } from '../../domain/access/can.js';
import { pseudonymLabel } from '../../domain/activity/case-finding.js';
import {
  AE_OUTCOMES, AGE_GROUPS, COULD_SEE, OUTCOME_LABELS, auditProblems, checkEntry, type AeOutcome, type CouldSee, type EntryInput, type Problem, type Sex,
} from '../../domain/insight-audit/ae-audit.js';
import { summarise, type AeFigures } from '../../domain/insight-audit/summary.js';
import { formatNhsNumber } from '../../domain/patient/nhs-number.js';
import { patientPseudonym } from '../../domain/patient/pseudonym.js';
import { recordAudit } from '../audit/audit-log.js';
import type { AuthenticatedUser } from '../auth/credentials.js';
import type { ExportColumn, ExportTable } from '../http/exports.js';
import { forbidden, HttpError, notFound } from '../http/errors.js';
import { identityKey, rememberIdentities, seal, unseal } from '../patient/identity.js';
import { pseudonymSecret } from '../referrals/service.js';

export type AuditStatus = 'open' | 'completed';

export interface AuditHeader {
  id: number;
  practiceCode: string;
  practiceName: string;
  groupCode: string;
  groupName: string;
  title: string;
  periodStart: string;
  periodEnd: string;
  status: AuditStatus;
  entryCount: number;
  createdBy: string;
  createdAt: string;
  completedBy: string | null;
  completedAt: string | null;
}

export interface EntryView {
  id: number;
  /** the NHS number (formatted) for the audit's own practice; otherwise a pseudonymous label */
  patient: string;
  reidentified: boolean;
  ageBand: string;
  sex: Sex;
  /** UK local time, YYYY-MM-DDTHH:MM */
  attendedAt: string;
  inHours: boolean;
  reason: string;
  primaryCareCouldSee: CouldSee;
  outcome: AeOutcome;
  outcomeLabel: string;
  notes: string;
  recordedBy: string;
  recordedAt: string;
}

export interface AuditSheet extends AuditHeader { entries: EntryView[] }

const today = () => new Date().toISOString().slice(0, 10);

const invalid = (problems: Problem[], message: string) =>
  new HttpError(422, 'invalid_request', problems.length === 1 ? problems[0]!.message : message, problems);

// ── Reading ─────────────────────────────────────────────────────────────────────────────────────

const headerQuery = (db: Db | Tx) => db.selectFrom('ae_audit as a')
  .innerJoin('practice as p', 'p.code', 'a.practice_code')
  .innerJoin('org_group as g', 'g.code', 'p.group_code')
  .select((eb) => [
    'a.id', 'a.practice_code', 'p.name as practice_name', 'p.group_code', 'g.name as group_name', 'a.title', 'a.period_start', 'a.period_end', 'a.status',
    'a.created_by', 'a.created_at', 'a.completed_by', 'a.completed_at',
    eb.selectFrom('ae_audit_entry as e').select((e) => e.fn.countAll<number>().as('n')).whereRef('e.audit_id', '=', 'a.id').as('entry_count'),
  ]);

type HeaderRow = Awaited<ReturnType<ReturnType<typeof headerQuery>['executeTakeFirstOrThrow']>>;

const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());

const toHeader = (r: HeaderRow): AuditHeader => ({
  id: r.id, practiceCode: r.practice_code, practiceName: r.practice_name, groupCode: r.group_code, groupName: r.group_name, title: r.title,
  periodStart: r.period_start, periodEnd: r.period_end, status: r.status, entryCount: Number(r.entry_count ?? 0),
  createdBy: r.created_by, createdAt: iso(r.created_at)!, completedBy: r.completed_by, completedAt: iso(r.completed_at),
});

/** Which practice an audit belongs to (for the route's authorisation), or 404. */
export async function auditPractice(db: Db, id: number): Promise<string> {
  const found = await db.selectFrom('ae_audit').select('practice_code').where('id', '=', id).executeTakeFirst();
  if (!found) throw notFound(`A&E audit ${id}`);
  return found.practice_code;
}

export interface AuditFilter { practiceCode?: string | null; groupCode?: string | null; status?: AuditStatus | null }

/** The audits a user may see: a practice its own; the commissioner and board every practice's. */
export async function listAudits(db: Db, user: AuthenticatedUser, filter: AuditFilter = {}): Promise<AuditHeader[]> {
  if (!can(user, 'aeaudit.view')) throw forbidden('A&E audits are for practices (their own) and the commissioner and board.');
  const practice = user.role === 'practice' ? user.practiceCode : (filter.practiceCode ?? null);
  let query = headerQuery(db);
  if (practice) query = query.where('a.practice_code', '=', practice);
  if (filter.groupCode && user.role !== 'practice') query = query.where('p.group_code', '=', filter.groupCode);
  if (filter.status) query = query.where('a.status', '=', filter.status);
  const rows = await query.orderBy('p.name').orderBy('a.period_start', 'desc').orderBy('a.id', 'desc').execute();
  return rows.map(toHeader);
}

async function entriesOf(db: Db | Tx, auditIds: readonly number[], entryId?: number) {
  if (!auditIds.length) return [];
  let query = db.selectFrom('ae_audit_entry as e')
    .innerJoin('ae_audit as a', 'a.id', 'e.audit_id')
    .leftJoin('patient_identity as i', (j) => j.onRef('i.patient_pseudo', '=', 'e.patient_pseudo').onRef('i.practice_code', '=', 'a.practice_code'))
    .select([
      'e.id', 'e.audit_id', 'a.practice_code', 'e.patient_pseudo', 'e.age_band', 'e.sex', 'e.in_hours', 'e.reason', 'e.primary_care_could_see', 'e.outcome',
      'e.notes', 'e.recorded_by', 'e.recorded_at', 'i.nhs_number_sealed as sealed',
      sql<string>`to_char(e.attended_at at time zone 'Europe/London', 'YYYY-MM-DD"T"HH24:MI')`.as('attended_local'),
    ])
    .where('e.audit_id', 'in', auditIds);
  if (entryId !== undefined) query = query.where('e.id', '=', entryId);
  return query.orderBy('e.attended_at').orderBy('e.id').execute();
}

type EntryRow = Awaited<ReturnType<typeof entriesOf>>[number];

/** Opens the sealed NHS number only for a practice user looking at its own audit. */
function entryView(r: EntryRow, key: Buffer | undefined): EntryView {
  const nhsNumber = key && r.sealed ? unseal(key, r.sealed) : null;
  return {
    id: r.id, patient: nhsNumber ? formatNhsNumber(nhsNumber) : pseudonymLabel(r.patient_pseudo), reidentified: Boolean(nhsNumber),
    ageBand: r.age_band, sex: r.sex, attendedAt: r.attended_local, inHours: r.in_hours, reason: r.reason, primaryCareCouldSee: r.primary_care_could_see,
    outcome: r.outcome, outcomeLabel: OUTCOME_LABELS[r.outcome], notes: r.notes, recordedBy: r.recorded_by, recordedAt: iso(r.recorded_at)!,
  };
}

const ownsAudit = (user: AuthenticatedUser, practiceCode: string) => user.role === 'practice' && user.practiceCode === practiceCode;

async function keyFor(db: Db, user: AuthenticatedUser, practiceCode: string) {
  return ownsAudit(user, practiceCode) ? identityKey(db) : undefined;
}

/** One audit with its entries; audited as a view of (possibly identifiable) patients. */
export async function readSheet(db: Db, user: AuthenticatedUser, id: number): Promise<AuditSheet> {
  if (!can(user, 'aeaudit.view')) throw forbidden();
  const header = await headerQuery(db).where('a.id', '=', id).executeTakeFirst();
  if (!header || !can(user, 'aeaudit.view', { practiceCode: header.practice_code })) throw notFound(`A&E audit ${id}`);
  const rows = await entriesOf(db, [id]);
  const key = await keyFor(db, user, header.practice_code);
  const entries = rows.map((r) => entryView(r, key));
  await recordAudit(db, {
    actor: user.username, action: 'aeaudit.view', entityType: 'ae_audit', entityId: String(id),
    details: { practiceCode: header.practice_code, patients: rows.map((r) => r.patient_pseudo), reidentified: entries.filter((e) => e.reidentified).length },
  });
  return { ...toHeader(header), entries };
}

// ── Changing ────────────────────────────────────────────────────────────────────────────────────

export interface NewAudit { title: string; periodStart: string; periodEnd: string }

export async function createAudit(db: Db, user: AuthenticatedUser, input: NewAudit): Promise<AuditHeader> {
  if (!can(user, 'aeaudit.record') || !user.practiceCode) throw forbidden('Only a practice records A&E audits, for its own patients.');
  const problems = auditProblems(input, today());
  if (problems.length) throw invalid(problems, 'The audit is not valid.');
  return db.transaction().execute(async (tx) => {
    const { id } = await tx.insertInto('ae_audit').values({
      practice_code: user.practiceCode!, title: input.title.trim(), period_start: input.periodStart, period_end: input.periodEnd, created_by: user.username,
    }).returning('id').executeTakeFirstOrThrow();
    await recordAudit(tx, {
      actor: user.username, action: 'aeaudit.create', entityType: 'ae_audit', entityId: String(id),
      details: { practiceCode: user.practiceCode, title: input.title.trim(), periodStart: input.periodStart, periodEnd: input.periodEnd },
    });
    return toHeader(await headerQuery(tx).where('a.id', '=', id).executeTakeFirstOrThrow());
  });
}

/** Locks the audit for a change by its own practice; refuses a completed one (409). */
async function openAuditForChange(tx: Tx, user: AuthenticatedUser, id: number) {
  const audit = await tx.selectFrom('ae_audit').select(['id', 'practice_code', 'period_start', 'period_end', 'status']).where('id', '=', id).forUpdate().executeTakeFirst();
  if (!audit || !ownsAudit(user, audit.practice_code)) throw notFound(`A&E audit ${id}`);
  if (!can(user, 'aeaudit.record', { practiceCode: audit.practice_code })) throw forbidden();
  if (audit.status !== 'open') throw new HttpError(409, 'audit_completed', 'This audit is completed, so it can no longer be changed.');
  return audit;
}

interface Keys { secret: string; key: Buffer }

/** Read before a transaction opens: the embedded database has one connection. */
const keysOf = async (db: Db): Promise<Keys> => {
  const [secret, key] = await Promise.all([pseudonymSecret(db), identityKey(db)]);
  return { secret, key };
};

function prepareEntry({ secret, key }: Keys, audit: { period_start: string; period_end: string }, input: EntryInput) {
  const checked = checkEntry(input, { start: audit.period_start, end: audit.period_end }, today());
  if (!checked.ok) throw invalid(checked.problems, 'The attendance is not valid.');
  const { nhsNumber, ...entry } = checked.entry;
  // The NHS number leaves here as a pseudonym and a sealed identity; it is stored nowhere in clear.
  return { entry, patientPseudo: patientPseudonym(secret, nhsNumber), sealed: seal(key, nhsNumber) };
}

type PreparedEntry = ReturnType<typeof prepareEntry>;

const entryValues = (e: PreparedEntry) => ({
  patient_pseudo: e.patientPseudo, age_band: e.entry.ageBand, sex: e.entry.sex,
  attended_at: sql<Date>`(${e.entry.attendedAt}::timestamp at time zone 'Europe/London')`,
  in_hours: e.entry.inHours, reason: e.entry.reason, primary_care_could_see: e.entry.primaryCareCouldSee, outcome: e.entry.outcome, notes: e.entry.notes,
});

/** What the audit log keeps of an entry: everything but the patient's identity (the pseudonym stands for it). */
const auditedEntry = (e: PreparedEntry) => ({ patient: e.patientPseudo, ...e.entry });

/** An entry as its own practice sees it (re-identified: only the practice changes its entries). */
async function oneEntry(tx: Tx, key: Buffer, auditId: number, entryId: number) {
  const [row] = await entriesOf(tx, [auditId], entryId);
  if (!row) throw notFound(`Entry ${entryId} of A&E audit ${auditId}`);
  return entryView(row, key);
}

export async function addEntry(db: Db, user: AuthenticatedUser, auditId: number, input: EntryInput): Promise<EntryView> {
  const keys = await keysOf(db);
  return db.transaction().execute(async (tx) => {
    const audit = await openAuditForChange(tx, user, auditId);
    const prepared = prepareEntry(keys, audit, input);
    await rememberIdentities(tx, [{ patientPseudo: prepared.patientPseudo, practiceCode: audit.practice_code, sealed: prepared.sealed }]);
    const { id } = await tx.insertInto('ae_audit_entry').values({ audit_id: auditId, ...entryValues(prepared), recorded_by: user.username })
      .returning('id').executeTakeFirstOrThrow();
    await recordAudit(tx, { actor: user.username, action: 'aeaudit.entry_add', entityType: 'ae_audit', entityId: String(auditId), details: { entryId: id, after: auditedEntry(prepared) } });
    return oneEntry(tx, keys.key, auditId, id);
  });
}

export async function updateEntry(db: Db, user: AuthenticatedUser, auditId: number, entryId: number, input: EntryInput): Promise<EntryView> {
  const keys = await keysOf(db);
  return db.transaction().execute(async (tx) => {
    const audit = await openAuditForChange(tx, user, auditId);
    const before = await tx.selectFrom('ae_audit_entry').selectAll().where('id', '=', entryId).where('audit_id', '=', auditId).executeTakeFirst();
    if (!before) throw notFound(`Entry ${entryId} of A&E audit ${auditId}`);
    const prepared = prepareEntry(keys, audit, input);
    await rememberIdentities(tx, [{ patientPseudo: prepared.patientPseudo, practiceCode: audit.practice_code, sealed: prepared.sealed }]);
    await tx.updateTable('ae_audit_entry').set({ ...entryValues(prepared), recorded_by: user.username, recorded_at: new Date() }).where('id', '=', entryId).execute();
    const { patient_pseudo, ...rest } = before;
    await recordAudit(tx, {
      actor: user.username, action: 'aeaudit.entry_change', entityType: 'ae_audit', entityId: String(auditId),
      details: { entryId, before: { patient: patient_pseudo, ...rest, attended_at: iso(rest.attended_at) }, after: auditedEntry(prepared) },
    });
    return oneEntry(tx, keys.key, auditId, entryId);
  });
}

export async function deleteEntry(db: Db, user: AuthenticatedUser, auditId: number, entryId: number): Promise<void> {
  await db.transaction().execute(async (tx) => {
    await openAuditForChange(tx, user, auditId);
    const removed = await tx.deleteFrom('ae_audit_entry').where('id', '=', entryId).where('audit_id', '=', auditId)
      .returning(['patient_pseudo', 'attended_at', 'reason']).executeTakeFirst();
    if (!removed) throw notFound(`Entry ${entryId} of A&E audit ${auditId}`);
    await recordAudit(tx, {
      actor: user.username, action: 'aeaudit.entry_delete', entityType: 'ae_audit', entityId: String(auditId),
      details: { entryId, before: { patient: removed.patient_pseudo, attendedAt: iso(removed.attended_at), reason: removed.reason } },
    });
  });
}

/** Completes an open audit: from now on it is read-only. It needs at least one attendance. */
export async function completeAudit(db: Db, user: AuthenticatedUser, auditId: number): Promise<AuditHeader> {
  return db.transaction().execute(async (tx) => {
    await openAuditForChange(tx, user, auditId);
    const { n } = await tx.selectFrom('ae_audit_entry').select((eb) => eb.fn.countAll<number>().as('n')).where('audit_id', '=', auditId).executeTakeFirstOrThrow();
    if (Number(n) === 0) throw invalid([{ field: 'entries', message: 'Add at least one attendance before completing the audit' }], 'The audit has no attendances.');
    await tx.updateTable('ae_audit').set({ status: 'completed', completed_by: user.username, completed_at: new Date() }).where('id', '=', auditId).execute();
    await recordAudit(tx, { actor: user.username, action: 'aeaudit.complete', entityType: 'ae_audit', entityId: String(auditId), details: { entries: Number(n) } });
    return toHeader(await headerQuery(tx).where('a.id', '=', auditId).executeTakeFirstOrThrow());
  });
}

// ── Summary ─────────────────────────────────────────────────────────────────────────────────────

export interface SummaryOptions { from: string; to: string; practiceCode?: string | null; groupCode?: string | null; status?: 'completed' | 'all' }

export interface PracticeFigures extends AeFigures { practiceCode: string; practiceName: string; audits: number }

export interface AeSummary {
  from: string;
  to: string;
  /** which audits count: completed ones only (the default), or open ones too */
  status: 'completed' | 'all';
  /** per practice: every practice in scope with attendances audited; for a practice user, itself only */
  practices: PracticeFigures[];
  /** the figures of everything in scope; for a practice user, its whole locality (no practice named) */
  overall: AeFigures & { label: string; practices: number; audits: number };
}

/**
 * The summary of audited attendances between two dates (UK local dates of attendance, inclusive).
 * A practice user gets its own figures and its locality's overall figures; never another practice
 * by name. The commissioner and board may narrow to a practice or a group.
 */
export async function aeSummary(db: Db, user: AuthenticatedUser, options: SummaryOptions): Promise<AeSummary> {
  if (!can(user, 'aeaudit.view')) throw forbidden();
  const status = options.status ?? 'completed';
  let practiceCode = options.practiceCode ?? null;
  let groupCode = options.groupCode ?? null;
  let label = 'All practices';
  if (user.role === 'practice') {
    const own = await db.selectFrom('practice as p').innerJoin('org_group as g', 'g.code', 'p.group_code').select(['p.group_code', 'g.name'])
      .where('p.code', '=', user.practiceCode!).executeTakeFirstOrThrow();
    practiceCode = null;
    groupCode = own.group_code;
    label = `Your locality: ${own.name}`;
  } else if (practiceCode) {
    const p = await db.selectFrom('practice').select('name').where('code', '=', practiceCode).executeTakeFirst();
    if (!p) throw notFound(`The practice ${practiceCode}`);
    label = `${p.name} (${practiceCode})`;
  } else if (groupCode) {
    const g = await db.selectFrom('org_group').select('name').where('code', '=', groupCode).executeTakeFirst();
    if (!g) throw notFound(`The group ${groupCode}`);
    label = g.name;
  }

  let query = db.selectFrom('ae_audit_entry as e')
    .innerJoin('ae_audit as a', 'a.id', 'e.audit_id')
    .innerJoin('practice as p', 'p.code', 'a.practice_code')
    .select(['a.id as audit_id', 'a.practice_code', 'p.name as practice_name', 'e.age_band', 'e.in_hours', 'e.reason', 'e.primary_care_could_see', 'e.outcome'])
    .where(sql<boolean>`(e.attended_at at time zone 'Europe/London')::date between ${options.from}::date and ${options.to}::date`);
  if (status === 'completed') query = query.where('a.status', '=', 'completed');
  if (practiceCode) query = query.where('a.practice_code', '=', practiceCode);
  if (groupCode) query = query.where('p.group_code', '=', groupCode);
  const rows = await query.orderBy('p.name').orderBy('a.practice_code').execute();

  const toEntry = (r: (typeof rows)[number]) => ({ ageBand: r.age_band, inHours: r.in_hours, reason: r.reason, primaryCareCouldSee: r.primary_care_could_see, outcome: r.outcome });
  const byPractice = new Map<string, { name: string; audits: Set<number>; rows: typeof rows }>();
  for (const r of rows) {
    let p = byPractice.get(r.practice_code);
    if (!p) byPractice.set(r.practice_code, (p = { name: r.practice_name, audits: new Set(), rows: [] }));
    p.audits.add(r.audit_id);
    p.rows.push(r);
  }
  const practices = [...byPractice.entries()]
    .filter(([code]) => user.role !== 'practice' || code === user.practiceCode)
    .map(([code, p]): PracticeFigures => ({ practiceCode: code, practiceName: p.name, audits: p.audits.size, ...summarise(p.rows.map(toEntry)) }));
  if (user.role === 'practice' && !practices.length) {
    const own = await db.selectFrom('practice').select('name').where('code', '=', user.practiceCode!).executeTakeFirstOrThrow();
    practices.push({ practiceCode: user.practiceCode!, practiceName: own.name, audits: 0, ...summarise([]) });
  }
  return {
    from: options.from, to: options.to, status, practices,
    overall: { label, practices: byPractice.size, audits: new Set(rows.map((r) => r.audit_id)).size, ...summarise(rows.map(toEntry)) },
  };
}

type SummaryRow = AeFigures & { practiceCode: string; practiceName: string; audits: number };

const percent = (x: number | null | undefined) => (x === null || x === undefined ? null : Math.round(x * 1000) / 10);

/** The summary as one table: a row per practice, then the overall row. */
export function summaryTable(summary: AeSummary): ExportTable<SummaryRow> {
  const columns: ExportColumn<SummaryRow>[] = [
    { header: 'Practice code', value: (r) => r.practiceCode, width: 12 },
    { header: 'Practice', value: (r) => r.practiceName, width: 32 },
    { header: 'Audits', kind: 'integer', value: (r) => r.audits },
    { header: 'Attendances audited', kind: 'integer', value: (r) => r.attendances },
    ...COULD_SEE.map((c): ExportColumn<SummaryRow> => ({ header: `Primary care could have seen: ${c}`, kind: 'integer', value: (r) => r.couldSee[c] })),
    { header: 'Could have seen (%)', kind: 'decimal', value: (r) => percent(r.shareCouldSee) },
    { header: '95% CI lower (%)', kind: 'decimal', value: (r) => percent(r.shareInterval?.lower) },
    { header: '95% CI upper (%)', kind: 'decimal', value: (r) => percent(r.shareInterval?.upper) },
    { header: 'In hours', kind: 'integer', value: (r) => r.inHours },
    { header: 'Out of hours', kind: 'integer', value: (r) => r.outOfHours },
    ...AE_OUTCOMES.map((o): ExportColumn<SummaryRow> => ({ header: `Outcome: ${OUTCOME_LABELS[o]}`, kind: 'integer', value: (r) => r.byOutcome[o] })),
    ...AGE_GROUPS.map((g, i): ExportColumn<SummaryRow> => ({ header: `Age ${g}`, kind: 'integer', value: (r) => r.byAgeGroup[i]!.attendances })),
    { header: 'Top reasons', value: (r) => r.topReasons.map((t) => `${t.reason} (${t.attendances})`).join('; '), width: 60 },
  ];
  const overall: SummaryRow = { ...summary.overall, practiceCode: '', practiceName: summary.overall.label };
  return {
    fileName: `ae-audit-summary-${summary.from}-to-${summary.to}`,
    sheetName: 'A&E audit summary',
    title: [
      'A&E audit summary', `Attendances from ${summary.from} to ${summary.to}`,
      summary.status === 'completed' ? 'Completed audits only' : 'Open and completed audits',
      'Could have seen: the share answered "yes", with its 95% Wilson score interval',
    ],
    columns,
    rows: [...summary.practices, overall],
  };
}
