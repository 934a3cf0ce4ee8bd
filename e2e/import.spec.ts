import { expect, test } from '@playwright/test';
import { expectAccessible, signIn } from './helpers.js';

const goodProviders = 'provider_code,name,kind,mff\r\nRXX99,Test Community Trust,community,1.0123\r\n';
const badProviders = 'provider_code,name,kind,mff\nRXX98,Fine Trust,acute,1\nR!,Broken Code Trust,acute,1\nRXX97,Wrong Kind,hospital,1\n';

test('an administrator uploads a CSV with a progress bar and sees what was stored', async ({ page }) => {
  await signIn(page, 'admin');
  await page.goto('/import');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(/Import/);
  await expectAccessible(page);

  await page.getByLabel('Providers').check();
  await page.getByLabel(/choose a file|file/i).setInputFiles({ name: 'providers.csv', mimeType: 'text/csv', buffer: Buffer.from(goodProviders) });
  await page.getByRole('button', { name: 'Upload and import' }).click();
  await expect(page.getByText(/1 (new|inserted)/i)).toBeVisible();
  await expectAccessible(page);

  // The new provider is there.
  await page.goto('/providers');
  await expect(page.getByRole('table')).toContainText('Test Community Trust');
});

test('a bad file is rejected whole, naming each row and column', async ({ page }) => {
  await signIn(page, 'admin');
  await page.goto('/import');
  await page.getByLabel('Providers').check();
  await page.getByLabel(/choose a file|file/i).setInputFiles({ name: 'bad-providers.csv', mimeType: 'text/csv', buffer: Buffer.from(badProviders) });
  await page.getByRole('button', { name: 'Upload and import' }).click();
  await expect(page.getByRole('alert')).toContainText('Nothing was stored');
  const errors = page.getByRole('table', { name: /problems|errors/i });
  await expect(errors).toContainText('provider_code');
  await expect(errors).toContainText('kind');
  await expect(errors.getByRole('row')).toHaveCount(3); // header + 2 problems
  await expectAccessible(page);

  await page.goto('/providers');
  await expect(page.getByRole('table')).not.toContainText('Fine Trust');
});
