import { defineConfig, devices } from '@playwright/test';
import * as os from 'node:os';
import * as path from 'node:path';
import * as fs from 'node:fs';

// The suite runs against the release build (`cargo leptos build --release`), served on its own port with a
// fresh database, so it never touches the data of a developer's `scripts/run.sh`.
const port = Number(process.env.E2E_PORT ?? 3100);
const origin = `http://localhost:${port}`;
const root = path.resolve(__dirname, '..');
const database = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'leptos-passkeys-e2e-')), 'e2e.sqlite');

export default defineConfig({
  testDir: './tests',
  fullyParallel: true,
  workers: 2,
  retries: 0,
  forbidOnly: !!process.env.CI,
  reporter: [['list']],
  timeout: 30_000,
  expect: { timeout: 10_000 },
  use: {
    baseURL: origin,
    trace: 'retain-on-failure',
  },
  projects: [
    {
      name: 'chromium',
      use: {
        ...devices['Desktop Chrome'],
        launchOptions: {
          // Debian's Chromium: Playwright's own browser download is not available here.
          executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
          args: [
            '--no-sandbox',
            '--disable-gpu',
            '--disable-quic',
            '--no-first-run',
            '--disable-background-networking',
            '--disable-component-update',
            '--disable-sync',
          ],
        },
      },
    },
  ],
  webServer: {
    command: path.join(root, 'target/release/server'),
    cwd: root,
    // Node may resolve "localhost" to ::1 first; the server listens on 127.0.0.1.
    url: `http://127.0.0.1:${port}/`,
    reuseExistingServer: false,
    timeout: 60_000,
    stdout: 'ignore',
    stderr: 'pipe',
    env: {
      LISTEN_ADDR: `127.0.0.1:${port}`,
      RP_ID: 'localhost',
      RP_ORIGIN: origin,
      DATABASE_PATH: database,
      LEPTOS_OUTPUT_NAME: 'leptos-passkeys',
      LEPTOS_SITE_ROOT: 'target/site',
      LEPTOS_SITE_PKG_DIR: 'pkg',
      LEPTOS_ENV: 'PROD',
      // Release builds name the JS, wasm and CSS after their content; target/release/hash.txt says how.
      LEPTOS_HASH_FILES: 'true',
      RUST_LOG: 'warn',
      // The suite signs in, signs up and fills carts from one address far more often than a person would.
      PASSWORD_ATTEMPTS_PER_MINUTE: '1000',
      PASSWORD_ATTEMPTS_PER_ACCOUNT_PER_MINUTE: '1000',
      STARTS_PER_MINUTE: '10000',
      // metrics.spec.ts reads /metrics with it.
      METRICS_TOKEN: 'e2e-metrics-token',
    },
  },
});
