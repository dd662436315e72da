import type { Page } from '@playwright/test';
import { test, expect, uniqueUsername, type VirtualAuthenticator } from './fixtures/authenticator';
import { AccountPage, Header, SignUpPage, hydrated } from './fixtures/pages';
import { stored } from './fixtures/database';

// A page that says "signed out" must mean it: whoever opens the account right after (a person on a shared computer
// who saw "Sign in", a second browser that was signed out everywhere else) is sent to the sign-in page by the
// server, and the server holds no sign-in of the account any more. Each journey runs many times over two workers,
// since what it guards against is a race that shows only some of the time.
//
// The person has walked away, so the device's passkey manager waits for them (no user verification): the CDP
// virtual authenticator otherwise answers the sign-in page's autofill request by itself, at once, and that new
// sign-in is what made an earlier version of this journey find the account open in 4 of 20 runs.

const RUNS = 20;

test.describe.configure({ mode: 'parallel' });

async function signUp(page: Page, username: string, password?: string) {
  const signUpPage = new SignUpPage(page);
  await signUpPage.goto();
  await signUpPage.username().fill(username);
  if (password) await signUpPage.password().fill(password);
  await signUpPage.createPasskey().click();
  await expect(page).toHaveURL(/\/account$/);
  await hydrated(page);
  await expect(new AccountPage(page).passkeys()).toHaveCount(1);
}

/**
 * The account of `username` is closed for `page`: the server holds no sign-in of it, and opening the account page
 * at once gets a redirect from the server to the sign-in page, where the page stays.
 */
async function accountIsClosed(page: Page, username: string) {
  expect(stored(username).signIns, 'the server holds no sign-in of the account').toBe(0);
  const response = await page.goto('/account');
  expect(response?.request().redirectedFrom()?.url(), 'the server redirected /account').toMatch(/\/account$/);
  await expect(page).toHaveURL(/\/sign-in$/);
  await expect(new Header(page).signInLink()).toBeVisible();
}

/** The person walks away: their passkey manager no longer answers by itself. */
const walkAway = (device: VirtualAuthenticator) => device.setUserVerified(false);

test('the header says "Sign in" only once the server has answered the sign-out', async ({
  page,
  authenticator: _device,
}) => {
  const username = uniqueUsername('slow');
  await signUp(page, username);
  const header = new Header(page);
  let answer = () => {};
  const answered = new Promise<void>((resolve) => (answer = resolve));
  await page.route('**/api/sign_out', async (route) => {
    await answered;
    await route.continue();
  });

  // A plain form: the page that says "Sign in" is the server's answer to it (the click waits for it too).
  const clicked = header.signOutButton().click();
  await page.waitForTimeout(1_000);
  expect(stored(username).signIns, 'still signed in while the server has not answered').toBe(1);
  answer();
  await clicked;

  await expect(header.signInLink()).toBeVisible();
  expect(stored(username).signIns).toBe(0);
});

for (let run = 1; run <= RUNS; run++) {
  test(`once the header says "Sign in" after "Sign out", the account is closed (run ${run})`, async ({
    page,
    authenticator,
  }) => {
    const username = uniqueUsername('out');
    await signUp(page, username);
    const header = new Header(page);

    await header.signOutButton().click();
    await expect(header.signInLink()).toBeVisible();
    await walkAway(authenticator);

    await accountIsClosed(page, username);
  });

  test(`once the page says the other sessions are signed out, they are (run ${run})`, async ({
    page,
    browser,
    authenticator: _device,
  }) => {
    const username = uniqueUsername('elsewhere');
    const password = 'a password for the other browser';
    await signUp(page, username, password);
    const other = await browser.newContext();
    const signedIn = await other.request.post('/api/sign_in_with_password', { form: { username, password } });
    expect(signedIn.ok(), 'the other browser signs in').toBe(true);

    const account = new AccountPage(page);
    await account.button('Sign out everywhere else').click();
    await expect(account.status()).toHaveText('Signed out of 1 other session.');

    expect(stored(username).signIns, 'only this browser is signed in').toBe(1);
    const otherPage = await other.newPage();
    const response = await otherPage.goto('/account');
    expect(response?.request().redirectedFrom()?.url(), 'the server redirected /account').toMatch(/\/account$/);
    await expect(otherPage).toHaveURL(/\/sign-in$/);
    await other.close();
  });

  test(`once the account is deleted and the header says "Sign in", the account is gone (run ${run})`, async ({
    page,
    authenticator,
  }) => {
    const username = uniqueUsername('gone');
    await signUp(page, username);
    const account = new AccountPage(page);

    await account.button('Delete account').click();
    await account.button('Yes, delete my account').click();
    await expect(new Header(page).signInLink()).toBeVisible();
    expect(stored(username), 'the account is gone').toEqual({ accounts: 0, passkeys: [], signIns: 0 });
    await walkAway(authenticator);

    await accountIsClosed(page, username);
  });
}
