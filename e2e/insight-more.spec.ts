/**
 * More of insight (issue 7) in the browser: a practice's A&E audit sheet from start to completed
 * and the commissioner's summary of it; a practice's feedback on a reviewer's decision reaching the
 * reviewer's revalidation evidence and its PDF; a shared grouping made by pasting practice codes and
 * used as the peers on the funnel plot; change alerts and a new version of a measure. Axe on every
 * page visited.
 */
import fs from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { testNhsNumber } from '../src/testing/ae-audits.js';
import { pdfText } from '../src/testing/pdf.js';
import { expectAccessible, signIn } from './helpers.js';

/** A date n days ago, as YYYY-MM-DD (the middle of a UK day, so no time zone moves it). */
const daysAgo = (n: number) => new Date(Date.now() - n * 86_400_000).toISOString().slice(0, 10);
const months = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const longDate = (iso: string) => `${Number(iso.slice(8, 10))} ${months[Number(iso.slice(5, 7)) - 1]} ${iso.slice(0, 4)}`;

async function fillDate(page: Page, legend: string, iso: string) {
  const group = page.getByRole('group', { name: legend });
  await group.getByLabel('Day').fill(String(Number(iso.slice(8, 10))));
  await group.getByLabel('Month').fill(String(Number(iso.slice(5, 7))));
  await group.getByLabel('Year').fill(iso.slice(0, 4));
}

async function signOut(page: Page) {
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(/Sign in/);
}

const errorSummary = (page: Page) => page.getByRole('alert').filter({ hasText: 'There is a problem' });

