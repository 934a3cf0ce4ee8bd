import { expect, test } from '@playwright/test';
import { expectAccessible, signIn } from './helpers.js';

test('the organisation page lists groups and practices with list sizes, and a practice shows its pyramid', async ({ page }) => {
  await signIn(page, 'commissioner');
  await page.goto('/organisations');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(/Organisations/);
  const practices = page.getByRole('table', { name: /^Practices/ });
  await expect(practices.getByRole('row')).toHaveCount(21); // header + 20 demo practices
  await expect(practices).toContainText('E82001');
  await expectAccessible(page);

  await page.getByLabel(/filter practices/i).fill('E82001');
  await expect(practices.getByRole('row')).toHaveCount(2);
  await practices.getByRole('link').first().click();
  await expect(page.getByText('Practice E82001')).toBeVisible();

  await expect(page).toHaveURL(/\/organisations\/practices\/E82001$/);
  await expect(page.locator('svg.recharts-surface').first()).toBeVisible();
  await expect(page.getByRole('img', { name: /Population pyramid of/ })).toBeVisible();
  await page.getByText('Show the numbers').click();
  const numbers = page.getByRole('table', { name: /Registered population of .* by age band and sex/ });
  await expect(numbers.getByRole('row')).toHaveCount(1 + 20 + 1); // header, 20 age bands, all ages
  await expectAccessible(page);
});

test('a practice user sees only its own practice', async ({ page }) => {
  await signIn(page, 'practice-e82001');
  await page.goto('/organisations');
  const practices = page.getByRole('table', { name: /^Practices/ });
  await expect(practices.getByRole('row')).toHaveCount(2);
  await page.goto('/organisations/practices/E82002');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(/not found/i);
});
