import fs from 'node:fs';
import { expect, test } from '@playwright/test';
import { pdfText } from '../src/testing/pdf.js';
import { expectAccessible, signIn } from './helpers.js';

// The practice feedback pack (REF-8): a practice opens its own pack for a month of the demo's
// referrals (November 2024 to October 2025), sees the charts with their numbers one click away,
// downloads the same pack as a PDF; another practice's pack is not found. The commissioner's
// feedback packs page lists runs and shows the form to start one.

const MONTH = '2025-09';

test('a practice opens its feedback pack, sees charts and tables, and downloads the PDF', async ({ page }) => {
  await signIn(page, 'practice-e82001');
  await page.goto(`/insight/practices/E82001/feedback?month=${MONTH}`);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(/^Feedback pack: .+/);
  const name = (await page.getByRole('heading', { level: 1 }).textContent())!.replace('Feedback pack: ', '');
  await expect(page.getByRole('heading', { level: 2, name: 'What stands out' })).toBeVisible();
  await expect(page.getByRole('img', { name: 'Referrals per 1,000 patients by specialty, September 2025' })).toBeVisible();
  await expect(page.getByRole('img', { name: 'Referral rate over the last 12 months' })).toBeVisible();
  for (const section of ['Triage outcomes', 'Pathway criteria most often missed', 'Matched activity and its cost', 'Budget position, 2025/26']) {
    await expect(page.getByRole('heading', { level: 2, name: section })).toBeVisible();
  }

  // The numbers are one click away under each chart.
  const byspecialty = page.getByRole('table', { name: /Referrals per 1,000 patients by specialty, September 2025/ });
  await expect(byspecialty).toBeHidden();
  await page.getByText('Show the numbers: referrals by specialty').click();
  await expect(byspecialty).toBeVisible();
  await expect(byspecialty.getByRole('row', { name: /All specialties/ })).toBeVisible();
  await page.getByText('Show the numbers: the last 12 months').click();
  await expect(page.getByRole('table', { name: 'Referrals per 1,000 patients by month' }).getByRole('row')).toHaveCount(13);
  await expect(page.getByRole('table', { name: 'First outpatient attendances, September 2025' })).toBeVisible();
  await expectAccessible(page);

  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: /Download the feedback pack \(PDF\)/ }).click()]);
  expect(download.suggestedFilename()).toBe(`feedback-pack-E82001-${MONTH}.pdf`);
  const pdf = fs.readFileSync((await download.path())!);
  expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
  const text = pdfText(pdf);
  expect(text).toContain(`${name} (E82001)`);
  expect(text).toContain('September 2025');
  expect(text).toContain('What stands out');
  expect(text).toMatch(/Page 1 of \d+/);
  expect(text).not.toContain('E82002');

  // Another practice's pack does not exist for this practice.
  const other = await page.request.get(`/api/insight/practices/E82002/feedback-pack?month=${MONTH}`);
  expect(other.status()).toBe(404);
});

test('the commissioner’s feedback packs page offers to generate every practice’s pack', async ({ page }) => {
  await signIn(page, 'commissioner');
  await page.getByRole('link', { name: 'Feedback packs' }).first().click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Feedback packs');
  await expect(page.getByLabel('Month')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Generate packs for every practice' })).toBeEnabled();
  await expectAccessible(page);
});
