import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const src = (p: string): string => fileURLToPath(new URL(`./src/${p}`, import.meta.url));

const ALL = ['test/**/*.test.ts', 'examples/**/*.test.ts'];
// What needs more than this process: a Docker engine, etcd members, the kubectl binary, the podkit CLI.
const INTEGRATION = ['test/docker/**/*.test.ts', 'test/etcd/**/*.test.ts', 'test/server/kubectl*.test.ts', 'test/cli/**/*.test.ts'];

export default defineConfig({
  resolve: {
    alias: [
      { find: /^podkit\/testing\/vitest$/, replacement: src('testing-vitest.ts') },
      { find: /^podkit\/testing\/fast-check$/, replacement: src('testing-fast-check.ts') },
      { find: /^podkit\/testing$/, replacement: src('testing.ts') },
      { find: /^podkit\/docker$/, replacement: src('docker.ts') },
      { find: /^podkit\/etcd$/, replacement: src('etcd.ts') },
      { find: /^podkit\/server$/, replacement: src('server.ts') },
      { find: /^podkit\/model$/, replacement: src('model.ts') },
      { find: /^podkit\/planners$/, replacement: src('planners.ts') },
      { find: /^podkit$/, replacement: src('index.ts') },
    ],
  },
  test: {
    testTimeout: 20_000,
    hookTimeout: 60_000,
    // `npm test` runs both projects; `npm test -- --project unit` only the in-process tests.
    projects: [
      { extends: true, test: { name: 'unit', include: ALL, exclude: INTEGRATION } },
      { extends: true, test: { name: 'integration', include: INTEGRATION } },
    ],
  },
});
