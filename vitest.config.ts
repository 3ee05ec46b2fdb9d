import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // browser and end-to-end suites start servers and Chromium: keep the 2-core machines calm
    maxWorkers: 2,
    pool: 'forks',
  },
});
