/**
 * User-defined groupings of practices (issue 7, item 8): usable wherever a practice or group is.
 * A grouping is visible to its owner, and to everyone with insight.view when shared; the rules are
 * src/domain/insight-groupings/groupings.ts. A practice user sees a shared grouping only as its
 * size and whether its own practice is in it (benchmarking shows it peers under pseudonyms).
 *
 * Members are checked against the practice table: any bad code stops the whole change, and every
 * bad code is named. Every change is audited in the transaction that makes it.
 */
import type { Db, Tx } from '../../db/database.js';
import type { Actor } from '../../domain/access/roles.js';
import {
  GROUPING_KIND_LABELS, MAX_CODES, mayChangeGrouping, mayCreateGrouping, maySeeGrouping, maySeeMembers, parsePracticeCodes, type GroupingKind,
} from '../../domain/insight-groupings/groupings.js';
import { recordAudit } from '../audit/audit-log.js';
import type { ExportTable } from '../http/exports.js';
import { forbidden, HttpError, notFound, type ErrorDetail } from '../http/errors.js';

export interface GroupingSummary {
  id: number;
  name: string;
  kind: GroupingKind;
  kindLabel: string;
  shared: boolean;
  /** the owner's username; null for groupings that belong to no one (loaded by the system) */
  owner: string | null;
  /** whether the caller owns it */
  mine: boolean;
  memberCount: number;
  /** for a practice user: whether its own practice is a member; null for everyone else */
  includesOwnPractice: boolean | null;
  /** whether the caller may rename it, change its members or delete it */
  canChange: boolean;
  createdBy: string;
  createdAt: string;
}

export interface GroupingMember { practiceCode: string; practiceName: string; groupCode: string; groupName: string }

export interface GroupingDetail extends GroupingSummary {
  /** null for a practice user, who sees only the count */
  members: GroupingMember[] | null;
}

export interface GroupingInput { name: string; kind: GroupingKind; shared: boolean; practiceCodes: string[] }
export interface GroupingChanges { name?: string; kind?: GroupingKind; shared?: boolean; practiceCodes?: string[] }

const iso = (d: Date | string) => new Date(d).toISOString();
const grouping404 = (id: number) => notFound(`Grouping ${id}`);

// ── Reading ─────────────────────────────────────────────────────────────────────────────────────

function summaryQuery(db: Db | Tx, actor: Actor) {
  return db.selectFrom('practice_grouping as g')
    .leftJoin('app_user as u', 'u.id', 'g.owner_user_id')
    .select((eb) => [
      'g.id', 'g.name', 'g.kind', 'g.shared', 'g.owner_user_id', 'g.created_by', 'g.created_at', 'u.username as owner',
      eb.selectFrom('practice_grouping_member as m').select((e) => e.fn.countAll<number>().as('n')).whereRef('m.grouping_id', '=', 'g.id').as('member_count'),
      eb.exists(eb.selectFrom('practice_grouping_member as m').select('m.practice_code')
        .whereRef('m.grouping_id', '=', 'g.id').where('m.practice_code', '=', actor.practiceCode ?? '')).as('has_own'),
    ]);
}

type SummaryRow = Awaited<ReturnType<ReturnType<typeof summaryQuery>['executeTakeFirstOrThrow']>>;

function toSummary(r: SummaryRow, actor: Actor): GroupingSummary {
  const access = { shared: r.shared, ownerUserId: r.owner_user_id };
  return {
    id: r.id, name: r.name, kind: r.kind, kindLabel: GROUPING_KIND_LABELS[r.kind], shared: r.shared, owner: r.owner ?? null,
    mine: r.owner_user_id === actor.id, memberCount: Number(r.member_count ?? 0),
    includesOwnPractice: actor.role === 'practice' ? Boolean(r.has_own) : null,
    canChange: mayChangeGrouping(actor, access), createdBy: r.created_by, createdAt: iso(r.created_at),
  };
}

