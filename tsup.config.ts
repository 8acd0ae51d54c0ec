import { defineConfig } from 'tsup';

export default defineConfig({
  entry: {
    index: 'src/index.ts',
    model: 'src/model.ts',
    planners: 'src/planners.ts',
    testing: 'src/testing.ts',
    'testing-vitest': 'src/testing-vitest.ts',
    'testing-fast-check': 'src/testing-fast-check.ts',
    docker: 'src/docker.ts',
    etcd: 'src/etcd.ts',
    // The worker thread of podkit/etcd, loaded by path beside the entry (not imported).
    'etcd-worker': 'src/etcd/etcd-worker.ts',
    server: 'src/server.ts',
    cli: 'src/cli/podkit.ts',
  },
  format: ['esm', 'cjs'],
  dts: true,
  sourcemap: true,
  clean: true,
  target: 'node20',
  splitting: true,
  treeshake: true,
  external: ['dockerode', 'vitest', 'fast-check', 'etcd3'],
  tsconfig: 'tsconfig.build.json',
});
