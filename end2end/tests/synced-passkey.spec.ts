import type { Browser } from '@playwright/test';
import { test, expect, uniqueUsername, VirtualAuthenticator, type StoredPasskey } from './fixtures/authenticator';
import { AccountPage, Header, SignInPage, SignUpPage, hydrated } from './fixtures/pages';
import { delayConditionalAnswers, instrumentCredentials, readLog, serverFunctionCalls } from './fixtures/instrument';

/** A fresh browser profile whose passkey manager holds a copy of `passkey` (private key and counter included). */
async function deviceWithCopyOf(browser: Browser, passkey: StoredPasskey) {
  const device = await (await browser.newContext()).newPage();
  const copy = await VirtualAuthenticator.attach(device);
  await copy.addCopyOf(passkey);
  return { device, copy };
}

test('a passkey synced to another device signs in there by autofill, exactly once, every time', async ({
  browser,
  page,
  authenticator,
}) => {
  test.setTimeout(120_000);
  const username = uniqueUsername('synced');
  await new SignUpPage(page).signUp(username);
  await expect(page).toHaveURL(/\/account$/);

  let [passkey] = await authenticator.credentials();
  for (let round = 1; round <= 5; round++) {
    // A second device whose passkey manager has synced the passkey (with the latest counter).
    const { device, copy } = await deviceWithCopyOf(browser, passkey);
    const finishes = serverFunctionCalls(device, 'finish_prepared_sign_in');

    await device.goto('/sign-in');

    await expect(device, `round ${round}: autofill signed in and went on`).toHaveURL(/\/account$/);
    await expect(new Header(device).user(username)).toBeVisible();
    await expect(new AccountPage(device).heading()).toBeVisible();
    // The repeated sign-ins this guards against came within three seconds of the first.
    await device.waitForTimeout(3_000);
    expect(finishes, `round ${round}: one finish request for one sign-in`).toHaveLength(1);
    await expect(device).toHaveURL(/\/account$/);
    [passkey] = await copy.credentials();
    await device.context().close();
  }
});

test('after signing in by autofill, the sign-in page arms no further autofill request', async ({
  browser,
  page,
  authenticator,
}) => {
  const username = uniqueUsername('once');
  await new SignUpPage(page).signUp(username);
  await expect(page).toHaveURL(/\/account$/);
  const { device } = await deviceWithCopyOf(browser, (await authenticator.credentials())[0]);
  await instrumentCredentials(device);
  const prepares = serverFunctionCalls(device, 'prepare_sign_in');

  await device.goto('/sign-in?next=%2Fsign-in');

  // `next` keeps the page on /sign-in after the sign-in, where a re-armed request would be answered at once.
  await expect(new Header(device).user(username)).toBeVisible();
  await device.waitForTimeout(2_000);
  const conditional = (await readLog(device)).filter((e) => e.mediation === 'conditional');
  expect(conditional, 'one autofill request, answered; none armed after the sign-in').toHaveLength(1);
  expect(prepares, 'the challenge came with the page; none was fetched after the sign-in').toHaveLength(0);
  await expect(new SignInPage(device).signInWithPasskey()).toBeVisible();
  await device.context().close();
});

test('a passkey picked from autofill just before leaving the page never pulls the user back', async ({
  page,
  authenticator,
}) => {
  const username = uniqueUsername('leaving');
  await new SignUpPage(page).signUp(username);
  await expect(page).toHaveURL(/\/account$/);
  await new Header(page).signOutButton().click();
  await expect(new Header(page).signInLink()).toBeVisible();
  expect(await authenticator.credentials()).toHaveLength(1);
  await instrumentCredentials(page);
  await delayConditionalAnswers(page, 1_500);
  const finishes = serverFunctionCalls(page, 'finish_prepared_sign_in');

  await page.goto('/sign-in');
  await hydrated(page);
  await expect.poll(async () => (await readLog(page)).filter((e) => e.mediation === 'conditional').length).toBe(1);
  // The passkey has been picked; before the page hears of it, the user follows a link elsewhere.
  await page.getByRole('link', { name: 'Create one' }).click();
  await expect(page).toHaveURL(/\/sign-up$/);

  // The answer comes to a page that is gone (every page is the server's): the sign-in page never hears of it.
  await hydrated(page);
  await page.waitForTimeout(2_000);
  await expect(page, 'the page the user went to stays').toHaveURL(/\/sign-up$/);
  expect(finishes, 'no sign-in was finished for a page that is gone').toHaveLength(0);
  await expect(new Header(page).signInLink(), 'and the header says so').toBeVisible();
});
