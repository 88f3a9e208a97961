// Lint rules for the whole repository. The layering rule keeps the renderer away from
// main-process code: it may import only the pure contract (src-main/contract).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', 'out/', 'native/**/build/', 'test-results/', 'playwright-report/'] },
  js.configs.recommended,
  ...tseslint.configs.strict,
  {
    languageOptions: { globals: { process: 'readonly', console: 'readonly', Buffer: 'readonly' } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/no-extraneous-class': 'off',
    },
  },
  {
    // End-to-end specs drive the product from outside, like a holder: through the browser, the
    // virtual key and independent tools, never by calling product code directly.
    files: ['test/e2e/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '(^|/)src-(main|renderer)/(?!contract/)',
              message: 'e2e specs may import only the pure contract; drive the app through the UI.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src-renderer/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: 'src-main/(?!contract/)',
              message: 'The renderer may import only the pure contract (src-main/contract).',
            },
          ],
        },
      ],
    },
  },
);
