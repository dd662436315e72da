import type { Locator, Page } from '@playwright/test';
import { test, expect, uniqueUsername } from './fixtures/authenticator';
import { Header, SignUpPage, hydrated, registerThenSignOut } from './fixtures/pages';

// "How this works", the ceremony inspector: what the page asked, what the browser answered (decoded in the
// page) and what the server checked, for the last passkey ceremony of the tab. The decoded values are checked
// against what the CDP virtual authenticator holds.

/** The virtual authenticator's AAGUID (Chromium's virtual authenticators all report it). */
const VIRTUAL_AAGUID = '01020304-0506-0708-0102-030405060708';

function base64url(base64: string): string {
  return base64.replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

class Inspector {
  constructor(private readonly page: Page) {}

  toggle() {
    return this.page.getByRole('button', { name: 'How this works' });
  }

  panel() {
    return this.page.getByRole('region', { name: 'The last passkey ceremony in this tab' });
  }

  async open() {
    await this.toggle().click();
    await expect(this.toggle()).toHaveAttribute('aria-expanded', 'true');
    await expect(this.panel()).toBeVisible();
  }

  /** The value shown for `name` (a `<dt>`), in the part of the panel under heading `section`. */
  field(name: string, within?: Locator): Locator {
    return (within ?? this.panel())
      .locator('dt')
      .filter({ hasText: new RegExp(`^${name.replace(/[()]/g, '\\$&')}$`) })
      .locator('xpath=following-sibling::dd');
  }

  check(text: string | RegExp) {
    return this.panel().getByRole('listitem').filter({ hasText: text });
  }
}

test('after a one-click sign-in, the inspector shows the immediate request, the answer as the authenticator holds it, and the server checks', async ({
  page,
  authenticator,
}) => {
  const username = uniqueUsername('inspect');
  const header = new Header(page);
  await registerThenSignOut(page, username);
  await header.immediateReady();
  await header.signInLink().click();
  await expect(header.user(username)).toBeVisible();

  const inspector = new Inspector(page);
  await inspector.open();

  const [held] = await authenticator.credentials();
  const panel = inspector.panel();
  await expect(panel.getByText('navigator.credentials.get(), immediate mode')).toBeVisible();
  await expect(inspector.field('uiMode')).toHaveText('immediate');
  await expect(inspector.field('password')).toHaveText('true');
  await expect(inspector.field('allowCredentials')).toHaveText('none: any passkey of this site');
  await expect(inspector.field('mediation')).toHaveCount(0);
  await expect(inspector.field('rpId')).toHaveText('localhost');
  await expect(inspector.field('Requests between the click and the prompt')).toHaveText('0');

  await expect(inspector.field('Credential id')).toHaveText(base64url(held.credentialId));
  await expect(inspector.field('User handle')).toHaveText(base64url(held.userHandle!));
  await expect(inspector.field('Sign count')).toHaveText(String(held.signCount));
  const set = ['UP', 'UV', ...(held.backupEligibility ? ['BE'] : []), ...(held.backupState ? ['BS'] : [])];
  await expect(inspector.field('Flags')).toContainText(`${set.join(' ')} set`);
  await expect(inspector.field('rpIdHash')).toContainText('SHA-256 of "localhost": this site\'s');
  await expect(inspector.field('AAGUID (stored at registration)')).toHaveText(VIRTUAL_AAGUID);
  await expect(panel.getByText(/"type": "webauthn.get"/)).toBeVisible();

  await expect(inspector.check(/^webauthn-rs: finish_discoverable_authentication_v2/)).toBeVisible();
  await expect(inspector.check(/^this app: The challenge is used once/)).toBeVisible();
  await expect(inspector.check(/^this app: The ticket is bound to this browser/)).toBeVisible();
  await expect(inspector.check(/^this app: The user handle owns the credential/)).toBeVisible();
  await expect(inspector.check(new RegExp(`now ${held.signCount};`))).toBeVisible();
  await expect(panel).not.toContainText('sign_in_binding');
  // Printed for the record (the closing note quotes one run).
  console.log(`inspector after a one-click sign-in:\n${await panel.innerText()}`);
});

test('after sign-up, the inspector decodes the attestation: AAGUID, credential id, algorithm and credProps', async ({
  page,
  authenticator,
}) => {
  await new SignUpPage(page).signUp(uniqueUsername('inspectreg'));
  await expect(page).toHaveURL(/\/account$/);

  const inspector = new Inspector(page);
  await inspector.open();

  const [held] = await authenticator.credentials();
  await expect(inspector.panel().getByText('navigator.credentials.create()')).toBeVisible();
  await expect(inspector.field('residentKey')).toHaveText('required');
  await expect(inspector.field('Requests between the click and the prompt')).toHaveText('1');
  await expect(inspector.field('Credential id')).toHaveText(base64url(held.credentialId));
  await expect(inspector.field('AAGUID')).toHaveText(VIRTUAL_AAGUID);
  await expect(inspector.field('Sign count')).toHaveText(String(held.signCount));
  await expect(inspector.field('Public key algorithm')).toHaveText('-7: ES256 (ECDSA P-256, SHA-256)');
  await expect(inspector.field('Attestation format')).toHaveText('none');
  await expect(inspector.field('credProps')).toHaveText('rk: true');
  await expect(inspector.field('Flags')).toContainText('AT');
  await expect(inspector.panel().getByText('Sign-up: every check passed.')).toBeVisible();
  await expect(inspector.check(/^webauthn-rs: finish_passkey_registration/)).toBeVisible();
});

test('the inspector is a closed button until opened, says when there is nothing yet, and follows the tab across pages', async ({
  page,
  authenticator: _device,
}) => {
  await page.goto('/');
  await hydrated(page);
  const inspector = new Inspector(page);
  await expect(inspector.toggle()).toHaveAttribute('aria-expanded', 'false');
  await expect(inspector.panel()).toHaveCount(0);
  await inspector.open();
  await expect(inspector.panel()).toContainText('None yet.');

  await inspector.toggle().click();
  await expect(inspector.panel()).toHaveCount(0);
  await new SignUpPage(page).signUp(uniqueUsername('inspectkeep'));
  await expect(page).toHaveURL(/\/account$/);
  await page.getByRole('banner').getByRole('link', { name: 'How it works' }).click();
  await expect(page).toHaveURL(/\/how-it-works$/);
  await inspector.open();
  await expect(inspector.panel().getByText('navigator.credentials.create()')).toBeVisible();
  await expect(inspector.panel().getByText('Sign-up: every check passed.')).toBeVisible();
});

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false });

  test('the page has no inspector at all', async ({ page }) => {
    await page.goto('/');
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    await expect(page.getByRole('button', { name: 'How this works' })).toHaveCount(0);
  });
});
