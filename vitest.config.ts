import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const src = (p: string): string => fileURLToPath(new URL(`./src/${p}`, import.meta.url));

export default defineConfig({
  resolve: {
    alias: [
      { find: /^podkit\/testing\/vitest$/, replacement: src('testing-vitest.ts') },
      { find: /^podkit\/testing$/, replacement: src('testing.ts') },
      { find: /^podkit\/docker$/, replacement: src('docker.ts') },
      { find: /^podkit\/server$/, replacement: src('server.ts') },
      { find: /^podkit$/, replacement: src('index.ts') },
    ],
  },
  test: {
    include: ['test/**/*.test.ts', 'examples/**/*.test.ts'],
    testTimeout: 20_000,
    hookTimeout: 60_000,
  },
});
