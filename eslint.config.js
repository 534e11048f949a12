// @ts-check
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';
import { boundaryRules } from './infra/lint/boundary-rules.js';

export default tseslint.config(
  { ignores: ['**/node_modules/**', '**/dist/**', 'test-results/**', 'tests/lint/fixtures/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { ecmaVersion: 2023, sourceType: 'module' },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  // Services log through pino (structured, redacted); scripts and benches may print.
  {
    files: ['{api,media,widget,embed,protocol}/src/**', 'protocol/**'],
    rules: { 'no-console': 'error' },
  },
  // Plain JavaScript here is Node scripts (build helpers, configs).
  { files: ['**/*.{js,mjs,cjs}'], languageOptions: { globals: globals.node } },
  ...boundaryRules,
);
