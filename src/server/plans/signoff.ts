/**
 * Sign-off of a plan version (PLAN-5; seed 004, section 10): who holds each signatory role for a
 * group, the state of a version's signatures, and signing — a personal act by the signed-in
 * holder of the role, who re-enters their password. The rules are src/domain/plans/signoff.ts.
 *
 * A signature is one transaction with the plan row locked, so two signatories signing at the same
 * moment are serialised: the second sees the first's signature, and whichever completes the set
 * marks the version and the plan signed and fires the incentive trigger (incentive.ts), once.
 * The database refuses any change to a signature or to a signed version (migration 0008).
 */
import type { FastifyRequest } from 'fastify';
import type { Db, Tx } from '../../db/database.js';
import {
  rolesToSign, signOffState, signRefusal, type RoleHolder, type SignRefusal, type Signature, type SignatoryRole, type SignOffState,
} from '../../domain/plans/signoff.js';
import type { PlanSnapshot, PlanFigures } from '../../domain/plans/snapshot.js';
import { recordAudit } from '../audit/audit-log.js';
import type { AuthenticatedUser } from '../auth/credentials.js';
import type { LoginLimiter } from '../auth/login-limiter.js';
import { verifyPassword } from '../auth/passwords.js';
import { forbidden, HttpError, notFound } from '../http/errors.js';
import { authorisePlan, ownGroup } from './plans.js';
import { fireIncentiveTrigger, incentiveOf, type IncentiveTrigger } from './incentive.js';

type Reader = Db | Tx;

export interface PlanHeader {
  id: number;
  groupCode: string;
  groupName: string;
  year: string;
  title: string;
  status: 'draft' | 'in_sign_off' | 'signed';
  version: number;
}

export async function planHeader(db: Reader, planId: number): Promise<PlanHeader | undefined> {
  const row = await db.selectFrom('plan').innerJoin('org_group', 'org_group.code', 'plan.group_code')
    .select(['plan.id', 'plan.group_code', 'org_group.name as group_name', 'plan.year', 'plan.title', 'plan.status', 'plan.version'])
    .where('plan.id', '=', planId).executeTakeFirst();
  return row && { id: row.id, groupCode: row.group_code, groupName: row.group_name, year: row.year, title: row.title, status: row.status, version: row.version };
}

/**
 * The plan, if the caller may `action` it (authorisePlan: the action's role check, and a practice
 * user only its own group's plans, another group's answering 404), with its group's name.
 */
export async function planFor(db: Db, request: FastifyRequest, planId: number, action: 'plan.read' | 'plan.sign' = 'plan.read') {
  const { user } = await authorisePlan(db, request, action, planId);
  const plan = await planHeader(db, planId);
  if (!plan) throw notFound('The plan');
  return { user, plan };
}

// ── Signatories ─────────────────────────────────────────────────────────────────────────────────

export async function signatoryRoles(db: Reader): Promise<SignatoryRole[]> {
  const rows = await db.selectFrom('plan_signatory_role').selectAll().orderBy('sort_order').orderBy('code').execute();
  return rows.map((r) => ({ code: r.code, label: r.label, party: r.party, sortOrder: r.sort_order }));
}

export interface Holder extends RoleHolder { groupCode: string; username: string; displayName: string; role: string; assignedBy: string; assignedAt: Date }

async function holdersOf(db: Reader, groupCodes: string[] | null): Promise<Holder[]> {
  let query = db.selectFrom('plan_signatory as s').innerJoin('app_user as u', 'u.id', 's.user_id')
    .select(['s.group_code', 's.role_code', 's.user_id', 'u.username', 'u.display_name', 'u.role', 's.assigned_by', 's.assigned_at']);
  if (groupCodes) {
    if (!groupCodes.length) return [];
    query = query.where('s.group_code', 'in', groupCodes);
  }
  const rows = await query.execute();
  return rows.map((r) => ({
    groupCode: r.group_code, roleCode: r.role_code, userId: r.user_id, username: r.username, displayName: r.display_name, role: r.role,
    assignedBy: r.assigned_by, assignedAt: r.assigned_at,
  }));
}

