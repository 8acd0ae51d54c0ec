/** The node status a PodController reports for heartbeats (the kubelet's `setNodeStatus`). */
import type { NodeStatus, ResourceList } from '../../model/index.js';
import { toTimestamp } from '../../model/time.js';
import type { ContainerRuntime } from '../../runtime/container-runtime.js';

/** What the node status is made of besides the runtime. */
export interface NodeFacts {
  readonly nodeName: string;
  readonly hostIP: string;
  readonly capacity: ResourceList;
  /** ms since the epoch: the heartbeat time. */
  readonly now: number;
}

/**
 * `Ready` True (`KubeletReady`, "kubelet is posting ready status") while the runtime answers a
 * ping; False (`KubeletNotReady`) when it does not or when the controller is stopped. Capacity doubles as allocatable; addresses are the node IP and name.
 */
export async function nodeStatus(runtime: ContainerRuntime, running: boolean, facts: NodeFacts): Promise<NodeStatus> {
  let ready = running;
  let message = ready ? 'kubelet is posting ready status' : 'kubelet is stopped';
  if (running) {
    try {
      await runtime.ping();
    } catch (e) {
      ready = false;
      message = `container runtime is down: ${e instanceof Error ? e.message : String(e)}`;
    }
  }
  return {
    capacity: facts.capacity,
    allocatable: facts.capacity,
    conditions: [{ type: 'Ready', status: ready ? 'True' : 'False', reason: ready ? 'KubeletReady' : 'KubeletNotReady', message, lastHeartbeatTime: toTimestamp(facts.now) }],
    addresses: [
      { type: 'InternalIP', address: facts.hostIP },
      { type: 'Hostname', address: facts.nodeName },
    ],
    nodeInfo: { kubeletVersion: 'podkit', containerRuntimeVersion: `${runtime.name}://podkit`, operatingSystem: 'linux' },
  };
}
