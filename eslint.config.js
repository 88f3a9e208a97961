// Lint rules for the whole repository. The layers of src-main are one table in
// lint/src-main-layers.js (docs/architecture.md); the renderer and the e2e specs may import only
// the pure contract.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import { allowedFilesFor, forbiddenFor, mayImport } from './lint/src-main-layers.js';

const layerRules = Object.keys(mayImport).map((folder) => layerRule(folder, forbiddenFor(folder)));

function layerRule(folder, forbidden) {
  const exceptions = allowedFilesFor(folder)
    .map((file) => `(?!${file}$)`)
    .join('');
  return {
    files: [`src-main/${folder}/**/*.ts`],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: `^(\\.\\./)+${exceptions}(${forbidden.join('|')})/`,
              // A type names a shape, it runs nothing: the Electron launcher may name the host's launcher type.
              allowTypeImports: true,
              message: `src-main/${folder} may not import from ${forbidden.join(', ')} (layers: lint/src-main-layers.js).`,
            },
          ],
        },
      ],
    },
  };
}

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
    // The reference provincial backend is the CA's side, not YiKey's: it shares only the pure CMP
    // protocol with the app (test/provincial-backend/README.md).
    files: ['test/provincial-backend/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '(^|/)src-(main|renderer)/(?!cmp/)',
              message: 'The reference backend may import only src-main/cmp (the pure CMP protocol).',
            },
          ],
        },
      ],
    },
  },
  {
    // …and the product never imports the reference backend (it is not packaged).
    files: ['src-main/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: 'provincial-backend/',
              message: 'src-main may not import the reference backend (test/).',
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
  ...layerRules,
);