export interface GroupSignatories {
  groupCode: string;
  groupName: string;
  roles: { roleCode: string; label: string; party: SignatoryRole['party']; holder: { userId: number; username: string; displayName: string; role: string; assignedBy: string; assignedAt: string } | null }[];
}

/** Who holds each signatory role, for one group or (groupCode null) every group the user may see. */
export async function listSignatories(db: Db, user: AuthenticatedUser, groupCode: string | null): Promise<GroupSignatories[]> {
  const own = await ownGroup(db, user);
  if (groupCode && own !== null && groupCode !== own) throw notFound(`The group ${groupCode}`);
  let groupsQuery = db.selectFrom('org_group').select(['code', 'name']).orderBy('name').orderBy('code');
  const only = groupCode ?? own;
  if (only !== null) groupsQuery = groupsQuery.where('code', '=', only);
  const groups = await groupsQuery.execute();
  if (groupCode && !groups.length) throw notFound(`The group ${groupCode}`);
  const [roles, holders] = await Promise.all([signatoryRoles(db), holdersOf(db, groups.map((g) => g.code))]);
  return groups.map((g) => ({
    groupCode: g.code, groupName: g.name,
    roles: roles.map((r) => {
      const h = holders.find((x) => x.groupCode === g.code && x.roleCode === r.code);
      return {
        roleCode: r.code, label: r.label, party: r.party,
        holder: h ? { userId: h.userId, username: h.username, displayName: h.displayName, role: h.role, assignedBy: h.assignedBy, assignedAt: h.assignedAt.toISOString() } : null,
      };
    }),
  }));
}

/** The roles that may hold a signatory role: the consortium's board and the commissioner. */
export const SIGNATORY_USER_ROLES = ['board', 'commissioner'] as const;

/** The people who may be named as signatories. */
export async function signatoryCandidates(db: Db) {
  const rows = await db.selectFrom('app_user').select(['id', 'username', 'display_name', 'role'])
    .where('role', 'in', [...SIGNATORY_USER_ROLES]).orderBy('display_name').orderBy('id').execute();
  return rows.map((r) => ({ id: r.id, username: r.username, displayName: r.display_name, role: r.role }));
}

/** Names the holder of a signatory role for a group (plan.manage is checked by the route); audited. */
export async function assignSignatory(db: Db, actor: AuthenticatedUser, groupCode: string, roleCode: string, userId: number): Promise<GroupSignatories> {
  const [group, role, target] = await Promise.all([
    db.selectFrom('org_group').select('code').where('code', '=', groupCode).executeTakeFirst(),
    db.selectFrom('plan_signatory_role').select(['code', 'label']).where('code', '=', roleCode).executeTakeFirst(),
    db.selectFrom('app_user').select(['id', 'username', 'display_name', 'role']).where('id', '=', userId).executeTakeFirst(),
  ]);
  if (!group) throw notFound(`The group ${groupCode}`);
  if (!role) throw notFound(`The signatory role ${roleCode}`);
  if (!target || !(SIGNATORY_USER_ROLES as readonly string[]).includes(target.role)) {
    throw new HttpError(400, 'invalid_request', 'A signatory must be a board member or a commissioner.', [{
      field: 'userId', message: target ? `${target.display_name} is not a board member or a commissioner, so cannot sign plans` : `There is no user ${userId}`,
    }]);
  }
  await db.transaction().execute(async (tx) => {
    const before = await tx.selectFrom('plan_signatory as s').innerJoin('app_user as u', 'u.id', 's.user_id').select(['s.user_id', 'u.username'])
      .where('s.group_code', '=', groupCode).where('s.role_code', '=', roleCode).forUpdate().executeTakeFirst();
    const now = new Date();
    await tx.insertInto('plan_signatory').values({ group_code: groupCode, role_code: roleCode, user_id: userId, assigned_by: actor.username, assigned_at: now })
      .onConflict((oc) => oc.columns(['group_code', 'role_code']).doUpdateSet({ user_id: userId, assigned_by: actor.username, assigned_at: now }))
      .execute();
    await recordAudit(tx, {
      actor: actor.username, action: 'plan.signatory', entityType: 'org_group', entityId: groupCode,
      details: { roleCode, before: before ? { userId: before.user_id, username: before.username } : null, after: { userId, username: target.username } },
    });
  });
  return (await listSignatories(db, actor, groupCode))[0]!;
}

