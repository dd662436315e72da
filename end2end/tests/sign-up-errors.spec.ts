import { test, expect, uniqueUsername, VirtualAuthenticator } from './fixtures/authenticator';
import { SignUpPage } from './fixtures/pages';

test('a taken username gets a clear message and no passkey is made', async ({ page, browser, authenticator }) => {
  const username = uniqueUsername('taken');
  const other = await browser.newPage();
  await VirtualAuthenticator.attach(other);
  await new SignUpPage(other).signUp(username);
  await expect(other).toHaveURL(/\/account$/);
  await other.close();

  const signUp = new SignUpPage(page);
  await signUp.signUp(username);

  await expect(signUp.alert()).toHaveText('That username is taken. Please choose another one.');
  await expect(page).toHaveURL(/\/sign-up$/);
  expect(await authenticator.credentials()).toHaveLength(0);
});

test('an invalid username gets a message that says what is wrong', async ({ page, authenticator }) => {
  const signUp = new SignUpPage(page);
  await signUp.signUp('no spaces allowed');

  await expect(signUp.alert()).toContainText("may contain only letters, digits, '.', '_', '-', '+' and '@'");
  expect(await authenticator.credentials()).toHaveLength(0);
});

test('a cancelled passkey prompt gets a message and creates no account', async ({ page, authenticator }) => {
  const username = uniqueUsername('cancel');
  await authenticator.setUserVerified(false);
  const signUp = new SignUpPage(page);

  await signUp.signUp(username);

  await expect(signUp.alert()).toHaveText('The passkey request was cancelled or timed out.');
  await expect(page).toHaveURL(/\/sign-up$/);

  // The username is still free: the same user can try again and succeed.
  await authenticator.setUserVerified(true);
  await signUp.createPasskey().click();
  await expect(page).toHaveURL(/\/account$/);
});
