// Type-checked typescript-eslint rules plus the architecture's boundaries (docs/ARCHITECTURE.md):
// the core is pure (no disk, clock, processes, network), core never imports adapters/app/cli,
// use cases (src/app) reach the outside world only through ports that a shell's composition root
// wires, and only src/cli/main.ts may use console or process.exit.
import tseslint from 'typescript-eslint';

const ioModuleNames = [
  'node:fs', 'node:fs/promises', 'fs', 'fs/promises', 'node:child_process', 'child_process',
  'node:net', 'node:http', 'node:https', 'node:os', 'node:worker_threads', 'node:dgram',
];
const effectfulModules = ioModuleNames.map((name) => ({ name, message: 'Reach the outside world through a port (src/core/ports.ts); the composition root wires the adapter.' }));
const adapterImport = { group: ['**/adapters/**'], message: 'Use cases take ports; only a composition root (src/cli/compose.ts, src/server/compose.ts) imports adapters.' };
const shellImport = { group: ['**/cli/**', '**/server/**', '**/steps/**'], message: 'Inner layers never import a shell.' };
// `await import(...)` is an import too: the same boundary for dynamic imports.
const dynamicIoImports = [
  // esquery regexes cannot hold a slash: `.` stands for it.
  { selector: 'ImportExpression[source.value=/(^|[.])adapters[.]/]', message: adapterImport.message },
  { selector: `ImportExpression[source.value=/^(node:)?(${ioModuleNames.map((n) => n.replace(/^node:/, '').replace('/', '.')).join('|')})$/]`, message: effectfulModules[0].message },
];

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
        ...dynamicIoImports,
      ],
    },
  },
  {
    files: ['src/adapters/**/*.ts'],
    ignores: ['src/adapters/**/*.test.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['**/app/**'], message: 'Adapters implement ports; they never call use cases.' }, shellImport] }],
    },
  },
  {
    // Use cases: ports in, data out. Tests beside them are their own composition root (temp dirs,
    // fixtures, real git), so they may wire adapters.
    files: ['src/app/**/*.ts'],
    ignores: ['src/app/**/*.test.ts', 'src/app/**/*.test-helper.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: effectfulModules, patterns: [adapterImport, shellImport] }],
      'no-restricted-syntax': ['error', ...dynamicIoImports],
    },
  },
  {
    files: ['src/app/**/*.test.ts', 'src/app/**/*.test-helper.ts', 'src/adapters/**/*.test.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [shellImport] }],
    },
  },
  {
    // The dashboard shell: routes and pages take ports; only its composition root (compose.ts)
    // picks adapters, and it may reuse the CLI's store wiring (src/cli/compose-store.ts).
    files: ['src/server/**/*.ts'],
    ignores: ['src/server/**/*.test.ts', 'src/server/compose.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [
        { group: ['**/adapters/**'], message: 'Dashboard code takes ports; src/server/compose.ts wires the adapters.' },
        { group: ['**/cli/**'], message: 'The dashboard never imports the CLI; src/server/compose.ts may reuse its composition modules.' },
      ] }],
      'no-restricted-syntax': ['error', dynamicIoImports[0]],
    },
  },
  {
    // Size rules (docs/ARCHITECTURE.md, "Size rules"): functions that read as named steps, modules
    // one idea long. Errors since every offender was split; `node scripts/code-metrics.mjs -v` lists any.
    files: ['src/**/*.ts'],
    ignores: ['src/**/*.test.ts'],
    rules: {
      'max-lines-per-function': ['error', { max: 60 }],
      'max-lines': ['error', { max: 200 }],
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
