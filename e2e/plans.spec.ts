import fs from 'node:fs';
import { expect, test, type Browser, type Page } from '@playwright/test';
import { pdfText } from '../src/testing/pdf.js';
import { expectAccessible, signIn } from './helpers.js';

// Issue 6, "Done when": the demo's draft plan of this year for St Albans and Harpenden (SAH) is
// written, given two business cases and three milestones, sent, signed by the three signatories
// (exec-chair, committee-chair, chief-exec), and its incentive shows in a practice's allowances;
// the PDF is downloaded and the signed version is read-only. One serial journey: each step needs
// the plan as the one before left it.
test.describe.configure({ mode: 'serial', timeout: 240_000 });

const GROUP = 'SAH';
const stamp = Date.now();
const cases = [`E2E community heart failure clinic ${stamp}`, `E2E dermatology in primary care ${stamp}`];
const milestones = [
  { deliverable: `heart failure clinic open in two practices, E2E ${stamp}`, payment: true },
  { deliverable: `dermatology follow-up guidelines agreed, E2E ${stamp}`, payment: true },
  { deliverable: `quarterly clinic report to the board, E2E ${stamp}`, payment: false },
];
const SIGNATORIES = [
  { username: 'exec-chair', name: 'Dr Mary McMinn', label: 'consortium executive chair' },
  { username: 'committee-chair', name: 'Dr Paul Heatley', label: 'joint commissioning committee chair' },
  { username: 'chief-exec', name: 'Anne Walker', label: 'commissioner chief executive' },
];

let planId = 0;
let planTitle = '';
let year = '';
let practiceCode = '';

async function as(browser: Browser, username: string): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await signIn(page, username);
  return page;
}

async function csrf(page: Page): Promise<string> {
  return ((await (await page.request.get('/api/me')).json()) as { csrfToken: string }).csrfToken;
}


