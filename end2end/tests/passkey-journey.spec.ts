import { test, expect, uniqueUsername } from './fixtures/authenticator';
import { AccountPage, Header, SignInPage, SignUpPage, hydrated } from './fixtures/pages';

test('a new user signs up with a passkey, signs out, and signs back in with it', async ({ page, authenticator }) => {
  const username = uniqueUsername('alice');
  const header = new Header(page);
  const account = new AccountPage(page);

  await new SignUpPage(page).signUp(username);

  await expect(page).toHaveURL(/\/account$/);
  await expect(account.heading()).toBeVisible();
  await expect(header.user(username)).toBeVisible();
  await expect(account.passkeys()).toHaveCount(1);
  expect(await authenticator.credentials()).toHaveLength(1);
  const [credential] = await authenticator.credentials();
  expect(credential.isResidentCredential, 'the passkey is discoverable').toBe(true);

  await header.signOutButton().click();
  await expect(header.signInLink()).toBeVisible();
  await expect(header.user(username)).toHaveCount(0);

  // The sign-in page offers the passkey by autofill, which the virtual authenticator accepts at once.
  // (The modal "Sign in with a passkey" button and one-click "Sign in" have their own specs.)
  await page.goto('/sign-in');

  await expect(page).toHaveURL(/\/account$/);
  await expect(account.heading()).toBeVisible();
  await expect(header.user(username)).toBeVisible();
  await expect(account.passkeys().first()).not.toContainText('Last used never');
});

test('reloading keeps the user signed in', async ({ page, authenticator }) => {
  const username = uniqueUsername('bob');
  await new SignUpPage(page).signUp(username);
  await expect(page).toHaveURL(/\/account$/);
  expect(await authenticator.credentials()).toHaveLength(1);

  await page.reload();

  await expect(new AccountPage(page).heading()).toBeVisible();
  await expect(new Header(page).user(username)).toBeVisible();
});

test('a signed-out visit to the account page lands on sign-in', async ({ page }) => {
  await page.goto('/account');
  await expect(page).toHaveURL(/\/sign-in$/);
  await expect(new SignInPage(page).signInWithPasskey()).toBeVisible();
});

test('adding a second passkey from a device that already has one is refused by the device', async ({
  page,
  authenticator,
}) => {
  const username = uniqueUsername('twice');
  await new SignUpPage(page).signUp(username);
  await expect(page).toHaveURL(/\/account$/);
  await hydrated(page);

  await page.getByRole('button', { name: 'Add a passkey' }).click();

  await expect(page.getByRole('alert').filter({ hasText: 'This device already has a passkey for this account.' })).toBeVisible();
  expect(await authenticator.credentials(), 'excludeCredentials kept the device from making a duplicate').toHaveLength(1);
  await expect(new AccountPage(page).passkeys()).toHaveCount(1);
});
