import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'src/**/*.test.tsx'],
    globalSetup: ['src/testing/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // Test files share a worker's loaded modules: importing the app afresh for each of the ~130
    // files took 250 s of the suite's 13 minutes on a 2-core machine. Nothing in the tests mocks
    // a module or changes process.env, and each file builds its own app and database.
    isolate: false,
    maxWorkers: 2,
    reporters: ['default'],
  },
});