// ── A version's sign-off ────────────────────────────────────────────────────────────────────────

export interface VersionRow {
  version: number;
  status: 'in_sign_off' | 'signed' | 'withdrawn';
  snapshot: PlanSnapshot;
  figures: PlanFigures;
  sentBy: string;
  sentAt: Date;
  signedAt: Date | null;
  withdrawnAt: Date | null;
}

export async function versionOf(db: Reader, planId: number, version: number): Promise<VersionRow | undefined> {
  const row = await db.selectFrom('plan_version').selectAll().where('plan_id', '=', planId).where('version', '=', version).executeTakeFirst();
  if (!row) return undefined;
  // jsonb arrives parsed on both engines; a string would be a snapshot stored as a JSON string.
  const parse = <T>(v: unknown): T => (typeof v === 'string' ? JSON.parse(v) as T : v as T);
  return {
    version: row.version, status: row.status, snapshot: parse<PlanSnapshot>(row.snapshot), figures: parse<PlanFigures>(row.figures),
    sentBy: row.sent_by, sentAt: row.sent_at, signedAt: row.signed_at, withdrawnAt: row.withdrawn_at,
  };
}

export async function signaturesOf(db: Reader, planId: number, version: number): Promise<Signature[]> {
  const rows = await db.selectFrom('plan_signature').select(['role_code', 'user_id', 'signed_name', 'signed_at'])
    .where('plan_id', '=', planId).where('version', '=', version).execute();
  return rows.map((r) => ({ roleCode: r.role_code, userId: r.user_id, signedName: r.signed_name, signedAt: r.signed_at.toISOString() }));
}

export interface SignOffView {
  plan: PlanHeader;
  /** the version with the signatories (in sign-off) or signed; null while the plan is a draft */
  version: { version: number; status: VersionRow['status']; sentBy: string; sentAt: string; signedAt: string | null } | null;
  signatories: {
    roleCode: string; label: string; party: SignatoryRole['party'];
    holder: { userId: number; displayName: string } | null;
    signedBy: string | null; signedAt: string | null;
  }[];
  /** the roles the caller may sign now */
  mayYouSign: string[];
  outstanding: string[];
  fullySigned: boolean;
  incentive: { version: number; practices: number; firedAt: string; firedBy: string } | null;
  /** every version sent, newest first, for their PDFs */
  versions: { version: number; status: VersionRow['status']; sentAt: string; signedAt: string | null }[];
}

const incentiveView = (i: IncentiveTrigger | null): SignOffView['incentive'] =>
  i && { version: i.version, practices: i.practices, firedAt: i.firedAt.toISOString(), firedBy: i.firedByName ?? i.firedBy };

