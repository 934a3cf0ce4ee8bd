import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateLocality } from '../../domain/demo/locality.js';
import { createTestApp, type TestApp } from '../../testing/test-app.js';
import { isEmpty, loadDemo, type DemoSummary } from './load.js';

const PASSWORD = 'demo-password';

describe('loadDemo', () => {
  let t: TestApp;
  let first: DemoSummary;

  beforeAll(async () => {
    t = await createTestApp();
    expect(await isEmpty(t.database)).toBe(true);
    first = await loadDemo(t.database, { password: PASSWORD });
  });
  afterAll(() => t.close());

  it('loads 20 practices in named groups, ~8 providers and population for every practice', async () => {
    const { db } = t.database;
    const expected = generateLocality();
    expect(await isEmpty(t.database)).toBe(false);
    expect(first).toMatchObject({ practices: 20, providers: expected.providers.length, groups: expected.groups.length, populationRows: 20 * 4 * 40 });
    expect(first.imports.population).toMatchObject({ rowsRead: 3200, inserted: 3200 });

    const practices = await db.selectFrom('practice').select(['code', 'name', 'group_code']).orderBy('code').execute();
    expect(practices.map((p) => p.code)).toEqual(expected.practices.map((p) => p.code));
    const providers = await db.selectFrom('provider').select(['code', 'mff']).execute();
    expect(providers.length).toBeGreaterThanOrEqual(6);
    expect(providers.length).toBeLessThanOrEqual(10);

    const lists = await db.selectFrom('population').select(['practice_code', 'period', (eb) => eb.fn.sum<number>('patients').as('patients')])
      .groupBy(['practice_code', 'period']).execute();
    expect(lists).toHaveLength(20 * 4);
    for (const p of expected.practices) {
      const latest = lists.find((l) => l.practice_code === p.code && l.period === '2025-10-01');
      expect(Number(latest?.patients)).toBe(p.listSizes[3]);
    }

    const groups = await db.selectFrom('org_group').select(['code', 'name', 'kind']).orderBy('code').execute();
    expect(groups).toEqual(expect.arrayContaining([{ code: 'DAC', name: 'Dacorum Beacon Locality', kind: 'locality' }]));
    const commissioner = await db.selectFrom('commissioner').selectAll().executeTakeFirstOrThrow();
    expect(commissioner).toEqual({ code: 'QM7', name: 'Hertfordshire and West Essex ICB' });
  });

  it('creates the staff and practice demo accounts, sharing one password hash', async () => {
    const users = await t.database.db.selectFrom('app_user').select(['username', 'role', 'practice_code', 'is_demo', 'password_hash']).execute();
    const names = users.map((u) => u.username);
    for (const role of ['admin', 'commissioner', 'finance', 'reviewer', 'booking', 'board']) {
      expect(users.find((u) => u.username === role)).toMatchObject({ role, practice_code: null, is_demo: true });
    }
    expect(users.find((u) => u.username === 'practice-e82001')).toMatchObject({ role: 'practice', practice_code: 'E82001' });
    expect(names.filter((n) => n.startsWith('practice-'))).toHaveLength(20);
    expect(new Set(users.map((u) => u.password_hash)).size).toBe(1);
    expect(first.accounts).toHaveLength(29);
  });

  it('lets a demo user sign in through the app', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'practice-e82001', password: PASSWORD } });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ role: 'practice', practiceCode: 'E82001' });
    const admin = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'admin', password: PASSWORD } });
    expect(admin.statusCode).toBe(200);
  });

  it('changes nothing when loaded again', async () => {
    const { db } = t.database;
    const snapshot = async () => ({
      practices: await db.selectFrom('practice').select(['code', 'name', 'postcode', 'group_code', 'updated_at']).orderBy('code').execute(),
      providers: await db.selectFrom('provider').select(['code', 'name', 'kind', 'mff', 'updated_at']).orderBy('code').execute(),
      groups: await db.selectFrom('org_group').selectAll().orderBy('code').execute(),
      population: await db.selectFrom('population').select((eb) => [eb.fn.countAll<number>().as('rows'), eb.fn.sum<number>('patients').as('patients')]).execute(),
      users: await db.selectFrom('app_user').select(['username', 'display_name', 'role', 'practice_code', 'password_hash']).orderBy('username').execute(),
    });
    const before = await snapshot();
    const again = await loadDemo(t.database, { password: PASSWORD });
    for (const kind of ['providers', 'practices', 'population'] as const) {
      expect(again.imports[kind]).toMatchObject({ inserted: 0, updated: 0 });
      expect(again.imports[kind].unchanged).toBe(first.imports[kind].rowsRead);
    }
    expect(await snapshot()).toEqual(before);
  });
});
