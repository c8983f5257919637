import { defineConfig } from 'vitest/config';

// Hub tests: every suite runs on the embedded PGlite and on a throwaway PostgreSQL server
// (started once for the run by the global setup). Files share the machine's two cores.
export default defineConfig({
  test: {
    include: ['tests/hub/**/*.test.ts'],
    environment: 'node',
    globalSetup: ['tests/hub/global-setup.ts'],
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