export async function signOffView(db: Reader, user: AuthenticatedUser, plan: PlanHeader): Promise<SignOffView> {
  const [roles, holders, versionRows, incentive] = await Promise.all([
    signatoryRoles(db), holdersOf(db, [plan.groupCode]),
    db.selectFrom('plan_version as v').leftJoin('app_user as u', 'u.username', 'v.sent_by')
      .select(['v.version', 'v.status', 'v.sent_by', 'u.display_name as sender', 'v.sent_at', 'v.signed_at'])
      .where('v.plan_id', '=', plan.id).orderBy('v.version', 'desc').execute(),
    incentiveOf(db, plan.id),
  ]);
  const current = plan.status === 'draft' ? undefined : versionRows.find((v) => v.version === plan.version);
  const signatures = current ? await signaturesOf(db, plan.id, current.version) : [];
  const state: SignOffState = signOffState(roles, signatures);
  const open = plan.status === 'in_sign_off' && current?.status === 'in_sign_off';
  return {
    plan,
    version: current ? { version: current.version, status: current.status, sentBy: current.sender ?? current.sent_by, sentAt: current.sent_at.toISOString(), signedAt: current.signed_at?.toISOString() ?? null } : null,
    signatories: state.roles.map(({ role, signature }) => {
      const holder = holders.find((h) => h.roleCode === role.code);
      return {
        roleCode: role.code, label: role.label, party: role.party,
        holder: holder ? { userId: holder.userId, displayName: holder.displayName } : null,
        signedBy: signature?.signedName ?? null, signedAt: signature?.signedAt ?? null,
      };
    }),
    mayYouSign: open ? rolesToSign(user.id, holders, state) : [],
    outstanding: current ? state.outstanding : roles.map((r) => r.code),
    fullySigned: Boolean(current) && state.fullySigned,
    incentive: incentiveView(incentive),
    versions: versionRows.map((v) => ({ version: v.version, status: v.status, sentAt: v.sent_at.toISOString(), signedAt: v.signed_at?.toISOString() ?? null })),
  };
}

// ── Signing ─────────────────────────────────────────────────────────────────────────────────────

const lower = (label: string) => label.charAt(0).toLowerCase() + label.slice(1);

/** The answer to each refusal; `role` is the role's label (or its code, when there is no such role). */
const REFUSALS: Record<SignRefusal, (roleCode: string, role: string, plan: PlanHeader) => HttpError> = {
  unknown_role: (roleCode) => new HttpError(400, 'invalid_request', `There is no signatory role ${roleCode}.`, [{ field: 'roleCode', message: `There is no signatory role ${roleCode}` }]),
  not_holder: (_, role, plan) => forbidden(`You are not the ${lower(role)} of ${plan.groupName}, so you cannot sign as it.`),
  already_signed: (_, role, plan) => new HttpError(409, 'already_signed', `Version ${plan.version} has already been signed by the ${lower(role)}; a signature cannot be given twice or changed.`, [{ field: 'roleCode', message: 'already signed for this version' }]),
  not_in_sign_off: (_, __, plan) => new HttpError(409, 'not_in_sign_off', plan.status === 'signed'
    ? `Version ${plan.version} of the plan is already signed off; it cannot be signed again.`
    : 'The plan is a draft: there is no version with the signatories to sign. It must be sent for sign-off first.'),
};

const refuse = (refusal: SignRefusal, roleCode: string, roles: SignatoryRole[], plan: PlanHeader) =>
  REFUSALS[refusal](roleCode, roles.find((r) => r.code === roleCode)?.label ?? roleCode, plan);

export interface SignInput { roleCode: string; password: string }

export interface SignResult { view: SignOffView; fullySigned: boolean; incentiveFired: boolean }

async function refusalFor(db: Reader, plan: PlanHeader, user: AuthenticatedUser, roleCode: string) {
  const [roles, holders, version] = await Promise.all([
    signatoryRoles(db), holdersOf(db, [plan.groupCode]),
    db.selectFrom('plan_version').select('status').where('plan_id', '=', plan.id).where('version', '=', plan.version).executeTakeFirst(),
  ]);
  const signatures = await signaturesOf(db, plan.id, plan.version);
  return {
    roles, signatures,
    refusal: signRefusal({ roleCode, userId: user.id, roles, holders, planStatus: plan.status, versionStatus: version?.status ?? null, signatures }),
  };
}

/**
 * Signs the plan's current version as `roleCode`. The caller has passed plan.sign and holds a
 * session (not an API token); everything else is checked here: the role, the plan's state, and
 * then the password (throttled per person by `limiter`), before the transaction that signs.
 */
