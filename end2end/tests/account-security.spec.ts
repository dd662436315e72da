import type { Browser, Page } from '@playwright/test';
import { test, expect, uniqueUsername, VirtualAuthenticator, type StoredPasskey } from './fixtures/authenticator';
import { AccountPage, Header, SignUpPage, hydrated, signedInUsername } from './fixtures/pages';
import { instrumentCredentials, readLog, recordSignals } from './fixtures/instrument';

// The account security page (/account): passkeys, password, display name, sessions and the account itself, each
// change checked on the page, on the server, and in the virtual authenticator, which acts on the page's Signal API
// calls (signalAllAcceptedCredentials, signalCurrentUserDetails) as a passkey manager does. Every test asks for
// the `authenticator` fixture: without one attached, the passkey prompt waits for a device that never answers.

/** Signs up with a passkey and, if given, a password; waits for the hydrated account page. */
async function signUp(page: Page, username: string, password?: string) {
  const signUpPage = new SignUpPage(page);
  await signUpPage.goto();
  await signUpPage.username().fill(username);
  if (password) await signUpPage.password().fill(password);
  await signUpPage.createPasskey().click();
  await expect(page).toHaveURL(/\/account$/);
  await hydrated(page);
  const account = new AccountPage(page);
  await expect(account.passkeys()).toHaveCount(1);
  return account;
}

/** A second browser profile whose passkey manager holds a copy of `passkey`, signed in with it by autofill. */
async function secondDeviceSignedIn(browser: Browser, passkey: StoredPasskey) {
  const device = await (await browser.newContext()).newPage();
  const copy = await VirtualAuthenticator.attach(device);
  await copy.addCopyOf(passkey);
  await device.goto('/sign-in');
  await expect(device).toHaveURL(/\/account$/);
  return device;
}