/** The groupings the actor may see (shared ones and its own private ones), by name. */
export async function listGroupings(db: Db, actor: Actor): Promise<GroupingSummary[]> {
  if (!maySeeGrouping(actor, { shared: true, ownerUserId: null })) throw forbidden();
  const rows = await summaryQuery(db, actor)
    .where((eb) => eb.or([eb('g.shared', '=', true), eb('g.owner_user_id', '=', actor.id)]))
    .orderBy('g.name').orderBy('g.id').execute();
  return rows.map((r) => toSummary(r, actor));
}

/** One grouping the actor may see, else 404 (so someone else's private grouping is not revealed). */
async function visibleGrouping(db: Db | Tx, id: number, actor: Actor, lock = false): Promise<GroupingSummary> {
  if (lock) await db.selectFrom('practice_grouping').select('id').where('id', '=', id).forUpdate().executeTakeFirst();
  const row = await summaryQuery(db, actor).where('g.id', '=', id).executeTakeFirst();
  if (!row || !maySeeGrouping(actor, { shared: row.shared, ownerUserId: row.owner_user_id })) throw grouping404(id);
  return toSummary(row, actor);
}

async function membersOf(db: Db | Tx, id: number): Promise<GroupingMember[]> {
  return db.selectFrom('practice_grouping_member as m')
    .innerJoin('practice as p', 'p.code', 'm.practice_code')
    .innerJoin('org_group as og', 'og.code', 'p.group_code')
    .select(['m.practice_code as practiceCode', 'p.name as practiceName', 'p.group_code as groupCode', 'og.name as groupName'])
    .where('m.grouping_id', '=', id).orderBy('p.name').orderBy('m.practice_code').execute();
}

/** A grouping with its members; a practice user gets the count and whether its own practice is in it. */
export async function readGrouping(db: Db | Tx, id: number, actor: Actor): Promise<GroupingDetail> {
  const summary = await visibleGrouping(db, id, actor);
  return { ...summary, members: maySeeMembers(actor) ? await membersOf(db, id) : null };
}

/** The practices of a grouping the actor may use (404 when it is someone else's private one). */
export async function practicesInGrouping(db: Db, groupingId: number, actor: Actor): Promise<string[]> {
  const grouping = await db.selectFrom('practice_grouping').select(['id', 'shared', 'owner_user_id'])
    .where('id', '=', groupingId).executeTakeFirst();
  if (!grouping || !maySeeGrouping(actor, { shared: grouping.shared, ownerUserId: grouping.owner_user_id })) throw grouping404(groupingId);
  const rows = await db.selectFrom('practice_grouping_member').select('practice_code')
    .where('grouping_id', '=', groupingId).orderBy('practice_code').execute();
  return rows.map((r) => r.practice_code);
}

// ── Checking practice codes ─────────────────────────────────────────────────────────────────────

const invalid = (details: ErrorDetail[]) => new HttpError(422, 'invalid_request',
  details.length === 1 ? details[0]!.message : `${details.length} practice codes are not valid: ${details.map((d) => d.value).join(', ')}.`, details);

/**
 * The well-formed, known practice codes among `given`, or a 422 naming every bad one: those that
 * are not practice codes at all and those the hub does not know.
 */
async function checkedCodes(db: Db | Tx, given: ParsedCodesLike, field: string): Promise<string[]> {
  const problems: ErrorDetail[] = given.malformed.map((value) => ({
    field, value, message: `${value} is not a practice code: one letter and five digits, like E82044`,
  }));
  if (given.codes.length > MAX_CODES) problems.push({ field, message: `Give at most ${MAX_CODES.toLocaleString('en-GB')} practice codes at a time` });
  const known = new Set<string>();
  for (let i = 0; i < given.codes.length && i < MAX_CODES; i += 1000) {
    const rows = await db.selectFrom('practice').select('code').where('code', 'in', given.codes.slice(i, i + 1000)).execute();
    for (const r of rows) known.add(r.code);
  }
  for (const code of given.codes) {
    if (!known.has(code)) problems.push({ field, value: code, message: `${code} is not a practice the hub knows` });
  }
  if (problems.length) throw invalid(problems);
  return given.codes;
}

interface ParsedCodesLike { codes: string[]; malformed: string[] }