test('a practice of the group writes a consortium section and cannot write the commissioner’s', async ({ page: finance, browser }) => {
  // The practice: one of SAH's whose plan sign-off and milestones are not recorded yet (the demo
  // leaves some so), so its incentive is not earned until this plan is.
  await signIn(finance, 'finance');
  await finance.goto('/plans');
  await finance.getByRole('link', { name: /St Albans and Harpenden/ }).click();
  await expect(finance).toHaveURL(/\/plans\/\d+$/);
  planId = Number(new URL(finance.url()).pathname.split('/').pop());
  ({ title: planTitle, year } = ((await (await finance.request.get(`/api/plans/${planId}`)).json()) as { plan: { title: string; year: string } }).plan);
  await expect(finance.getByRole('heading', { level: 1 })).toHaveText(planTitle);
  await expect(finance.getByText(`financial year ${year}`)).toBeVisible();
  const report = await (await finance.request.get(`/api/allowances?year=${encodeURIComponent(year)}&group=${GROUP}`)).json() as {
    practices: { practiceCode: string; participating: boolean; evidence: { condition: string; met: boolean }[] }[];
  };
  const waiting = report.practices.find((p) => p.participating && !p.evidence.some((e) => e.met && (e.condition === 'plan_signed_off' || e.condition === 'milestones_met')));
  expect(waiting, 'a practice of the group whose incentive waits for the plan').toBeTruthy();
  practiceCode = waiting!.practiceCode;
  await finance.goto(`/allowances/statement/${practiceCode}?year=${encodeURIComponent(year)}`);
  await expect(finance.getByRole('row', { name: /^Incentive payment/ })).toContainText('Not yet earned');

  const page = await as(browser, `practice-${practiceCode.toLowerCase()}`);
  await page.goto(`/plans/${planId}`);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(planTitle);

  // The commissioner's section says so and has no Edit link; asking for its editor shows none, and the API refuses.
  const support = page.getByRole('region', { name: /^3\.2 / });
  await expect(support).toContainText(/For completion by\s*Commissioner/);
  await expect(support.getByRole('link', { name: /^(Edit|Write)/ })).toHaveCount(0);
  await page.goto(`/plans/${planId}?edit=3.2`);
  await expect(page.getByRole('region', { name: /^3\.2 / })).toContainText(/For completion by\s*Commissioner/);
  await expect(page.getByRole('region', { name: /^3\.2 / }).getByRole('cell', { name: 'Head of primary care commissioning' })).toBeVisible(); // its text, as it is
  await expect(page.getByRole('textbox', { name: /^Text of 3\.2/ })).toHaveCount(0);
  const refused = await page.request.put(`/api/plans/${planId}/sections/3.2`, { headers: { 'X-CSRF-Token': await csrf(page) }, data: { body: 'Not mine to write', revision: 1 } });
  expect(refused.status()).toBe(403);
  expect((await refused.json()).message).toContain('for completion by the commissioner');

  // The consortium's section: the editor, with its preview and figures.
  await page.goto(`/plans/${planId}`);
  const resources = page.getByRole('region', { name: /^3\.1 / });
  await expect(resources).toContainText(/For completion by\s*Consortium/);
  await resources.getByRole('link', { name: /^Edit section 3\.1/ }).click();
  const text = page.getByRole('textbox', { name: /^Text of 3\.1/ });
  await expect(text).toBeVisible();
  await text.fill(`Half a day a week of a commissioning manager (${stamp}), and:\n\n| Support | When |\n|---|---|\n| Activity reports | 18 weeks |\n| Two-week wait | 14 days |\n\nThe year’s budget is `);
  await page.getByLabel('Figure to insert at the cursor').selectOption('budget_total');
  await page.getByRole('button', { name: 'Insert figure' }).click();
  await expect(text).toHaveValue(/The year’s budget is \{\{budget_total\}\}/);
  await expect(page.getByRole('table').filter({ hasText: 'Two-week wait' }).first()).toBeVisible(); // the preview
  await expectAccessible(page); // the plan editor

  await page.getByRole('button', { name: 'Save section' }).click();
  await expect(page.getByText('Section 3.1 saved.')).toBeVisible();
  const saved = page.getByRole('region', { name: /^3\.1 / });
  await expect(saved.getByRole('cell', { name: '18 weeks' })).toBeVisible();
  await expect(saved).toContainText(`(${stamp})`);
  await expect(saved).not.toContainText('{{budget_total}}'); // the live figure, in place
  await expectAccessible(page);
});

test('the commissioner writes its own section', async ({ page }) => {
  await signIn(page, 'commissioner');
  await page.goto(`/plans/${planId}`);
  await page.getByRole('region', { name: /^3\.2 / }).getByRole('link', { name: /^Edit section 3\.2/ }).click();
  await page.getByRole('textbox', { name: /^Text of 3\.2/ }).fill(`| Role | Support |\n|---|---|\n| Commissioning manager | Unscheduled care (${stamp}) |\n| Information analyst | Monthly reports |`);
  await expectAccessible(page);
  await page.getByRole('button', { name: 'Save section' }).click();
  await expect(page.getByText('Section 3.2 saved.')).toBeVisible();
  await expect(page.getByRole('region', { name: /^3\.2 / }).getByRole('cell', { name: `Unscheduled care (${stamp})` })).toBeVisible();
});

