import { describe, expect, it } from 'vitest';
import { AGE_BANDS } from '../population/age-bands.js';
import { demoAccounts, STAFF_ROLES } from './accounts.js';
import { DEFAULT_SEED, DEMO_PERIODS, generateLocality, MAX_LIST_SIZE, MIN_LIST_SIZE } from './locality.js';
import { populationRowCount, populationRows, practicePopulation } from './population.js';
import { apportion } from './pyramid.js';

const PRACTICE_CODE = /^[A-Z][0-9]{5}$/;
const PROVIDER_CODE = /^[A-Z0-9]{3,5}$/;
const POSTCODE = /^[A-Z]{1,2}[0-9][0-9A-Z]? [0-9][ABD-HJLNP-UW-Z]{2}$/;

const firstRows = (seed: number, n: number) => {
  const out = [];
  const rows = populationRows(generateLocality({ seed }));
  for (let i = 0; i < n; i++) out.push(rows.next().value);
  return out;
};

describe('generateLocality', () => {
  const locality = generateLocality();

  it('uses the default seed and 20 practices, first E82001', () => {
    expect(locality.seed).toBe(DEFAULT_SEED);
    expect(locality.practices).toHaveLength(20);
    expect(locality.practices[0]!.code).toBe('E82001');
    expect(locality.commissioner.code).toBe('QM7');
    expect(locality.periods).toEqual(DEMO_PERIODS);
  });

  it('gives the same locality and rows for the same seed', () => {
    expect(generateLocality()).toEqual(locality);
    expect(firstRows(7, 200)).toEqual(firstRows(7, 200));
  });

  it('gives a different locality for a different seed', () => {
    const other = generateLocality({ seed: DEFAULT_SEED + 1 });
    expect(other.practices.map((p) => p.name)).not.toEqual(locality.practices.map((p) => p.name));
    expect(firstRows(1, 200)).not.toEqual(firstRows(2, 200));
  });

  it('has two or three groups of the known kinds, each with practices', () => {
    expect(locality.groups.length).toBeGreaterThanOrEqual(2);
    expect(locality.groups.length).toBeLessThanOrEqual(3);
    for (const g of locality.groups) {
      expect(['locality', 'consortium', 'federation']).toContain(g.kind);
      expect(locality.practices.some((p) => p.groupCode === g.code)).toBe(true);
    }
  });

  it('has valid, unique practice codes, names and real-shaped postcodes', () => {
    const codes = locality.practices.map((p) => p.code);
    expect(new Set(codes).size).toBe(codes.length);
    expect(new Set(locality.practices.map((p) => p.name)).size).toBe(codes.length);
    for (const p of locality.practices) {
      expect(p.code).toMatch(PRACTICE_CODE);
      expect(p.postcode).toMatch(POSTCODE);
    }
  });

  it('has about eight providers with valid codes, kinds and MFF 1.00–1.12', () => {
    expect(locality.providers.length).toBeGreaterThanOrEqual(6);
    expect(locality.providers.length).toBeLessThanOrEqual(10);
    expect(new Set(locality.providers.map((p) => p.code)).size).toBe(locality.providers.length);
    expect(new Set(locality.providers.map((p) => p.kind))).toEqual(new Set(['acute', 'community', 'mental_health', 'independent']));
    for (const p of locality.providers) {
      expect(p.code).toMatch(PROVIDER_CODE);
      expect(p.mff).toBeGreaterThanOrEqual(1);
      expect(p.mff).toBeLessThanOrEqual(1.12);
    }
  });

  it('keeps list sizes within 2,000–20,000 with small quarterly changes', () => {
    for (const p of generateLocality({ practices: 500, seed: 3 }).practices) {
      expect(p.listSizes).toHaveLength(4);
      for (const [i, size] of p.listSizes.entries()) {
        expect(size).toBeGreaterThanOrEqual(MIN_LIST_SIZE);
        expect(size).toBeLessThanOrEqual(MAX_LIST_SIZE);
        if (i > 0) expect(Math.abs(size / p.listSizes[i - 1]! - 1)).toBeLessThan(0.02);
      }
    }
  });

  it('rejects a practice count out of range', () => {
    expect(() => generateLocality({ practices: 0 })).toThrow(RangeError);
    expect(() => generateLocality({ practices: 2.5 })).toThrow(RangeError);
  });

  it('scales to 6,500 practices with unique codes, names and ~one group per 8 practices', () => {
    const big = generateLocality({ practices: 6500 });
    const codes = new Set(big.practices.map((p) => p.code));
    expect(codes.size).toBe(6500);
    for (const code of codes) expect(code).toMatch(PRACTICE_CODE);
    expect(new Set(big.practices.map((p) => p.name)).size).toBe(6500);
    expect(new Set(big.groups.map((g) => g.code)).size).toBe(big.groups.length);
    expect(new Set(big.groups.map((g) => g.name)).size).toBe(big.groups.length);
    expect(big.groups.length).toBeGreaterThan(6500 / 9);
    expect(big.providers.length).toBeLessThan(30);
    expect(big.practices.slice(0, 20).map((p) => p.code)).toEqual(locality.practices.map((p) => p.code));
  });
});

