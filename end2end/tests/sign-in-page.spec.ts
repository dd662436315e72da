import { test, expect, uniqueUsername } from './fixtures/authenticator';
import { AccountPage, Header, SignInPage, SignUpPage, hydrated, registerThenSignOut } from './fixtures/pages';
import { instrumentCredentials, readLog } from './fixtures/instrument';

test('autofill signs in with the passkey already on the device when the sign-in page opens', async ({
  page,
  authenticator,
}) => {
  await instrumentCredentials(page);
  const username = uniqueUsername('auto');
  await registerThenSignOut(page, username);
  expect(await authenticator.credentials()).toHaveLength(1);

  await page.goto('/sign-in');

  await expect(page).toHaveURL(/\/account$/);
  await expect(new Header(page).user(username)).toBeVisible();
  const conditional = (await readLog(page)).filter((e) => e.mediation === 'conditional');
  expect(conditional.length, 'a conditional request was made').toBeGreaterThan(0);
  await expect(page.getByRole('textbox', { name: 'Username' })).toHaveCount(0);
});

test('the username field offers passkeys in autofill', async ({ page }) => {
  await page.goto('/sign-in');
  await expect(new SignInPage(page).username()).toHaveAttribute('autocomplete', 'username webauthn');
});

test('"Sign in with a passkey" opens the modal request and signs in, going to next', async ({
  page,
  authenticator,
}) => {
  const username = uniqueUsername('modal');
  await registerThenSignOut(page, username);
  // Make the autofill request fail, so only the button can sign in.
  await authenticator.setUserVerified(false);
  await page.goto('/sign-in?next=%2Fsign-up');
  await hydrated(page);
  await authenticator.setUserVerified(true);

  await new SignInPage(page).signInWithPasskey().click();

  await expect(page).toHaveURL(/\/sign-up$/);
  await expect(new Header(page).user(username)).toBeVisible();
});

test('the password form signs in with the right password and refuses a wrong one', async ({ page }) => {
  const username = uniqueUsername('form');
  const signUp = new SignUpPage(page);
  await signUp.goto();
  await signUp.username().fill(username);
  await signUp.password().fill('long enough password');
  await signUp.createAccount().click();
  await expect(page).toHaveURL(/\/account$/);
  await new Header(page).signOutButton().click();
  await expect(new Header(page).signInLink()).toBeVisible();

  const signIn = new SignInPage(page);
  await signIn.goto();
  await signIn.signInWithPasswordForm(username, 'not the password');
  await expect(page.getByRole('alert').filter({ hasText: 'Wrong username or password.' })).toBeVisible();
  await expect(new Header(page).user(username)).toHaveCount(0);

  await signIn.password().fill('long enough password');
  await signIn.signInWithPassword().click();
  await expect(page).toHaveURL(/\/account$/);
  await expect(new AccountPage(page).heading()).toBeVisible();
  await expect(new Header(page).user(username)).toBeVisible();
});

for (const next of ['https://evil.example/', '//evil.example/', '/\\evil.example']) {
  test(`an unsafe next (${next}) is ignored after sign-in`, async ({ page, request }) => {
    const username = uniqueUsername('next');
    await request.post('/api/create_password_account', {
      form: { username, display_name: '', password: 'long enough password' },
    });
    const signIn = new SignInPage(page);
    await page.goto(`/sign-in?next=${encodeURIComponent(next)}`);
    await hydrated(page);

    await signIn.signInWithPasswordForm(username, 'long enough password');

    await expect(page).toHaveURL(/^http:\/\/localhost:\d+\/account$/);
  });
}

test('a passkey the site does not know gets a clear message and is removed from the device by the Signal API', async ({
  page,
  authenticator,
}) => {
  await authenticator.addUnknownPasskey();
  expect(await authenticator.credentials()).toHaveLength(1);

  await page.goto('/sign-in');

  await expect(
    page.getByRole('alert').filter({ hasText: 'This passkey is not registered here. Sign up to create one.' }),
  ).toBeVisible();
  await expect.poll(async () => (await authenticator.credentials()).length, { message: 'signalUnknownCredential' }).toBe(0);
  await expect(new Header(page).signInLink()).toBeVisible();
});
