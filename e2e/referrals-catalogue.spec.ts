/**
 * The referral catalogue in the browser: a commissioning manager creates a pathway, adds (changes
 * and removes) a community service and a prior-approval procedure; and a practice adds files to
 * a referral after sending it, with wrong files refused by the field.
 */
import { expect, test } from '@playwright/test';
import { expectAccessible, signIn } from './helpers.js';

const MINIMAL_PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');
const stamp = Date.now().toString(36);

test('(a) a commissioning manager creates a pathway: missing answers are caught by their fields, then it is saved as version 1', async ({ page }) => {
  await signIn(page, 'commissioner');
  await page.goto('/pathways');
  await page.getByRole('link', { name: 'Create a pathway' }).click();
  await expect(page).toHaveURL(/\/pathways\/new$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Create a pathway');
  await expectAccessible(page);

  await page.getByRole('button', { name: 'Create pathway' }).click();
  const summary = page.getByRole('alert');
  await expect(summary).toContainText('Enter a code for the pathway');
  await expect(summary).toContainText('Enter a name for the pathway');
  await expect(summary).toContainText('Select a specialty');
  await expect(page).toHaveTitle(/^Error: Create a pathway/);
  const code = page.getByLabel('Code', { exact: true });
  await expect(code).toHaveAttribute('aria-invalid', 'true');
  await expect(code).toHaveAccessibleDescription(/Enter a code for the pathway/);
  await expectAccessible(page);
  await summary.getByRole('link', { name: 'Enter a code for the pathway' }).click();
  await expect(code).toBeFocused();

  const pathwayCode = `e2e-hip-${stamp}`;
  await code.fill(pathwayCode);
  await page.getByLabel('Name', { exact: true }).fill('Hip pain (e2e)');
  await page.getByLabel('Specialty', { exact: true }).selectOption({ label: 'Trauma and Orthopaedic (110)' });
  await page.getByLabel('Description').fill('Adults with hip pain for three months or more.');
  await page.getByRole('button', { name: 'Add a criterion' }).click();
  await page.getByLabel('Label', { exact: true }).fill('Hip X-ray report');
  await page.getByLabel('Field (information key)').fill('hip_xray');
  await page.getByRole('button', { name: 'Create pathway' }).click();

  await expect(page).toHaveURL(new RegExp(`/pathways/${pathwayCode}$`));
  await expect(page.getByText('Pathway created: Hip pain (e2e)')).toBeVisible();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Edit Hip pain (e2e)');
  await expect(page.getByLabel('Label', { exact: true })).toHaveValue('Hip X-ray report');
  await expectAccessible(page);

  await page.getByRole('link', { name: 'Back to pathways' }).click();
  const row = page.getByRole('row', { name: /Hip pain \(e2e\)/ });
  await expect(row).toContainText('Trauma and Orthopaedic (110)');
  await expect(row).toContainText('In use');
});

test('(b) a commissioning manager adds, changes and removes a community service; one in use cannot be removed', async ({ page }) => {
  await signIn(page, 'commissioner');
  await page.goto('/pathways');
  await page.getByRole('link', { name: 'Community services' }).click();
  await expect(page).toHaveURL(/\/pathways\/community-services$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Community services');
  await expectAccessible(page);

  await page.getByRole('button', { name: 'Add a community service' }).click();
  await page.getByRole('button', { name: 'Add service' }).click();
  const summary = page.getByRole('alert');
  await expect(summary).toContainText('Enter a code for the service');
  await expect(summary).toContainText('Enter the name of the service');
  await expect(page.getByLabel('Name', { exact: true })).toHaveAccessibleDescription(/Enter the name of the service/);
  await expect(page).toHaveTitle(/^Error: Community services/);
  await expectAccessible(page);

  const name = `Community hip clinic ${stamp}`;
  await page.getByLabel('Code', { exact: true }).fill(`hip-${stamp}`);
  await page.getByLabel('Name', { exact: true }).fill(name);
  await page.getByLabel('Specialty (optional)').selectOption({ label: 'Trauma and Orthopaedic (110)' });
  await page.getByLabel('Provider (optional)').selectOption('RY4');
  await page.getByRole('button', { name: 'Add service' }).click();
  await expect(page.getByText(`Community service added: ${name}.`)).toBeVisible();
  const row = page.getByRole('row', { name: new RegExp(name) });
  await expect(row).toContainText('Trauma and Orthopaedic (110)');
  await expect(row).toContainText('RY4');
  await expectAccessible(page);

  await page.getByRole('button', { name: `Change ${name}` }).click();
  await page.getByLabel('Description (optional)').fill('Physiotherapist-led assessment of hip pain.');
  await page.getByRole('button', { name: 'Save changes' }).click();
  await expect(page.getByText(`Community service changed: ${name}.`)).toBeVisible();
  await expect(row).toContainText('Physiotherapist-led assessment of hip pain.');

  await page.getByRole('button', { name: `Remove ${name}` }).click();
  await page.getByRole('button', { name: 'Remove service' }).click();
  await expect(page.getByText(`Community service removed: ${name}.`)).toBeVisible();
  await expect(page.getByRole('row', { name: new RegExp(name) })).toHaveCount(0);

  // The demo year has referrals diverted to the MSK service: the server refuses, naming them.
  const msk = 'Community MSK clinical assessment and treatment service (CATS)';
  await page.getByRole('button', { name: `Remove ${msk}` }).click();
  await page.getByRole('button', { name: 'Remove service' }).click();
  await expect(page.getByRole('alert')).toContainText(/cannot be removed: \d+ referrals were diverted to it \(R-\d{4}-\d+/);
  await expect(page.getByRole('row', { name: new RegExp(msk.replace(/[()]/g, '\\$&')) })).toBeVisible();
  await expectAccessible(page);
});

test('(c) a commissioning manager adds a procedure to the prior-approval list, changes it and takes it off', async ({ page }) => {
  await signIn(page, 'commissioner');
  await page.goto('/pathways');
  await page.getByRole('link', { name: 'Prior approval' }).click();
  await expect(page).toHaveURL(/\/pathways\/prior-approval$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Prior approval');
  await expect(page.getByRole('table', { name: 'Procedures that need prior approval' })).toContainText('W85');
  await expectAccessible(page);

  await page.getByRole('button', { name: 'Add a procedure' }).click();
  const code = page.getByLabel('Code', { exact: true });
  await code.fill('not a code');
  await page.getByLabel('Procedure', { exact: true }).fill('Primary total hip replacement');
  await page.getByRole('button', { name: 'Add procedure' }).click();
  await expect(page.getByRole('alert')).toContainText('Enter an OPCS-4 or SNOMED CT code, like W85.1');
  await expect(code).toHaveAccessibleDescription(/Enter an OPCS-4 or SNOMED CT code/);
  await expectAccessible(page);

  await code.fill('w37.1');
  await page.getByLabel('Specialty (optional)').selectOption({ label: 'Trauma and Orthopaedic (110)' });
  await page.getByLabel('Criteria for approval (optional)').fill('Oxford hip score under 20 after six months of conservative treatment.');
  await page.getByRole('button', { name: 'Add procedure' }).click();
  await expect(page.getByText('Added to the prior-approval list: Primary total hip replacement (W37.1).')).toBeVisible();
  const row = page.getByRole('row', { name: /W37\.1/ });
  await expect(row).toContainText('Oxford hip score under 20');

  await page.getByRole('button', { name: 'Change Primary total hip replacement (W37.1)' }).click();
  await page.getByLabel('Procedure', { exact: true }).fill('Primary total prosthetic replacement of hip joint');
  await page.getByRole('button', { name: 'Save changes' }).click();
  await expect(page.getByText('Changed: Primary total prosthetic replacement of hip joint (W37.1).')).toBeVisible();
  await expectAccessible(page);

  await page.getByRole('button', { name: 'Remove Primary total prosthetic replacement of hip joint (W37.1)' }).click();
  await page.getByRole('button', { name: 'Remove procedure' }).click();
  await expect(page.getByText('Removed from the prior-approval list: Primary total prosthetic replacement of hip joint (W37.1).')).toBeVisible();
  await expect(page.getByRole('row', { name: /W37\.1/ })).toHaveCount(0);
});

test('(d) a practice adds a file to a referral it has sent: a wrong type, a file too big and a fake PDF are refused by the field', async ({ page }) => {
  await signIn(page, 'practice-e82001');
  // The referral is sent through the API (the web form is walked in referrals.spec.ts).
  const me = await (await page.request.get('/api/me')).json() as { csrfToken: string };
  const sent = await page.request.post('/api/referrals', {
    headers: { 'X-CSRF-Token': me.csrfToken, 'Idempotency-Key': `e2e-attach-${stamp}` },
    data: {
      externalId: null, practiceCode: 'E82001', clinician: 'Dr A Patel',
      patient: { nhsNumber: '9434765919', familyName: 'Attachpatient', givenName: 'Jo', birthDate: '1956-03-27', sex: 'female', postcode: 'SG1 1AB' },
      tfc: '110', reason: { system: 'icd10', code: 'M16.1', display: 'Primary coxarthrosis, unilateral' }, priority: 'routine',
      chosenProviders: ['RWG'], pathwayCode: null, clinicalInfo: {}, procedureCode: null,
      referralDate: new Date(Date.now() - 2 * 86_400_000).toISOString().slice(0, 10),
    },
  });
  expect(sent.status(), await sent.text()).toBe(201);
  const referral = await sent.json() as { id: string; reference: string };

  await page.goto(`/referrals/${referral.id}`);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Referral ${referral.reference}`);
  await expect(page.getByText('No attachments.')).toBeVisible();
  await expectAccessible(page);

  const file = page.getByLabel('File to attach');
  const add = page.getByRole('button', { name: 'Add attachment' });
  await add.click();
  await expect(page.getByRole('alert')).toContainText('Select a file to attach');
  await expect(page).toHaveTitle(/^Error: Referral/);

  await file.setInputFiles({ name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('Some notes') });
  await add.click();
  await expect(page.getByRole('alert')).toContainText('The attachment must be a PDF, PNG or JPEG file');
  await expect(file).toHaveAttribute('aria-invalid', 'true');
  await expect(file).toHaveAccessibleDescription(/The attachment must be a PDF, PNG or JPEG file/);
  await expectAccessible(page);

  await file.setInputFiles({ name: 'huge-scan.pdf', mimeType: 'application/pdf', buffer: Buffer.concat([MINIMAL_PDF, Buffer.alloc(6 * 1024 * 1024)]) });
  await add.click();
  await expect(file).toHaveAccessibleDescription(/The attachment must be 5 MB or smaller/);

  // Named and typed as a PDF, but not one: only the server, reading its contents, can tell.
  await file.setInputFiles({ name: 'not-really.pdf', mimeType: 'application/pdf', buffer: Buffer.from('MZ this is a program') });
  await add.click();
  await expect(file).toHaveAccessibleDescription(/its contents are a Windows program/);
  await expect(page.getByText('No attachments.')).toBeVisible();

  await file.setInputFiles({ name: 'hip-xray-report.pdf', mimeType: 'application/pdf', buffer: MINIMAL_PDF });
  await add.click();
  await expect(page.getByText(/^hip-xray-report\.pdf attached \(\d+ bytes\)\.$/)).toBeVisible();
  const attachments = page.getByRole('table', { name: 'Attachments' });
  const row = attachments.getByRole('row', { name: /hip-xray-report\.pdf/ });
  await expect(row).toContainText('PDF');
  await expect(row).toContainText(`${MINIMAL_PDF.length} bytes`);
  await expect(attachments.getByRole('link', { name: 'hip-xray-report.pdf' })).toBeVisible();
  await expect(page.getByRole('list', { name: 'History, oldest first' })).toContainText('hip-xray-report.pdf');
  await expect(file).toHaveValue('');
  await expectAccessible(page);
});
