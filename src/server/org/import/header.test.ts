import { describe, expect, it } from 'vitest';
import { cellsOf, matchHeader } from './header.js';

const COLUMNS = { required: ['provider_code', 'name', 'kind'], optional: ['mff'] };

describe('matchHeader', () => {
  it('finds columns in any order and case, and sets unknown ones aside', () => {
    const header = matchHeader(['Kind', ' Provider Code ', 'notes', 'name', ''], COLUMNS);
    expect(header.missing).toEqual([]);
    expect(header.unknown).toEqual(['notes']);
    expect(cellsOf(['acute', 'RWG', 'x', 'West Herts', ''], header)).toEqual({ kind: 'acute', provider_code: 'RWG', name: 'West Herts' });
  });

  it('names missing and repeated columns; optional ones may be absent', () => {
    const header = matchHeader(['provider_code', 'name', 'name'], COLUMNS);
    expect(header.missing).toEqual(['kind']);
    expect(header.repeated).toEqual(['name']);
  });
});
