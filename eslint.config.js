// Lint: typescript-eslint's recommended rules on every TypeScript file; build output is ignored.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/', 'build/', 'build-typecheck/', 'node_modules/', 'asm/build/', 'bench/results/', 'test-artifacts/'] },
  // AssemblyScript, not TypeScript: `@inline` on a top-level function does not parse as TypeScript.
  // The AssemblyScript compiler checks these files (scripts/build-kernels.mjs builds them in npm ci).
  { ignores: ['asm/adam.ts', 'asm/batchnorm.ts', 'asm/binary.ts', 'asm/conv-gemm.ts', 'asm/winograd.ts', 'asm/winograd-filter.ts'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-constant-condition': ['error', { checkLoops: false }],
    },
  },
  {
    files: ['**/*.mjs', '**/*.js'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly' } },
  },
);
