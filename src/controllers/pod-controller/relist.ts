/**
 * The periodic relist (the kubelet's PLEG relist): one listing of the node's containers and
 * sandboxes per interval for the whole node, compared with what each pod's status says, so a
 * missed runtime event (an exit, a removal, a dead sandbox) is repaired on the next pass.
 */
import type { ContainerRuntime } from '../../runtime/container-runtime.js';
import { nodeFilter } from './labels.js';
import { agreesWith } from './observe.js';
import type { PodWorker } from './pod-worker.js';

/**
 * Lists the runtime and marks every container whose runtime state disagrees with its pod's status
 * (or that vanished) as changed, and every sandbox that is gone or not ready as died. A runtime
 * that does not answer is skipped until the next interval. Never rejects.
 */
export async function relist(
  runtime: ContainerRuntime,
  nodeName: string,
  byContainer: ReadonlyMap<string, PodWorker>,
  bySandbox: ReadonlyMap<string, PodWorker>,
): Promise<void> {
  const filter = { labels: nodeFilter(nodeName) };
  let containers;
  let sandboxes;
  try {
    [containers, sandboxes] = await Promise.all([runtime.listContainers(filter), runtime.listPodSandboxes(filter)]);
  } catch {
    return;
  }
  const seen = new Set<string>();
  for (const st of containers) {
    const w = byContainer.get(st.id);
    if (w === undefined) continue;
    seen.add(st.id);
    if (!agreesWith(w, st)) w.containerChanged(st.id);
  }
  for (const [id, w] of byContainer) if (!seen.has(id) && w.nameOf(id) !== undefined) w.containerChanged(id);
  const ready = new Set<string>();
  for (const sb of sandboxes) if (sb.state === 'ready') ready.add(sb.id);
  for (const [id, w] of bySandbox) if (!ready.has(id)) w.sandboxDied(id);
}
