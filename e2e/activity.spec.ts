import fs from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { expectAccessible, signIn } from './helpers.js';

// 2024/25 holds no demo activity, so what this test imports is all there is for that year.
const tariff = 'year,pod,tfc,hrg,price\n2024/25,OPFA,,,150.00\n2024/25,OPFU,,,90.00\n';
const juneReturn = [
  'activity_id,provider_code,practice_code,nhs_number,pod,tfc,hrg,activity_date,primary_diagnosis,price',
  'E2E-1,RWG,E82001,9434765919,OPFA,110,,2024-06-03,M17.1,',
  'E2E-2,RWG,E82001,9434765919,OPFA,110,,2024-06-03,M17.1,', // an exact duplicate of E2E-1
  'E2E-3,RWG,E82002,9434765870,OPFU,110,,2024-06-17,,',
].join('\n');

async function upload(page: Page, kind: string, name: string, text: string) {
  await page.getByLabel(kind).check();
  await page.getByLabel('Choose a CSV file').setInputFiles({ name, mimeType: 'text/csv', buffer: Buffer.from(text) });
  await page.getByRole('button', { name: 'Upload and import' }).click();
  await expect(page.getByText(`${name} was imported`)).toBeVisible();
}

test('finance imports the tariff and a provider’s month, sees monitoring and challenges change, and downloads the schedule', async ({ page }) => {
  await signIn(page, 'finance');

  await page.goto('/activity?year=2024%2F25');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Activity and cost');
  await expect(page.getByText(/at tariff for 0 lines of activity in 2024\/25/)).toBeVisible();

  await page.goto('/import');
  await upload(page, 'National tariff', 'tariff-2024-25.csv', tariff);
  await upload(page, 'Hospital activity (a provider’s return)', 'rwg-june-2024.csv', juneReturn);
  await expect(page.getByText(/3 rows read: 3 added/)).toBeVisible();
  await expect(page.getByText(/1 challenge in the months this file covers/)).toBeVisible();
  await expectAccessible(page);

  await page.goto('/activity?year=2024%2F25');
  await expect(page.getByText(/at tariff for 3 lines of activity in 2024\/25/)).toBeVisible();
  const byProvider = page.getByRole('table', { name: /Activity and cost by provider, 2024\/25/ });
  await expect(byProvider.getByRole('row', { name: /RWG/ })).toContainText('3');
  await expectAccessible(page);

  await page.goto('/challenges?provider=RWG&year=2024%2F25&month=3');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Challenges');
  await expect(page.getByRole('table', { name: 'Challenges by rule' })).toContainText('Exact duplicate');
  await expectAccessible(page);

  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('link', { name: 'Download the challenge schedule (XLSX)' }).click(),
  ]);
  expect(download.suggestedFilename()).toMatch(/\.xlsx$/);
  const file = fs.readFileSync(await download.path());
  expect(file.subarray(0, 2).toString()).toBe('PK'); // an XLSX is a zip
});

test('contracts, referral matching and case finding are readable and accessible', async ({ page }) => {
  await signIn(page, 'commissioner');
  await page.goto('/contracts');
  const contracts = page.getByRole('table', { name: /Contracts for/ });
  await expect(contracts.getByRole('link').first()).toBeVisible();
  await expectAccessible(page);
  await contracts.getByRole('link').first().click();
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  await expectAccessible(page);

  await page.goto('/activity/matching');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Referral matching');
  await expect(page.getByText(/of first attendances matched a gateway referral/)).toBeVisible();
  await expectAccessible(page);

  await page.goto('/case-finding');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(/Case finding/);
  await expect(page.getByRole('table').first()).toContainText('P-'); // pseudonymous labels for the commissioner
  await expectAccessible(page);
});

test('a practice sees its own patients re-identified in case finding', async ({ page }) => {
  await signIn(page, 'practice-e82001');
  await page.goto('/case-finding?');
  await page.getByLabel('At least this many emergency admissions').selectOption('2');
  const table = page.getByRole('table').first();
  await expect(table).toContainText(/\d{3} \d{3} \d{4}/); // NHS numbers, its own patients only
  await expect(table).not.toContainText('P-');
  await expectAccessible(page);
});
