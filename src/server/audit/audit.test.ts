import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { createTestUser } from '../../testing/factories.js';
import { createTestApp, type TestApp } from '../../testing/test-app.js';
import { recordAudit, verifyAuditLog } from './audit-log.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
  await createTestUser(t.database.db, 'admin', 'admin');
  await createTestUser(t.database.db, 'finance', 'finance');
});
afterAll(() => t.close());

describe('audit log', () => {
  it('chains concurrent appends without forking', async () => {
    await Promise.all(Array.from({ length: 20 }, (_, i) => recordAudit(t.database.db, { actor: 'test', action: 'concurrent', entityType: 'x', entityId: String(i) })));
    const check = await verifyAuditLog(t.database.db, 7); // small pages exercise the page hand-over
    expect(check).toMatchObject({ ok: true, entries: 20 });
  });

  it('shows administrators the recent entries and the chain status', async () => {
    const headers = await t.signIn('admin');
    const entries = (await t.app.inject({ url: '/api/audit?limit=5', headers })).json();
    expect(entries).toHaveLength(5);
    expect(entries[0]).toMatchObject({ actor: 'admin', action: 'auth.login' });
    expect((await t.app.inject({ url: '/api/audit/verify', headers })).json()).toMatchObject({ ok: true });
  });

  it('refuses other roles, and records the refusal', async () => {
    const headers = await t.signIn('finance');
    expect((await t.app.inject({ url: '/api/audit', headers })).statusCode).toBe(403);
    const denied = await t.database.db.selectFrom('audit_log').select('action').where('actor', '=', 'finance').where('outcome', '=', 'denied').execute();
    expect(denied.map((d) => d.action)).toContain('audit.read');
  });

  it('detects an entry changed behind the application’s back', async () => {
    // Only a database superuser bypassing the trigger could do this; the chain still catches it.
    await sql`alter table audit_log disable trigger audit_log_no_update`.execute(t.database.db);
    await sql`update audit_log set actor = 'mallory' where id = 3`.execute(t.database.db);
    await sql`alter table audit_log enable trigger audit_log_no_update`.execute(t.database.db);
    expect(await verifyAuditLog(t.database.db)).toMatchObject({ ok: false, brokenAt: 3 });
  });
});