test('(1) a practice audits its A&E attendances; the commissioner sees the summary and pseudonyms', async ({ page }) => {
  const practice = 'E82008'; // the demo's fifth practice: the first four have a demo audit already
  const nhsNumber = testNhsNumber(4321);
  const shown = `${nhsNumber.slice(0, 3)} ${nhsNumber.slice(3, 6)} ${nhsNumber.slice(6)}`; // as NHS services write it
  const [start, end, attended, outside] = [daysAgo(40), daysAgo(10), daysAgo(20), daysAgo(50)];
  const title = `E2E audit ${Date.now()}`;

  await signIn(page, `practice-${practice.toLowerCase()}`);
  await page.goto('/ae-audits');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('A&E audits');
  await expectAccessible(page);

  await page.getByLabel('Title').fill(title);
  await fillDate(page, 'Start of the period', start);
  await fillDate(page, 'End of the period', end);
  await page.getByRole('button', { name: 'Start audit' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(title);
  await expect(page).toHaveURL(/\/ae-audits\/\d+$/);
  const auditPath = new URL(page.url()).pathname;
  await expect(page.getByText('No attendances recorded yet.')).toBeVisible();
  await expectAccessible(page);

  // A wrong NHS number and a date outside the period: each named by its field and in the summary.
  const add = page.getByRole('region', { name: 'Add an attendance' });
  await add.getByLabel('NHS number').fill('9434765918');
  await add.getByLabel('Choose the age band').check();
  await add.getByLabel('Age band', { exact: true }).selectOption('30-34');
  await add.getByRole('group', { name: 'Sex' }).getByLabel('Female').check();
  await fillDate(page, 'Date of attendance', outside);
  await add.getByLabel('Time of attendance').fill('10:30');
  await add.getByLabel('Reason for attending').fill('Minor injury (sprain, cut, bruise)');
  await add.getByRole('group', { name: 'Could primary care have seen them?' }).getByLabel('Yes').check();
  await add.getByRole('group', { name: 'Outcome' }).getByLabel('Discharged', { exact: true }).check();
  await add.getByRole('button', { name: 'Add attendance' }).click();

  const nhsError = 'NHS number is not a valid NHS number: the check digit does not match';
  const dateError = `Date of attendance must be within the audit period, ${longDate(start)} to ${longDate(end)}`;
  await expect(errorSummary(page).getByRole('link', { name: nhsError })).toBeVisible();
  await expect(errorSummary(page).getByRole('link', { name: dateError })).toBeVisible();
  await expect(page.locator('.nhsuk-form-group--error').filter({ has: page.getByLabel('NHS number') })).toContainText(nhsError);
  await expect(page.locator('.nhsuk-form-group--error').filter({ has: page.getByRole('group', { name: 'Date of attendance' }) })).toContainText(dateError);
  await expect(page).toHaveTitle(/^Error: /);
  await expectAccessible(page);

  await add.getByLabel('NHS number').fill(nhsNumber);
  await fillDate(page, 'Date of attendance', attended);
  await add.getByRole('button', { name: 'Add attendance' }).click();
  await expect(page.getByText(new RegExp(`^Attendance of ${longDate(attended)}, 10:30am added`))).toBeVisible();
  await expect(errorSummary(page)).toHaveCount(0);
  // The practice sees its own patient by NHS number.
  const sheet = page.getByRole('table', { name: '1 attendance audited' });
  await expect(sheet.getByRole('rowheader', { name: shown })).toBeVisible();
  await expectAccessible(page);

  await page.getByRole('button', { name: 'Complete audit' }).click();
  await expect(page.getByText('Audit completed. It is now read-only and counts in the summary.')).toBeVisible();
  await expect(page.getByText('This audit is completed, so it can no longer be changed.')).toBeVisible();
  await expect(page.getByRole('region', { name: 'Add an attendance' })).toHaveCount(0);
  await expectAccessible(page);
  await signOut(page);

  // The commissioner: the summary, chart first, with this practice's figures.
  await signIn(page, 'commissioner');
  await page.goto('/ae-audits');
  await expect(page.getByRole('table', { name: 'A&E audits by practice' }).getByRole('row', { name: new RegExp(title) })).toContainText(`(${practice})`);
  await expectAccessible(page);
  await page.getByRole('link', { name: 'See the summary of audited attendances' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('A&E audit summary');
  await expect(page.getByRole('img', { name: 'Share of A&E attendances primary care could have seen' })).toBeVisible();
  await page.getByText('Show the numbers', { exact: true }).click();
  const figures = page.getByRole('table', { name: 'Attendances audited and whether primary care could have seen them' });
  const row = figures.getByRole('row', { name: new RegExp(`\\(${practice}\\)`) });
  // One attendance, answered yes: 100% could have been seen.
  await expect(row.getByRole('cell').nth(0)).toHaveText('1');
  await expect(row.getByRole('cell').nth(1)).toHaveText('1');
  await expect(row).toContainText('100.0%');
  await expect(figures.getByRole('row').last()).toContainText(/\d/);
  await expectAccessible(page);

  // The sheet shows the commissioner a pseudonym, never the NHS number.
  await page.goto(auditPath);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(title);
  const seen = page.getByRole('table', { name: '1 attendance audited' });
  await expect(seen.getByRole('rowheader')).toHaveText(/^P-/);
  await expect(page.getByRole('main')).not.toContainText(shown);
  await expect(page.getByRole('main')).not.toContainText(nhsNumber);
  await expect(page.getByText('Patients are shown as pseudonyms')).toBeVisible();
  await expectAccessible(page);
});

interface ReferralSummary { id: string; reference: string; events: { at: string; actor: string; action: string }[] }

test('(2) a practice gives feedback on a reviewer’s decision; the reviewer sees it in the evidence and downloads the PDF', async ({ page }) => {
  await signIn(page, 'practice-e82001');
  // A referral of this practice the demo reviewer decided on, most recent first, with no feedback yet.
  const decisions = ['forward', 'divert', 'return_with_advice', 'request_info', 'discuss_with_gp'];
  const listed = await page.request.get('/api/referrals?status=forwarded,diverted,returned_with_advice,info_requested,discussed_with_gp,booked,closed&limit=200');
  expect(listed.status()).toBe(200);
  const decided = (await listed.json() as ReferralSummary[])
    .map((r) => ({ r, at: r.events.filter((e) => e.actor === 'reviewer' && decisions.includes(e.action)).map((e) => e.at).sort().at(-1) }))
    .filter((x) => x.at !== undefined)
    .sort((a, b) => b.at!.localeCompare(a.at!));
  let referral: ReferralSummary | undefined;
  for (const { r } of decided) {
    const state = await (await page.request.get(`/api/referrals/${r.id}/feedback`)).json() as { canGive: boolean; feedback: unknown };
    if (state.canGive && state.feedback === null) {
      referral = r;
      break;
    }
  }
  expect(referral, 'a demo referral of E82001 decided by the reviewer, without feedback').toBeDefined();
  const comment = `E2E: clear advice, thank you (${Date.now()})`;

  await page.goto(`/referrals/${referral!.id}`);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Referral ${referral!.reference}`);
  const feedback = page.getByRole('region', { name: 'Feedback on the reviewer’s decision' });
  await expect(feedback).toBeVisible();
  await expectAccessible(page);
  // Nothing chosen: the error by the radios and in the summary.
  await feedback.getByRole('button', { name: 'Send feedback' }).click();
  await expect(errorSummary(page).getByRole('link', { name: 'Select whether the reviewer’s decision was helpful' })).toBeVisible();
  await expectAccessible(page);
  await feedback.getByRole('group', { name: 'Was the reviewer’s decision helpful?' }).getByLabel('Yes').check();
  await feedback.getByLabel('Comment (optional)').fill(comment);
  await feedback.getByRole('button', { name: 'Send feedback' }).click();
  await expect(page.getByText('Thank you: your feedback on the reviewer’s decision has been sent')).toBeVisible();
  await expect(errorSummary(page)).toHaveCount(0);
  await expectAccessible(page);
  await signOut(page);

  await signIn(page, 'reviewer');
  await page.goto('/reviewers/evidence');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Reviewer evidence for revalidation');
  await expect(page.getByRole('heading', { level: 3, name: 'Statement for the appraiser' })).toBeVisible();
  const summary = page.locator('.nhsuk-summary-list');
  await expect(summary.getByText('Triage decisions', { exact: true })).toBeVisible();
  await expect(summary.locator('.nhsuk-summary-list__row').filter({ hasText: 'Feedback from practices' })).toContainText(/^Feedback from practices\s*[1-9][\d,]*: helpful [1-9]/);
  await expect(page.getByRole('table', { name: 'Decisions by outcome' })).toBeVisible();
  await expect(page.getByRole('heading', { level: 3, name: /^Practices’ comments \([1-9][\d,]*\)$/ })).toBeVisible();
  await expectAccessible(page);
  // The latest comments are shown; the rest (hundreds a year in the demo) are one click away.
  const earlier = page.getByText(/^Show the [\d,]+ earlier comments?$/);
  if (await earlier.count()) await earlier.click();
  await expect(page.getByText(comment)).toBeVisible();

  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: /^Download PDF for revalidation/ }).click()]);
  expect(download.suggestedFilename()).toMatch(/\.pdf$/);
  const pdf = fs.readFileSync((await download.path())!);
  expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
  expect(pdfText(pdf)).toContain('revalidation');
});

test('(3) a commissioner pastes practice codes into a shared grouping and compares practices within it', async ({ page }) => {
  await signIn(page, 'commissioner');
  const practices = (await (await page.request.get('/api/practices')).json() as { code: string }[]).map((p) => p.code).sort();
  const members = practices.slice(-3);
  const name = `E2E grouping ${Date.now()}`;

  await page.goto('/insight/groupings');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Groupings of practices');
  await expectAccessible(page);
  const form = page.getByRole('region', { name: 'Create a grouping' });
  await form.getByLabel('Name').fill(name);
  await form.getByLabel('Kind of grouping').selectOption({ label: 'Primary care network' });
  await form.getByLabel('Everyone who uses insight').check();
  // A code the hub does not know, pasted as a column from a spreadsheet: the error names it.
  await form.getByLabel('Practice codes (optional)').fill([...members, 'Z99999'].join('\n'));
  await form.getByRole('button', { name: 'Create grouping' }).click();
  await expect(errorSummary(page)).toContainText('Z99999');
  await expect(page.locator('.nhsuk-form-group--error').filter({ has: page.getByLabel('Practice codes (optional)') })).toContainText('Z99999');
  await expect(page).toHaveTitle(/^Error: /);
  await expectAccessible(page);

  await form.getByLabel('Practice codes (optional)').fill(members.join('\n'));
  await form.getByRole('button', { name: 'Create grouping' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(name);
  await expect(page.getByText(`Grouping ‘${name}’ created with 3 practices.`)).toBeVisible();
  await expect(page).toHaveURL(/\/insight\/groupings\/\d+$/);
  const groupingId = new URL(page.url()).pathname.split('/').at(-1)!;
  const inGrouping = page.getByRole('table', { name: `Practices in ${name}` });
  for (const code of members) await expect(inGrouping.getByRole('cell', { name: code, exact: true })).toBeVisible();
  await expectAccessible(page);

  await page.getByRole('link', { name: 'Groupings', exact: true }).click();
  const listed = page.getByRole('table', { name: 'Groupings' }).getByRole('row', { name: new RegExp(name) });
  await expect(listed).toContainText('Shared');
  await expect(listed.getByRole('cell').nth(1)).toHaveText('3');
  await expectAccessible(page);

  await page.goto('/insight/compare?measure=referrals_per_1000');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Compare practices');
  await page.getByLabel('Peers').selectOption({ label: `${name} (3 practices)` });
  await page.getByRole('button', { name: 'Compare' }).click();
  await expect(page).toHaveURL(new RegExp(`grouping=${groupingId}`));
  await expect(page.getByRole('img', { name: /^Funnel plot: Referrals per 1,000 patients/ })).toBeVisible();
  await page.getByText('Show the numbers for every practice').click();
  const table = page.getByRole('table', { name: /^Referrals per 1,000 patients, / });
  await expect(table.getByRole('row')).toHaveCount(4); // the header and the grouping's three practices
  for (const code of members) await expect(table.getByRole('row', { name: new RegExp(`\\(${code}\\)`) })).toBeVisible();
  await expectAccessible(page);
});

test('(4) a commissioner reads the change alerts and adds a new version of a measure', async ({ page }) => {
  await signIn(page, 'commissioner');
  await page.goto('/insight/alerts');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Change alerts');
  await expect(page.getByRole('heading', { level: 2, name: 'Which way is better' })).toBeVisible();
  await expect(page.getByText(/^Referrals per 1,000 patients: /).first()).toBeVisible();
  await expect(page.getByRole('heading', { level: 2, name: 'Alerts' })).toBeVisible();
  await expectAccessible(page);
  await page.getByLabel('Months to look back').selectOption('12');
  await page.getByRole('button', { name: 'Show alerts' }).click();
  await expect(page).toHaveURL(/months=12/);
  await expect(page.getByRole('heading', { level: 2, name: 'Alerts' })).toBeVisible();
  await expectAccessible(page);

  await page.goto('/insight/measures');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Measures');
  const card = page.getByRole('region', { name: 'Referrals per 1,000 patients' });
  await expect(card.getByText('In force')).toBeVisible();
  await expectAccessible(page);

  const form = page.getByRole('region', { name: 'Add a measure or a new version' });
  await form.getByLabel('Start from').selectOption({ label: 'New version of Referrals per 1,000 patients' });
  const button = form.getByRole('button', { name: /^Add version \d+$/ });
  const version = Number((await button.textContent())!.replace('Add version ', ''));
  // The date in force from is not a date: the error names the field.
  await form.getByLabel('In force from').fill('next April');
  await form.getByLabel('Why it matters').fill('Revised: referrals per 1,000 patients, with the reasons practices gave.');
  await button.click();
  await expect(errorSummary(page).getByRole('link', { name: /^In force from / })).toBeVisible();
  await expect(page.locator('.nhsuk-form-group--error').filter({ has: page.getByLabel('In force from') })).toContainText(/In force from/);
  await expect(page).toHaveTitle(/^Error: /);
  await expectAccessible(page);

  // From the next 1 April, so the version in force today is unchanged for everything else.
  const now = new Date();
  const validFrom = `${now.getUTCMonth() >= 3 ? now.getUTCFullYear() + 1 : now.getUTCFullYear()}-04-01`;
  await form.getByLabel('In force from').fill(validFrom);
  await button.click();
  await expect(page.getByText(`Referrals per 1,000 patients: version ${version} added, in force from ${validFrom}.`)).toBeVisible();
  await expect(card.getByText(`Version ${version}, from ${validFrom}`)).toBeVisible();
  await expect(errorSummary(page)).toHaveCount(0);
  await expectAccessible(page);
});
