/**
 * More of the referral gateway: a practice uploads referrals in bulk (a good file, then a bad one
 * that stores nothing), and a reviewer forwards a referral and then closes it.
 */
import { expect, test } from '@playwright/test';
import { expectAccessible, signIn } from './helpers.js';

const HEADER = 'external_id,practice_code,clinician,nhs_number,family_name,given_name,birth_date,sex,postcode,tfc,reason_system,reason_code,priority,chosen_providers,referral_date';

/** A recent past date, as YYYY-MM-DD. */
const daysAgo = (n: number) => new Date(Date.now() - n * 86_400_000).toISOString().slice(0, 10);

function row(externalId: string, nhsNumber: string, familyName: string) {
  return [externalId, 'E82001', 'Dr A Patel', nhsNumber, familyName, 'Alex', '1956-03-27', 'F', 'SG1 1AB', '110', 'icd10', 'M17.1', 'routine', 'RWG', daysAgo(3)].join(',');
}

const csv = (...rows: string[]) => Buffer.from(`${[HEADER, ...rows].join('\n')}\n`);

test('(a) a practice uploads referrals.csv: a good file creates the referrals, a bad one is rejected with its problems', async ({ page }) => {
  await signIn(page, 'practice-e82001');
  await page.getByRole('navigation', { name: 'Menu' }).getByRole('link', { name: 'Upload referrals' }).click();
  await expect(page).toHaveURL(/\/referrals\/upload$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Upload referrals');
  await expectAccessible(page);

  const stamp = Date.now();
  await page.getByLabel('Choose a CSV file').setInputFiles({
    name: 'referrals.csv', mimeType: 'text/csv',
    buffer: csv(row(`e2e-bulk-${stamp}-1`, '9434765919', 'Bulkone'), row(`e2e-bulk-${stamp}-2`, '9000000009', 'Bulktwo')),
  });
  await page.getByRole('button', { name: 'Upload and import' }).click();
  await expect(page.getByText('referrals.csv was imported')).toBeVisible();
  await expect(page.getByText('2 rows read: 2 referrals created, 0 already sent.')).toBeVisible();
  await expectAccessible(page);

  await page.getByLabel('Choose a CSV file').setInputFiles({
    name: 'bad-referrals.csv', mimeType: 'text/csv',
    buffer: csv(row(`e2e-bulk-${stamp}-3`, '9434765918', 'Badnumber')),
  });
  await page.getByRole('button', { name: 'Upload and import' }).click();
  await expect(page.getByRole('alert')).toContainText('The file was not imported. Nothing was stored.');
  await expect(page).toHaveTitle(/^Error: Upload referrals/);
  const problems = page.getByRole('table', { name: 'Problems found in bad-referrals.csv' });
  await expect(problems).toBeVisible();
  const first = problems.getByRole('row').nth(1);
  // Row is the row header; then Column, Value, Problem.
  await expect(first.getByRole('rowheader')).toHaveText('2');
  await expect(first.getByRole('cell').nth(0)).toHaveText('nhs_number');
  await expect(first).toContainText('9434765918');
  await expectAccessible(page);
});

test('(b) a reviewer forwards a referral, then closes it with a reason', async ({ page }) => {
  // The practice sends a referral through the API (its session, with the CSRF token from /api/me).
  await signIn(page, 'practice-e82001');
  const me = await (await page.request.get('/api/me')).json() as { csrfToken: string };
  const sent = await page.request.post('/api/referrals', {
    headers: { 'X-CSRF-Token': me.csrfToken, 'Idempotency-Key': `e2e-close-${Date.now()}` },
    data: {
      externalId: `e2e-close-${Date.now()}`,
      practiceCode: 'E82001',
      clinician: 'Dr A Patel',
      patient: { nhsNumber: '9000000009', familyName: 'Closepatient', givenName: 'Jo', birthDate: '1960-01-15', sex: 'female', postcode: 'SG1 1AB' },
      tfc: '110',
      reason: { system: 'icd10', code: 'M17.1', display: 'Primary osteoarthritis of the knee' },
      priority: 'routine',
      chosenProviders: ['RWG'],
      referralDate: daysAgo(1),
    },
  });
  expect(sent.status(), await sent.text()).toBe(201);
  const referral = await sent.json() as { id: string; reference: string };

  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(/Sign in/);
  await signIn(page, 'reviewer');
  await page.goto(`/referrals/${referral.id}`);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Referral ${referral.reference}`);
  // Not closable while it awaits triage.
  await expect(page.getByRole('button', { name: 'Close referral' })).toHaveCount(0);

  await page.getByLabel('Forward to provider').check();
  await page.getByLabel('Reason for the decision').fill('Meets the criteria for an orthopaedic opinion.');
  await page.getByRole('button', { name: 'Record decision' }).click();
  await expect(page.getByText('Decision recorded: Forwarded to provider.')).toBeVisible();

  // A reason is needed.
  await page.getByRole('button', { name: 'Close referral' }).click();
  await expect(page.getByRole('alert')).toContainText('Enter the reason for closing the referral');

  await page.getByLabel('Reason for closing').fill('The patient has moved out of the area.');
  await page.getByRole('button', { name: 'Close referral' }).click();
  await expect(page.getByText('The referral is closed.')).toBeVisible();
  await expect(page.getByText('Closed', { exact: true }).first()).toBeVisible();
  await expect(page.getByRole('button', { name: 'Close referral' })).toHaveCount(0);
  await expectAccessible(page);
});