describe('population', () => {
  const locality = generateLocality();

  it('has 40 rows per practice and period whose patients sum exactly to the list size', () => {
    for (const practice of locality.practices) {
      const rows = [...practicePopulation(locality, practice)];
      expect(rows).toHaveLength(locality.periods.length * 40);
      locality.periods.forEach((period, i) => {
        const own = rows.filter((r) => r.period === period);
        expect(new Set(own.map((r) => `${r.sex}${r.ageBand}`)).size).toBe(40);
        expect(own.reduce((a, r) => a + r.patients, 0)).toBe(practice.listSizes[i]);
        for (const r of own) {
          expect(Number.isInteger(r.patients) && r.patients >= 0).toBe(true);
          expect(AGE_BANDS).toContain(r.ageBand);
        }
      });
    }
    expect(populationRowCount(locality)).toBe(20 * 4 * 40);
  });

  it('looks like England: more women among the oldest, and profiles bend the pyramid', () => {
    const share = (profile: string, bands: string[]) => {
      let part = 0, all = 0;
      const big = generateLocality({ practices: 200, seed: 11 });
      for (const p of big.practices.filter((q) => q.profile === profile)) {
        for (const r of practicePopulation(big, p)) {
          all += r.patients;
          if (bands.includes(r.ageBand)) part += r.patients;
        }
      }
      return part / all;
    };
    expect(share('university', ['20-24'])).toBeGreaterThan(0.2);
    expect(share('typical', ['20-24'])).toBeLessThan(0.09);
    expect(share('retirement', ['65-69', '70-74', '75-79', '80-84', '85-89', '90-94', '95+'])).toBeGreaterThan(0.3);
    const oldest = [...populationRows(locality)].filter((r) => r.ageBand === '90-94');
    const women = oldest.filter((r) => r.sex === 'F').reduce((a, r) => a + r.patients, 0);
    const men = oldest.filter((r) => r.sex === 'M').reduce((a, r) => a + r.patients, 0);
    expect(women).toBeGreaterThan(men * 1.5);
  });

  it('apportions whole numbers that add up exactly', () => {
    expect(apportion(10, [1, 1, 1])).toEqual([4, 3, 3]);
    expect(apportion(7, [0.5, 0.25, 0.25]).reduce((a, b) => a + b, 0)).toBe(7);
  });
});

describe('demoAccounts', () => {
  it('has one account per staff role, three plan signatories and one per practice', () => {
    const locality = generateLocality();
    const accounts = demoAccounts(locality.practices);
    expect(accounts.slice(0, 6).map((a) => [a.username, a.role])).toEqual(STAFF_ROLES.map((r) => [r, r]));
    expect(accounts.slice(6, 9).map((a) => [a.username, a.role])).toEqual([['exec-chair', 'board'], ['committee-chair', 'board'], ['chief-exec', 'commissioner']]);
    expect(accounts).toHaveLength(29);
    expect(accounts[9]).toMatchObject({ username: 'practice-e82001', role: 'practice', practiceCode: 'E82001' });
    for (const a of accounts) expect(a.username).toMatch(/^[a-z0-9][a-z0-9._-]{1,62}$/);
  });
});