/** A list of codes given one per item (the JSON API), read by the same rules as pasted text. */
const parseCodeList = (items: readonly string[]): ParsedCodesLike => parsePracticeCodes(items.join('\n'));

const cleanName = (name: string) => {
  const trimmed = name.trim().replace(/\s+/g, ' ');
  if (!trimmed) throw invalid([{ field: 'name', message: 'Enter a name for the grouping' }]);
  return trimmed;
};

// ── Changing ────────────────────────────────────────────────────────────────────────────────────

async function insertMembers(tx: Tx, id: number, codes: readonly string[]) {
  for (let i = 0; i < codes.length; i += 1000) {
    await tx.insertInto('practice_grouping_member').values(codes.slice(i, i + 1000).map((practice_code) => ({ grouping_id: id, practice_code })))
      .onConflict((oc) => oc.doNothing()).execute();
  }
}

/** Creates a grouping owned by the actor; shared ones need grouping.manage. */
export async function createGrouping(db: Db, actor: Actor, input: GroupingInput): Promise<GroupingDetail> {
  if (!mayCreateGrouping(actor, input.shared)) {
    throw forbidden(input.shared
      ? 'Only commissioning managers and administrators can create shared groupings. You can keep a private one.'
      : 'Your role cannot keep groupings of practices.');
  }
  const name = cleanName(input.name);
  return db.transaction().execute(async (tx) => {
    const codes = await checkedCodes(tx, parseCodeList(input.practiceCodes), 'practiceCodes');
    const { id } = await tx.insertInto('practice_grouping').values({
      name, kind: input.kind, shared: input.shared, owner_user_id: actor.id, created_by: actor.username,
    }).returning('id').executeTakeFirstOrThrow();
    await insertMembers(tx, id, codes);
    await recordAudit(tx, {
      actor: actor.username, action: 'grouping.create', entityType: 'practice_grouping', entityId: String(id),
      details: { name, kind: input.kind, shared: input.shared, practiceCodes: codes },
    });
    return readGrouping(tx, id, actor);
  });
}

/** A grouping the actor may change, locked for the change; 404 when it cannot see it, 403 when it may only look. */
async function changeable(tx: Tx, id: number, actor: Actor): Promise<GroupingSummary> {
  const grouping = await visibleGrouping(tx, id, actor, true);
  if (!grouping.canChange) {
    throw forbidden(grouping.shared
      ? 'Only its owner, a commissioning manager or an administrator can change a shared grouping.'
      : 'Only its owner can change this grouping.');
  }
  return grouping;
}

/** Renames a grouping, changes its kind or sharing, or replaces its members (only what is given). */
export async function updateGrouping(db: Db, actor: Actor, id: number, changes: GroupingChanges): Promise<GroupingDetail> {
  return db.transaction().execute(async (tx) => {
    const before = await changeable(tx, id, actor);
    if (changes.shared !== undefined && changes.shared !== before.shared) {
      if (changes.shared && !mayCreateGrouping(actor, true)) throw forbidden('Only commissioning managers and administrators can share a grouping.');
      if (!changes.shared && !before.mine) throw forbidden('Only its owner can make a shared grouping private.');
    }
    const values = {
      ...(changes.name !== undefined ? { name: cleanName(changes.name) } : {}),
      ...(changes.kind !== undefined ? { kind: changes.kind } : {}),
      ...(changes.shared !== undefined ? { shared: changes.shared } : {}),
    };
    let membersBefore: string[] | undefined;
    let membersAfter: string[] | undefined;
    if (changes.practiceCodes !== undefined) {
      membersAfter = await checkedCodes(tx, parseCodeList(changes.practiceCodes), 'practiceCodes');
      membersBefore = (await membersOf(tx, id)).map((m) => m.practiceCode);
      await tx.deleteFrom('practice_grouping_member').where('grouping_id', '=', id).execute();
      await insertMembers(tx, id, membersAfter);
    }
    if (Object.keys(values).length) await tx.updateTable('practice_grouping').set(values).where('id', '=', id).execute();
    await recordAudit(tx, {
      actor: actor.username, action: 'grouping.update', entityType: 'practice_grouping', entityId: String(id),
      details: {
        before: { name: before.name, kind: before.kind, shared: before.shared, ...(membersBefore ? { practiceCodes: membersBefore } : {}) },
        after: { ...values, ...(membersAfter ? { practiceCodes: membersAfter } : {}) },
      },
    });
    return readGrouping(tx, id, actor);
  });
}