export async function signPlan(db: Db, user: AuthenticatedUser, plan: PlanHeader, input: SignInput, limiter: LoginLimiter): Promise<SignResult> {
  const audit = (outcome: 'ok' | 'denied', details: Record<string, unknown>) => recordAudit(db, {
    actor: user.username, action: 'plan.sign', entityType: 'plan', entityId: String(plan.id), outcome,
    details: { version: plan.version, roleCode: input.roleCode, userId: user.id, ...details },
  });
  // Keyed by the person (they are signed in already), so one office's address is never locked out.
  const key = `user:${user.id}`;
  const wait = limiter.retryAfter(user.username, key);
  if (wait > 0) {
    await audit('denied', { reason: 'too many wrong passwords' });
    throw new HttpError(429, 'too_many_attempts', `Too many wrong passwords. Try again in ${Math.ceil(wait / 60)} minutes.`, [], { 'retry-after': String(wait) });
  }
  const before = await refusalFor(db, plan, user, input.roleCode);
  if (before.refusal) {
    await audit('denied', { reason: before.refusal });
    throw refuse(before.refusal, input.roleCode, before.roles, plan);
  }
  const account = await db.selectFrom('app_user').select('password_hash').where('id', '=', user.id).executeTakeFirstOrThrow();
  if (!(await verifyPassword(account.password_hash, input.password))) {
    limiter.fail(user.username, key);
    await audit('denied', { reason: 'wrong password' });
    throw new HttpError(400, 'wrong_password', 'The password is not right.', [{ field: 'password', message: 'The password is not right. Enter the password you sign in with' }]);
  }
  limiter.succeed(user.username);

  const outcome = await db.transaction().execute(async (tx) => {
    // The lock serialises signatures of one plan: whoever signs last sees every other signature.
    const locked = await tx.selectFrom('plan').select(['status', 'version']).where('id', '=', plan.id).forUpdate().executeTakeFirstOrThrow();
    const current = { ...plan, status: locked.status, version: locked.version };
    const { roles, signatures, refusal } = await refusalFor(tx, current, user, input.roleCode);
    // Only when another request got there first (a second signature, a withdrawal): say which.
    if (refusal) return { refusal, error: refuse(refusal, input.roleCode, roles, current) };
    const signedAt = new Date();
    await tx.insertInto('plan_signature').values({
      plan_id: plan.id, version: current.version, role_code: input.roleCode, user_id: user.id, signed_name: user.displayName, signed_at: signedAt,
    }).execute();
    const state = signOffState(roles, [...signatures, { roleCode: input.roleCode, userId: user.id, signedName: user.displayName, signedAt: signedAt.toISOString() }]);
    await recordAudit(tx, {
      actor: user.username, action: 'plan.sign', entityType: 'plan', entityId: String(plan.id),
      details: { version: current.version, roleCode: input.roleCode, userId: user.id, signedName: user.displayName, fullySigned: state.fullySigned },
    });
    if (!state.fullySigned) return { fullySigned: false, incentiveFired: false };

    await tx.updateTable('plan_version').set({ status: 'signed', signed_at: signedAt }).where('plan_id', '=', plan.id).where('version', '=', current.version).execute();
    await tx.updateTable('plan').set({ status: 'signed', updated_at: signedAt }).where('id', '=', plan.id).execute();
    await recordAudit(tx, {
      actor: user.username, action: 'plan.signed_off', entityType: 'plan', entityId: String(plan.id),
      details: { version: current.version, signatures: state.roles.map((r) => ({ roleCode: r.role.code, userId: r.signature!.userId, signedName: r.signature!.signedName })) },
    });
    const fired = await fireIncentiveTrigger(tx, {
      plan: current, signedAt, actor: user.username,
      signers: state.roles.map((r) => ({ name: r.signature!.signedName, label: r.role.label })),
    });
    return { fullySigned: true, incentiveFired: fired !== null };
  });
  if ('error' in outcome) {
    await audit('denied', { reason: outcome.refusal });
    throw outcome.error;
  }
  const fresh = (await planHeader(db, plan.id))!;
  return { ...outcome, view: await signOffView(db, user, fresh) };
}
