import { defineConfig } from 'vitest/config';

// `pnpm test`: domain units, API integration tests and the XSS corpus. The API tests use the
// embedded database unless TEST_DATABASE_URL points at a PostgreSQL server.
export default defineConfig({
  test: {
    include: ['packages/*/src/**/*.test.ts', 'apps/web/src/**/*.test.ts', 'apps/api/src/**/*.test.ts', 'apps/api/test/**/*.test.ts', 'apps/api/security/**/*.test.ts'],
    globalSetup: ['apps/api/test/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
