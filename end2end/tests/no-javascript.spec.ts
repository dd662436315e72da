import { test, expect } from './fixtures/test';
import { uniqueUsername } from './fixtures/authenticator';
import { AccountPage, Header, SignInPage } from './fixtures/pages';

test.use({ javaScriptEnabled: false });

test('without JavaScript, "Sign in" leads to the sign-in page and the password form signs in', async ({
  page,
  request,
}) => {
  const username = uniqueUsername('nojs');
  await request.post('/api/create_password_account', {
    form: { username, display_name: '', password: 'long enough password' },
  });
  const header = new Header(page);
  await page.goto('/');

  await header.signInLink().click();
  await expect(page).toHaveURL(/\/sign-in$/);
  const signIn = new SignInPage(page);
  await signIn.signInWithPasswordForm(username, 'wrong password');
  await expect(page).toHaveURL(/\/sign-in\?next=%2Faccount&error=wrong_credentials$/);
  await expect(page.getByRole('alert').filter({ hasText: 'Wrong username or password.' })).toBeVisible();

  await signIn.signInWithPasswordForm(username, 'long enough password');
  await expect(page).toHaveURL(/\/account$/);
  await expect(new AccountPage(page).heading()).toBeVisible();
  await expect(header.user(username)).toBeVisible();
});

test('without JavaScript, a password account can be created', async ({ page }) => {
  const username = uniqueUsername('nojs-new');
  await page.goto('/sign-up');
  await page.getByRole('textbox', { name: 'Username' }).fill(username);
  await page.getByLabel('Password').fill('long enough password');
  await page.getByRole('button', { name: 'Create account' }).click();

  await expect(page).toHaveURL(/\/account$/);
  await expect(new Header(page).user(username)).toBeVisible();
});