test.describe('with a fresh proof (just signed up)', () => {
  test('deleting a passkey takes it off the page and off the device', async ({ page, authenticator }) => {
    const account = await signUp(page, uniqueUsername('delete'), 'a password to fall back on');
    expect(await authenticator.credentials()).toHaveLength(1);

    await account.passkeys().first().getByRole('button', { name: 'Delete' }).click();

    await expect(account.status()).toHaveText('Passkey deleted. You are signed out everywhere else.');
    await expect(account.passkeys()).toHaveCount(0);
    await expect
      .poll(async () => (await authenticator.credentials()).length, 'signalAllAcceptedCredentials removed it')
      .toBe(0);
  });

  test('the only passkey of an account without a password cannot be deleted', async ({ page, authenticator }) => {
    const account = await signUp(page, uniqueUsername('only'));

    await account.passkeys().first().getByRole('button', { name: 'Delete' }).click();

    await expect(account.error()).toHaveText(
      'This is your only passkey and your account has no password. Add another passkey or set a password first.',
    );
    await expect(account.passkeys()).toHaveCount(1);
    expect(await authenticator.credentials(), 'the device keeps it').toHaveLength(1);
    await expect(account.button('Remove password')).toHaveCount(0);
    await expect(account.button('Set a password')).toBeVisible();
  });

  test('a passkey gets a name of its own', async ({ page, authenticator: _device }) => {
    const account = await signUp(page, uniqueUsername('label'));
    const item = account.passkeys().first();
    await expect(item).toContainText('This device only');

    await item.getByRole('button', { name: 'Rename' }).click();
    await item.getByRole('textbox', { name: 'Passkey name' }).fill('Work laptop');
    await item.getByRole('button', { name: 'Update name' }).click();

    await expect(account.status()).toHaveText('Passkey renamed.');
    await expect(account.passkeys().first()).toContainText('Work laptop');
    await page.reload();
    await expect(account.passkeys().first()).toContainText('Work laptop');
  });

  test('a new display name is saved and the device shows it for the passkey', async ({ page, authenticator }) => {
    const username = uniqueUsername('name');
    const account = await signUp(page, username);
    expect((await authenticator.credentials())[0].userDisplayName).toBe(username);

    await account.displayName().fill('Ada Lovelace');
    await account.button('Save').click();

    await expect(account.status()).toHaveText('Display name saved: Ada Lovelace.');
    await expect
      .poll(async () => (await authenticator.credentials())[0]?.userDisplayName, 'signalCurrentUserDetails renamed it')
      .toBe('Ada Lovelace');
    expect((await authenticator.credentials())[0].userName, 'the username stays').toBe(username);
    await expect(page.getByText(`Signed in as ${username} (Ada Lovelace)`)).toBeVisible();
  });

  test('a password is set, changed and removed', async ({ page, authenticator: _device }) => {
    const account = await signUp(page, uniqueUsername('password'));

    await account.button('Set a password').click();
    await page.getByLabel('New password').fill('first password');
    await account.button('Use this password').click();
    await expect(account.status()).toHaveText('Password set. You are signed out everywhere else.');

    await account.button('Change password').click();
    await page.getByLabel('New password').fill('second password');
    await account.button('Use this password').click();
    await expect(account.status()).toHaveText('Password changed. You are signed out everywhere else.');

    await account.button('Remove password').click();
    await expect(account.status()).toHaveText('Password removed. You sign in with your passkeys.');
    await expect(account.button('Set a password')).toBeVisible();
  });

  test('signing out everywhere else ends the session on the other device and keeps this one', async ({
    browser,
    page,
    authenticator,
  }) => {
    const username = uniqueUsername('elsewhere');
    const account = await signUp(page, username);
    const device = await secondDeviceSignedIn(browser, (await authenticator.credentials())[0]);
    expect(await signedInUsername(device)).toBe(username);

    await account.button('Sign out everywhere else').click();

    await expect(account.status()).toHaveText('Signed out of 1 other session.');
    expect(await signedInUsername(device), 'the other device is signed out').toBeNull();
    expect(await signedInUsername(page), 'this one is not').toBe(username);
    await device.context().close();
  });

  test('deleting the account signs out and removes its passkeys from the device', async ({ page, authenticator }) => {
    const signals = await recordSignals(page);
    const account = await signUp(page, uniqueUsername('gone'));

    await account.button('Delete account').click();
    await account.button('Yes, delete my account').click();

    await expect(page).toHaveURL(/\/$/);
    await expect(new Header(page).signInLink()).toBeVisible();
    expect(await signedInUsername(page)).toBeNull();
    await expect
      .poll(async () => (await authenticator.credentials()).length, 'an empty accepted list removed every passkey')
      .toBe(0);
    expect(signals.at(-1), 'the last signal: nothing of this account is accepted').toMatchObject({
      signal: 'signalAllAcceptedCredentials',
      options: { allAcceptedCredentialIds: [] },
    });
  });
});

test('every change is told to the device through the Signal API, and the device follows', async ({
  page,
  authenticator,
}) => {
  const signals = await recordSignals(page);
  const username = uniqueUsername('signals');
  const account = await signUp(page, username, 'a password to fall back on');
  await page.goto('/account');
  await hydrated(page);
  const [passkey] = await authenticator.credentials();
  const userId = Buffer.from(passkey.userHandle!, 'base64').toString('base64url');
  const credentialId = Buffer.from(passkey.credentialId, 'base64').toString('base64url');
  const accepted = (ids: string[]) => ({
    signal: 'signalAllAcceptedCredentials',
    options: { rpId: 'localhost', userId, allAcceptedCredentialIds: ids },
  });
  const details = (displayName: string) => ({
    signal: 'signalCurrentUserDetails',
    options: { rpId: 'localhost', userId, name: username, displayName },
  });
  const log: string[] = [];
  const step = async (what: string) => {
    const held = (await authenticator.credentials()).map((c) => `${c.userName} (${c.userDisplayName})`);
    log.push(`${what}: ${JSON.stringify(signals.slice(-2))} -> the device holds ${JSON.stringify(held)}`);
  };

  const lastTwo = () => signals.slice(-2);
  await expect.poll(lastTwo, 'on load').toEqual([accepted([credentialId]), details(username)]);
  await step('load');

  await account.displayName().fill('Ada Lovelace');
  await account.button('Save').click();
  await expect.poll(lastTwo, 'after Save').toEqual([accepted([credentialId]), details('Ada Lovelace')]);
  await expect.poll(async () => (await authenticator.credentials())[0]?.userDisplayName).toBe('Ada Lovelace');
  await step('display name saved');

  await account.passkeys().first().getByRole('button', { name: 'Delete' }).click();
  await expect.poll(lastTwo, 'after Delete').toEqual([accepted([]), details('Ada Lovelace')]);
  await expect.poll(async () => (await authenticator.credentials()).length).toBe(0);
  await step('passkey deleted');

  console.log(`Signal API calls observed, and what the virtual authenticator held after each:\n${log.join('\n')}`);
});

