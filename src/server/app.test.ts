import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestUser } from '../testing/factories.js';
import { createTestApp, type TestApp } from '../testing/test-app.js';
import { testEngine } from '../testing/test-db.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
  await createTestUser(t.database.db, 'admin', 'admin');
});
afterAll(() => t.close());

describe('API conventions', () => {
  it('reports health and the database engine', async () => {
    const res = await t.app.inject({ url: '/api/health' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: 'ok', database: testEngine() });
  });

  it('publishes an OpenAPI document covering the routes, and browsable docs', async () => {
    const doc = (await t.app.inject({ url: '/api/openapi.json' })).json();
    expect(doc.openapi).toMatch(/^3\./);
    for (const path of ['/api/health', '/api/auth/login', '/api/me', '/api/practices', '/api/providers']) expect(doc.paths).toHaveProperty([path]);
    const docs = await t.app.inject({ url: '/api/docs/' });
    expect(docs.statusCode).toBe(200);
    expect(docs.headers['content-type']).toMatch(/html/);
  });

  it('answers an unknown route with a JSON 404 in the error shape', async () => {
    const res = await t.app.inject({ url: '/api/nothing-here' });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toEqual({ error: 'not_found', message: 'No route GET /api/nothing-here.', details: [] });
  });

  it('answers bad JSON with a 400, never a stack trace', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/auth/login', headers: { 'content-type': 'application/json' }, payload: '{"username": "admin", ' });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ error: expect.any(String), message: 'The request body is not valid JSON.' });
    expect(res.body).not.toMatch(/node_modules|\.ts:\d+/);
  });

  it('names the invalid field', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'admin' } });
    expect(res.statusCode).toBe(400);
    expect(res.json().details).toEqual([expect.objectContaining({ field: 'body.password' })]);
  });

  it('refuses an oversized JSON body with 413', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/auth/login', headers: { 'content-type': 'application/json' }, payload: JSON.stringify({ username: 'a', password: 'x'.repeat(2 * 1024 * 1024) }) });
    expect(res.statusCode).toBe(413);
    expect(res.json().error).toBeDefined();
  });

  it('sends security headers with a strict Content-Security-Policy', async () => {
    const res = await t.app.inject({ url: '/api/health' });
    const csp = String(res.headers['content-security-policy']);
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain('unsafe-inline');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
  });

  it('requires sign-in for organisation data', async () => {
    expect((await t.app.inject({ url: '/api/practices' })).statusCode).toBe(401);
    const headers = await t.signIn('admin');
    expect((await t.app.inject({ url: '/api/practices', headers })).statusCode).toBe(200);
  });
});
