// The demo (`npm run demo`, examples/demo.ts) tells its story plainly: what it applies, what kubectl
// would show, virtual hours passing, and a clean shutdown of containers that handle SIGTERM.
import { describe, expect, it } from 'vitest';
import { main } from '../examples/demo.js';

describe('examples/demo.ts', () => {
  it('applies the manifests as kubectl does, runs them as real workloads, and shuts down cleanly', async () => {
    const lines: string[] = [];
    await main((line) => lines.push(line));
    const text = lines.join('\n');
    // What kubectl apply -f prints, one line per object; no explanations of podkit internals.
    expect(lines.slice(0, 6)).toEqual([
      '$ kubectl apply -f examples/manifests/',
      'daemonset.apps/node-agent created',
      'job.batch/hello created',
      'pod/myapp-pod created',
      'replicaset.apps/web created',
      'pod/simple-echo created',
    ]);
    expect(text).not.toMatch(/its pod template runs once|createCluster runs it|skipped/);
    // The workloads run under their controllers: 3 web replicas, one agent per node.
    expect(lines.filter((l) => /^web-[a-z0-9]{5}\s+1\/1\s+Running/.test(l)).length).toBeGreaterThanOrEqual(3);
    expect(lines.filter((l) => /^node-agent-[a-z0-9]{5}\s+1\/1\s+Running/.test(l)).length).toBeGreaterThanOrEqual(2);
    // A progress line per half hour of virtual time, and the hour-long Job completes.
    expect(lines.filter((l) => /^ {2}(30m|1h|1h30m|2h)\s+pods /.test(l))).toHaveLength(4);
    expect(text).toMatch(/hello\s+Complete\s+1\/1/);
    // No warnings on the happy path; every container stops on SIGTERM, within the grace period.
    expect(text).toContain('$ kubectl get events --field-selector type=Warning\nNo resources found in default namespace.');
    expect(text).not.toContain('ExceededGracePeriod ');
    expect(lines.at(-1)).toBe('Every container stopped on SIGTERM: no ExceededGracePeriod.');
  }, 60_000);
});
