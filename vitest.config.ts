import { defineConfig } from 'vitest/config';

// Unit tests: pure lib/ code in node, DOM readers under jsdom (per-file `@vitest-environment jsdom`).
export default defineConfig({
  test: {
    include: ['tests/unit/**/*.test.ts', 'tests/unit/**/*.test.tsx'],
    environment: 'node',
  },
});
