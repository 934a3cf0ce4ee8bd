import { describe, expect, it } from 'vitest';
import type { Actor } from '../access/roles.js';
import { mayChangeGrouping, mayCreateGrouping, maySeeGrouping, maySeeMembers, parsePracticeCodes } from './groupings.js';

const actor = (id: number, role: Actor['role'], practiceCode: string | null = null): Actor => ({ id, username: `u${id}`, role, practiceCode });
const commissioner = actor(1, 'commissioner');
const reviewer = actor(2, 'reviewer');
const finance = actor(3, 'finance');
const practice = actor(4, 'practice', 'E82001');
const booking = actor(5, 'booking');

describe('parsePracticeCodes', () => {
  it('reads codes separated by commas, semicolons, spaces, tabs and new lines, upper-casing and de-duplicating', () => {
    expect(parsePracticeCodes('E82001, e82002;E82003\tE82004\r\nE82005  E82001\n\n')).toEqual({
      codes: ['E82001', 'E82002', 'E82003', 'E82004', 'E82005'], malformed: [],
    });
  });

  it('skips a heading in the first cell and strips quotes from CSV cells', () => {
    expect(parsePracticeCodes('practice_code\n"E82001"\n\'E82002\'')).toEqual({ codes: ['E82001', 'E82002'], malformed: [] });
    expect(parsePracticeCodes('Code,E82001')).toEqual({ codes: ['E82001'], malformed: [] });
  });

  it('names each token that is not a practice code, once, as given', () => {
    expect(parsePracticeCodes('E82001, E8200, 82001X, E82001, E8200, practice_code')).toEqual({
      codes: ['E82001'], malformed: ['E8200', '82001X', 'practice_code'],
    });
  });

  it('gives nothing for empty or blank text', () => {
    expect(parsePracticeCodes('')).toEqual({ codes: [], malformed: [] });
    expect(parsePracticeCodes(' ,\n ; ')).toEqual({ codes: [], malformed: [] });
  });
});

describe('who may see and change a grouping', () => {
  const sharedByCommissioner = { shared: true, ownerUserId: commissioner.id };
  const privateToReviewer = { shared: false, ownerUserId: reviewer.id };

  it('shows shared groupings to everyone with insight.view, private ones to their owner only', () => {
    expect([commissioner, reviewer, finance, practice].map((a) => maySeeGrouping(a, sharedByCommissioner))).toEqual([true, true, true, true]);
    expect(maySeeGrouping(booking, sharedByCommissioner)).toBe(false);
    expect([commissioner, reviewer, finance, practice].map((a) => maySeeGrouping(a, privateToReviewer))).toEqual([false, true, false, false]);
  });

  it('never shows a practice user the members', () => {
    expect(maySeeMembers(practice)).toBe(false);
    expect(maySeeMembers(finance)).toBe(true);
  });

  it('lets only grouping.manage create shared groupings; private ones anyone with insight.view but practices', () => {
    expect(mayCreateGrouping(commissioner, true)).toBe(true);
    expect(mayCreateGrouping(actor(6, 'admin'), true)).toBe(true);
    expect(mayCreateGrouping(reviewer, true)).toBe(false);
    expect(mayCreateGrouping(reviewer, false)).toBe(true);
    expect(mayCreateGrouping(practice, false)).toBe(false);
    expect(mayCreateGrouping(booking, false)).toBe(false);
  });

  it('lets the owner change a grouping, and grouping.manage a shared one', () => {
    expect(mayChangeGrouping(reviewer, privateToReviewer)).toBe(true);
    expect(mayChangeGrouping(commissioner, privateToReviewer)).toBe(false);
    expect(mayChangeGrouping(commissioner, sharedByCommissioner)).toBe(true);
    expect(mayChangeGrouping(actor(6, 'admin'), sharedByCommissioner)).toBe(true);
    expect(mayChangeGrouping(finance, sharedByCommissioner)).toBe(false);
    expect(mayChangeGrouping(practice, sharedByCommissioner)).toBe(false);
    expect(mayChangeGrouping(actor(7, 'admin'), { shared: true, ownerUserId: null })).toBe(true);
  });
});
