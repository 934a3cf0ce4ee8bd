import { describe, expect, it } from 'vitest';
import { ROLES } from '../access/roles.js';
import { approvalState, approversNeeded } from '../governance/delegation.js';
import { mayComplete, partyOf } from './parties.js';

describe('plan parties', () => {
  it('lets the consortium write consortium sections and the commissioner its own', () => {
    expect(mayComplete('practice', 'consortium')).toBe(true);
    expect(mayComplete('board', 'consortium')).toBe(true);
    expect(mayComplete('practice', 'commissioner')).toBe(false);
    expect(mayComplete('board', 'commissioner')).toBe(false);
    expect(mayComplete('commissioner', 'commissioner')).toBe(true);
    expect(mayComplete('finance', 'consortium')).toBe(false);
  });

  it('lets both parties write a shared section, and nobody outside the plan', () => {
    for (const role of ROLES) expect(mayComplete(role, 'both')).toBe(partyOf(role) !== null);
    for (const role of ['admin', 'reviewer', 'booking'] as const) expect(partyOf(role)).toBeNull();
  });
});

describe('delegation levels', () => {
  it('needs the commissioner for advisory, both for joint, the consortium for delegated', () => {
    expect(approversNeeded('A')).toEqual(['commissioner']);
    expect(approversNeeded('B')).toEqual(['consortium', 'commissioner']);
    expect(approversNeeded('C')).toEqual(['consortium']);
  });

  it('is complete only when every needed party has approved', () => {
    expect(approvalState('B', ['consortium'])).toEqual({ complete: false, waitingFor: ['commissioner'] });
    expect(approvalState('B', ['commissioner', 'consortium'])).toEqual({ complete: true, waitingFor: [] });
    expect(approvalState('A', ['consortium'])).toEqual({ complete: false, waitingFor: ['commissioner'] });
    expect(approvalState('C', ['consortium'])).toEqual({ complete: true, waitingFor: [] });
  });
});
