// Lint of the whole project (`npm run lint`, part of `npm test`): typescript-eslint's recommended rules, and the
// layering. Each layer imports only from the layers below it, so the code reads top-down:
//   lib (core: contract, schema, parameters, validation) and imports/ (generated)
//   → compositions (one folder per platform API)
//   → compliance (rules that run on what the compositions compose)
//   → runtime (the one compose step of the function and of the preview)
//   → synth (synth/, charts/, config/, examples/: what `cdk8s synth` writes)
//   → entry points (functions/, scripts/, bench/, main.ts)
// Tests (test/, *.test.ts) may import anything; nothing else may import tests.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const LAYERS = [
  { name: 'core', dirs: ['lib'] },
  { name: 'platform APIs', dirs: ['compositions'] },
  { name: 'compliance', dirs: ['compliance'] },
  { name: 'runtime', dirs: ['runtime'] },
  { name: 'synth', dirs: ['synth', 'charts', 'config', 'examples'] },
  { name: 'entry points', dirs: ['functions', 'scripts', 'bench', 'main'] },
];
const TESTS = ['test'];

/** A relative import of any of these top-level folders, from a file at any depth. */
const importOf = (dirs) => `^(\\.\\./)+(${dirs.join('|')})(/|$)`;

const layering = LAYERS.map((layer, i) => {
  const above = LAYERS.slice(i + 1).flatMap((l) => l.dirs);
  return {
    files: layer.dirs.map((d) => (d === 'main' ? 'main.ts' : `${d}/**/*.ts`)),
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          ...(above.length ? [{ regex: importOf(above), message: `${layer.name} must not import from a layer above it (${above.join(', ')}).` }] : []),
          { regex: importOf(TESTS), message: 'only tests import test helpers.' },
        ],
      }],
    },
  };
});

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', 'imports/', 'functions/bundle/', '.cache/', 'reports/', 'coverage/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      // Underscore = deliberately unused: a key destructured away (`{ crossplane: _machinery, ...rest }`), a parameter
      // an interface requires.
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_' }],
      // Off for now: manifests are untyped JSON at the edges (KubeObject.spec, CEL values), and the generated import
      // types declare one managementPolicies enum per kind, which composers pass as managementPolicies<any>. The
      // composer kit of issue 15 is where those go; until then tsc's strict mode is the type check.
      '@typescript-eslint/no-explicit-any': 'off',
    },
  },
  {
    languageOptions: { globals: { console: 'readonly', process: 'readonly', Buffer: 'readonly', URL: 'readonly', fetch: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly', setInterval: 'readonly', clearInterval: 'readonly' } },
  },
  {
    // A composer is read part by part (composeNetworkPlacement, composeFunction, ...): a function that does not fit on
    // two screens is several concepts that want names. Tests are exempt (table-driven cases are long by design).
    files: ['**/*.ts'],
    ignores: ['**/*.test.ts', '**/*.e2e.ts', 'test/**'],
    rules: { 'max-lines-per-function': ['error', { max: 120, skipBlankLines: true, skipComments: true }] },
  },
  ...layering,
);