test.describe("with a stale proof: confirm it's you", () => {
  // The server started with REAUTH_SECONDS=2 (playwright.config.ts): a proof older than that is stale.
  test.use({ baseURL: `http://localhost:${Number(process.env.E2E_PORT ?? 3100) + 4}` });
  const waitForTheProofToGoStale = (page: Page) => page.waitForTimeout(2_500);

  test('a change asks for one of the account’s passkeys, then goes through', async ({ page, authenticator }) => {
    await instrumentCredentials(page);
    const account = await signUp(page, uniqueUsername('stale'));
    const [before] = await authenticator.credentials();
    await waitForTheProofToGoStale(page);

    const item = account.passkeys().first();
    await item.getByRole('button', { name: 'Rename' }).click();
    await item.getByRole('textbox', { name: 'Passkey name' }).fill('Phone');
    await item.getByRole('button', { name: 'Update name' }).click();

    const dialog = account.confirmDialog();
    await expect(dialog).toBeVisible();
    await expect(dialog.getByLabel('Current password'), 'the account has no password to offer').toHaveCount(0);
    await dialog.getByRole('button', { name: 'Use a passkey' }).click();

    await expect(dialog).toBeHidden();
    const asked = (await readLog(page)).filter((e) => e.what === 'get').at(-1);
    expect(asked, 'a modal request for the account\'s one passkey').toMatchObject({ allowCredentials: 1 });
    expect(asked?.mediation).toBeUndefined();
    expect(asked?.uiMode).toBeUndefined();
    await expect(account.status()).toHaveText('Passkey renamed.');
    await expect(account.passkeys().first()).toContainText('Phone');
    const [after] = await authenticator.credentials();
    expect(after.signCount, 'the device signed a fresh assertion').toBeGreaterThan(before.signCount);
  });

  test('a change asks for the password, and a wrong one is refused', async ({ page, authenticator: _device }) => {
    const account = await signUp(page, uniqueUsername('stalepw'), 'the right password');
    await waitForTheProofToGoStale(page);

    await account.displayName().fill('Grace Hopper');
    await account.button('Save').click();

    const dialog = account.confirmDialog();
    await expect(dialog).toBeVisible();
    await dialog.getByLabel('Current password').fill('a wrong password');
    await dialog.getByRole('button', { name: 'Confirm with password' }).click();
    await expect(dialog.getByRole('alert')).toHaveText('That is not your current password.');
    await expect(dialog).toBeVisible();

    await dialog.getByLabel('Current password').fill('the right password');
    await dialog.getByRole('button', { name: 'Confirm with password' }).click();

    await expect(dialog).toBeHidden();
    await expect(account.status()).toHaveText('Display name saved: Grace Hopper.');
  });

  test('closing the prompt changes nothing', async ({ page, authenticator: _device }) => {
    const username = uniqueUsername('cancel');
    const account = await signUp(page, username);
    await waitForTheProofToGoStale(page);

    await account.button('Delete account').click();
    await account.button('Yes, delete my account').click();
    await expect(account.confirmDialog()).toBeVisible();
    await page.keyboard.press('Escape');

    await expect(account.confirmDialog()).toBeHidden();
    await expect(account.error()).toHaveText("Nothing was changed: it needs you to confirm it's you.");
    expect(await signedInUsername(page)).toBe(username);
    await page.reload();
    await expect(account.passkeys()).toHaveCount(1);
  });
});
