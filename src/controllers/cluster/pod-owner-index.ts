import type { Pod } from '../../model/index.js';
import { objectKey } from '../../model/pod-utils.js';
import { getControllerOf } from '../../planners/ownership.js';
import type { WatchEvent } from '../../store/object-store.js';

/** Where the index holds a pod: under its controller's uid, or among its namespace's orphans. */
interface Slot {
  readonly owner: string | undefined;
  readonly namespace: string;
}

/**
 * Pods by controller uid, plus the orphans (no controllerRef) of each namespace, kept from a Pod
 * watch (upstream's `controllerUIDIndex` + orphan lookup): a controller reads its candidates in
 * O(its pods + orphans) instead of listing the namespace. Iteration follows creation order.
 */
export class PodOwnerIndex {
  readonly #byOwner = new Map<string, Map<string, Pod>>();
  readonly #orphans = new Map<string, Map<string, Pod>>();
  readonly #slots = new Map<string, Slot>();

  /** Folds one pod watch event in. */
  observe(event: WatchEvent<Pod>): void {
    const pod = event.object;
    const key = objectKey(pod);
    const prev = this.#slots.get(key);
    if (event.type === 'Deleted') {
      if (prev !== undefined) this.#bucket(prev)?.delete(key);
      this.#slots.delete(key);
      return;
    }
    const slot: Slot = { owner: getControllerOf(pod)?.uid, namespace: pod.metadata.namespace ?? 'default' };
    if (prev !== undefined && (prev.owner !== slot.owner || prev.namespace !== slot.namespace)) {
      this.#bucket(prev)?.delete(key);
    }
    let bucket = this.#bucket(slot);
    if (bucket === undefined) {
      bucket = new Map();
      if (slot.owner === undefined) this.#orphans.set(slot.namespace, bucket);
      else this.#byOwner.set(slot.owner, bucket);
    }
    bucket.set(key, pod);
    this.#slots.set(key, slot);
  }

  #bucket(slot: Slot): Map<string, Pod> | undefined {
    return slot.owner === undefined ? this.#orphans.get(slot.namespace) : this.#byOwner.get(slot.owner);
  }

  /** The pods whose controllerRef has this uid. */
  owned(uid: string): Pod[] {
    return [...(this.#byOwner.get(uid)?.values() ?? [])];
  }

  /** The pods of a namespace without a controllerRef. */
  orphans(namespace: string): Pod[] {
    return [...(this.#orphans.get(namespace)?.values() ?? [])];
  }
}
