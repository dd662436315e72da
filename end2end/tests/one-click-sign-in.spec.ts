import { test, expect, uniqueUsername } from './fixtures/authenticator';
import { Header, SignInPage, hydrated, registerThenSignOut } from './fixtures/pages';
import { instrumentCredentials, readLog, requestsBetween, stubImmediate, stubSavedPassword } from './fixtures/instrument';

test('with a passkey on the device, one click on "Sign in" signs in on the spot with no request before get()', async ({
  page,
  authenticator,
}) => {
  await instrumentCredentials(page);
  const username = uniqueUsername('one');
  const header = new Header(page);
  await registerThenSignOut(page, username);
  await expect(page).toHaveURL(/\/$/);
  await header.immediateReady();

  await header.signInLink().click();

  await expect(header.user(username)).toBeVisible();
  await expect(page, 'the page stays where it was').toHaveURL(/\/$/);
  const log = await readLog(page);
  const click = log.findLast((e) => e.what === 'click')!;
  const get = log.find((e) => e.what === 'get' && e.t >= click.t)!;
  expect(get, 'get() was called after the click').toBeTruthy();
  expect(get).toMatchObject({ uiMode: 'immediate', password: true, allowCredentials: 0 });
  expect(get.mediation, 'no mediation: current Chromium rejects "immediate" there').toBeUndefined();
  expect(log.filter((e) => e.what === 'fetch' && e.t >= click.t && e.t <= get.t)).toEqual([]);
  expect(await requestsBetween(page, click.t, get.t)).toEqual([]);
  expect(await authenticator.credentials()).toHaveLength(1);
});

test('with nothing on the device, "Sign in" shows nothing and opens the sign-in page at once', async ({
  page,
  authenticator,
}) => {
  await instrumentCredentials(page);
  const header = new Header(page);
  await page.goto('/');
  await header.immediateReady();
  expect(await authenticator.credentials()).toHaveLength(0);

  await header.signInLink().click();

  await expect(page).toHaveURL(/\/sign-in\?next=%2F$/);
  await expect(new SignInPage(page).signInWithPasskey()).toBeVisible();
  const gets = (await readLog(page)).filter((e) => e.uiMode === 'immediate');
  expect(gets, 'immediate mode was tried once').toHaveLength(1);
});

test('a password saved in the browser signs in through the same one click', async ({ page, request }) => {
  const username = uniqueUsername('pw');
  const password = 'correct horse battery staple';
  const created = await request.post('/api/create_password_account', {
    form: { username, display_name: '', password },
  });
  expect(created.ok()).toBe(true);
  await stubSavedPassword(page, username, password);
  const header = new Header(page);
  await page.goto('/');
  await header.immediateReady();

  await header.signInLink().click();

  await expect(header.user(username)).toBeVisible();
  await expect(page).toHaveURL(/\/$/);
});

test('a saved password the server rejects shows a message, then the sign-in page', async ({ page }) => {
  await stubSavedPassword(page, 'nobody-here', 'not the password');
  const header = new Header(page);
  await page.goto('/');
  await header.immediateReady();

  await header.signInLink().click();

  await expect(page.getByRole('status').filter({ hasText: 'Wrong username or password.' })).toBeVisible();
  await expect(page).toHaveURL(/\/sign-in\?next=%2F$/);
});

test('a third click within five seconds goes straight to the sign-in page without asking the browser', async ({
  page,
  authenticator,
}) => {
  await instrumentCredentials(page);
  const header = new Header(page);
  await page.goto('/');
  await header.immediateReady();
  expect(await authenticator.credentials()).toHaveLength(0);

  await header.signInLink().click(); // nothing available: to /sign-in?next=%2F
  await expect(page).toHaveURL(/\/sign-in\?next=%2F$/);
  await header.immediateReady();
  await header.signInLink().click(); // second immediate request, nothing available again
  await expect.poll(async () => (await readLog(page)).filter((e) => e.uiMode === 'immediate').length).toBe(2);
  await header.immediateReady(); // a fresh challenge: only the limit can stop the third request
  await header.signInLink().click(); // third within 5 s: no request

  await expect(page).toHaveURL(/\/sign-in\?next=%2F$/);
  await page.waitForTimeout(300);
  const gets = (await readLog(page)).filter((e) => e.uiMode === 'immediate');
  expect(gets, 'Chrome allows two immediate requests in five seconds; the third is not made').toHaveLength(2);
});

test('in a browser without immediate mode, "Sign in" is a plain link to the sign-in page', async ({
  page,
  authenticator,
}) => {
  await instrumentCredentials(page);
  await page.addInitScript(() => {
    PublicKeyCredential.getClientCapabilities = async () => ({ immediateGet: false, conditionalGet: true });
  });
  const username = uniqueUsername('nocap');
  await registerThenSignOut(page, username);
  expect(await authenticator.credentials()).toHaveLength(1);
  const header = new Header(page);
  await hydrated(page);

  await header.signInLink().click();

  await expect(page).toHaveURL(/\/(sign-in|account)$/);
  const gets = (await readLog(page)).filter((e) => e.uiMode === 'immediate');
  expect(gets, 'no immediate request without the capability').toEqual([]);
});

test('a late answer to "Sign in" after the user signed in another way is dropped quietly', async ({ page, request }) => {
  const username = uniqueUsername('late');
  const password = 'long enough password';
  const created = await request.post('/api/create_password_account', { form: { username, display_name: '', password } });
  expect(created.ok()).toBe(true);
  // The browser offers a saved password that is out of date, and takes its time about it.
  await stubImmediate(page, { delayMs: 2_000, password: { username, password: 'an old password' } });
  const header = new Header(page);
  const signIn = new SignInPage(page);
  await page.goto('/sign-in?next=%2Fcart');
  await header.immediateReady();

  await header.signInLink().click();
  await signIn.signInWithPasswordForm(username, password);
  await expect(header.user(username)).toBeVisible();
  await expect(page).toHaveURL(/\/cart$/);

  // The stale answer comes after 2 s (to the page that asked, if it is still there), and a refusal's message
  // stays 2.5 s before the button moves on to the sign-in page: wait out both.
  await page.waitForTimeout(5_000);
  await expect(page, 'the signed-in user stays where they are').toHaveURL(/\/cart$/);
  await expect(header.user(username)).toBeVisible();
  await expect(page.getByRole('status').filter({ hasText: 'Wrong username or password.' })).toHaveCount(0);
});
