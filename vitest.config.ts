import { defineConfig } from 'vitest/config';

// One run for the whole repo. The database the server tests use is chosen by global-setup.ts:
// PGlite from a migrated snapshot by default, PostgreSQL when FAULTLINE_TEST_DATABASE_URL is set.
export default defineConfig({
  test: {
    include: ['packages/*/src/**/*.test.ts', 'test/**/*.test.ts'],
    globalSetup: ['packages/server/src/testing/global-setup.ts'],
    pool: 'forks',
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
