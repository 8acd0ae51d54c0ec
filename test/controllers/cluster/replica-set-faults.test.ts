import { describe, expect, it } from 'vitest';
import { PodkitError } from 'podkit';
import { VirtualClock } from 'podkit/testing';
import { interceptedStore, newCluster, ready, replicaSet } from './helpers.js';

const conflict = (name: string): PodkitError =>
  new PodkitError('conflict', `Operation cannot be fulfilled on replicasets.apps ${JSON.stringify(name)}: the object has been modified; please apply your changes to the latest version and try again`);

describe('ReplicaSet controller under write failures', () => {
  it('retries a status write that hits a conflict on a fresh copy, so the status is not lost (upstream updateReplicaSetStatus)', async () => {
    const clock = new VirtualClock();
    let calls = 0;
    const store = interceptedStore(clock, {
      updateStatus: (obj, next) => {
        if (obj.kind === 'ReplicaSet' && calls++ === 0) throw conflict(obj.metadata.name ?? '');
        return next.updateStatus(obj);
      },
    });
    const { cluster } = newCluster(1, { clock, store });
    cluster.apply(replicaSet('web', 1));
    await cluster.advance(0);
    // The first write conflicted, the immediate retry succeeded: no failed sync, no back-off.
    expect(calls).toBeGreaterThanOrEqual(2);
    expect(cluster.get('ReplicaSet', 'web').status?.replicas).toBe(1);
    expect(cluster.events({ kind: 'ReplicaSet' }).filter((e) => e.reason === 'ReconcileError')).toEqual([]);
    await cluster.close();
  });

  it('requeues with back-off when the retry conflicts too, and writes the status on a later sync', async () => {
    const clock = new VirtualClock();
    let failures = 0;
    const store = interceptedStore(clock, {
      updateStatus: (obj, next) => {
        if (obj.kind === 'ReplicaSet' && failures < 2) {
          failures++;
          throw conflict(obj.metadata.name ?? '');
        }
        return next.updateStatus(obj);
      },
    });
    const { cluster } = newCluster(1, { clock, store });
    cluster.apply(replicaSet('web', 2));
    await cluster.runUntil((c) => c.get('ReplicaSet', 'web').status?.readyReplicas === 2, { timeout: '1m' });
    expect(failures).toBe(2);
    expect(cluster.events({ kind: 'ReplicaSet', name: 'web' }).map((e) => e.reason)).toContain('ReconcileError');
    await cluster.close();
  });

  it('reports ReplicaFailure/FailedCreate on create errors, retries with rate-limited back-off (no hot loop), and clears it on success (§H.3, §H.7)', async () => {
    const clock = new VirtualClock();
    let failing = true;
    let attempts = 0;
    const store = interceptedStore(clock, {
      create: (obj, next) => {
        if (obj.kind === 'Pod' && failing) {
          attempts++;
          throw new PodkitError('invalid_object', 'pods "web-" is forbidden: exceeded quota: pods');
        }
        return next.create(obj);
      },
    });
    const { cluster } = newCluster(1, { clock, store });
    cluster.apply(replicaSet('web', 3));
    await cluster.advance(0);
    const cond = cluster.get('ReplicaSet', 'web').status?.conditions?.find((c) => c.type === 'ReplicaFailure');
    expect(cond).toMatchObject({ type: 'ReplicaFailure', status: 'True', reason: 'FailedCreate', message: 'pods "web-" is forbidden: exceeded quota: pods' });
    // Slow start: the first batch (1 pod) failed, so no further batch was attempted.
    expect(attempts).toBeLessThanOrEqual(2);
    await cluster.advance('1m');
    // 5 ms doubling back-off: about 14 attempts in a minute, not thousands.
    expect(attempts).toBeGreaterThan(5);
    expect(attempts).toBeLessThan(25);
    expect(cluster.events({ kind: 'ReplicaSet', name: 'web' }).find((e) => e.reason === 'FailedCreate')?.message).toBe('Error creating: pods "web-" is forbidden: exceeded quota: pods');
    failing = false;
    await cluster.runUntil((c) => ready(c, 'web').length === 3 && c.get('ReplicaSet', 'web').status?.conditions === undefined, { timeout: '30m' });
    await cluster.close();
  });
});
