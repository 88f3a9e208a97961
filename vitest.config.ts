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
    // Every command of the built CLI leaves a standby token host for the next one (issue 11);
    // each test's key makes its own, so let them go after 20 s instead of 5 minutes.
    env: { YIKEY_STANDBY_IDLE_SECONDS: '20' },
  },
});
