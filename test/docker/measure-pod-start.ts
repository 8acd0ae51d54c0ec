// Measures how long a pod takes to start on the Docker engine: sandbox + one container, from
// runPodSandbox to startContainer resolved. Not a test (no timing assertions anywhere).
// Run: npx tsx test/docker/measure-pod-start.ts [runs=20]   (needs scripts/docker-setup.sh)
import { createDockerRuntime } from 'podkit/docker';

const runs = Number(process.argv[2] ?? 20);
const runtime = await createDockerRuntime({
  sandboxImage: 'podkit-busybox:1.36',
  sandboxCommand: ['sleep', '2147483647'],
  namePrefix: 'pkbench',
  labelNamespace: `bench.podkit.p${process.pid}`,
});
await runtime.ping();
const info = await runtime.engineInfo();
const durations: number[] = [];
try {
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    const sandbox = await runtime.runPodSandbox({
      podUid: `bench-${process.pid}-${i}`,
      namespace: 'default',
      name: `bench-${i}`,
      attempt: 0,
      hostNetwork: false,
      labels: {},
      volumes: [],
      portMappings: [],
    });
    const container = await runtime.createContainer(sandbox, { name: 'app', attempt: 0, image: 'podkit-busybox:1.36', command: ['sleep', '3600'], env: [], mounts: [], labels: {} });
    await runtime.startContainer(container);
    durations.push(performance.now() - t0);
    await runtime.removePodSandbox(sandbox);
  }
} finally {
  await runtime.gc([]);
  await runtime.close();
}
const sorted = [...durations].sort((a, b) => a - b);
const median = ((sorted[Math.floor((runs - 1) / 2)] ?? 0) + (sorted[Math.ceil((runs - 1) / 2)] ?? 0)) / 2;
console.log(`engine ${info.version} (API ${info.apiVersion}); ${runs} pods (sandbox + 1 container)`);
console.log(`median ${median.toFixed(0)} ms, min ${(sorted[0] ?? 0).toFixed(0)} ms, max ${(sorted.at(-1) ?? 0).toFixed(0)} ms`);
