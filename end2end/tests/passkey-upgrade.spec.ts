import type { APIRequestContext, Page } from '@playwright/test';
import { test, expect, uniqueUsername } from './fixtures/authenticator';
import { AccountPage, Header, SignInPage, createPasswordAccount, hydrated } from './fixtures/pages';
import { stubSavedPassword } from './fixtures/instrument';

// Right after a password sign-in the site offers "Create a passkey" in one tap (a modal create; the password
// sign-in is the proof of the owner it needs), and that passkey then signs in with one click (immediate mode).

async function passwordAccount(request: APIRequestContext, prefix: string) {
  const username = uniqueUsername(prefix);
  const password = 'correct horse battery staple';
  await createPasswordAccount(request, username, password);
  return { username, password };
}

function offer(page: Page) {
  return page.getByRole('complementary', { name: 'Sign in faster next time' });
}

test('after a password sign-in, one tap makes a passkey that then signs in with one click', async ({
  page,
  request,
  authenticator,
}) => {
  const { username, password } = await passwordAccount(request, 'upgrade');
  const signIn = new SignInPage(page);
  await signIn.goto();
  await signIn.signInWithPasswordForm(username, password);
  await expect(page).toHaveURL(/\/account$/);
  await hydrated(page);
  await expect(new AccountPage(page).passkeys()).toHaveCount(0);

  await offer(page).getByRole('button', { name: 'Create a passkey' }).click();

  await expect(page.getByRole('status').filter({ hasText: 'Passkey created.' })).toBeVisible();
  await expect(offer(page)).toBeHidden();
  await expect(new AccountPage(page).passkeys(), 'the account page shows it at once').toHaveCount(1);
  const [passkey] = await authenticator.credentials();
  expect(passkey.userName).toBe(username);
  expect(passkey.isResidentCredential, 'discoverable, so immediate mode can find it').toBe(true);

  const header = new Header(page);
  await header.signOutButton().click();
  await expect(header.signInLink()).toBeVisible();
  await header.immediateReady();
  await header.signInLink().click();

  await expect(header.user(username)).toBeVisible();
  expect((await authenticator.credentials())[0].signCount, 'the passkey signed it').toBeGreaterThan(passkey.signCount);
  await expect(offer(page), 'no offer after a passkey sign-in').toBeHidden();
});

test('"Not now" puts the offer away for the rest of the session', async ({ page, request, authenticator }) => {
  const { username, password } = await passwordAccount(request, 'notnow');
  const signIn = new SignInPage(page);
  await signIn.goto();
  await signIn.signInWithPasswordForm(username, password);
  await expect(page).toHaveURL(/\/account$/);
  await hydrated(page);

  await offer(page).getByRole('button', { name: 'Not now' }).click();

  await expect(offer(page)).toBeHidden();
  await page.reload();
  await hydrated(page);
  await expect(new AccountPage(page).heading()).toBeVisible();
  await expect(offer(page)).toBeHidden();
  expect(await authenticator.credentials()).toHaveLength(0);
});

test('a password that immediate mode returned gets the offer on the page where it signed in', async ({
  page,
  request,
  authenticator,
}) => {
  const { username, password } = await passwordAccount(request, 'upgradeim');
  await stubSavedPassword(page, username, password);
  const header = new Header(page);
  await page.goto('/');
  await header.immediateReady();

  await header.signInLink().click();

  await expect(header.user(username)).toBeVisible();
  await expect(page).toHaveURL(/\/$/);
  await offer(page).getByRole('button', { name: 'Create a passkey' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Passkey created.' })).toBeVisible();
  expect(await authenticator.credentials()).toHaveLength(1);
});
