/**
 * Sign-off of a plan version (PLAN-5; seed 004, section 10): which signatory roles have signed and
 * which are outstanding, whether the version is fully signed, which roles a person may sign as,
 * why a signature is refused, and the words the incentive evidence and the PDF use. Pure.
 */
export interface SignatoryRole { code: string; label: string; party: 'consortium' | 'commissioner' | 'joint'; sortOrder: number }

/** Who holds a signatory role for a group (plan_signatory). */
export interface RoleHolder { roleCode: string; userId: number }

export interface Signature { roleCode: string; userId: number; signedName: string; signedAt: string }

export interface RoleState { role: SignatoryRole; signature: Signature | null }

export interface SignOffState {
  /** every role in sort order, with its signature if given */
  roles: RoleState[];
  signed: string[];
  outstanding: string[];
  /** every role has signed (and there is at least one role) */
  fullySigned: boolean;
}

/** The state of a version's sign-off: signatures for roles that no longer exist are ignored. */
export function signOffState(roles: readonly SignatoryRole[], signatures: readonly Signature[]): SignOffState {
  const byRole = new Map(signatures.map((s) => [s.roleCode, s]));
  const ordered = [...roles].sort((a, b) => a.sortOrder - b.sortOrder || a.code.localeCompare(b.code));
  const states = ordered.map((role) => ({ role, signature: byRole.get(role.code) ?? null }));
  const signed = states.filter((s) => s.signature).map((s) => s.role.code);
  const outstanding = states.filter((s) => !s.signature).map((s) => s.role.code);
  return { roles: states, signed, outstanding, fullySigned: ordered.length > 0 && outstanding.length === 0 };
}

/** The roles a user holds for the group, in the order given. */
export const rolesHeldBy = (userId: number, holders: readonly RoleHolder[]): string[] =>
  holders.filter((h) => h.userId === userId).map((h) => h.roleCode);

/** The roles a user may sign as now: held by them and not yet signed for this version. */
export function rolesToSign(userId: number, holders: readonly RoleHolder[], state: SignOffState): string[] {
  const held = new Set(rolesHeldBy(userId, holders));
  return state.outstanding.filter((code) => held.has(code));
}

export type SignRefusal = 'unknown_role' | 'not_in_sign_off' | 'not_holder' | 'already_signed';

/**
 * Why this user may not sign the version as this role, or null when they may (the password is
 * checked apart: it is the last check, made only when nothing else stands in the way).
 */
export function signRefusal(input: {
  roleCode: string;
  userId: number;
  roles: readonly SignatoryRole[];
  holders: readonly RoleHolder[];
  /** the plan's status and, when there is one, the status of the version being signed */
  planStatus: 'draft' | 'in_sign_off' | 'signed';
  versionStatus: 'in_sign_off' | 'signed' | 'withdrawn' | null;
  signatures: readonly Signature[];
}): SignRefusal | null {
  if (!input.roles.some((r) => r.code === input.roleCode)) return 'unknown_role';
  if (!input.holders.some((h) => h.roleCode === input.roleCode && h.userId === input.userId)) return 'not_holder';
  if (input.signatures.some((s) => s.roleCode === input.roleCode)) return 'already_signed';
  if (input.planStatus !== 'in_sign_off' || input.versionStatus !== 'in_sign_off') return 'not_in_sign_off';
  return null;
}

// ── Words ───────────────────────────────────────────────────────────────────────────────────────

const londonDay = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'Europe/London' });
const londonTime = new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit', timeZone: 'Europe/London' });
const calendarDay = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });

/** An instant as the day it was in England: "23 November 2026". */
export const dayText = (at: Date | string) => londonDay.format(new Date(at));
/** An instant as "23 November 2026 at 14:05" (England's clock). */
export const dayTimeText = (at: Date | string) => `${londonDay.format(new Date(at))} at ${londonTime.format(new Date(at))}`;
/** An ISO calendar date as "30 June 2026", never shifted by a time zone. */
export const calendarDateText = (iso: string) => (/^\d{4}-\d{2}-\d{2}$/.test(iso) ? calendarDay.format(new Date(`${iso}T00:00:00Z`)) : iso);

/** "A", "A and B", "A, B and C". */
export function listText(items: readonly string[]): string {
  if (items.length <= 1) return items[0] ?? '';
  return `${items.slice(0, -1).join(', ')} and ${items.at(-1)!}`;
}

/** The evidence recorded for each practice when a plan is first fully signed. */
export function incentiveEvidence(plan: { groupName: string; year: string; version: number }, signedAt: Date | string, signers: readonly { name: string; label: string }[]): string {
  const by = listText(signers.map((s) => `${s.name} (${s.label.charAt(0).toLowerCase()}${s.label.slice(1)})`));
  return `Locality commissioning plan ${plan.year} of ${plan.groupName}, version ${plan.version}, signed off on ${dayText(signedAt)} by ${by}.`;
}

/** The line under a signature: when and how it was given. */
export const signedElectronically = (signedAt: Date | string) => `Signed electronically in Commissioning Hub at ${dayTimeText(signedAt)}`;
