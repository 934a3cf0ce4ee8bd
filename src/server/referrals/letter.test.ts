import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildOrgTree, createTestUser } from '../../testing/factories.js';
import { buildReferralCatalogue, validReferral } from '../../testing/referrals.js';
import { pdfText } from '../../testing/pdf.js';
import { createTestApp, type TestApp } from '../../testing/test-app.js';
import { renderReferralLetter, winAnsi } from './letter.js';
import { loadReferralView } from './view.js';


let t: TestApp;
let practice: Record<string, string>, other: Record<string, string>, reviewer: Record<string, string>, finance: Record<string, string>;

beforeAll(async () => {
  t = await createTestApp();
  const db = t.database.db;
  await buildOrgTree(db);
  await buildReferralCatalogue(db);
  await createTestUser(db, 'practice-e82001', 'practice', 'E82001');
  await createTestUser(db, 'practice-e82002', 'practice', 'E82002');
  await createTestUser(db, 'reviewer', 'reviewer');
  await createTestUser(db, 'finance', 'finance');
  practice = await t.signIn('practice-e82001');
  other = await t.signIn('practice-e82002');
  reviewer = await t.signIn('reviewer');
  finance = await t.signIn('finance');
});
afterAll(() => t.close());

const submit = async (overrides: Parameters<typeof validReferral>[0]) => {
  const res = await t.app.inject({ method: 'POST', url: '/api/referrals', headers: practice, payload: validReferral(overrides) as object });
  expect(res.statusCode, res.body).toBe(201);
  return res.json<{ id: string; version: number; reference: string }>();
};

describe('the referral letter', () => {
  it('is an A4 PDF with the patient, the pathway check, the decisions and page numbers, audited as a view', async () => {
    let r = await submit({ pathwayCode: 'knee-pain', clinicalInfo: { duration_months: 6 }, externalId: 'EMIS-77' });
    r = (await t.app.inject({ method: 'POST', url: `/api/referrals/${r.id}/decisions`, headers: reviewer, payload: { version: r.version, action: 'return_with_advice', advice: 'Weight-bearing X-ray first, please', reason: 'No X-ray yet' } })).json();

    const res = await t.app.inject({ url: `/api/referrals/${r.id}/letter.pdf`, headers: practice });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.headers['content-disposition']).toMatch(/^inline; filename="referral-R-\d{4}-\d{6}\.pdf"/);
    expect(res.headers['cache-control']).toBe('no-store');
    const pdf = res.rawPayload;
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(pdf.toString('latin1')).toMatch(/\/MediaBox \[0 0 595\.28 841\.89\]/); // A4

    const text = pdfText(pdf);
    for (const expected of ['943 476 5919', 'SMITH, Jo', '27 March 1956', 'Female', 'AL1 3EW', 'Practice E82001', 'Practice code E82001', r.reference,
      'Trauma and Orthopaedic', 'ICD-10 M17.1: Primary gonarthrosis, unilateral', 'Dr A Patel', 'Provider RWG (RWG)', 'Provider RQW (RQW)',
      'Criteria met (1)', 'Criteria not met (1)', 'Months of symptoms', 'Knee X-ray', 'Returned with advice', 'Weight-bearing X-ray first, please', 'Page 1 of ']) {
      expect(text, expected).toContain(expected);
    }
    expect(text.indexOf('Provider RWG')).toBeLessThan(text.indexOf('Provider RQW')); // in the order chosen

    const audit = await t.database.db.selectFrom('audit_log').select(['actor', 'outcome', 'details']).where('action', '=', 'referral.view').where('entity_id', '=', r.id).execute();
    expect(audit).toEqual([{ actor: 'practice-e82001', outcome: 'ok', details: { as: 'letter.pdf' } }]);
  });

  it('makes a two-week-wait referral unmistakable', async () => {
    const r = await submit({ priority: '2ww', reason: { system: 'icd10', code: 'C50.9', display: 'Malignant neoplasm of breast' } });
    const text = pdfText((await t.app.inject({ url: `/api/referrals/${r.id}/letter.pdf`, headers: reviewer })).rawPayload);
    expect(text).toContain('TWO-WEEK WAIT: URGENT SUSPECTED CANCER REFERRAL');
    expect(text).toContain('Forwarded to provider');
  });

  it('is not shown to another practice (404) or a role without patient access (403), and refusals are audited', async () => {
    const r = await submit({});
    const theirs = await t.app.inject({ url: `/api/referrals/${r.id}/letter.pdf`, headers: other });
    expect(theirs.statusCode).toBe(404);
    expect(theirs.headers['content-type']).toMatch(/json/);
    expect((await t.app.inject({ url: `/api/referrals/${r.id}/letter.pdf`, headers: finance })).statusCode).toBe(403);
    expect((await t.app.inject({ url: `/api/referrals/${r.id}/letter.pdf` })).statusCode).toBe(401);
    const denied = await t.database.db.selectFrom('audit_log').select('actor').where('action', '=', 'referral.view').where('entity_id', '=', r.id).where('outcome', '=', 'denied').execute();
    expect(denied.map((d) => d.actor).sort()).toEqual(['finance', 'practice-e82002']);
  });

  it('numbers every page "n of N" when the history runs over, and can be written uncompressed', async () => {
    const r = await submit({});
    const view = (await loadReferralView(t.database.db, r.id))!;
    const events = Array.from({ length: 60 }, (_, i) => ({ ...view.events[0]!, action: 'contact', reason: `Phoned the patient, attempt ${i + 1}: no answer, left a message` }));
    const pdf = await renderReferralLetter({ ...view, events }, { compress: false, gatewayName: 'Herts Referral Gateway', now: new Date('2026-01-15T12:00:00Z') });
    const raw = pdf.toString('latin1');
    expect(raw).not.toContain('/FlateDecode');
    const text = pdfText(pdf);
    const pages = Number(/Page 1 of (\d+)/.exec(text)?.[1]);
    expect(pages).toBeGreaterThan(1);
    for (let n = 1; n <= pages; n += 1) expect(text).toContain(`Page ${n} of ${pages}`);
    expect(raw.match(/\/Type \/Page\b/g)).toHaveLength(pages);
    expect(text).toContain('Herts Referral Gateway');
    expect(text).toContain('Date 15 January 2026');
    expect(text).toContain('943 476 5919');
  });
});

describe('letter text', () => {
  it('keeps what the standard fonts can draw and spells out the rest', () => {
    expect(winAnsi('BMI ≥ 40 kg/m² – Zoë’s “notes” €5')).toBe('BMI >= 40 kg/m² – Zoë’s “notes” €5');
    expect(winAnsi('日本 ✓')).toBe('?? yes');
  });
});
