import { expect, test, type Page } from '@playwright/test';
import { expectAccessible, signIn } from './helpers.js';

// The demo publishes budgets for the current financial year; 2025/26 (the seed's year 1, with the
// demo's activity from November) is left for this test to budget. Its April holds no demo activity.
const aprilReturn = [
  'activity_id,provider_code,practice_code,nhs_number,pod,tfc,hrg,activity_date,discharge_date,primary_diagnosis,price',
  'E2E-B1,RWG,E82001,9434765919,NEL,300,,2025-04-07,2025-04-09,J18.9,',
  'E2E-B2,RWG,E82002,9434765870,NEL,430,,2025-04-14,2025-04-20,R55,',
].join('\n');

async function confirm(page: Page, action: string, yes: string, done: string) {
  await page.getByRole('button', { name: action }).click();
  await expect(page.getByRole('heading', { name: 'Are you sure?' })).toBeFocused();
  await page.getByRole('button', { name: yes }).click();
  await expect(page.getByText(done)).toBeVisible();
}

test('finance sets a year’s budgets from demo data, publishes them, imports a month of activity and sees variance and forecast', async ({ page }) => {
  await signIn(page, 'finance');
  await page.goto('/budgets?year=2025%2F26');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Practice budgets');
  await expectAccessible(page);

  // Nothing filled in: the error summary links to each field.
  await page.getByRole('button', { name: 'Draft the budgets' }).click();
  const summary = page.getByRole('alert').filter({ hasText: 'There is a problem' });
  await expect(summary.getByRole('link', { name: 'Select the service line' })).toBeVisible();
  await expect(summary.getByRole('link', { name: /Enter the commissioner’s total/ })).toBeVisible();
  await expect(page).toHaveTitle(/^Error: /);
  await expectAccessible(page);

  await page.getByLabel('Service line').selectOption('non_elective');
  await page.getByLabel('Commissioner’s total for the year, in pounds').fill('2,500,000');
  await page.getByLabel('Pace of change, per cent').fill('50');
  await page.getByRole('button', { name: 'Draft the budgets' }).click();

  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Non-elective budgets 2025/26, version 1');
  const table = page.getByRole('table', { name: /Non-elective budgets 2025\/26, version 1/ });
  await expect(table.getByRole('row', { name: /All practices/ })).toContainText('£2,475,000.00'); // less the 1% risk pool
  await expectAccessible(page);

  await confirm(page, 'Mark as reviewed', 'Yes, mark as reviewed', 'Version 1 is reviewed');
  await confirm(page, 'Publish', 'Yes, publish', 'Version 1 is published');
  await expect(page.locator('.nhsuk-summary-list').getByText('Published', { exact: true }).first()).toBeVisible();
  await expectAccessible(page);

  await page.goto('/import');
  await page.getByLabel('Hospital activity (a provider’s return)').check();
  await page.getByLabel('Choose a CSV file').setInputFiles({ name: 'rwg-april-2025.csv', mimeType: 'text/csv', buffer: Buffer.from(aprilReturn) });
  await page.getByRole('button', { name: 'Upload and import' }).click();
  await expect(page.getByText('rwg-april-2025.csv was imported')).toBeVisible();

  await page.goto('/budgets/monitoring?year=2025%2F26&serviceLine=non_elective');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Spend against budget');
  await expect(page.getByText(/spent against a budget of/)).toBeVisible();
  const practices = page.getByRole('table', { name: /Budget against spend by practice, 2025\/26/ });
  await expect(practices.getByRole('row', { name: /All practices/ })).toBeVisible();
  await expect(practices.getByRole('columnheader', { name: 'Forecast (seasonal)' })).toBeVisible();
  await expect(practices.getByRole('row', { name: /E82001/ }).getByText(/^(Green|Amber|Red)$/)).toBeVisible();
  await page.getByText('Show the numbers', { exact: true }).click();
  await expect(page.getByRole('table', { name: /Budget and spend by month/ }).getByRole('row', { name: /Apr 2025/ })).toBeVisible();
  await expectAccessible(page);

  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: /Download XLSX/ }).first().click()]);
  expect(download.suggestedFilename()).toMatch(/^budget-monitoring-2025-26-non_elective\.xlsx$/);

  await page.goto('/budgets/savings?year=2025%2F26');
  await expect(page.getByRole('table', { name: /Savings by practice, 2025\/26/ }).getByRole('row', { name: /All practices/ })).toBeVisible();
  await page.getByRole('button', { name: 'Record the proposal' }).click();
  await expect(page.getByRole('link', { name: 'Select the group' })).toBeVisible();
  await expectAccessible(page);
});

test('a practice sees its own budget and the totals, scenarios and savings', async ({ page }) => {
  await signIn(page, 'practice-e82001');
  await page.goto('/budgets/monitoring');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Spend against budget');
  const practices = page.getByRole('table', { name: /Budget against spend by practice/ });
  await expect(practices.getByRole('row', { name: /E82001/ })).toBeVisible();
  await expect(practices.getByRole('row', { name: /E82002/ })).toHaveCount(0);
  await expectAccessible(page);

  await page.goto('/budgets/scenarios');
  await page.getByLabel('Reduction, per cent').fill('2.5');
  await page.getByRole('button', { name: 'Work it out' }).click();
  await expect(page.getByRole('heading', { name: /A 2\.5% reduction in/ })).toBeVisible();
  await expectAccessible(page);

  await page.goto('/budgets/savings');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Savings and reinvestment');
  await expectAccessible(page);
});
