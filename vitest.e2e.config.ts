import { defineConfig } from 'vitest/config';

// Browser tests share one machine-sized Chromium budget, so files run one at a time.
export default defineConfig({
  test: {
    include: ['tests/e2e/**/*.test.ts'],
    environment: 'node',
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
