import type { Page } from '@playwright/test';
import { test, expect, uniqueUsername } from './fixtures/authenticator';
import { AccountPage, Header, SignInPage, SignUpPage, hydrated, registerThenSignOut, signedInUsername } from './fixtures/pages';
import { stored } from './fixtures/database';

// Hostile answers from the real browser: Chromium's virtual authenticator is told to sign with a bogus signature,
// or to clear the user-verified (UV) or user-present (UP) flag, in every ceremony the site has. The server must
// refuse each with the clear message, sign nobody in, create nothing, and leave the account as it was: the same
// passkeys, the same signature counters and last uses (read from the server's database), the same sign-ins.
// (The Rust suite sends the same faults from its software authenticator: server/tests/api/hostile.rs.)

const REJECTED = 'That passkey could not be verified. Please try again.';

const faults = [
  { name: 'a bogus signature', bits: { isBogusSignature: true }, atSignUp: false },
  { name: 'the user-verified flag cleared', bits: { isBadUV: true }, atSignUp: true },
  { name: 'the user-present flag cleared', bits: { isBadUP: true }, atSignUp: true },
] as const;

/** A signed-out browser whose authenticator holds a passkey of `username` that the site knows. */
async function returningUser(page: Page, prefix: string) {
  const username = uniqueUsername(prefix);
  await registerThenSignOut(page, username);
  return username;
}

for (const fault of faults) {
  test.describe(`an answer with ${fault.name}`, () => {
    test('is refused by "Sign in with a passkey"', async ({ page, authenticator }) => {
      const username = await returningUser(page, 'hmodal');
      const before = stored(username);
      // The autofill request the page starts by itself fails first, so that only the button asks.
      await authenticator.setUserVerified(false);
      await page.goto('/sign-in');
      await hydrated(page);
      await authenticator.setUserVerified(true);
      await authenticator.overrideResponses(fault.bits);

      await new SignInPage(page).signInWithPasskey().click();

      await expect(page.getByRole('alert').filter({ hasText: REJECTED })).toBeVisible();
      await expectNothingChanged(page, username, before);
    });

    test('is refused by autofill on the sign-in page', async ({ page, authenticator }) => {
      const username = await returningUser(page, 'hauto');
      const before = stored(username);
      await authenticator.overrideResponses(fault.bits);

      await page.goto('/sign-in');

      await expect(page.getByRole('alert').filter({ hasText: REJECTED })).toBeVisible();
      await expect(page).toHaveURL(/\/sign-in$/);
      await expectNothingChanged(page, username, before);
    });

    test('is refused by the one-click "Sign in"', async ({ page, authenticator }) => {
      const username = await returningUser(page, 'hclick');
      const before = stored(username);
      await page.goto('/');
      const header = new Header(page);
      await header.immediateReady();
      await authenticator.overrideResponses(fault.bits);

      await header.signInLink().click();

      await expect(page.getByRole('banner').getByRole('status').filter({ hasText: REJECTED })).toBeVisible();
      await expectNothingChanged(page, username, before);
    });

    // A registration carries no signature the site checks: see the test after this loop.
    if (fault.atSignUp) test('is refused at sign-up, and makes no account', async ({ page, authenticator }) => {
      const username = uniqueUsername('hreg');
      await authenticator.overrideResponses(fault.bits);
      const signUp = new SignUpPage(page);

      await signUp.signUp(username);

      await expect(signUp.alert()).toHaveText(REJECTED);
      await expect(page).toHaveURL(/\/sign-up$/);
      expect(await signedInUsername(page)).toBeNull();
      expect(stored(username), 'no account, passkey or sign-in').toEqual({ accounts: 0, passkeys: [], signIns: 0 });
    });
  });
}

test('at sign-up a bogus attestation signature never reaches the site, and the passkey made is sound', async ({
  page,
  authenticator,
}) => {
  // The site asks for no attestation (`attestation: "none"`), so the browser replaces the authenticator's
  // attestation statement, bogus signature and all, with "none": a registration has no signature to check, only
  // the new public key, which every later sign-in verifies.
  const username = uniqueUsername('hregsig');
  await authenticator.overrideResponses({ isBogusSignature: true });
  await new SignUpPage(page).signUp(username);
  await expect(page).toHaveURL(/\/account$/);
  await authenticator.overrideResponses({});
  await new Header(page).signOutButton().click();
  await expect(new Header(page).signInLink()).toBeVisible();

  await page.goto('/sign-in'); // autofill signs in with the new passkey, its signature verified
  await expect(page).toHaveURL(/\/account$/);
  expect(await signedInUsername(page)).toBe(username);
});

test.describe("an answer to \"Confirm it's you\"", () => {
  // The server started with REAUTH_SECONDS=2 (playwright.config.ts): a proof older than that is stale.
  test.use({ baseURL: `http://localhost:${Number(process.env.E2E_PORT ?? 3100) + 4}` });

  for (const fault of faults) {
    test(`with ${fault.name} is refused, and the change is not made`, async ({ page, authenticator }) => {
      const username = uniqueUsername('hreauth');
      const signUp = new SignUpPage(page);
      await signUp.signUp(username);
      await expect(page).toHaveURL(/\/account$/);
      await hydrated(page);
      const account = new AccountPage(page);
      await expect(account.passkeys()).toHaveCount(1);
      const listed = await account.passkeys().allInnerTexts();
      const before = stored(username, 'shortProof');
      await page.waitForTimeout(2_500); // the proof of the sign-up goes stale

      const item = account.passkeys().first();
      await item.getByRole('button', { name: 'Rename' }).click();
      await item.getByRole('textbox', { name: 'Passkey name' }).fill('Renamed by an attacker');
      await item.getByRole('button', { name: 'Update name' }).click();
      const dialog = account.confirmDialog();
      await expect(dialog).toBeVisible();
      await authenticator.overrideResponses(fault.bits);
      await dialog.getByRole('button', { name: 'Use a passkey' }).click();

      await expect(dialog.getByRole('alert')).toHaveText(REJECTED);
      await page.keyboard.press('Escape');
      await page.reload();
      await expect(account.passkeys()).toHaveCount(1);
      expect(await account.passkeys().allInnerTexts(), 'the passkey list is as it was').toEqual(listed);
      expect(stored(username, 'shortProof'), 'the passkey, its counter and the sign-ins are as they were').toEqual(
        before,
      );
      expect(await signedInUsername(page), 'still signed in, as before').toBe(username);
    });
  }
});

/** Nobody is signed in, and the account is exactly as it was `before`. */
async function expectNothingChanged(page: Page, username: string, before: ReturnType<typeof stored>) {
  expect(await signedInUsername(page), 'nobody is signed in').toBeNull();
  expect(stored(username), 'the passkeys, their counters and last uses, and the sign-ins are as they were').toEqual(
    before,
  );
  expect(before.passkeys, 'the account has its passkey').toHaveLength(1);
}
