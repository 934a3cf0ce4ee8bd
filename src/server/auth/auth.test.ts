import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildOrgTree, createTestUser } from '../../testing/factories.js';
import { createTestApp, type TestApp } from '../../testing/test-app.js';
import { verifyAuditLog } from '../audit/audit-log.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
  await buildOrgTree(t.database.db);
  await createTestUser(t.database.db, 'finance', 'finance');
  await createTestUser(t.database.db, 'practice-e82001', 'practice', 'E82001');
});
afterAll(() => t.close());

describe('sign-in', () => {
  it('signs in with the right password and says who you are', async () => {
    const headers = await t.signIn('finance');
    const me = await t.app.inject({ url: '/api/me', headers });
    expect(me.statusCode).toBe(200);
    expect(me.json()).toMatchObject({ username: 'finance', role: 'finance', roleLabel: 'Finance lead', permissions: expect.arrayContaining(['org.read']) });
    expect(me.json().permissions).not.toContain('patient.view');
  });

  it('sets an HttpOnly, SameSite session cookie', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'finance', password: 'correct horse battery staple' } });
    const cookie = res.cookies.find((c) => c.name === 'hub_session')!;
    expect(cookie.httpOnly).toBe(true);
    expect(cookie.sameSite).toBe('Lax');
  });

  it('gives one generic error for a wrong password and an unknown user', async () => {
    const wrong = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'finance', password: 'nope' } });
    const unknown = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'nobody', password: 'nope' } });
    expect(wrong.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    expect(wrong.json().message).toBe(unknown.json().message);
    expect(wrong.body).not.toMatch(/stack|at .*\.ts/);
  });

  it('rate-limits repeated failures with 429 and Retry-After', async () => {
    const limited = await createTestApp();
    try {
      await createTestUser(limited.database.db, 'board', 'board');
      for (let i = 0; i < 5; i++) {
        const r = await limited.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'board', password: `guess${i}` } });
        expect(r.statusCode).toBe(401);
      }
      const blocked = await limited.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'board', password: 'correct horse battery staple' } });
      expect(blocked.statusCode).toBe(429);
      expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(0);
    } finally {
      await limited.close();
    }
  });

  it('refuses a state-changing request without the CSRF token', async () => {
    const { cookie } = await t.signIn('finance');
    const res = await t.app.inject({ method: 'POST', url: '/api/tokens', headers: { cookie }, payload: { name: 'x' } });
    expect(res.statusCode).toBe(403);
    expect(res.json().error).toBe('csrf_failed');
  });

  it('signs out', async () => {
    const headers = await t.signIn('finance');
    expect((await t.app.inject({ method: 'POST', url: '/api/auth/logout', headers })).statusCode).toBe(204);
    expect((await t.app.inject({ url: '/api/me', headers })).statusCode).toBe(401);
  });
});

describe('API tokens', () => {
  it('creates a token that works as a Bearer header, and stops working once revoked', async () => {
    const headers = await t.signIn('finance');
    const created = await t.app.inject({ method: 'POST', url: '/api/tokens', headers, payload: { name: 'monthly script' } });
    expect(created.statusCode).toBe(201);
    const { id, token } = created.json();
    expect(token).toMatch(/^hub_/);
    const me = await t.app.inject({ url: '/api/me', headers: { authorization: `Bearer ${token}` } });
    expect(me.json().username).toBe('finance');
    // Bearer requests need no CSRF token.
    const second = await t.app.inject({ method: 'POST', url: '/api/tokens', headers: { authorization: `Bearer ${token}` }, payload: { name: 'second' } });
    expect(second.statusCode).toBe(201);
    expect((await t.app.inject({ method: 'DELETE', url: `/api/tokens/${id}`, headers })).statusCode).toBe(204);
    const after = await t.app.inject({ url: '/api/me', headers: { authorization: `Bearer ${token}` } });
    expect(after.statusCode).toBe(401);
  });
});

describe('practice scoping', () => {
  it('shows a practice user only its own practice, and 404s (audited) on another', async () => {
    const headers = await t.signIn('practice-e82001');
    const list = await t.app.inject({ url: '/api/practices', headers });
    expect(list.json().map((p: { code: string }) => p.code)).toEqual(['E82001']);
    const own = await t.app.inject({ url: '/api/practices/E82001', headers });
    expect(own.statusCode).toBe(200);
    const other = await t.app.inject({ url: '/api/practices/E82002/population', headers });
    expect(other.statusCode).toBe(404);
    const denied = await t.database.db.selectFrom('audit_log').selectAll().where('outcome', '=', 'denied').where('entity_id', '=', 'E82002').execute();
    expect(denied).toHaveLength(1);
    expect(denied[0]!.actor).toBe('practice-e82001');
  });

  it('keeps the audit chain intact after all of that', async () => {
    const check = await verifyAuditLog(t.database.db);
    expect(check.ok).toBe(true);
    expect(check.entries).toBeGreaterThan(5);
  });
});

describe('demo accounts', () => {
  it('cannot sign in when demo mode is off', async () => {
    const prod = await createTestApp({ demo: false });
    try {
      const row = await createTestUser(prod.database.db, 'admin', 'admin');
      await prod.database.db.updateTable('app_user').set({ is_demo: true }).where('id', '=', row.id).execute();
      const res = await prod.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'admin', password: 'correct horse battery staple' } });
      expect(res.statusCode).toBe(401);
    } finally {
      await prod.close();
    }
  });
});

