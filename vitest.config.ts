import { defineConfig } from 'vitest/config';

// Database tests run on PGlite always, and again on PostgreSQL when DATABASE_URL is set.
const dbTests = ['src/server/**/*.test.ts', 'src/db/**/*.test.ts', 'src/cli/**/*.test.ts'];

export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 60_000,
    projects: [
      { extends: true as const, test: { name: 'pglite', include: ['src/**/*.test.ts'], env: { HUB_TEST_DB: 'pglite' } } },
      ...(process.env.DATABASE_URL
        ? [{ extends: true as const, test: { name: 'postgres', include: dbTests, env: { HUB_TEST_DB: 'postgres' } } }]
        : []),
    ],
  },
});
