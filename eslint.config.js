// One lint configuration for server, domain, CLI, web and tests.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'data/**', 'tmp/**', 'test-results/**', 'playwright-report/**', 'bench/results/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  { files: ['bin/**/*.js'], languageOptions: { globals: { process: 'readonly', console: 'readonly' } } },
  {
    // The domain core is pure: no I/O, no frameworks, nothing from the layers above it.
    files: ['src/domain/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: ['**/server/**', '**/db/**', '**/cli/**', '**/config.js'], message: 'The domain core must not depend on outer layers.' },
          { group: ['fastify*', '@fastify/*', 'kysely', 'pg', '@electric-sql/*', 'react*'], message: 'The domain core stays framework-free.' },
          { group: ['node:fs', 'node:fs/*', 'node:net', 'node:http', 'node:child_process'], message: 'The domain core does no I/O.' },
        ],
      }],
    },
  },
  {
    files: ['web/src/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: { 'react-hooks/rules-of-hooks': 'error', 'react-hooks/exhaustive-deps': 'warn' },
  },
);
