/** The demo's A&E audits: four completed audits of 15–30 attendances, idempotent, patients pseudonymised. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/database.js';
import { buildOrgTree } from '../../testing/factories.js';
import { testDatabase } from '../../testing/test-db.js';
import { loadDemoAeAudits } from './ae-audits.js';

let database: Database;
beforeAll(async () => {
  database = await testDatabase();
  await buildOrgTree(database.db, { practices: ['E82001', 'E82002', 'E82003', 'E82004', 'E82005'], patientsPerBand: 0 });
});
afterAll(() => database.close());

describe('loadDemoAeAudits', () => {
  it('completes an audit of 15 to 30 attendances for four practices, then changes nothing on a second load', async () => {
    const first = await loadDemoAeAudits(database.db, 'demo', { month: '2025-10-01' });
    expect(first.audits).toBe(4);
    const audits = await database.db.selectFrom('ae_audit').selectAll().orderBy('practice_code').execute();
    expect(audits.map((a) => [a.practice_code, a.title, a.status, a.period_start, a.period_end])).toEqual(
      ['E82001', 'E82002', 'E82003', 'E82004'].map((code) => [code, 'A&E attendances, October 2025', 'completed', '2025-10-01', '2025-10-31']),
    );
    const entries = await database.db.selectFrom('ae_audit_entry').select(['audit_id', 'reason', 'primary_care_could_see', 'in_hours', 'patient_pseudo']).execute();
    for (const a of audits) {
      const mine = entries.filter((e) => e.audit_id === a.id);
      expect(mine.length).toBeGreaterThanOrEqual(15);
      expect(mine.length).toBeLessThanOrEqual(30);
    }
    expect(first.entries).toBe(entries.length);
    expect(new Set(entries.map((e) => e.primary_care_could_see))).toEqual(new Set(['yes', 'no', 'unsure']));
    expect(new Set(entries.map((e) => e.in_hours))).toEqual(new Set([true, false]));
    // Patients are kept as pseudonyms (64 hex digits), never as the made-up 999-range numbers: a
    // pseudonym may contain ten decimal digits in a row by chance, so the number is looked for as a
    // whole value, not inside the hex.
    expect(entries.every((e) => /^[0-9a-f]{64}$/.test(e.patient_pseudo))).toBe(true);
    expect(JSON.stringify(entries)).not.toMatch(/\b999\d{7}\b/);

    const second = await loadDemoAeAudits(database.db, 'demo', { month: '2025-10-01' });
    expect(second).toEqual({ audits: 0, entries: 0, skipped: 4 });
    expect(await database.db.selectFrom('ae_audit_entry').select('id').execute()).toHaveLength(entries.length);
  });
});
