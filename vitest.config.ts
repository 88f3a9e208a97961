import { defineConfig } from 'vitest/config';

// Integration tests drive real SoftHSM tokens and child processes; they run one file at a
// time per worker and get generous timeouts because a virtual key may be slowed on purpose.
export default defineConfig({
  test: {
    include: ['test/unit/**/*.test.ts', 'test/integration/**/*.test.ts'],
    globalSetup: ['test/build-production-bundles.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    maxWorkers: 2,
  },
});
