/**
 * Demo sign-in accounts: one per staff role, the plan's three signatories (seed 004, section 10),
 * and one per practice (`practice-` + code).
 */
import { ROLE_LABELS, type Role } from '../access/roles.js';
import type { DemoPractice } from './locality.js';

export interface DemoAccountSpec { username: string; displayName: string; role: Role; practiceCode: string | null }

export const STAFF_ROLES = ['admin', 'commissioner', 'finance', 'reviewer', 'booking', 'board'] as const satisfies readonly Role[];

export const practiceUsername = (practiceCode: string) => `practice-${practiceCode.toLowerCase()}`;

/** The people who sign the demo plans, each holding one signatory role for every demo group. */
export const SIGNATORY_ACCOUNTS = [
  { username: 'exec-chair', displayName: 'Dr Mary McMinn (demo executive chair)', role: 'board', signatoryRole: 'executive_chair' },
  { username: 'committee-chair', displayName: 'Dr Paul Heatley (demo committee chair)', role: 'board', signatoryRole: 'committee_chair' },
  { username: 'chief-exec', displayName: 'Anne Walker (demo chief executive)', role: 'commissioner', signatoryRole: 'chief_executive' },
] as const satisfies readonly { username: string; displayName: string; role: Role; signatoryRole: string }[];

export function demoAccounts(practices: readonly Pick<DemoPractice, 'code' | 'name'>[]): DemoAccountSpec[] {
  return [
    ...STAFF_ROLES.map((role) => ({ username: role, displayName: `Demo ${ROLE_LABELS[role].toLowerCase()}`, role, practiceCode: null })),
    ...SIGNATORY_ACCOUNTS.map(({ username, displayName, role }) => ({ username, displayName, role, practiceCode: null })),
    ...practices.map((p) => ({ username: practiceUsername(p.code), displayName: `${p.name} (demo)`, role: 'practice' as const, practiceCode: p.code })),
  ];
}
