/**
 * The PDF of a plan version (PLAN-5): drawn from what the version froze — every section with its
 * "for completion by" note, the Markdown rendered (tables as tables, across pages), the frozen
 * figures, the live parts as they were, the business cases and milestones — and its signature
 * page, blank and marked "not yet signed" until the signatories have signed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../db/database.js';
import { buildOrgTree, createTestUser, TEST_PASSWORD } from '../../testing/factories.js';
import { createTestPlan, type TestPlanOptions } from '../../testing/plans.js';
import { pdfText } from '../../testing/pdf.js';
import { nameSignatory, sendForSignOff, startNewVersion } from '../../testing/signoff.js';
import { createTestApp, type TestApp } from '../../testing/test-app.js';
import { NOT_SIGNED_MARK, renderPlanPdf } from './plan-pdf.js';
import { planSnapshot } from './snapshot.js';

let t: TestApp;
let db: Db;
type Headers = Record<string, string>;
let exec: Headers, chair: Headers, ceo: Headers, southPractice: Headers, northPractice: Headers, reviewer: Headers;
let planId: number;

const OBJECTIVES = [
  '## Our priorities',
  '',
  'We will **reduce A&E attendances** and *shift care* closer to home.',
  '',
  '- GP triage at the front door',
  '- Community audiology',
  '  - with the hearing aid service',
  '',
  '1. First step',
  '2. Second step',
  '',
  '| Service | Activity 2025/26 | Target |',
  '|---|--:|--:|',
  '| Cell A1 | 1,200 | 1,000 |',
  '| Cell B2 | 860 | 700 |',
].join('\n');

const SECTIONS: TestPlanOptions['sections'] = [
  { key: '1', title: 'Consortium details', completedBy: 'consortium', kind: 'practices', body: 'Our practices work as one locality.' },
  { key: '2', title: 'Organisation', completedBy: 'consortium', kind: 'governance' },
  { key: '3', title: 'Roles and responsibilities', completedBy: 'both', kind: 'responsibilities' },
  { key: '4.1', title: 'Commissioning objectives', completedBy: 'consortium', body: OBJECTIVES },
  { key: '4.4', title: 'Financial targets', completedBy: 'commissioner', body: 'The budget for the year is {{budget_total}}.' },
  { key: '6', title: 'Service changes', completedBy: 'consortium', kind: 'business_cases' },
  { key: '7', title: 'Deliverables and milestones', completedBy: 'consortium', kind: 'milestones' },
  { key: '10', title: 'Plan sign-off', completedBy: 'both', kind: 'signoff' },
];

const pdfOf = async (version: number, headers: Headers = northPractice) => {
  const res = await t.app.inject({ url: `/api/plans/${planId}/versions/${version}/pdf`, headers });
  expect(res.statusCode, res.body).toBe(200);
  return { res, text: pdfText(res.rawPayload) };
};
const sign = (headers: Headers, roleCode: string) =>
  t.app.inject({ method: 'POST', url: `/api/plans/${planId}/sign`, headers, payload: { roleCode, password: TEST_PASSWORD, confirm: true } });

beforeAll(async () => {
  t = await createTestApp();
  db = t.database.db;
  await buildOrgTree(db, { practices: ['E82001', 'E82002', 'E82003'], patientsPerBand: 0 });
  const users: Record<string, number> = {};
  for (const [name, role, practice] of [
    ['exec', 'board', null], ['chair', 'board', null], ['ceo', 'commissioner', null], ['reviewer', 'reviewer', null],
    ['practice-e82001', 'practice', 'E82001'], ['practice-e82002', 'practice', 'E82002'],
  ] as const) users[name] = (await createTestUser(db, name, role, practice)).id;
  await db.updateTable('app_user').set({ display_name: 'Dr Mary McMinn' }).where('username', '=', 'exec').execute();
  await db.updateTable('app_user').set({ display_name: 'Dr Paul Heatley' }).where('username', '=', 'chair').execute();
  await db.updateTable('app_user').set({ display_name: 'Anne Walker' }).where('username', '=', 'ceo').execute();
  await nameSignatory(db, 'NORTH', 'executive_chair', users.exec!);
  await nameSignatory(db, 'NORTH', 'committee_chair', users.chair!);
  await nameSignatory(db, 'NORTH', 'chief_executive', users.ceo!);
  [exec, chair, ceo, northPractice, southPractice, reviewer] = await Promise.all([
    t.signIn('exec'), t.signIn('chair'), t.signIn('ceo'), t.signIn('practice-e82001'), t.signIn('practice-e82002'), t.signIn('reviewer'),
  ]);

  planId = (await createTestPlan(db, { groupCode: 'NORTH', sections: SECTIONS })).id;
  const body = await db.insertInto('gov_body').values({ group_code: 'NORTH', kind: 'board', name: 'North board', created_by: 'test' }).returning('id').executeTakeFirstOrThrow();
  await db.insertInto('gov_member').values({ body_id: body.id, person_name: 'Dr Ada Lovelace', role: 'Chair', discipline: 'GP', practice_code: 'E82001' }).execute();
  await db.insertInto('plan_responsibility').values([
    { plan_id: planId, party: 'commissioner', text: 'Provide monthly activity data' },
    { plan_id: planId, party: 'consortium', text: 'Run the referral gateway' },
    { plan_id: planId, party: 'practices', text: 'Refer through the gateway' },
  ]).execute();
  const kase = await db.insertInto('business_case').values({
    plan_id: planId, title: 'GPs in A&E', outline: 'GPs as the first point of contact for walk-in attendances.', benefit_to_patients: 'Seen sooner.',
    patients_min: 800, patients_max: 1200, upfront_investment_pence: 1_000_000, risks: 'Recruitment of GPs.', created_by: 'test', updated_by: 'test',
  }).returning('id').executeTakeFirstOrThrow();
  await db.insertInto('business_case_year').values([
    { business_case_id: kase.id, year_index: 1, cost_pence: 2_000_000, released_pence: 2_500_000 },
    { business_case_id: kase.id, year_index: 2, cost_pence: 2_000_000, released_pence: 3_000_000 },
  ]).execute();
  await db.insertInto('milestone').values({
    plan_id: planId, business_case_id: kase.id, due_on: '2026-06-30', deliverable: 'A GP in A&E four sessions a week', owner: 'Dr Ada Lovelace', triggers_payment: true, updated_by: 'test',
  }).execute();
  await sendForSignOff(db, planId);
});
afterAll(() => t.close());

describe('the PDF of a version in sign-off', () => {
  it('has the title page, contents, every section with who completes it, the Markdown and figures, and the live parts as sent', async () => {
    const { res, text } = await pdfOf(1);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename="commissioning-plan-NORTH-2026-27-v1\.pdf"/);
    expect(res.rawPayload.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    for (const expected of [
      'NORTH commissioning plan 2026/27', 'NORTH locality', 'Financial year 2026/27', 'Version 1', 'Contents',
      '1 Consortium details', '4.1 Commissioning objectives', '4.4 Financial targets', '10 Plan sign-off',
      'For completion by the commissioner', 'For completion by the consortium and the commissioner',
      // The Markdown: a heading, emphasis, lists and a table's cells.
      'Our priorities', 'reduce A&E attendances', 'GP triage at the front door', 'with the hearing aid service', 'Second step', 'Service', 'Cell B2', '860',
      // The frozen figure in place of its token.
      'The budget for the year is £1,234,567.',
      // Live parts as they were sent.
      'Practice E82001', 'Dr Ada Lovelace', 'What the consortium will do', 'Provide monthly activity data', 'Refer through the gateway',
      'By 30 June 2026 we will deliver a GP in A&E four sessions a week.',
      'Appendix 1: Outline business plan: GPs in A&E', 'Financial model', '£10,000.00', 'Year 2',
      NOT_SIGNED_MARK, 'Consortium executive chair', 'Commissioner chief executive',
    ]) expect(text, expected).toContain(expected);
    expect(text).not.toContain('{{budget_total}}');
    expect(text).not.toContain('Practice E82002'); // another group's
    expect(text).not.toContain('Signed electronically');
    const pages = Number(/Page 1 of (\d+)/.exec(text)?.[1]);
    expect(pages).toBeGreaterThan(4);
    for (let n = 1; n <= pages; n += 1) expect(text).toContain(`Page ${n} of ${pages}`);
    const audit = await db.selectFrom('audit_log').select(['actor', 'entity_id', 'details']).where('action', '=', 'plan.pdf').execute();
    expect(audit).toEqual([{ actor: 'practice-e82001', entity_id: String(planId), details: { version: 1, status: 'in_sign_off' } }]);
  });

  it('is for whoever may read the plan: another group\'s practice gets 404, a reviewer 403; an unknown version 404', async () => {
    expect((await t.app.inject({ url: `/api/plans/${planId}/versions/1/pdf`, headers: southPractice })).statusCode).toBe(404);
    expect((await t.app.inject({ url: `/api/plans/${planId}/versions/1/pdf`, headers: reviewer })).statusCode).toBe(403);
    expect((await t.app.inject({ url: `/api/plans/${planId}/versions/9/pdf`, headers: exec })).statusCode).toBe(404);
    expect((await t.app.inject({ url: `/api/plans/${planId}/versions/1/pdf` })).statusCode).toBe(401);
  });
});

describe('the PDF of the signed version', () => {
  it('shows each signatory\'s name, date and electronic signature, and no draft mark', async () => {
    for (const [headers, role] of [[exec, 'executive_chair'], [chair, 'committee_chair'], [ceo, 'chief_executive']] as const) {
      expect((await sign(headers, role)).statusCode).toBe(200);
    }
    const signatures = await db.selectFrom('plan_signature').select(['signed_name', 'signed_at']).where('plan_id', '=', planId).execute();
    const day = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'Europe/London' }).format(signatures[0]!.signed_at);
    const { text } = await pdfOf(1);
    for (const expected of ['Dr Mary McMinn', 'Dr Paul Heatley', 'Anne Walker', day, `Signed electronically in Commissioning Hub at ${day} at`, `Status: Signed off on ${day}`]) {
      expect(text, expected).toContain(expected);
    }
    expect(text.split('Signed electronically in Commissioning Hub').length - 1).toBe(3);
    expect(text).not.toContain(NOT_SIGNED_MARK);
  });

  it('never shows a change made to the live plan afterwards; the next version does', async () => {
    await startNewVersion(db, planId);
    await db.updateTable('plan_section').set({ body: 'LIVE CHANGE AFTER SIGNING' }).where('plan_id', '=', planId).where('key', '=', '4.1').execute();
    await db.updateTable('milestone').set({ deliverable: 'Something else entirely' }).where('plan_id', '=', planId).execute();
    await db.updateTable('org_group').set({ name: 'Renamed locality' }).where('code', '=', 'NORTH').execute();
    const { text } = await pdfOf(1);
    expect(text).toContain('Cell B2');
    expect(text).toContain('NORTH locality');
    expect(text).not.toContain('LIVE CHANGE AFTER SIGNING');
    expect(text).not.toContain('Something else entirely');
    expect(text).not.toContain('Renamed locality');

    await sendForSignOff(db, planId);
    const next = (await pdfOf(2)).text;
    expect(next).toContain('LIVE CHANGE AFTER SIGNING');
    expect(next).toContain(NOT_SIGNED_MARK);
  });
});

describe('drawing', () => {
  it('runs a long table across pages, repeating its header row, and numbers the contents by page', async () => {
    const rows = Array.from({ length: 90 }, (_, i) => `| Row ${i + 1} | ${'word '.repeat(i % 7 + 1).trim()} | ${i * 10} |`);
    const plan = await createTestPlan(db, {
      groupCode: 'SOUTH',
      sections: [
        { key: '1', title: 'Long table', completedBy: 'consortium', body: ['| Row heading | Words | Number |', '|---|---|--:|', ...rows].join('\n') },
        { key: '2', title: 'After the table', completedBy: 'commissioner', body: 'The end.' },
      ],
    });
    const snapshot = await planSnapshot(db, plan.id);
    const pdf = await renderPlanPdf({
      snapshot, figures: {}, signatures: [], compress: false,
      version: { version: 1, status: 'in_sign_off', sentBy: 'test', sentAt: new Date('2026-11-20T10:00:00Z'), signedAt: null },
    });
    expect(pdf.toString('latin1')).not.toContain('/FlateDecode');
    const text = pdfText(pdf);
    expect(text).toContain('Row 90');
    expect(text.split('\n').filter((l) => l === 'Row heading').length).toBeGreaterThanOrEqual(2);
    // The contents lists "2 After the table" with the page it starts on, which comes after the table's.
    const lines = text.split('\n');
    const entry = lines.indexOf('2 After the table');
    const page = Number(lines[entry + 1]);
    expect(page).toBeGreaterThan(3);
    const pages = Number(/Page 1 of (\d+)/.exec(text)?.[1]);
    expect(page).toBeLessThanOrEqual(pages);
    // With no sign-off section the signature page is added, blank.
    expect(text).toContain('Plan sign-off');
    expect(text).toContain('SIGNATURE:');
  });
});
