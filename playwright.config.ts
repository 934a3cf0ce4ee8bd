import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { defineConfig } from '@playwright/test';

// Browser journeys run against a real server on a fresh embedded (PGlite) database with the demo
// locality, exactly as a newcomer's `npm start` would, using Debian's Chromium.
const port = Number(process.env.E2E_PORT || 3199);
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hub-e2e-'));

export default defineConfig({
  testDir: 'e2e',
  timeout: 60_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [['list'], ['json']],
  use: {
    baseURL: `http://localhost:${port}`,
    trace: 'off',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    },
  },
  projects: [{ name: 'chromium', use: { browserName: 'chromium' } }],
  webServer: {
    command: 'node node_modules/tsx/dist/cli.mjs src/server/main.ts',
    url: `http://localhost:${port}/api/health`,
    timeout: 180_000,
    reuseExistingServer: false,
    stdout: 'pipe',
    env: { PORT: String(port), DATA_DIR: dataDir, HUB_DEMO: '1', DEMO_PASSWORD: 'demo', DATABASE_URL: '', LOG_LEVEL: 'warn' },
  },
});
