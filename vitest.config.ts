import { defineConfig } from 'vitest/config';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

export default defineConfig({
  resolve: {
    // Pothos loads graphql through CommonJS; one copy for everything avoids "another module or realm".
    alias: [{ find: /^graphql$/, replacement: require.resolve('graphql/index.js') }],
  },
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // 2 cores: more workers than that only adds contention to the database-heavy suites.
    maxWorkers: 2,
    reporters: ['default'],
  },
});
