import { describe, expect, it } from 'vitest';
import type { KubeEvent } from 'podkit';
import { newCluster } from './helpers.js';

describe('Events of a crash-looping pod in a cluster (client-go EventCorrelator spam filter)', () => {
  it('lets the kubelet record 25 events about the pod, then one per 5 minutes, (a crash loop: Pulled/Created/Started are cut, not recorded forever)', async () => {
    const { cluster } = newCluster(1);
    const seen: KubeEvent[] = [];
    const sub = cluster.events$.subscribe((e) => {
      if (e.involvedObject.name === 'crash' && e.source.component === 'kubelet') seen.push(e);
    });
    cluster.apply({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'crash', namespace: 'default' },
      spec: { containers: [{ name: 'app', image: 'busybox:1.36', command: ['sh', '-c', 'exit 1'] }] },
    });
    await cluster.advance('2h');
    sub.unsubscribe();
    const restarts = cluster.get('Pod', 'crash').status?.containerStatuses?.[0]?.restartCount ?? 0;
    // Every restart is worth several kubelet events (Pulled, Created, Started, BackOff): far more than the budget.
    expect(restarts).toBeGreaterThan(20);
    expect(seen.length).toBeLessThanOrEqual(25 + (2 * 3600) / 300 + 1);
    expect(seen.length).toBeGreaterThanOrEqual(25);
    // What is shown is what was accepted: kubectl would show `Created (x7)` for a container created 29 times, as upstream.
    const created = cluster.events({ kind: 'Pod', name: 'crash' }).find((e) => e.reason === 'Created');
    expect(created?.count).toBeLessThan(restarts);
    await cluster.close();
  });
});
