import { expect, test } from '@playwright/test';
import { expectAccessible, signIn } from './helpers.js';

test('navigation follows the role', async ({ page }) => {
  await signIn(page, 'admin');
  const nav = page.getByRole('navigation', { name: 'Menu' });
  await expect(nav.getByRole('link', { name: 'Import data' })).toBeVisible();
  await expect(page).toHaveTitle(/Commissioning Hub/);
  await expectAccessible(page);

  await page.getByRole('button', { name: 'Sign out' }).click();
  await signIn(page, 'board');
  await expect(page.getByRole('navigation', { name: 'Menu' }).getByRole('link', { name: 'Organisations' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Import data' })).toHaveCount(0);
});

test('the keyboard reaches the main content through the skip link', async ({ page }) => {
  await signIn(page, 'commissioner');
  await page.goto('/');
  await expect(page.getByRole('heading', { level: 1, name: 'Home' })).toBeVisible(); // the page has rendered
  await page.keyboard.press('Tab');
  const skip = page.getByRole('link', { name: /skip to main content/i });
  await expect(skip).toBeFocused();
  await page.keyboard.press('Enter');
  await page.keyboard.press('Tab'); // the next stop is inside the main content, past the header
  await expect(page.locator('main :focus')).toHaveCount(1);
});

test('providers are listed with their market forces factor', async ({ page }) => {
  await signIn(page, 'finance');
  await page.goto('/providers');
  const table = page.getByRole('table', { name: 'Providers' });
  const westHerts = table.getByRole('row', { name: /West Hertfordshire Teaching Hospitals NHS Trust/ });
  await expect(westHerts).toContainText('RWG');
  await expect(westHerts).toContainText(/1\.\d{4}$/); // market forces factor to 4 d.p.
  await expect(table.getByRole('row', { name: /Ramsay Health Care UK/ })).toContainText(/independent/i);
  await expectAccessible(page);
});
