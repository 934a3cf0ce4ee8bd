import { describe, expect, it } from 'vitest';
import {
  incentiveEvidence, listText, rolesHeldBy, rolesToSign, signOffState, signRefusal, signedElectronically,
  type RoleHolder, type Signature, type SignatoryRole,
} from './signoff.js';

const ROLES: SignatoryRole[] = [
  { code: 'chief_executive', label: 'Commissioner chief executive', party: 'commissioner', sortOrder: 30 },
  { code: 'executive_chair', label: 'Consortium executive chair', party: 'consortium', sortOrder: 10 },
  { code: 'committee_chair', label: 'Joint commissioning committee chair', party: 'joint', sortOrder: 20 },
];
const HOLDERS: RoleHolder[] = [{ roleCode: 'executive_chair', userId: 1 }, { roleCode: 'committee_chair', userId: 1 }, { roleCode: 'chief_executive', userId: 3 }];
const sig = (roleCode: string, userId = 1): Signature => ({ roleCode, userId, signedName: `User ${userId}`, signedAt: '2026-11-23T14:05:00Z' });

describe('the state of a sign-off', () => {
  it('lists the roles in their order, signed and outstanding, and is complete only when every role has signed', () => {
    const none = signOffState(ROLES, []);
    expect(none.roles.map((r) => r.role.code)).toEqual(['executive_chair', 'committee_chair', 'chief_executive']);
    expect(none).toMatchObject({ signed: [], outstanding: ['executive_chair', 'committee_chair', 'chief_executive'], fullySigned: false });

    const two = signOffState(ROLES, [sig('chief_executive', 3), sig('executive_chair')]);
    expect(two).toMatchObject({ signed: ['executive_chair', 'chief_executive'], outstanding: ['committee_chair'], fullySigned: false });
    expect(two.roles[2]!.signature).toMatchObject({ userId: 3 });

    expect(signOffState(ROLES, [sig('chief_executive', 3), sig('executive_chair'), sig('committee_chair')]).fullySigned).toBe(true);
  });

  it('ignores a signature for a role that is not asked for, and is never complete with no roles', () => {
    expect(signOffState(ROLES, [sig('treasurer')])).toMatchObject({ signed: [], fullySigned: false });
    expect(signOffState([], []).fullySigned).toBe(false);
  });
});

describe('who may sign', () => {
  it('a user may sign every role they hold that is still outstanding', () => {
    expect(rolesHeldBy(1, HOLDERS)).toEqual(['executive_chair', 'committee_chair']);
    expect(rolesToSign(1, HOLDERS, signOffState(ROLES, []))).toEqual(['executive_chair', 'committee_chair']);
    expect(rolesToSign(1, HOLDERS, signOffState(ROLES, [sig('executive_chair')]))).toEqual(['committee_chair']);
    expect(rolesToSign(2, HOLDERS, signOffState(ROLES, []))).toEqual([]);
  });

  const base = { roles: ROLES, holders: HOLDERS, planStatus: 'in_sign_off' as const, versionStatus: 'in_sign_off' as const, signatures: [] as Signature[] };
  it.each([
    ['the holder of an outstanding role on a version in sign-off', { roleCode: 'executive_chair', userId: 1 }, null],
    ['a role that does not exist', { roleCode: 'treasurer', userId: 1 }, 'unknown_role'],
    ['someone who does not hold the role', { roleCode: 'chief_executive', userId: 1 }, 'not_holder'],
    ['a role already signed', { roleCode: 'executive_chair', userId: 1, signatures: [sig('executive_chair')] }, 'already_signed'],
    ['a draft', { roleCode: 'executive_chair', userId: 1, planStatus: 'draft' as const, versionStatus: null }, 'not_in_sign_off'],
    ['a withdrawn version', { roleCode: 'executive_chair', userId: 1, planStatus: 'draft' as const, versionStatus: 'withdrawn' as const }, 'not_in_sign_off'],
    ['a signed version', { roleCode: 'executive_chair', userId: 1, planStatus: 'signed' as const, versionStatus: 'signed' as const }, 'not_in_sign_off'],
  ])('%s: %s', (_, input, expected) => {
    expect(signRefusal({ ...base, ...input })).toBe(expected);
  });
});

describe('words', () => {
  it('joins names as English does', () => {
    expect([listText([]), listText(['A']), listText(['A', 'B']), listText(['A', 'B', 'C'])]).toEqual(['', 'A', 'A and B', 'A, B and C']);
  });

  it('says on which day (in England) and by whom the plan was signed off, for the incentive evidence', () => {
    // 23:30 UTC on 31 May is already 1 June in British Summer Time.
    expect(incentiveEvidence({ groupName: 'North locality', year: '2026/27', version: 2 }, '2026-05-31T23:30:00Z', [
      { name: 'Dr A', label: 'Consortium executive chair' }, { name: 'Ms B', label: 'Commissioner chief executive' },
    ])).toBe('Locality commissioning plan 2026/27 of North locality, version 2, signed off on 1 June 2026 by Dr A (consortium executive chair) and Ms B (commissioner chief executive).');
    expect(signedElectronically('2026-11-23T14:05:00Z')).toBe('Signed electronically in Commissioning Hub at 23 November 2026 at 14:05');
  });
});
