/**
 * Measures as versioned data through HTTP: the defaults seeded by migration 0014, the version in
 * force on a date, adding a measure and a new version (validated field by field, audited), and who may.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../db/database.js';
import { DEFAULT_MEASURES } from '../../domain/insight/measures.js';
import { createTestApp, type TestApp } from '../../testing/test-app.js';
import { buildOrgTree, createTestUser } from '../../testing/factories.js';

let t: TestApp;
let db: Db;
let commissioner: Record<string, string>, practice: Record<string, string>;
type Measure = { code: string; version: number; validFrom: string; inForce: boolean; name: string; createdBy: string };

const post = (payload: unknown, headers = commissioner) => t.app.inject({ method: 'POST', url: '/api/insight/measures', headers, payload: payload as object });
const list = async (on: string) => (await t.app.inject({ url: `/api/insight/measures?on=${on}`, headers: practice })).json<{ measures: Measure[] }>().measures;
const base = { ...DEFAULT_MEASURES[4]!, version: 2, validFrom: '2026-04-01', name: 'Emergency admissions per 1,000 patients (from 2026)' };

beforeAll(async () => {
  t = await createTestApp();
  db = t.database.db;
  await buildOrgTree(db);
  await createTestUser(db, 'commissioner', 'commissioner');
  await createTestUser(db, 'practice-e82001', 'practice', 'E82001');
  [commissioner, practice] = await Promise.all([t.signIn('commissioner'), t.signIn('practice-e82001')]);
});
afterAll(() => t.close());

describe('measures', () => {
  it('starts with the default measures as version 1 from 2020-04-01, stored as the domain defines them', async () => {
    const measures = await list('2025-06-01');
    expect(measures.map(({ createdBy: _c, createdAt: _a, inForce: _i, ...m }: Measure & { createdAt?: string }) => m))
      .toEqual([...DEFAULT_MEASURES].sort((a, b) => a.code.localeCompare(b.code)).map((m) => ({ ...m, validFrom: '2020-04-01' })));
    expect(measures.every((m) => m.inForce)).toBe(true);
  });

  it('adds a new version (audited) and marks the one in force on each date', async () => {
    const res = await post(base);
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ code: 'non_elective_per_1000', version: 2, createdBy: 'commissioner' });
    const before = (await list('2026-03-31')).filter((m) => m.code === 'non_elective_per_1000');
    expect(before.map((m) => [m.version, m.inForce])).toEqual([[1, true], [2, false]]);
    const after = (await list('2026-04-01')).filter((m) => m.code === 'non_elective_per_1000');
    expect(after.map((m) => [m.version, m.inForce])).toEqual([[1, false], [2, true]]);
    const audit = await db.selectFrom('audit_log').select(['actor', 'action', 'entity_id']).where('entity_type', '=', 'insight_measure').execute();
    expect(audit).toEqual([{ actor: 'commissioner', action: 'measure.version', entity_id: 'non_elective_per_1000 v2' }]);
  });

  it('adds a new measure at version 1', async () => {
    const res = await post({
      code: 'day_cases_per_1000', version: 1, name: 'Day cases per 1,000 patients', numerator: { events: 'day_case' }, denominator: { kind: 'weighted_patients', per: 1000 },
      standardisation: 'none', direction: 'no judgement', rationale: 'Planned day surgery, per weighted patient.', validFrom: '2025-04-01',
    });
    expect(res.statusCode, res.body).toBe(201);
  });

  it('refuses what is not valid, naming each field, and never changes a published version', async () => {
    const bad = await post({ ...base, version: 3, direction: 'up', numerator: { events: 'referrals', filters: { specialties: ['999'] } } });
    expect(bad.statusCode).toBe(422);
    expect(bad.json<{ details: { field: string }[] }>().details.map((d) => d.field).sort()).toEqual(['direction', 'numerator.filters.specialties[0]']);
    const again = await post(base);
    expect(again.statusCode).toBe(422);
    expect(again.json()).toMatchObject({ details: [{ field: 'version', message: 'must be 3' }] });
    const earlier = await post({ ...base, version: 3, validFrom: '2026-01-01' });
    expect(earlier.json()).toMatchObject({ details: [{ field: 'validFrom', message: 'must be after 2026-04-01' }] });
    const fresh = await post({ ...base, code: 'brand_new', version: 2 });
    expect(fresh.json()).toMatchObject({ details: [{ field: 'version', message: 'must be 1' }] });
  });

  it('lets only those who manage measures add them', async () => {
    expect((await post({ ...base, version: 3, validFrom: '2027-04-01' }, practice)).statusCode).toBe(403);
  });

  it('downloads the measures as CSV', async () => {
    const res = await t.app.inject({ url: '/api/insight/measures?on=2025-06-01&format=csv', headers: commissioner });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('follow_up_to_first_ratio,1,yes,2020-04-01,Follow-ups per first attendance,follow_up at OPFU,first_outpatient at OPFA,none,lower is better');
  });
});
