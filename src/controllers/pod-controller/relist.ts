/**
 * The periodic relist (the kubelet's PLEG relist): one listing of the node's containers and
 * sandboxes per interval for the whole node, compared with what each pod's status says, so a
 * missed runtime event (an exit, a removal, a dead sandbox) is repaired on the next pass.
 */
import type { ContainerRuntime } from '../../runtime/container-runtime.js';
import { isRuntimeError } from '../../runtime/runtime-error.js';
import { nodeFilter } from './labels.js';
import { agreesWith } from './observe.js';
import type { PodWorker } from './pod-worker.js';

/** At most this many sandbox inspections of one relist run at once. */
const INSPECT_CONCURRENCY = 8;

/**
 * Lists the runtime and marks every container whose runtime state disagrees with its pod's status
 * (or that vanished) as changed, and every sandbox that the runtime reports not ready as died.
 * A listing is never trusted to prove a sandbox gone: one that is missing from it (a bad filter,
 * a partial answer, a slow engine) is inspected by id first, and declared dead only if the
 * runtime says `not_found` or not ready — the kubelet's PLEG does the same through
 * `GetPodStatus`. Containers missing from a listing are likewise only marked changed, so the
 * worker inspects them by id. A runtime that does not answer is skipped until the next interval.
 * Never rejects; resolves `true` when the runtime answered the listing.
 */
export async function relist(
  runtime: ContainerRuntime,
  nodeName: string,
  byContainer: ReadonlyMap<string, PodWorker>,
  bySandbox: ReadonlyMap<string, PodWorker>,
): Promise<boolean> {
  const filter = { labels: nodeFilter(nodeName) };
  let containers;
  let sandboxes;
  try {
    [containers, sandboxes] = await Promise.all([runtime.listContainers(filter), runtime.listPodSandboxes(filter)]);
  } catch {
    return false;
  }
  const seen = new Set<string>();
  for (const st of containers) {
    const w = byContainer.get(st.id);
    if (w === undefined) continue;
    seen.add(st.id);
    if (!agreesWith(w, st)) w.containerChanged(st.id);
  }
  for (const [id, w] of byContainer) if (!seen.has(id) && w.nameOf(id) !== undefined) w.containerChanged(id);
  const listed = new Map<string, boolean>();
  for (const sb of sandboxes) listed.set(sb.id, sb.state === 'ready');
  const missing: [string, PodWorker][] = [];
  for (const [id, w] of bySandbox) {
    const ready = listed.get(id);
    if (ready === false) w.sandboxDied(id);
    else if (ready === undefined) missing.push([id, w]);
  }
  if (missing.length > 0) await confirmMissing(runtime, missing);
  return true;
}

/** Inspects each sandbox a listing left out; only a definite answer (gone, not ready) kills. */
async function confirmMissing(runtime: ContainerRuntime, missing: readonly (readonly [string, PodWorker])[]): Promise<void> {
  let next = 0;
  const inspectNext = async (): Promise<void> => {
    while (next < missing.length) {
      const [id, w] = missing[next++] as readonly [string, PodWorker];
      let dead: boolean;
      try {
        dead = (await runtime.podSandboxStatus(id)).state !== 'ready';
      } catch (e) {
        // Anything but a definite not_found (unavailable, timeout) proves nothing: ask again at the next relist.
        dead = isRuntimeError(e, 'not_found');
      }
      if (dead) w.sandboxDied(id);
    }
  };
  await Promise.all(Array.from({ length: Math.min(INSPECT_CONCURRENCY, missing.length) }, inspectNext));
}
