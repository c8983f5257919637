import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/', '.output/', '.wxt/', 'demo-output/', 'test-output/', 'bin/report-cli.mjs'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // lib/ is shared by the worker, the pages and the report command: no extension APIs there.
    files: ['lib/**/*.ts'],
    rules: { 'no-restricted-globals': ['error', 'browser', 'chrome'] },
  },
);
