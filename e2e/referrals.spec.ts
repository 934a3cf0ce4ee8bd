/**
 * The referral gateway end to end: a practice refers through the web form, a GP reviewer triages
 * from the worklist (and meets a conflict on the way), the referral centre books, the practice
 * sees the outcome; and a referral sent through FHIR is forwarded. The steps share one referral,
 * so they run in order.
 */
import { expect, test, type Page } from '@playwright/test';
import { expectAccessible, signIn } from './helpers.js';

test.describe.configure({ mode: 'serial' });

/** An NHS number with a correct modulus 11 check digit, from nine digits. */
function nhsNumber(firstNine: string): string {
  let sum = 0;
  for (let i = 0; i < 9; i++) sum += Number(firstNine[i]) * (10 - i);
  const check = (11 - (sum % 11)) % 11;
  if (check === 10) throw new Error(`${firstNine} has no valid check digit`);
  return `${firstNine}${check}`;
}

const GOOD_NHS = nhsNumber('943476591'); // 9434765919
const BAD_NHS = `${GOOD_NHS.slice(0, 9)}${(Number(GOOD_NHS[9]) + 1) % 10}`;
const MINIMAL_PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');

/** Set by the first test, used by the rest. */
let reference = '';

/** Opens the referral from the current worklist, newest first (two clicks on "Received": ascending, then descending). */
async function openFromWorklist(page: Page, ref: string) {
  const table = page.getByRole('table');
  await expect(table).toBeVisible();
  await table.getByRole('button', { name: 'Received' }).click();
  await expect(page).toHaveURL(/sort=receivedAt&order=asc/);
  await table.getByRole('button', { name: 'Received' }).click();
  await expect(page).toHaveURL(/sort=receivedAt&order=desc/);
  await table.getByRole('link', { name: ref, exact: true }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Referral ${ref}`);
}

test('(a) a practice refers a patient: a wrong NHS number is caught by the field, then the referral is sent and checked against its pathway', async ({ page }) => {
  await signIn(page, 'practice-e82001');
  await page.getByRole('navigation', { name: 'Menu' }).getByRole('link', { name: 'Refer a patient' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Refer a patient');
  await expect(page).toHaveTitle(/^Refer a patient/);
  await expectAccessible(page);

  // Patient
  await page.getByLabel('NHS number').fill(BAD_NHS);
  await page.getByLabel('Family name').fill('Testpatient');
  await page.getByLabel('Given name').fill('Alex');
  const birth = page.getByRole('group', { name: 'Date of birth' });
  await birth.getByLabel('Day').fill('27');
  await birth.getByLabel('Month').fill('3');
  await birth.getByLabel('Year').fill('1956');
  await page.getByRole('group', { name: 'Sex' }).getByLabel('Female').check();
  await page.getByLabel('Postcode').fill('SG1 1AB');

  // Referral, with the pathway's questions
  await page.getByLabel('Referring clinician').fill('Dr A Patel');
  await page.getByLabel('Specialty', { exact: true }).selectOption({ label: 'Trauma and Orthopaedic (110)' });
  await page.getByLabel('Pathway', { exact: true }).selectOption({ label: 'Orthopaedics: adult knee pain' });
  await page.getByLabel('Duration of symptoms, in months').fill('6');
  await page.getByLabel('Weight-bearing knee X-ray').fill('1 September: moderate medial joint space narrowing');
  await page.getByRole('group', { name: /Physiotherapy or exercise programme/ }).getByLabel('Yes').check();
  await page.getByLabel('Pain relief tried').fill('Paracetamol 1 g four times a day; topical ibuprofen');
  // Body mass index is left out: the pathway check will show it as not met.
  await page.getByRole('group', { name: 'Clinical reason: code system' }).getByLabel('ICD-10').check();
  await page.getByLabel('Clinical reason: code').fill('M17.1');
  await page.getByLabel('Clinical reason: description').fill('Primary osteoarthritis of the knee');
  await page.getByRole('group', { name: 'Priority' }).getByLabel('Routine').check();
  await page.getByLabel('First choice').selectOption('RWG');
  await page.getByLabel('Second choice (optional)').selectOption('NT4');
  await page.getByLabel('Attachment (optional)').setInputFiles({ name: 'knee-xray-report.pdf', mimeType: 'application/pdf', buffer: MINIMAL_PDF });

  await page.getByRole('button', { name: 'Send referral' }).click();
  // The check digit is wrong: an error summary at the top, the message by the field, "Error:" in the title.
  const summary = page.getByRole('alert');
  await expect(summary).toContainText('There is a problem');
  await expect(page).toHaveTitle(/^Error: Refer a patient/);
  const nhs = page.getByLabel('NHS number');
  await expect(nhs).toHaveAccessibleDescription(/Enter a valid NHS number: this one’s check digit does not match/);
  await expect(nhs).toHaveAttribute('aria-invalid', 'true');
  await expectAccessible(page);
  await summary.getByRole('link', { name: /Enter a valid NHS number/ }).click();
  await expect(nhs).toBeFocused();

  await nhs.fill(GOOD_NHS.replace(/^(\d{3})(\d{3})(\d{4})$/, '$1 $2 $3'));
  await page.getByRole('button', { name: 'Send referral' }).click();

  await expect(page).toHaveURL(/\/referrals\/[0-9a-f-]{36}$/);
  const heading = page.getByRole('heading', { level: 1 });
  await expect(heading).toHaveText(/^Referral R-\d{4}-\d+$/);
  reference = (await heading.textContent())!.replace('Referral ', '').trim();
  await expect(page.getByText(`Referral ${reference} sent`)).toBeVisible();
  await expect(page.getByText('Awaiting triage', { exact: true })).toBeVisible();
  await expect(page.getByText('943 476 5919')).toBeVisible();

  // The pathway check: what the referral meets and what it misses.
  await expect(page.getByRole('heading', { name: 'Pathway check' })).toBeVisible();
  const criteria = page.getByRole('list', { name: 'Pathway criteria' });
  await expect(criteria.getByRole('listitem')).toHaveCount(6);
  await expect(criteria.getByRole('listitem').filter({ hasText: 'Duration of symptoms' })).toContainText('Met');
  await expect(criteria.getByRole('listitem').filter({ hasText: 'Body mass index' })).toContainText('Not met');
  await expect(page.getByRole('link', { name: 'Download referral letter (PDF)' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'knee-xray-report.pdf' })).toBeVisible();
  // A practice cannot triage its own referral.
  await expect(page.getByRole('button', { name: 'Record decision' })).toHaveCount(0);
  await expectAccessible(page);
});

test('(b) the GP reviewer finds the referral on the worklist, meets a conflict, reloads, and diverts it to a community service', async ({ page, context }) => {
  expect(reference, 'test (a) sent the referral').not.toBe('');
  await signIn(page, 'reviewer');
  await page.getByRole('navigation', { name: 'Menu' }).getByRole('link', { name: 'Worklists' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Worklists');
  const lists = page.getByRole('navigation', { name: 'Worklists' });
  await expect(lists.getByRole('link', { name: /^Awaiting triage \(\d+\)$/ })).toHaveAttribute('aria-current', 'page');
  await expect(lists.getByRole('link', { name: /^Overdue \(\d+\)$/ })).toBeVisible();
  await expect(lists.getByRole('link', { name: /^Assigned to me \(\d+\)$/ })).toBeVisible();
  await expect(lists.getByRole('link', { name: /^Information requested \(\d+\)$/ })).toBeVisible();
  await expectAccessible(page);

  await openFromWorklist(page, reference);
  await expect(page.getByRole('button', { name: 'Record decision' })).toBeVisible();
  await expectAccessible(page);

  // A second window assigns the referral while this one is deciding: this one's decision conflicts.
  const other = await context.newPage();
  await other.goto(page.url());
  await other.getByRole('button', { name: 'Assign to me' }).click();
  await expect(other.getByText('The referral is assigned to you.')).toBeVisible();
  await other.close();

  await page.getByLabel('Divert to community service').check();
  await page.getByLabel('Community service', { exact: true }).selectOption({ label: 'Community MSK clinical assessment and treatment service (CATS)' });
  await page.getByLabel('Reason for the decision').fill('Suitable for the community MSK service first; body mass index not recorded.');
  await page.getByRole('button', { name: 'Record decision' }).click();
  const conflict = page.getByRole('alert');
  await expect(conflict).toContainText('This referral has changed');
  await expect(conflict).toContainText(/changed by reviewer/);
  await expectAccessible(page);
  await conflict.getByRole('button', { name: 'Reload referral' }).click();
  await expect(page.getByRole('alert')).toHaveCount(0);
  await expect(page.getByText('Assigned to you')).toBeVisible();

  // Now on the latest version: the decision goes through.
  await page.getByLabel('Divert to community service').check();
  await page.getByLabel('Community service', { exact: true }).selectOption({ label: 'Community MSK clinical assessment and treatment service (CATS)' });
  await page.getByLabel('Reason for the decision').fill('Suitable for the community MSK service first; body mass index not recorded.');
  await page.getByRole('button', { name: 'Record decision' }).click();
  await expect(page.getByText('Decision recorded: Diverted to community service.')).toBeVisible();
  await expect(page.getByText('Diverted to community service', { exact: true }).first()).toBeVisible();
  await expect(page.getByRole('button', { name: 'Record decision' })).toHaveCount(0);
  const history = page.getByRole('list', { name: 'History, oldest first' });
  await expect(history).toContainText('Diverted to community service');
  await expect(history).toContainText('Suitable for the community MSK service first');
  await expectAccessible(page);
});

test('(c) the referral centre records a contact and the booking', async ({ page }) => {
  expect(reference, 'test (a) sent the referral').not.toBe('');
  await signIn(page, 'booking');
  await page.getByRole('navigation', { name: 'Menu' }).getByRole('link', { name: 'Worklists' }).click();
  await expect(page.getByRole('navigation', { name: 'Worklists' }).getByRole('link', { name: /^To book \(\d+\)$/ })).toHaveAttribute('aria-current', 'page');
  await openFromWorklist(page, reference);

  await page.getByRole('group', { name: 'How did you contact the patient?' }).getByLabel('Phone').check();
  await page.getByLabel('Outcome').fill('Spoke to the patient: prefers a morning appointment');
  await page.getByRole('button', { name: 'Record contact' }).click();
  await expect(page.getByText('Contact recorded.')).toBeVisible();
  await expect(page.getByRole('table', { name: 'Contacts with the patient' })).toContainText('prefers a morning appointment');

  const day = new Date(Date.now() + 14 * 86_400_000);
  const date = page.getByRole('group', { name: 'Appointment date' });
  await date.getByLabel('Day').fill(String(day.getDate()));
  await date.getByLabel('Month').fill(String(day.getMonth() + 1));
  await date.getByLabel('Year').fill(String(day.getFullYear()));
  await page.getByLabel('Provider', { exact: true }).selectOption('RY4');
  await page.getByRole('button', { name: 'Record booking' }).click();
  await expect(page.getByText('Booking recorded.')).toBeVisible();
  await expect(page.getByText('Booked', { exact: true }).first()).toBeVisible();
  await expectAccessible(page);
});

test('(d) the practice sees the outcome on "Our referrals", with the update', async ({ page }) => {
  expect(reference, 'test (a) sent the referral').not.toBe('');
  await signIn(page, 'practice-e82001');
  await page.getByRole('navigation', { name: 'Menu' }).getByRole('link', { name: 'Our referrals' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Our referrals');
  await expect(page.getByRole('heading', { name: /^\d+ new updates?$/ })).toBeVisible();
  await expect(page.getByRole('link', { name: new RegExp(`^${reference}: diverted to Community MSK`) })).toBeVisible();
  const statuses = page.getByRole('navigation', { name: 'Referrals by status' });
  await expect(statuses.getByRole('link', { name: /^All referrals \(\d+\)$/ })).toHaveAttribute('aria-current', 'page');
  const row = page.getByRole('table', { name: 'All referrals' }).getByRole('row', { name: new RegExp(reference) });
  await expect(row).toContainText('Booked');
  await expectAccessible(page);

  // The booked list has it too; its page says where it went and when the appointment is.
  await statuses.getByRole('link', { name: /^Booked \(\d+\)$/ }).click();
  await page.getByRole('table', { name: 'Booked' }).getByRole('button', { name: 'Received' }).click();
  await page.getByRole('table', { name: 'Booked' }).getByRole('button', { name: 'Received' }).click();
  await expect(page).toHaveURL(/list=booked.*order=desc/);
  await page.getByRole('link', { name: reference, exact: true }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Referral ${reference}`);
  await expect(page.getByText('Community MSK clinical assessment and treatment service (CATS)', { exact: true })).toBeVisible();
  await expect(page.getByRole('list', { name: 'History, oldest first' })).toContainText('Appointment booked');
  await expectAccessible(page);
});

