import { test, expect, uniqueUsername } from './fixtures/authenticator';
import { Header, registerThenSignOut } from './fixtures/pages';
import type { APIRequestContext } from '@playwright/test';

// The server's counters are shared by every spec running at the same time, so each check is on an increase.

async function count(request: APIRequestContext, series: string): Promise<number> {
  const answer = await request.get('/metrics', { headers: { authorization: 'Bearer e2e-metrics-token' } });
  expect(answer.status()).toBe(200);
  const line = (await answer.text()).split('\n').find((l) => l.startsWith(`${series} `));
  return line ? Number(line.split(' ')[1]) : 0;
}

const signIns = (via: string, credential: string, outcome: string) =>
  `sign_ins_total{via="${via}",credential="${credential}",outcome="${outcome}"}`;

test('the server counts each sign-in by the way the page says it came: immediate mode, nothing on the device, autofill', async ({
  page,
  request,
  authenticator,
}) => {
  expect(await authenticator.credentials(), 'a fresh authenticator').toHaveLength(0);
  const nothing = signIns('immediate', 'none', 'nothing_on_device');
  const immediate = signIns('immediate', 'passkey', 'success');
  const autofill = signIns('autofill', 'passkey', 'success');
  const before = {
    nothing: await count(request, nothing),
    immediate: await count(request, immediate),
    autofill: await count(request, autofill),
  };
  const header = new Header(page);

  await page.goto('/');
  await header.immediateReady();
  await header.signInLink().click();
  await expect(page, 'nothing on the device: the sign-in page').toHaveURL(/\/sign-in\?next=%2F$/);
  await expect.poll(() => count(request, nothing)).toBeGreaterThan(before.nothing);

  const username = uniqueUsername('counted');
  await registerThenSignOut(page, username);
  await header.immediateReady();
  await header.signInLink().click();
  await expect(header.user(username)).toBeVisible();
  await expect.poll(() => count(request, immediate)).toBeGreaterThan(before.immediate);

  await header.signOutButton().click();
  // Signed out on the server before the next page is asked for (a navigation would cancel the request).
  await expect(header.signInLink()).toBeVisible();
  await page.goto('/sign-in');
  await expect(page, 'autofill signed in at once').toHaveURL(/\/account$/);
  await expect.poll(() => count(request, autofill)).toBeGreaterThan(before.autofill);
});
