import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: { conditions: ['interop-design-source'] },
  ssr: { resolve: { conditions: ['interop-design-source'] } },
  test: {
    include: ['packages/*/test/**/*.test.ts'],
    testTimeout: 30_000,
    pool: 'forks',
    // CI also writes a JSON report, from which .ci/run prints one closing "N passed, N failed" line.
    reporters: process.env.CI ? ['default', ['json', { outputFile: 'test-results.json' }]] : ['default'],
  },
});
