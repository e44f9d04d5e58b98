import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: { conditions: ['interop-design-source'] },
  ssr: { resolve: { conditions: ['interop-design-source'] } },
  test: {
    include: ['packages/*/test/**/*.test.ts'],
    testTimeout: 30_000,
    pool: 'forks',
  },
});