test('(e) a referral sent through FHIR is forwarded by the reviewer', async ({ page }) => {
  // The practice creates a personal API token (the CSRF token comes from its session) and sends a ServiceRequest with it.
  await signIn(page, 'practice-e82001');
  const me = await (await page.request.get('/api/me')).json() as { csrfToken: string };
  const created = await page.request.post('/api/tokens', { headers: { 'X-CSRF-Token': me.csrfToken }, data: { name: 'e2e FHIR client' } });
  expect(created.status()).toBe(201);
  const { token } = await created.json() as { token: string };

  const ods = 'https://fhir.nhs.uk/Id/ods-organization-code';
  const serviceRequest = {
    resourceType: 'ServiceRequest', status: 'active', intent: 'order',
    contained: [{
      resourceType: 'Patient', id: 'patient',
      identifier: [{ system: 'https://fhir.nhs.uk/Id/nhs-number', value: nhsNumber('943476587') }],
      name: [{ use: 'official', family: 'Fhirpatient', given: ['Sam'] }],
      gender: 'male', birthDate: '1970-05-01', address: [{ use: 'home', postalCode: 'SG1 2AB' }],
    }],
    subject: { reference: '#patient' },
    requester: { identifier: { system: ods, value: 'E82001' }, display: 'Dr B Khan' },
    performer: [{ identifier: { system: ods, value: 'RWH' } }, { identifier: { system: ods, value: 'RAL' } }],
    performerType: { coding: [{ system: 'https://fhir.nhs.uk/CodeSystem/NHSDataModelAndDictionary-treatment-function', code: '120' }] },
    reasonCode: [{ coding: [{ system: 'http://hl7.org/fhir/sid/icd-10', code: 'H90.3', display: 'Sensorineural hearing loss, bilateral' }] }],
    priority: 'routine',
    identifier: [{ system: 'https://example.org/e82001/referral-id', value: `e2e-${Date.now()}` }],
    authoredOn: new Date().toISOString().slice(0, 10),
  };
  const sent = await page.request.post('/fhir/ServiceRequest', {
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/fhir+json', Accept: 'application/fhir+json' },
    data: JSON.stringify(serviceRequest),
  });
  expect(sent.status(), await sent.text()).toBe(201);
  const body = await sent.json() as { id: string; identifier?: { system?: string; value?: string }[] };
  const fhirReference = body.identifier?.find((i) => i.system?.endsWith('/Id/referral-reference'))?.value ?? '';
  expect(fhirReference).toMatch(/^R-\d{4}-\d+$/);

  // The reviewer finds it on the worklist and forwards it to the first choice.
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(/Sign in/);
  const reviewer = page;
  await signIn(reviewer, 'reviewer');
  await reviewer.goto('/worklists/awaiting_triage');
  await openFromWorklist(reviewer, fhirReference);
  await expect(reviewer.getByRole('list', { name: 'History, oldest first' })).toContainText('Sent through the FHIR API');
  await reviewer.getByLabel('Forward to provider').check();
  await expect(reviewer.getByLabel('Provider', { exact: true })).toHaveValue('RWH');
  await reviewer.getByLabel('Reason for the decision').fill('Unilateral symptoms on audiogram: ENT opinion needed.');
  await reviewer.getByRole('button', { name: 'Record decision' }).click();
  await expect(reviewer.getByText('Decision recorded: Forwarded to provider.')).toBeVisible();
  await expect(reviewer.getByText('Forwarded to provider', { exact: true }).first()).toBeVisible();
  await expectAccessible(reviewer);
});
