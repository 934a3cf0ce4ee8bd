import { expect, test, type Page } from '@playwright/test';
import { expectAccessible, signIn } from './helpers.js';

// Issue 6 (ORG-4 to ORG-6), in the demo's Dacorum Beacon Locality (DAC): the board records a board
// member's declared interest in a provider, then a decision about that provider; the member's vote
// "for" is refused naming the declaration, and they are recorded as recused. Then a delegation
// level is changed. The provider, NVC, is one no demo declaration names.
test.describe.configure({ timeout: 180_000 });

const GROUP = 'DAC';
const MEMBER = 'Dr Meena Savla';
const PROVIDER = 'NVC';

/** A day in England's calendar, `days` before today, as its three date boxes. */
function daysAgo(days: number) {
  const [year, month, day] = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' }).format(new Date(Date.now() - days * 86_400_000)).split('-');
  return { day: String(Number(day)), month: String(Number(month)), year: year! };
}

async function fillDate(page: Page, legend: string, date: { day: string; month: string; year: string }) {
  const group = page.getByRole('group', { name: legend });
  await group.getByLabel('Day').fill(date.day);
  await group.getByLabel('Month').fill(date.month);
  await group.getByLabel('Year').fill(date.year);
}

test('a declared interest in a provider makes its member recused from a decision about it, and a delegation level is set', async ({ page }) => {
  const stamp = Date.now();
  await signIn(page, 'board');
  await page.goto(`/governance?group=${GROUP}`);
  await expect(page.getByRole('link', { name: 'Dacorum Beacon Locality board' }).first()).toBeVisible();
  await expectAccessible(page);

  // The declaration, recorded for the member.
  await page.goto(`/governance/interests?group=${GROUP}`);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Declarations of interest');
  await expectAccessible(page);
  await page.getByRole('button', { name: 'Declare interest' }).click();
  await expect(page.getByRole('link', { name: 'Select the kind of interest' })).toBeVisible();
  await expect(page).toHaveTitle(/^Error: /);
  await expectAccessible(page);

  await page.getByRole('radio', { name: 'A member’s, recorded for them' }).check();
  const member = page.getByLabel('Member', { exact: true });
  await expect(member.locator('option', { hasText: `${MEMBER} (` }).first()).toBeAttached();
  const seat = (await member.locator('option', { hasText: `${MEMBER} (` }).allTextContents()).find((t) => /board: Member\)$/.test(t));
  expect(seat, `${MEMBER}’s board seat`).toBeTruthy();
  await member.selectOption({ label: seat! });
  await page.getByRole('radio', { name: 'Financial', exact: true }).check();
  await page.getByLabel('The interest', { exact: true }).fill(`Shareholder in the provider’s dermatology clinic (E2E ${stamp})`);
  await page.getByLabel('What the interest is in').selectOption('provider');
  await page.getByLabel('Which one').fill(PROVIDER);
  await fillDate(page, 'Date declared', daysAgo(10));
  await page.getByRole('button', { name: 'Declare interest' }).click();
  await expect(page.getByText(new RegExp(`^${MEMBER}’s financial interest in .+ is on the register\\.$`))).toBeVisible();
  const declared = page.getByRole('row').filter({ hasText: `E2E ${stamp}` });
  await expect(declared).toContainText(MEMBER);
  await expect(declared).toContainText('In force');
  await expectAccessible(page);

  // The decision about the provider, by the board.
  await page.goto(`/governance/decisions?group=${GROUP}`);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Decisions');
  await expectAccessible(page);
  const title = `Commission community dermatology from ${PROVIDER} (E2E ${stamp})`;
  const form = page.getByRole('region', { name: 'Record a decision' });
  await form.getByLabel('Body that decided').selectOption({ label: 'Dacorum Beacon Locality board' });
  await fillDate(page, 'Date of the decision', daysAgo(2));
  await form.getByLabel('What was decided').fill(title);
  await form.getByLabel('Subject 1: kind').selectOption('provider');
  await form.getByLabel('Subject 1: code, number or words').fill(PROVIDER);
  await form.getByLabel('Paper 1: title').fill('Outline business case: community dermatology');
  await form.getByRole('button', { name: 'Record decision' }).click();

  await expect(page.getByRole('heading', { level: 1 })).toHaveText(title);
  await expect(page.getByText('Decision recorded.')).toBeVisible();
  const callout = page.locator('.nhsuk-card--warning').filter({ hasText: 'Declared interests' });
  await expect(callout).toContainText(`${MEMBER} (Member)`);
  await expect(callout).toContainText(`${MEMBER} declared a financial interest in`);
  await expect(callout).toContainText('No vote recorded yet.');
  await expectAccessible(page);

  // Their vote "for" is refused, naming the declaration ...
  await page.getByLabel('Member of Dacorum Beacon Locality board').selectOption({ label: `${MEMBER} (Member): declared interest` });
  await expect(page.getByText(`${MEMBER} must be recorded as recused.`)).toBeVisible();
  await expect(page.getByRole('radio', { name: 'Recused' })).toBeChecked();
  await page.getByRole('radio', { name: 'For' }).check();
  await page.getByRole('button', { name: 'Record vote' }).click();
  const byField = page.locator('#vote-choice-error, .nhsuk-form-group--error .nhsuk-error-message').first();
  await expect(byField).toContainText(`${MEMBER} declared a financial interest in`);
  await expect(byField).toContainText('record the vote as recused');
  await expect(page).toHaveTitle(/^Error: /);
  await expectAccessible(page);

  // ... and by the server too, whatever the page does.
  const decisionId = Number(new URL(page.url()).pathname.split('/').pop());
  const detail = await (await page.request.get(`/api/governance/decisions/${decisionId}`)).json() as { voters: { memberId: number; personName: string }[] };
  const memberId = detail.voters.find((v) => v.personName === MEMBER)!.memberId;
  const csrf = ((await (await page.request.get('/api/me')).json()) as { csrfToken: string }).csrfToken;
  const refused = await page.request.post(`/api/governance/decisions/${decisionId}/votes`, { headers: { 'X-CSRF-Token': csrf }, data: { memberId, vote: 'for', reason: '' } });
  expect(refused.status()).toBe(409);
  expect((await refused.json()).message).toContain(`${MEMBER} declared a financial interest in`);

  // Recorded as recused, with the declaration as the reason.
  await page.getByRole('radio', { name: 'Recused' }).check();
  await page.getByRole('button', { name: 'Record vote' }).click();
  await expect(page.getByText(`${MEMBER}’s vote recorded: recused.`)).toBeVisible();
  const vote = page.getByRole('table', { name: 'Votes recorded' }).getByRole('row').filter({ hasText: MEMBER });
  await expect(vote).toContainText('Recused');
  await expect(vote).toContainText('Declared interest:');
  await expect(callout).toContainText('Recorded as recused.');
  await expect(page.getByText(/1 recused \(Dr Meena Savla\)/)).toBeVisible();
  await expectAccessible(page);

  // The log shows the decision with its declared interest.
  await page.getByRole('link', { name: 'The decisions log' }).click();
  const logged = page.getByRole('row').filter({ hasText: title });
  await expect(logged).toContainText('1 recused');
  await expect(logged).toContainText('1 member');

  // A delegation level: varying a provider contract becomes delegated to the group.
  await page.goto(`/governance/delegation?group=${GROUP}`);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Delegation');
  await expectAccessible(page);
  const contract = page.getByRole('group', { name: 'Vary a provider contract' });
  await contract.getByRole('radio', { name: /^Category C: delegated/ }).check();
  await page.getByRole('button', { name: 'Save the level of vary a provider contract' }).click();
  await expect(page.getByText(/^Vary a provider contract: Category C: delegated\./)).toBeVisible();
  await expect(page.getByRole('table', { name: /Levels held by Dacorum Beacon Locality/ }).getByRole('row').filter({ hasText: 'Vary a provider contract' })).toContainText('Category C: delegated');
  await expectAccessible(page);
});
