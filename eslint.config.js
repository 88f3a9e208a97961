// Lint rules for the whole repository, including the layers of src-main (docs/architecture.md):
//   doors (cli, web, app, demo) → core (holder-api: the contract's server side and composition)
//   → holder façade → lifecycle → cmp | token | certs | signing → sm2 (public SM2/SM3 maths) → contract
// Each folder may import only its own layer and the layers below it; the renderer and the e2e
// specs only the pure contract. A door never reaches the token host, certificates or CMS code
// directly: it goes through the façade, so no use case is written twice.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const layers = [
  'contract',
  'sm2',
  'certs',
  'signing',
  'token',
  'cmp',
  'lifecycle',
  'holder',
  'holder-api',
  'bridge',
  'cli',
  'web',
  'app',
  'demo',
];

/** Folders of src-main that files in `folder` must not import. */
const forbiddenFor = {
  contract: layers.filter((layer) => layer !== 'contract'),
  sm2: layers.filter((layer) => layer !== 'sm2' && layer !== 'contract'),
  certs: [
    'signing',
    'token',
    'cmp',
    'lifecycle',
    'holder',
    'holder-api',
    'bridge',
    'cli',
    'web',
    'app',
    'demo',
  ],
  signing: ['token', 'cmp', 'lifecycle', 'holder', 'holder-api', 'bridge', 'cli', 'web', 'app', 'demo'],
  token: [
    'certs',
    'signing',
    'cmp',
    'lifecycle',
    'holder',
    'holder-api',
    'bridge',
    'cli',
    'web',
    'app',
    'demo',
  ],
  // CMP/CRMF messages, protection and transport: pure except for HTTP; shared with the backend.
  cmp: ['signing', 'token', 'lifecycle', 'holder', 'holder-api', 'bridge', 'cli', 'web', 'app', 'demo'],
  // The request journal and workflows: compose cmp, token, certs and signing for the façade.
  lifecycle: ['holder', 'holder-api', 'bridge', 'cli', 'web', 'app', 'demo'],
  holder: ['holder-api', 'bridge', 'cli', 'web', 'app', 'demo'],
  'holder-api': ['bridge', 'cli', 'web', 'app', 'demo'],
  // The EMR bridge: a door for web pages that browser mode, the Electron shell and the demo
  // start; it reaches the key only through the holder façade and holder-api's core.
  bridge: ['token', 'certs', 'signing', 'sm2', 'cmp', 'lifecycle', 'cli', 'web', 'app', 'demo'],
  cli: ['token', 'certs', 'signing', 'sm2', 'cmp', 'lifecycle', 'bridge', 'web', 'app', 'demo'],
  web: ['token', 'certs', 'signing', 'sm2', 'cmp', 'lifecycle', 'cli', 'app', 'demo'],
  app: ['token', 'certs', 'signing', 'sm2', 'cmp', 'lifecycle', 'cli', 'web', 'demo'],
  demo: ['token', 'certs', 'signing', 'sm2', 'cmp', 'lifecycle', 'cli', 'app'],
};

// Outside the layers: the SDK runs in hospitals' web pages (nothing of src-main), the verifier on
// EMR servers (CMS and certificate code only).
forbiddenFor['bridge-sdk'] = [...layers, 'bridge-verifier'].filter((layer) => layer !== 'sm2');
/** More patterns per folder: the SDK checks SM2 in pages with sm2/'s two pure, Buffer-free files only. */
const extraPatterns = {
  'bridge-sdk': [
    {
      regex: '^(\\.\\./)+sm2/(?!(sm2-curve|sm3)$)',
      message:
        'src-main/bridge-sdk may not import from sm2/ other than sm2-curve and sm3 (pure, no Node APIs).',
    },
  ],
};
forbiddenFor['bridge-verifier'] = layers.filter((layer) => !['contract', 'certs', 'signing'].includes(layer));

const layerRules = Object.entries(forbiddenFor).map(([folder, forbidden]) => ({
  files: [`src-main/${folder}/**/*.ts`],
  rules: {
    '@typescript-eslint/no-restricted-imports': [
      'error',
      {
        patterns: [
          {
            regex: `^(\\.\\./)+(${forbidden.join('|')})/`,
            // A type names a shape, it runs nothing: the Electron launcher may name the host's launcher type.
            allowTypeImports: true,
            message: `src-main/${folder} may not import from ${forbidden.join(', ')} (layers: docs/architecture.md).`,
          },
          ...(extraPatterns[folder] ?? []),
        ],
      },
    ],
  },
}));

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
