import { test, expect } from './fixtures/test';
import { hydrated } from './fixtures/pages';

// The guided tour: one section per flow, each with its sequence diagram drawn as inline SVG by the server.

const sections = [
  'Sign-up',
  'One-click sign-in: immediate mode',
  'Autofill',
  'Modal sign-in',
  'A saved password, in the same request',
  'Checkout signs a returning customer in',
  'From guest to passkey',
  'Signal API',
];

test('"How it works" shows a section per flow, each with its diagram drawn on the server, the code and what to change', async ({
  page,
}) => {
  const response = await page.goto('/how-it-works');
  expect(response?.status()).toBe(200);
  const html = await response!.text();
  expect(html.match(/<figure class="diagram-figure"><svg/g), 'the server sent every diagram as SVG').toHaveLength(8);

  await expect(page.getByRole('heading', { level: 1, name: 'How it works' })).toBeVisible();
  for (const name of sections) {
    await expect(page.getByRole('heading', { level: 2, name, exact: true })).toBeVisible();
  }
  const diagram = page.getByRole('document', { name: 'One-click sign-in with immediate mode' });
  await expect(diagram).toBeVisible();
  await expect(diagram.getByText("get({ publicKey, password: true, uiMode: 'immediate' })")).toBeVisible();
  const box = await diagram.boundingBox();
  expect(box!.height, 'the diagram is drawn, not an empty box').toBeGreaterThan(200);
  await expect(page.getByText('app/src/passkeys/one_click.rs').first()).toBeVisible();
  await expect(page.getByText('For production:').first()).toBeVisible();
});

test('the header link opens the guide, with its diagrams, and puts the focus on its heading', async ({ page }) => {
  await page.goto('/');
  await hydrated(page);

  await page.getByRole('banner').getByRole('link', { name: 'How it works' }).click();

  await expect(page).toHaveURL(/\/how-it-works$/);
  await expect(page.getByRole('document', { name: 'Sign-up with a passkey' })).toBeVisible();
  await hydrated(page);
  await expect(page.getByRole('heading', { level: 1, name: 'How it works' })).toBeFocused();
});

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false });

  test('the guide and its diagrams are all there', async ({ page }) => {
    await page.goto('/how-it-works');
    await expect(page.getByRole('heading', { level: 2, name: 'Signal API' })).toBeVisible();
    await expect(page.locator('figure.diagram-figure svg')).toHaveCount(8);
    await expect(page.getByRole('document', { name: 'Passkey autofill' })).toBeVisible();
  });
});
