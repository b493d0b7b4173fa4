import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const source = (path: string): string => fileURLToPath(new URL(path, import.meta.url));

export default defineConfig({
  resolve: {
    // As tsconfig.json's `paths`: `mnas-ts` means the sources in this checkout (bench/ code that
    // tests import reaches the library by its public names).
    alias: [
      { find: /^mnas-ts$/, replacement: source('./src/index.ts') },
      { find: /^mnas-ts\/(.+)$/, replacement: source('./src/entries/$1.ts') },
    ],
  },
  test: {
    include: ['test/**/*.test.ts'],
    pool: 'forks',
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Timing-sensitive measurer tests must not share the CPU with each other.
    fileParallelism: true,
    maxWorkers: 2,
  },
});
