// Browser tests against the real server: a fresh demo database, `relais serve` serving dist/.
// Uses the system's Chromium; no browser is downloaded.
import { defineConfig } from '@playwright/test';

// E2E_PORT lets two checkouts run their browser tests at once.
const PORT = Number(process.env.E2E_PORT ?? 18731);
const RELAIS = process.env.RELAIS_BIN ?? '../build/relais';

export default defineConfig({
  testDir: 'e2e',
  workers: 1,
  fullyParallel: false,
  retries: 0,
  timeout: 30_000,
  expect: { timeout: 5_000 },
  reporter: [['list']],
  use: {
    baseURL: `http://127.0.0.1:${PORT}`,
    browserName: 'chromium',
    launchOptions: {
      executablePath: '/usr/bin/chromium',
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
    viewport: { width: 1280, height: 800 },
    trace: 'retain-on-failure',
  },
  projects: [
    { name: 'e2e', testMatch: /.*\.spec\.ts$/ },
    { name: 'screenshots', testMatch: /.*\.shots\.ts$/ },
  ],
  webServer: {
    command:
      `rm -rf .e2e && mkdir -p .e2e && ${RELAIS} demo --no-history --db .e2e/relais.db && ` +
      `${RELAIS} serve --db .e2e/relais.db --host 127.0.0.1 --port ${PORT} --web dist`,
    url: `http://127.0.0.1:${PORT}/api/v1/health`,
    reuseExistingServer: false,
    timeout: 60_000,
    stdout: 'ignore',
    stderr: 'pipe',
  },
});
