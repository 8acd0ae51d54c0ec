// The pods of a workload kind, indexed from the Pod watch (an informer's indexer): by controller
// uid, the orphans of each namespace, and the controller uids seen under each owner key.
import type { Pod } from '../../model/index.js';
import { objectKey } from '../../model/pod-utils.js';
import { getControllerOf } from '../../planners/ownership.js';
import type { WatchEvent } from '../../store/object-store.js';

interface Slot {
  /** The pod as last seen. */
  readonly pod: Pod;
  /** Whether the pod is in a bucket (see the index's `relevant` filter). */
  readonly bucketed: boolean;
  /** The controller uid when the controller is of the indexed kind; undefined for orphans. */
  readonly owner: string | undefined;
  /** `namespace/name` of that controller. */
  readonly ownerKey: string | undefined;
  readonly namespace: string;
  /** True iff the pod has some controller (of any kind). */
  readonly controlled: boolean;
}

/** What {@link WorkloadPodIndex.observe} reports about the event. */
export interface ObservedPod {
  /** The pod's previous state in the index (undefined for a new pod). */
  readonly previous: Pod | undefined;
  /** `namespace/name` of the pod's controller of the indexed kind (current or, when deleted, last). */
  readonly ownerKey: string | undefined;
}

/**
 * Pods by the uid of their controller of one kind (`Job`, `DaemonSet`), plus each namespace's
 * orphans (pods without any controllerRef), kept from a Pod watch so a reconcile reads its
 * candidates in O(its pods + orphans) instead of listing the namespace (upstream's
 * `controllerUIDIndex`). It also remembers which controller uids pods referenced under each owner
 * key, so pods of a deleted (or re-created) owner can still be found by key. Iteration follows the
 * order pods were first seen. Internal to the workload controllers.
 */
export class WorkloadPodIndex {
  readonly #kind: string;
  readonly #relevant: (pod: Pod) => boolean;
  readonly #byOwner = new Map<string, Map<string, Pod>>();
  readonly #orphans = new Map<string, Map<string, Pod>>();
  readonly #slots = new Map<string, Slot>();
  /** Owner key → controller uid → number of pods referencing it. */
  readonly #uidsByOwnerKey = new Map<string, Map<string, number>>();

  /**
   * `relevant` says which pods a reconcile needs: others are tracked (for their owner key) but
   * never returned. The Job controller leaves out finished pods that lost their tracking
   * finalizer (already counted), so a sync costs O(running + uncounted pods), not O(all pods).
   */
  constructor(kind: string, relevant: (pod: Pod) => boolean = () => true) {
    this.#kind = kind;
    this.#relevant = relevant;
  }

  /** Folds one Pod watch event in; returns the previous state and the owner key. */
  observe(event: WatchEvent<Pod>): ObservedPod {
    const pod = event.object;
    const key = objectKey(pod);
    const prevSlot = this.#slots.get(key);
    const previous = prevSlot?.pod;
    if (prevSlot !== undefined) this.#remove(prevSlot, key);
    if (event.type === 'Deleted') {
      this.#slots.delete(key);
      const ref = getControllerOf(pod);
      return { previous, ownerKey: ref?.kind === this.#kind ? `${prevSlot?.namespace ?? pod.metadata.namespace ?? 'default'}/${ref.name}` : prevSlot?.ownerKey };
    }
    const ref = getControllerOf(pod);
    const namespace = pod.metadata.namespace ?? 'default';
    const mine = ref !== undefined && ref.kind === this.#kind;
    const bucketed = (ref === undefined || mine) && this.#relevant(pod);
    const slot: Slot = {
      pod,
      bucketed,
      owner: mine ? ref.uid : undefined,
      ownerKey: mine ? `${namespace}/${ref.name}` : undefined,
      namespace,
      controlled: ref !== undefined,
    };
    this.#slots.set(key, slot);
    if (slot.controlled && !mine) return { previous, ownerKey: prevSlot?.ownerKey };
    if (slot.owner !== undefined && slot.ownerKey !== undefined) {
      let uids = this.#uidsByOwnerKey.get(slot.ownerKey);
      if (uids === undefined) this.#uidsByOwnerKey.set(slot.ownerKey, (uids = new Map()));
      uids.set(slot.owner, (uids.get(slot.owner) ?? 0) + 1);
    }
    if (!bucketed) return { previous, ownerKey: slot.ownerKey };
    const map = slot.owner === undefined ? this.#orphans : this.#byOwner;
    const bucketKey = slot.owner ?? namespace;
    let bucket = map.get(bucketKey);
    if (bucket === undefined) map.set(bucketKey, (bucket = new Map()));
    bucket.set(key, pod);
    return { previous, ownerKey: slot.ownerKey ?? prevSlot?.ownerKey };
  }

  #bucket(slot: Slot): Map<string, Pod> | undefined {
    if (!slot.bucketed) return undefined;
    return slot.owner === undefined ? this.#orphans.get(slot.namespace) : this.#byOwner.get(slot.owner);
  }

  #remove(slot: Slot, key: string): void {
    if (slot.owner !== undefined && slot.ownerKey !== undefined) {
      const uids = this.#uidsByOwnerKey.get(slot.ownerKey);
      const n = (uids?.get(slot.owner) ?? 1) - 1;
      if (n > 0) uids?.set(slot.owner, n);
      else uids?.delete(slot.owner);
      if (uids?.size === 0) this.#uidsByOwnerKey.delete(slot.ownerKey);
    }
    const bucket = this.#bucket(slot);
    if (bucket === undefined) return;
    bucket.delete(key);
    if (bucket.size > 0) return;
    if (slot.owner === undefined) this.#orphans.delete(slot.namespace);
    else this.#byOwner.delete(slot.owner);
  }

  /** The pods whose controllerRef has this uid. */
  owned(uid: string): readonly Pod[] {
    const bucket = this.#byOwner.get(uid);
    return bucket === undefined ? [] : [...bucket.values()];
  }

  /** The pods of a namespace without a controllerRef. */
  orphans(namespace: string): readonly Pod[] {
    const bucket = this.#orphans.get(namespace);
    return bucket === undefined ? [] : [...bucket.values()];
  }

  /** The pods a controller may claim: its own plus its namespace's orphans. */
  candidates(uid: string, namespace: string): readonly Pod[] {
    const own = this.owned(uid);
    const orphans = this.orphans(namespace);
    return orphans.length === 0 ? own : [...own, ...orphans];
  }

  /** Controller uids (other than `except`) that pods under this owner key still reference. */
  staleOwnerUids(ownerKey: string, except: string | undefined): readonly string[] {
    const uids = this.#uidsByOwnerKey.get(ownerKey);
    if (uids === undefined) return [];
    return [...uids.keys()].filter((u) => u !== except);
  }
}