test('the board adds two business cases with their appendix fields and financial models', async ({ page }) => {
  await signIn(page, 'board');
  const models = [
    { upfront: '15000', years: [['42000', '48000'], ['43000', '64000'], ['44000', '66000']] },
    { upfront: '0', years: [['6000', '4000'], ['6000', '15000']] },
  ];
  for (const [i, title] of cases.entries()) {
    await page.goto(`/plans/${planId}/business-cases`);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Business cases');
    if (i === 0) {
      // Nothing typed: the error summary and the message by the field.
      await page.getByRole('button', { name: 'Add business case' }).click();
      await expect(page.getByRole('link', { name: 'Enter the title of the proposed service change' })).toBeVisible();
      await expect(page).toHaveTitle(/^Error: /);
      await expectAccessible(page);
    }
    await page.getByLabel('Title').fill(title);
    await page.getByRole('button', { name: 'Add business case' }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(title);

    await page.getByLabel('Outline of the proposed service change').fill('A clinic in primary care run by GPs with a special interest, with rapid access to consultants.');
    await page.getByLabel('Benefit to patients').fill('Care closer to home, with the GP who knows them.');
    await page.getByLabel('Minimum', { exact: true }).fill('40');
    await page.getByLabel('Maximum', { exact: true }).fill('120');
    await page.getByLabel('Note on the numbers').fill('From the case finding report');
    await page.getByLabel('Evidence of clinical effectiveness').fill('Trials of community clinics show equal outcomes.');
    await page.getByLabel('Patient support').fill('The patient panel supports it.');
    await page.getByLabel('Stakeholder support').fill('The trust’s consultants have agreed to take part.');
    await page.getByLabel('Costs of the proposed service').fill('GP sessions and a nurse, with equipment bought once.');
    await page.getByLabel('Value of freed-up resources').fill('Fewer outpatient attendances at tariff.');
    await page.getByLabel('Over what timescale').fill('From the second quarter');
    await page.getByLabel('Links to priorities').fill('Fits the 18-week target.');
    await page.getByLabel('Risks').fill('GPs may not be free to take part.');
    await page.getByLabel('Up-front investment, in pounds').fill(models[i]!.upfront);
    for (const [y, [cost, released]] of models[i]!.years.entries()) {
      if (y >= 3) await page.getByRole('button', { name: 'Add a year' }).click();
      await page.getByLabel(`Year ${y + 1} costs, in pounds`).fill(cost!);
      await page.getByLabel(`Year ${y + 1} released resources, in pounds`).fill(released!);
    }
    if (models[i]!.years.length < 3) await page.getByRole('button', { name: 'Remove year 3' }).click();
    await page.getByRole('button', { name: 'Save business case' }).click();
    await expect(page.getByText(`${title} is saved.`)).toBeVisible();
    await expect(page.getByLabel('Minimum', { exact: true })).toHaveValue('40');
    await expect(page.getByLabel('Year 2 released resources, in pounds')).toHaveValue(/^15,?000(\.00)?$|^64,?000(\.00)?$/);
    await expect(page.locator('.nhsuk-summary-list').first()).toContainText('Pays back in year 2');
    await expectAccessible(page);
    if (i === 0) {
      await page.getByRole('radio', { name: 'Proposed' }).check();
      await page.getByRole('button', { name: 'Change status' }).click();
      await expect(page.getByText(`${title} is now marked Proposed.`)).toBeVisible();
    }
  }

  await page.goto(`/plans/${planId}/business-cases`);
  for (const title of cases) await expect(page.getByRole('link', { name: title })).toBeVisible();
  await expectAccessible(page);
});

test('the board sets three milestones, two of them triggering the payment', async ({ page }) => {
  await signIn(page, 'board');
  await page.goto(`/plans/${planId}/milestones`);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Milestones');
  const start = Number(year.slice(0, 4));
  const dues = [[30, 9, start], [31, 12, start], [31, 3, start + 1]] as const;
  for (const [i, m] of milestones.entries()) {
    const add = page.getByRole('region', { name: 'Add a milestone' });
    const by = add.getByRole('group', { name: 'By' });
    await by.getByLabel('Day').fill(String(dues[i]![0]));
    await by.getByLabel('Month').fill(String(dues[i]![1]));
    await by.getByLabel('Year').fill(String(dues[i]![2]));
    await add.getByLabel('We will deliver').fill(m.deliverable);
    await add.getByLabel('Owner').fill('Clinical lead');
    await add.getByLabel('Business case (optional)').selectOption({ label: cases[i % 2]! });
    if (m.payment) await add.getByLabel('It triggers the achievement payment').check();
    await add.getByRole('button', { name: 'Add milestone' }).click();
    await expect(page.getByText(new RegExp(`^Added: By .* we will deliver ${m.deliverable}`))).toBeVisible();
  }
  const table = page.getByRole('table');
  for (const m of milestones) {
    const row = table.getByRole('row').filter({ hasText: m.deliverable });
    await expect(row).toContainText('Not started');
    await expect(row.getByText('Triggers payment')).toHaveCount(m.payment ? 1 : 0);
  }
  await expectAccessible(page);
});

test('the board sends the plan for sign-off; the three signatories sign it with their passwords', async ({ page, browser }) => {
  await signIn(page, 'board');
  await page.goto(`/plans/${planId}`);
  await page.getByRole('button', { name: 'Send for sign-off' }).click();
  await expect(page.getByText('Version 1 sent to the signatories.')).toBeVisible();
  await expect(page.getByText('Version 1 is with the signatories: this plan cannot be changed')).toBeVisible();

  for (const [i, s] of SIGNATORIES.entries()) {
    const signer = await as(browser, s.username);
    await signer.goto(`/plans/${planId}/sign-off`);
    await expect(signer.getByRole('heading', { level: 1 })).toHaveText(`Sign-off: ${planTitle}`);
    await expect(signer.getByRole('heading', { name: `Sign as ${s.label}` })).toBeVisible();
    if (i === 0) await expectAccessible(signer); // the sign-off page, with its form

    await signer.getByRole('checkbox', { name: /I have read version 1 of the plan and sign it/ }).check();
    if (i === 0) {
      // A wrong password: refused, with the message by the field and in the summary.
      await signer.getByLabel('Your password').fill('not-my-password');
      await signer.getByRole('button', { name: 'Sign version 1' }).click();
      await expect(signer.locator('#sign-password-error')).toContainText('The password is not right');
      await expect(signer.getByLabel('Your password')).toHaveAttribute('aria-invalid', 'true');
      await expect(signer.getByRole('link', { name: /The password is not right/ })).toBeVisible();
      await expect(signer).toHaveTitle(/^Error: /);
      await expectAccessible(signer);
      await expect(signer.getByRole('checkbox', { name: /I have read version 1/ })).toBeChecked();
    }
    await signer.getByLabel('Your password').fill('demo');
    await signer.getByRole('button', { name: 'Sign version 1' }).click();
    if (i < SIGNATORIES.length - 1) {
      await expect(signer.getByText(`You have signed version 1 as ${s.label}`)).toBeVisible();
      await expect(signer.getByText(i === 0 ? '2 signatures are still needed.' : 'One signature is still needed.')).toBeVisible();
    } else {
      await expect(signer.getByText('Version 1 of the plan is signed off')).toBeVisible();
      await expect(signer.getByText(/The incentive payment is now due to the \d+ practices of St Albans and Harpenden/)).toBeVisible();
      for (const other of SIGNATORIES) await expect(signer.getByText(new RegExp(`Signed by ${other.name}`))).toBeVisible();
      await expectAccessible(signer); // the sign-off page, signed
    }
    await signer.context().close();
  }
});

test('the payment milestones are delivered after sign-off, and the practice’s statement shows the incentive earned', async ({ page, browser }) => {
  await signIn(page, 'board');
  await page.goto(`/plans/${planId}/milestones`);
  await expect(page.getByText(/Version 1 of this plan is signed/)).toBeVisible();
  await expect(page.getByRole('region', { name: 'Add a milestone' })).toHaveCount(0);

  // Ours and any the demo set: every payment milestone not yet delivered.
  const open = page.getByRole('table').getByRole('row').filter({ hasText: 'Triggers payment' }).filter({ hasNot: page.getByText('Delivered', { exact: true }) });
  const count = await open.count();
  expect(count).toBeGreaterThanOrEqual(2);
  for (let i = 0; i < count; i++) {
    await open.first().getByRole('link', { name: /^Update the status of/ }).click();
    await expect(page.getByRole('heading', { name: /^Update: / })).toBeFocused();
    if (i === 0) {
      await page.getByRole('radio', { name: 'Delivered' }).check();
      await page.getByLabel('Evidence').fill('');
      await page.getByRole('button', { name: 'Save' }).click();
      await expect(page.locator('#milestone-evidence-error')).toContainText('Enter the evidence that the milestone was delivered');
      await expectAccessible(page);
    }
    await page.getByRole('radio', { name: 'Delivered' }).check();
    await page.getByLabel('Evidence').fill(`Opened and reported to the board, minute ${stamp}-${i}`);
    await page.getByRole('button', { name: 'Save' }).click();
    await expect(open).toHaveCount(count - i - 1);
  }
  await expect(page.getByText(/^Milestone marked delivered\. All payment milestones are delivered: \d+ practices now meet the milestones condition\.$/)).toBeVisible();
  await expect(page.getByText(/payment milestones are delivered: every practice of St Albans and Harpenden/)).toBeVisible();

  const finance = await as(browser, 'finance');
  await finance.goto(`/allowances/statement/${practiceCode}?year=${encodeURIComponent(year)}`);
  await expect(finance.getByRole('heading', { level: 1 })).toContainText('Allowance statement');
  const incentive = finance.getByRole('row', { name: /^Incentive payment/ });
  await expect(incentive).toContainText('Earned');
  await expect(incentive).not.toContainText('Not yet earned');
  await expect(finance.getByRole('row', { name: /^Plan signed off/ })).toContainText('Yes');
  await expect(finance.getByRole('row', { name: /^Milestones met/ })).toContainText('Yes');
  await expectAccessible(finance);
});

test('the signed plan’s PDF downloads with its title and signatures, and the signed version is read-only', async ({ page }) => {
  await signIn(page, 'board');
  await page.goto(`/plans/${planId}/sign-off`);
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Download version 1 of the plan (PDF)' }).click()]);
  expect(download.suggestedFilename()).toMatch(/\.pdf$/);
  const pdf = fs.readFileSync((await download.path())!);
  expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
  const text = pdfText(pdf).replace(/\s+/g, ' ');
  expect(text).toContain(planTitle.replace(/\s+/g, ' '));
  for (const s of SIGNATORIES) expect(text).toContain(s.name);

  // No way to change it on the page ...
  await page.goto(`/plans/${planId}`);
  await expect(page.getByText('Version 1 is signed: this plan cannot be changed')).toBeVisible();
  await expect(page.getByRole('link', { name: /^(Edit|Write) section/ })).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Send for sign-off' })).toHaveCount(0);
  await page.goto(`/plans/${planId}?edit=3.1`);
  await expect(page.getByRole('region', { name: /^3\.1 / })).toContainText(`(${stamp})`);
  await expect(page.getByRole('textbox', { name: /^Text of 3\.1/ })).toHaveCount(0);
  await page.goto(`/plans/${planId}/business-cases/${await caseIdOf(page, cases[0]!)}`);
  await expect(page.getByRole('button', { name: 'Save business case' })).toHaveCount(0);
  await expect(page.getByText(/Version 1 of this plan is signed/)).toBeVisible();

  // ... nor through the API: a consortium section the board may write, refused because the version is signed.
  const current = await (await page.request.get(`/api/plans/${planId}`)).json() as { sections: { key: string; revision: number }[] };
  const section = current.sections.find((s) => s.key === '3.1')!;
  const refused = await page.request.put(`/api/plans/${planId}/sections/3.1`, { headers: { 'X-CSRF-Token': await csrf(page) }, data: { body: 'Changed after signing', revision: section.revision } });
  expect(refused.status()).toBe(409);
  expect((await refused.json()).message).toContain('signed');
  const after = await (await page.request.get(`/api/plans/${planId}`)).json() as { sections: { key: string; body: string }[] };
  expect(after.sections.find((s) => s.key === '3.1')!.body).toContain(`(${stamp})`);
});

async function caseIdOf(page: Page, title: string): Promise<number> {
  const found = await (await page.request.get(`/api/plans/${planId}/business-cases`)).json() as { cases: { id: number; title: string }[] };
  return found.cases.find((c) => c.title === title)!.id;
}
