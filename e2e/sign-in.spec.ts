import { expect, test } from '@playwright/test';
import { expectAccessible, signIn } from './helpers.js';

test('a visitor is sent to sign in, sees inline errors, and signs in', async ({ page }) => {
  await page.goto('/organisations');
  await expect(page).toHaveURL(/\/sign-in/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(/Sign in/);
  await expectAccessible(page);

  // Empty form: error summary at the top, a message by each field.
  await page.getByRole('button', { name: 'Sign in' }).click();
  const summary = page.getByRole('alert');
  await expect(summary).toContainText('There is a problem');
  await expect(summary.getByRole('link', { name: /username/i })).toBeVisible();
  await expectAccessible(page);

  // Wrong password: one generic message.
  await page.getByLabel('Username').fill('finance');
  await page.getByLabel('Password').fill('wrong');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('alert')).toContainText('The username or password is not right.');

  // Right password: back to where the visitor was heading.
  await page.getByLabel('Password').fill('demo');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(/\/organisations$/);
  await expect(page.getByRole('banner')).toContainText('Finance lead');
});

test('signing out ends the session', async ({ page }) => {
  await signIn(page, 'board');
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/\/sign-in/);
  await page.goto('/');
  await expect(page).toHaveURL(/\/sign-in/);
});
