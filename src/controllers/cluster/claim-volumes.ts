// Claim storage reclaim (§P.8): when a PersistentVolumeClaim object is deleted, every node's
// runtime drops the claim's storage (the Delete reclaim of a dynamically provisioned volume).
import type { Subscription } from 'rxjs';
import type { PersistentVolumeClaim } from '../../model/stateful-set.js';
import type { ContainerRuntime } from '../../runtime/container-runtime.js';
import type { ObjectStore } from '../../store/object-store.js';

/**
 * Watches PersistentVolumeClaims and, for each one deleted, calls `deleteClaimVolume` on every
 * runtime `runtimes()` returns (runtimes without claim storage are skipped; a failing runtime is
 * ignored, as its storage is node-local). Returns the subscription; unsubscribe on close. Internal
 * to `createCluster`.
 */
export function reclaimClaimVolumes(store: ObjectStore, runtimes: () => Iterable<ContainerRuntime>): Subscription {
  return store.watch('PersistentVolumeClaim').subscribe((ev) => {
    if (ev.type !== 'Deleted') return;
    const pvc = ev.object as PersistentVolumeClaim;
    for (const runtime of runtimes()) {
      void runtime.deleteClaimVolume?.(pvc.metadata.namespace ?? 'default', pvc.metadata.name ?? '').catch(() => undefined);
    }
  });
}
