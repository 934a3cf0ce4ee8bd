import { expect, test } from '@playwright/test';
import { expectAccessible, signIn } from './helpers.js';

test('navigation follows the role', async ({ page }) => {
  await signIn(page, 'admin');
  const nav = page.getByRole('navigation', { name: /primary|main/i });
  await expect(nav.getByRole('link', { name: 'Import data' })).toBeVisible();
  await expect(page).toHaveTitle(/Commissioning Hub/);
  await expectAccessible(page);

  await page.getByRole('button', { name: 'Sign out' }).click();
  await signIn(page, 'board');
  await expect(page.getByRole('navigation', { name: /primary|main/i }).getByRole('link', { name: 'Organisations' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Import data' })).toHaveCount(0);
});

test('the keyboard reaches the main content through the skip link', async ({ page }) => {
  await signIn(page, 'commissioner');
  await page.goto('/');
  await page.keyboard.press('Tab');
  const skip = page.getByRole('link', { name: /skip to main content/i });
  await expect(skip).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.locator('main')).toBeVisible();
});

test('providers are listed with their market forces factor', async ({ page }) => {
  await signIn(page, 'finance');
  await page.goto('/providers');
  const table = page.getByRole('table');
  await expect(table.getByRole('row')).toHaveCount(9); // header + 8 demo providers
  await expect(table).toContainText(/1\.\d{4}/);
  await expectAccessible(page);
});
