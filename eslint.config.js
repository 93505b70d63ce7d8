// Lint: typescript-eslint's strict set, plus the layout's one rule
// at edit time: the pure stages import no adapter, worker, web page or I/O library (the
// architecture test checks the same on the whole import graph).
import { defineConfig } from 'eslint/config';
import tseslint from 'typescript-eslint';

const IO_LIBRARIES = ['imapflow', 'nodemailer', 'bullmq', 'ioredis', 'postgres', 'drizzle-orm', 'drizzle-orm/*', 'smtp-server', 'fastify', '@fastify/*', 'node:fs', 'node:fs/promises', 'fs', 'node:net', 'node:http', 'node:https', 'node:child_process'];

export default defineConfig(
  { ignores: ['node_modules/', 'drizzle/', 'coverage/', 'dist/', 'test-artifacts/', 'test/**/__snapshots__/'] },
  tseslint.configs.strict,
  {
    rules: {
      // With noUncheckedIndexedAccess on, `!` after a check the compiler cannot follow (a regex
      // group that matched, a key just set) is the deliberate answer; banning it would only add
      // casts or dead branches.
      '@typescript-eslint/no-non-null-assertion': 'off',
      // A leading underscore marks a value left out on purpose (`{ checksum: _checksum, ...rest }`).
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
      // Control characters in a pattern are a bug unless the line says why (mail parsing does).
      'no-control-regex': 'error',
    },
  },
  {
    files: ['src/inbound/**/*.ts', 'src/tickets/**/*.ts', 'src/outbound/**/*.ts', 'src/intake/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [
        { group: ['**/adapters/**', '**/workers/**', '**/web/**', '**/cli/**', '**/config.ts'], message: 'pure stages take settings and data as arguments; I/O stays at the edges' },
        { group: IO_LIBRARIES, message: 'pure stages do no I/O' },
      ] }],
    },
  },
  {
    // Known breaches, listed with their reasons in test/architecture.test.ts (KNOWN).
    files: ['src/intake/articles.ts', 'src/intake/rules.ts', 'src/intake/vocabulary.ts', 'src/inbound/mail-signs.ts', 'src/tickets/shared-mail-domains.ts'],
    rules: { 'no-restricted-imports': 'off' },
  },
);