/** Deletes a grouping and its members (owner, or grouping.manage for a shared one). */
export async function deleteGrouping(db: Db, actor: Actor, id: number): Promise<void> {
  await db.transaction().execute(async (tx) => {
    const before = await changeable(tx, id, actor);
    const members = (await membersOf(tx, id)).map((m) => m.practiceCode);
    await tx.deleteFrom('practice_grouping').where('id', '=', id).execute();
    await recordAudit(tx, {
      actor: actor.username, action: 'grouping.delete', entityType: 'practice_grouping', entityId: String(id),
      details: { name: before.name, kind: before.kind, shared: before.shared, owner: before.owner, practiceCodes: members },
    });
  });
}

export interface MembersAdded { added: string[]; alreadyMembers: string[]; grouping: GroupingDetail }

/**
 * Adds the practices in a pasted list or CSV of codes (separated by commas, spaces or new lines).
 * All or nothing: any code that is not a practice, or not one the hub knows, stops the import and
 * each is named.
 */
export async function addMembers(db: Db, actor: Actor, id: number, text: string): Promise<MembersAdded> {
  return db.transaction().execute(async (tx) => {
    await changeable(tx, id, actor);
    const parsed = parsePracticeCodes(text);
    if (!parsed.codes.length && !parsed.malformed.length) throw invalid([{ field: 'codes', message: 'Enter or paste at least one practice code' }]);
    const codes = await checkedCodes(tx, parsed, 'codes');
    const existing = new Set((await membersOf(tx, id)).map((m) => m.practiceCode));
    const added = codes.filter((c) => !existing.has(c));
    await insertMembers(tx, id, added);
    if (added.length) {
      await recordAudit(tx, {
        actor: actor.username, action: 'grouping.members_add', entityType: 'practice_grouping', entityId: String(id), details: { added },
      });
    }
    return { added, alreadyMembers: codes.filter((c) => existing.has(c)), grouping: await readGrouping(tx, id, actor) };
  });
}

/** Takes one practice out of a grouping (404 when it is not a member). */
export async function removeMember(db: Db, actor: Actor, id: number, practiceCode: string): Promise<GroupingDetail> {
  return db.transaction().execute(async (tx) => {
    await changeable(tx, id, actor);
    const removed = await tx.deleteFrom('practice_grouping_member').where('grouping_id', '=', id).where('practice_code', '=', practiceCode)
      .returning('practice_code').executeTakeFirst();
    if (!removed) throw notFound(`The practice ${practiceCode} in grouping ${id}`);
    await recordAudit(tx, {
      actor: actor.username, action: 'grouping.member_remove', entityType: 'practice_grouping', entityId: String(id), details: { practiceCode },
    });
    return readGrouping(tx, id, actor);
  });
}

// ── Export ──────────────────────────────────────────────────────────────────────────────────────

/** The members as a table for CSV/XLSX; refused to practice users, who see no names. */
export async function groupingPracticesTable(db: Db, id: number, actor: Actor): Promise<ExportTable<GroupingMember>> {
  const grouping = await readGrouping(db, id, actor);
  if (!grouping.members) throw forbidden('Practices see a grouping only as its size, not its members.');
  return {
    fileName: `grouping-${id}-practices`,
    sheetName: 'Practices',
    title: [`${grouping.name} (${grouping.kindLabel.toLowerCase()}): ${grouping.members.length} practices`, grouping.shared ? 'Shared grouping' : `Private grouping of ${grouping.owner ?? 'no one'}`],
    columns: [
      { header: 'Practice code', value: (m) => m.practiceCode, width: 14 },
      { header: 'Practice', value: (m) => m.practiceName, width: 40 },
      { header: 'Group code', value: (m) => m.groupCode, width: 12 },
      { header: 'Group', value: (m) => m.groupName, width: 40 },
    ],
    rows: grouping.members,
  };
}
