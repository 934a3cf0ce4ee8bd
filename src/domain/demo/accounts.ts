/** Demo sign-in accounts: one per staff role, and one per practice (`practice-` + code). */
import { ROLE_LABELS, type Role } from '../access/roles.js';
import type { DemoPractice } from './locality.js';

export interface DemoAccountSpec { username: string; displayName: string; role: Role; practiceCode: string | null }

export const STAFF_ROLES = ['admin', 'commissioner', 'finance', 'reviewer', 'booking', 'board'] as const satisfies readonly Role[];

export const practiceUsername = (practiceCode: string) => `practice-${practiceCode.toLowerCase()}`;

export function demoAccounts(practices: readonly Pick<DemoPractice, 'code' | 'name'>[]): DemoAccountSpec[] {
  return [
    ...STAFF_ROLES.map((role) => ({ username: role, displayName: `Demo ${ROLE_LABELS[role].toLowerCase()}`, role, practiceCode: null })),
    ...practices.map((p) => ({ username: practiceUsername(p.code), displayName: `${p.name} (demo)`, role: 'practice' as const, practiceCode: p.code })),
  ];
}
