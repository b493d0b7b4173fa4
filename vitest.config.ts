import { defineConfig } from 'vitest/config';

export default defineConfig({
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
