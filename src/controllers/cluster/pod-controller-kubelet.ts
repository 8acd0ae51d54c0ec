import type { Clock } from '../../clock/clock.js';
import type { ObjectStore } from '../../store/object-store.js';
import { PodController } from '../pod-controller/pod-controller.js';
import type { ClusterEvents } from './cluster-events.js';
import { capacityList, type NodeKubelet, type NodeOptions } from './node-agent.js';

/** What a node's kubelet gets from its cluster. */
export interface KubeletEnvironment {
  readonly store: ObjectStore;
  readonly clock: Clock;
  readonly events: ClusterEvents;
  /** The node's InternalIP (the pods' `status.hostIP`). */
  readonly address: string;
  /** The node's pod range (`spec.podCIDR`), handed to the runtime. */
  readonly podCIDR?: string;
}

/**
 * A node's kubelet: a {@link PodController} in store mode (pods with `spec.nodeName` = the node),
 * created on first start, sharing the cluster's Events (component `kubelet`, host = the node).
 */
export function podControllerKubelet(nodeName: string, node: NodeOptions, env: KubeletEnvironment, onError: (error: unknown) => void): NodeKubelet {
  let controller: PodController | undefined;
  return {
    start() {
      if (controller !== undefined) return controller.start();
      // The constructor starts it.
      controller = new PodController({
        runtime: node.runtime,
        clock: env.clock,
        nodeName,
        store: env.store,
        recorder: env.events.recorder('kubelet', nodeName),
        hostIP: env.address,
        ...(env.podCIDR === undefined ? {} : { podCIDR: env.podCIDR }),
        capacity: capacityList(node.capacity),
        onError: (e) => onError(e),
      });
      return undefined;
    },
    stop() {
      controller?.stop();
    },
    close() {
      return controller?.close();
    },
  };
}
