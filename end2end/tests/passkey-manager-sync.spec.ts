import { test, expect, uniqueUsername } from './fixtures/authenticator';
import { AccountPage, SignUpPage, hydrated } from './fixtures/pages';

// The account page tells the passkey manager what the site holds for the account (WebAuthn Signal API:
// signalAllAcceptedCredentials, signalCurrentUserDetails), and the virtual authenticator acts on it as a passkey
// manager does.

test('opening the account page makes the device forget a passkey of this account that the site does not have', async ({
  page,
  authenticator,
}) => {
  await new SignUpPage(page).signUp(uniqueUsername('sync'));
  await expect(new AccountPage(page).passkeys()).toHaveCount(1);
  const [known] = await authenticator.credentials();
  // The device's passkey for this account is now one the site never registered (it was deleted here, or made
  // against another deployment); a device holds one passkey per account and site.
  await authenticator.remove(known.credentialId);
  await authenticator.addUnknownPasskey('localhost', known.userHandle!);
  const [stray] = await authenticator.credentials();
  expect(stray.credentialId).not.toBe(known.credentialId);

  await page.goto('/account');
  await hydrated(page);

  await expect.poll(async () => (await authenticator.credentials()).length, 'the stray passkey is gone').toBe(0);
  await expect(new AccountPage(page).passkeys(), 'the site still lists its one passkey').toHaveCount(1);
});

test("opening the account page gives the device's passkeys the account's current names", async ({
  page,
  authenticator,
}) => {
  const username = uniqueUsername('names');
  await new SignUpPage(page).signUp(username);
  await expect(new AccountPage(page).passkeys()).toHaveCount(1);
  const [passkey] = await authenticator.credentials();
  // The device remembers the account by names it no longer has.
  await authenticator.remove(passkey.credentialId);
  await authenticator.addCopyOf({ ...passkey, userName: 'old-name', userDisplayName: 'Old Name' });
  expect((await authenticator.credentials())[0].userName).toBe('old-name');

  await page.goto('/account');
  await hydrated(page);

  await expect.poll(async () => (await authenticator.credentials())[0].userName).toBe(username);
  expect((await authenticator.credentials())[0].userDisplayName).toBe(username);
  expect(await authenticator.credentials(), 'renamed, not removed').toHaveLength(1);
});
