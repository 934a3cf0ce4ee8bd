import fs from 'node:fs';
import { expect, test } from '@playwright/test';
import { pdfText } from '../src/testing/pdf.js';
import { expectAccessible, signIn } from './helpers.js';

// Insight (issue 7): a practice sees itself highlighted among its peers on a funnel plot and its
// own dashboard; the board opens the month's board pack and downloads it as a PDF. The demo may or
// may not hold plans and decisions yet, so these look only at what every locality has.

test('a practice sees the funnel plot with itself highlighted and named, and the table', async ({ page }) => {
  await signIn(page, 'practice-e82001');
  await page.goto('/insight/compare?measure=referrals_per_1000');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Compare practices');
  const plot = page.getByRole('img', { name: /^Funnel plot: Referrals per 1,000 patients/ });
  await expect(plot).toBeVisible();
  // The highlighted point carries the practice's name beside it (red diamond, bold label).
  await expect(plot.locator('.recharts-label-list text').filter({ hasText: /\(E82001\)$/ })).toHaveCount(1);
  // The numbers behind the chart, one click away.
  await page.getByText('Show the numbers for every practice').click();
  const table = page.getByRole('table', { name: /^Referrals per 1,000 patients, / });
  await expect(table.getByRole('row', { name: /\(E82001\) \(highlighted\)/ })).toBeVisible();
  // Other practices only as pseudonymous labels: no other practice code in the table.
  await expect(table.getByText(/\(E820(0[2-9]|[1-9]\d)\)/)).toHaveCount(0);
  await expectAccessible(page);
});

test('a practice opens its dashboard: a tile per area with its status in words and a link to the detail', async ({ page }) => {
  await signIn(page, 'practice-e82001');
  await page.goto('/');
  await page.getByRole('link', { name: /See the dashboard/ }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(/^Dashboard: .+/);
  for (const title of ['Budget position', 'Hospital activity', 'Referrals and triage', 'Challenges to providers', 'Plan milestones']) {
    const tile = page.getByRole('region', { name: title });
    await expect(tile.getByRole('heading', { level: 2, name: title })).toBeVisible();
    await expect(tile.getByText(/^(On track|Watch|Needs attention|For information)$/)).toBeVisible();
  }
  await expect(page.getByRole('region', { name: 'Change alerts' })).toHaveCount(0);
  await expect(page.getByRole('region', { name: 'Referrals and triage' }).getByRole('link', { name: /Our referrals/ })).toHaveAttribute('href', '/referrals');
  await expectAccessible(page);

  // Another practice's dashboard is not found; a group's is not for practices.
  expect((await page.request.get('/api/insight/dashboard/practice/E82002')).status()).toBe(404);
  expect((await page.request.get('/api/insight/dashboard/commissioner')).status()).toBe(403);
});

test('the commissioner’s dashboard has contracts against plan and change alerts', async ({ page }) => {
  await signIn(page, 'commissioner');
  await page.goto('/dashboard');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(/^Dashboard: /);
  await expect(page.getByRole('region', { name: 'Activity against plan' }).getByRole('link', { name: /Contracts and monitoring/ })).toBeVisible();
  await expect(page.getByRole('region', { name: 'Change alerts' })).toBeVisible();
  await expectAccessible(page);
});

test('a board member previews the month’s board pack and downloads it as a PDF', async ({ page }) => {
  await signIn(page, 'board');
  await page.getByRole('link', { name: 'Board pack' }).first().click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(/^Board pack: \w+ \d{4}$/);
  const month = (await page.getByRole('heading', { level: 1 }).textContent())!.replace('Board pack: ', '');
  for (const section of ['1. Finance: budget position', '2. Activity against contract plan', '3. Referrals and triage', '4. Plan milestones', '5. Decisions of the month']) {
    await expect(page.getByRole('heading', { level: 2, name: section })).toBeVisible();
  }
  await expect(page.getByRole('table', { name: `Referrals received in ${month}` })).toBeVisible();
  await expectAccessible(page);

  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: /Download the board pack \(PDF\)/ }).click()]);
  expect(download.suggestedFilename()).toMatch(/^board-pack-\d{4}-\d{2}\.pdf$/);
  const pdf = fs.readFileSync((await download.path())!);
  expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
  const text = pdfText(pdf);
  expect(text).toContain('Board pack');
  expect(text).toContain(month);
  expect(text).toContain('5. Decisions of the month');
  expect(text).toMatch(/Page 1 of \d+/);
});
