import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// `pnpm test:browser`: builds the pages, then drives Chromium against the real server (pages and
// API on one port, embedded PGlite in a fresh temp folder per test file). See ./server.ts.
export default defineConfig({
  root: fileURLToPath(new URL('../../..', import.meta.url)),
  test: {
    include: ['apps/web/e2e/**/*.e2e.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Each file starts its own server and browser; one at a time keeps the machine responsive.
    fileParallelism: false,
  },
});
