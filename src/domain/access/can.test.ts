import { describe, expect, it } from 'vitest';
import { can, practiceScope } from './can.js';
import type { Actor } from './roles.js';

const actor = (role: Actor['role'], practiceCode: string | null = null): Actor => ({ id: 1, username: role, role, practiceCode });

describe('can', () => {
  it('denies everything to nobody', () => {
    expect(can(null, 'org.read')).toBe(false);
  });

  it('lets only admins and commissioners import organisation files', () => {
    expect(can(actor('admin'), 'org.import')).toBe(true);
    expect(can(actor('commissioner'), 'org.import')).toBe(true);
    for (const role of ['finance', 'reviewer', 'booking', 'board'] as const) expect(can(actor(role), 'org.import')).toBe(false);
    expect(can(actor('practice', 'E82044'), 'org.import')).toBe(false);
  });

  it('binds a practice user to its own practice', () => {
    const p = actor('practice', 'E82044');
    expect(can(p, 'org.read', { practiceCode: 'E82044' })).toBe(true);
    expect(can(p, 'org.read', { practiceCode: 'E82045' })).toBe(false);
    expect(can(p, 'patient.view', { practiceCode: 'E82045' })).toBe(false);
    expect(can(p, 'patient.view', { practiceCode: 'E82044' })).toBe(true);
  });

  it('keeps patient-identifiable data from analysts and the board', () => {
    for (const role of ['commissioner', 'finance', 'board', 'admin'] as const) expect(can(actor(role), 'patient.view')).toBe(false);
    expect(can(actor('reviewer'), 'patient.view', { practiceCode: 'E82044' })).toBe(true);
  });

  it('scopes queries for practice users only', () => {
    expect(practiceScope(actor('practice', 'E82044'))).toBe('E82044');
    expect(practiceScope(actor('finance'))).toBeNull();
  });
});
