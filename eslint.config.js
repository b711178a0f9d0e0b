// `npm run lint` (with knip, see knip.jsonc): ESLint's and typescript-eslint's recommended rules, with type
// information for the TypeScript of src/, test/ and bench/, plus a few rules that catch real bugs: a promise nobody
// awaits or handles (an error lost, a report written after exit), a promise where a callback's return is ignored, and
// type-only imports written as such. No stylistic rules: formatting is not what a lint failure should be about.
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'coverage/'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      globals: { ...globals.node },
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/consistent-type-imports': [
        'error',
        // `importOriginal<typeof import('…')>()` is how vitest types a partial mock.
        { fixStyle: 'inline-type-imports', disallowTypeAnnotations: false },
      ],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      // Chinese text is full of U+3000 (ideographic space) and its kin, in strings, templates, regular expressions
      // (matching what pages print) and comments: all intended. Stray whitespace in code itself is still an error.
      'no-irregular-whitespace': ['error', { skipStrings: true, skipTemplates: true, skipRegExps: true, skipComments: true }],
      // Control characters in regular expressions are the point where they appear: stripping ANSI colour codes,
      // refusing NUL and C0 bytes in file names, cells and terminal text.
      'no-control-regex': 'off',
      // `/  \d/` against a fixed-width layout reads better than `/ {2}\d/`: taste, not a bug.
      'no-regex-spaces': 'off',
      // False alarms here: Node's functions taken off their module or object (`const { resolve } = await
      // import('node:path')`, saving `process.emitWarning` to restore it) and callbacks of plain-object event sinks.
      '@typescript-eslint/unbound-method': 'off',
      // An async function without await is how a fetch layer returns a promise and turns a throw into a rejection.
      '@typescript-eslint/require-await': 'off',
    },
  },
  {
    // Tests read parsed JSON, XLSX cells and CSV (any, or unknown cell values) and assert on them with expect, which
    // fails loudly on a wrong shape: typing every such read adds casts, not safety.
    files: ['test/**/*.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/no-base-to-string': 'off',
    },
  },
  {
    // Plain JavaScript (bin/, scripts/, the fixture makers, this file) is outside tsconfig.json: linted without types.
    files: ['**/*.js', '**/*.mjs'],
    ...tseslint.configs.disableTypeChecked,
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    rules: { '@typescript-eslint/consistent-type-imports': 'off' },
  },
);
