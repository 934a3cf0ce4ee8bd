import { describe, expect, it } from 'vitest';
import { parseName } from './text.js';

describe('parseName', () => {
  it('trims and collapses runs of spaces', () => {
    expect(parseName('  The  Maltings\tSurgery ')).toEqual({ ok: true, value: 'The Maltings Surgery' });
  });

  it('requires a value, limits its length and refuses control characters', () => {
    expect(parseName('   ')).toEqual({ ok: false, message: 'is required' });
    expect(parseName('x'.repeat(201))).toEqual({ ok: false, message: 'must be at most 200 characters' });
    expect(parseName('Bad\u0000name')).toEqual({ ok: false, message: 'contains control characters' });
  });
});
