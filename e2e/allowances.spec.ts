import { expect, test } from '@playwright/test';
import { expectAccessible, signIn } from './helpers.js';

// Needs the demo's allowances (loadDemoAllowances in the demo loader) and the pages wired at
// /allowances, /allowances/statement/:practiceCode, /des-invoices and /running-costs.

const pounds = (text: string | null) => Number((text ?? '').replace(/[£,]/g, ''));

test('finance enters a DES invoice, the board approves it, and the 25% pot falls by its amount', async ({ page, browser }) => {
  await signIn(page, 'finance');
  await page.goto('/des-invoices');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('DES invoices');
  await page.getByRole('button', { name: 'Enter invoice' }).click();
  await expect(page.getByText('There is a problem')).toBeVisible();
  await expect(page).toHaveTitle(/^Error: /);
  await expectAccessible(page);

  await page.getByLabel('Group whose pot pays it').selectOption({ index: 1 });
  const supplier = `E2E Supplier ${Date.now()}`;
  await page.getByLabel('Supplier').fill(supplier);
  await page.getByLabel('What it is for').fill('Locality event room hire');
  await page.getByLabel('Amount, in pounds').fill('99999999');
  await page.getByRole('button', { name: 'Enter invoice' }).click();
  await expect(page.getByRole('link', { name: /that is what the pot has left/ })).toBeVisible();
  await page.getByLabel('Amount, in pounds').fill('12.34');
  await page.getByRole('button', { name: 'Enter invoice' }).click();
  await expect(page.getByText('for £12.34 entered')).toBeVisible();

  const board = await (await browser.newContext()).newPage();
  await signIn(board, 'board');
  await board.goto('/des-invoices');
  const before = pounds(await board.getByTestId('pot-remaining').textContent());
  await board.getByRole('link', { name: new RegExp(`Open invoice \\d+ from ${supplier}`) }).click();
  await board.getByRole('radio', { name: 'Approve' }).check();
  await board.getByLabel('Notes').fill('Agreed at the board');
  await board.getByRole('button', { name: 'Save decision' }).click();
  await expect(board.getByText('£12.34 comes off the pot')).toBeVisible();
  await expect.poll(async () => pounds(await board.getByTestId('pot-remaining').textContent())).toBeCloseTo(before - 12.34, 2);
  await expectAccessible(board);
});

test('allowances, a practice’s statement and the running costs are readable and accessible', async ({ page }) => {
  await signIn(page, 'finance');
  await page.goto('/allowances');
  await expect(page.getByRole('table', { name: /Allowances by practice/ })).toContainText('£1,500.00'); // an October joiner's start-up fee
  await expectAccessible(page);

  await page.getByRole('table', { name: /Allowances by practice/ }).getByRole('link').first().click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Allowance statement');
  await expectAccessible(page);

  await page.goto('/running-costs');
  const table = page.getByRole('table', { name: /Running costs for/ });
  await expect(table.getByRole('row', { name: /Total: Set-up costs/ })).toContainText('£28,750.00');
  await expect(table.getByRole('row', { name: /Total: Referral management/ })).toContainText('£179,700.00');
  await expect(table.getByRole('row', { name: /Total: Locality commissioning executive/ })).toContainText('£88,000.00');
  await expectAccessible(page);
});
