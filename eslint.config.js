// Type-checked typescript-eslint rules plus the architecture's boundaries (docs/ARCHITECTURE.md):
// the core is pure (no disk, clock, processes, network), core never imports adapters/app/cli,
// and only src/cli/main.ts may use console or process.exit.
import tseslint from 'typescript-eslint';

const effectfulModules = [
  'node:fs', 'node:fs/promises', 'fs', 'fs/promises', 'node:child_process', 'child_process',
  'node:net', 'node:http', 'node:https', 'node:os', 'node:worker_threads', 'node:dgram',
].map((name) => ({ name, message: 'The core is pure: reach the outside world through a port (src/core/ports.ts).' }));

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', 'examples/**', 'bench/.work/**', 'test/fixtures/**', '**/*.js', '**/*.mjs', '**/*.cjs'] },
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { project: './tsconfig.check.json', tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      'no-console': 'error',
      'no-restricted-properties': ['error', { object: 'process', property: 'exit', message: 'Only src/cli/main.ts exits; return an exit code.' }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    files: ['src/core/**/*.ts'],
    ignores: ['src/core/**/*.test.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: effectfulModules,
        patterns: [
          { group: ['**/adapters/**', '**/app/**', '**/cli/**', '**/server/**', '**/steps/**'], message: 'The core may not import adapters, app, cli or server code.' },
        ],
      }],
      'no-restricted-globals': ['error', { name: 'process', message: 'The core gets env and time through ports.' }],
      'no-restricted-syntax': ['error',
        { selector: "CallExpression[callee.object.name='Date'][callee.property.name='now']", message: 'Use the injected Clock.' },
        { selector: "NewExpression[callee.name='Date'][arguments.length=0]", message: 'Use the injected Clock.' },
        { selector: "CallExpression[callee.object.name='Math'][callee.property.name='random']", message: 'Inject randomness.' },
      ],
    },
  },
  {
    files: ['src/app/**/*.ts', 'src/adapters/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['**/cli/**'], message: 'Only the CLI imports the CLI.' }] }],
    },
  },
  {
    // Size rules (docs/ARCHITECTURE.md, "Size rules"): functions that read as named steps, modules
    // one idea long. `node scripts/code-metrics.mjs -v` lists what is over.
    files: ['src/**/*.ts'],
    ignores: ['src/**/*.test.ts'],
    rules: {
      'max-lines-per-function': ['warn', { max: 60 }],
      'max-lines': ['warn', { max: 200 }],
    },
  },
  {
    files: ['src/cli/main.ts', 'test/**/*.ts', 'bench/**/*.ts', 'src/**/*.test.ts'],
    rules: { 'no-console': 'off', 'no-restricted-properties': 'off' },
  },
  {
    files: ['test/**/*.ts', 'src/**/*.test.ts', 'bench/**/*.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
);
