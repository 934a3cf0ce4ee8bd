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
  await page.getByLabel('Choose a CSV file').setInputFiles({ name: 'providers.csv', mimeType: 'text/csv', buffer: Buffer.from(goodProviders) });
  await page.getByRole('button', { name: 'Upload and import' }).click();
  await expect(page.getByText('providers.csv was imported')).toBeVisible();
  await expect(page.getByText(/1 row read: 1 added, 0 updated, 0 unchanged/)).toBeVisible();
  await expect(page.getByRole('table', { name: 'Recent imports' })).toContainText('providers.csv');
  await expectAccessible(page);

  // The new provider is there.
  await page.goto('/providers');
  await expect(page.getByRole('table', { name: 'Providers' })).toContainText('Test Community Trust');
});

test('a bad file is rejected whole, naming each row and column', async ({ page }) => {
  await signIn(page, 'admin');
  await page.goto('/import');
  await page.getByLabel('Providers').check();
  await page.getByLabel('Choose a CSV file').setInputFiles({ name: 'bad-providers.csv', mimeType: 'text/csv', buffer: Buffer.from(badProviders) });
  await page.getByRole('button', { name: 'Upload and import' }).click();
  await expect(page.getByRole('alert')).toContainText('The file was not imported. Nothing was stored.');
  const errors = page.getByRole('table', { name: 'Problems found in bad-providers.csv' });
  await expect(errors).toContainText('provider_code');
  await expect(errors).toContainText('kind');
  await expect(errors.getByRole('row')).toHaveCount(3); // header + 2 problems
  await expectAccessible(page);

  await page.goto('/providers');
  const providers = page.getByRole('table', { name: 'Providers' });
  await expect(providers).toContainText('RWG'); // loaded…
  await expect(providers).not.toContainText('Fine Trust'); // …without the good row of the rejected file
});
