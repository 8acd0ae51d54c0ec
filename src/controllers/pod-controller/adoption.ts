/**
 * Re-adoption after `start()` (the kubelet restarting): the runtime keeps running containers
 * while the controller is away; on start the controller finds its pods' sandboxes and containers
 * again by their labels, and removes the ones whose pods no longer exist.
 */
import type { ContainerRuntime, PodSandboxStatus, RuntimeContainerStatus } from '../../runtime/container-runtime.js';
import { nodeFilter, PodLabelKeys } from './labels.js';
import type { PodWorker } from './pod-worker.js';

/** What the runtime holds for this node: sandboxes and containers by pod uid. */
export interface RuntimeInventory {
  readonly sandboxes: ReadonlyMap<string, PodSandboxStatus[]>;
  readonly containers: ReadonlyMap<string, RuntimeContainerStatus[]>;
}

function groupBy<T extends { readonly labels: Readonly<Record<string, string>> }>(items: readonly T[]): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const item of items) {
    const uid = item.labels[PodLabelKeys.podUid];
    if (uid === undefined) continue;
    let list = out.get(uid);
    if (list === undefined) out.set(uid, (list = []));
    list.push(item);
  }
  return out;
}

/** Lists this node's sandboxes and containers (rejects if the runtime does not answer). */
export async function takeInventory(runtime: ContainerRuntime, nodeName: string): Promise<RuntimeInventory> {
  const filter = { labels: nodeFilter(nodeName) };
  const [sandboxes, containers] = await Promise.all([runtime.listPodSandboxes(filter), runtime.listContainers(filter)]);
  return { sandboxes: groupBy(sandboxes), containers: groupBy(containers) };
}

/**
 * Points a fresh worker at the pod's runtime objects: the newest sandbox (and the one before it),
 * per container the newest instance and the previous one; older instances are removed. Every
 * adopted instance is marked changed, so the first sync folds in what happened meanwhile.
 */
export async function adopt(w: PodWorker, inventory: RuntimeInventory): Promise<void> {
  const uid = w.pod.metadata.uid ?? '';
  const { runtime } = w.host;
  const sandboxes = [...(inventory.sandboxes.get(uid) ?? [])].sort((a, b) => b.attempt - a.attempt || b.createdAt - a.createdAt);
  const [current, older, ...stale] = sandboxes;
  if (current !== undefined) {
    w.sandboxId = current.id;
    w.sandboxAttempt = current.attempt;
    w.host.routeSandbox(current.id, w);
  }
  if (older !== undefined) {
    w.oldSandboxId = older.id;
    w.host.routeSandbox(older.id, w);
  }
  for (const sb of stale) await runtime.removePodSandbox(sb.id);
  const byName = new Map<string, RuntimeContainerStatus[]>();
  for (const c of inventory.containers.get(uid) ?? []) {
    if (!sandboxes.slice(0, 2).some((s) => s.id === c.sandboxId)) continue;
    const name = c.labels[PodLabelKeys.containerName] ?? c.name;
    let list = byName.get(name);
    if (list === undefined) byName.set(name, (list = []));
    list.push(c);
  }
  for (const [name, list] of byName) {
    list.sort((a, b) => b.attempt - a.attempt || b.createdAt - a.createdAt);
    const [newest, previous, ...rest] = list;
    if (newest === undefined) continue;
    w.instances.set(name, { id: newest.id, attempt: newest.attempt, started: newest.state !== 'created' });
    w.host.routeContainer(newest.id, w);
    w.containerChanged(newest.id, false);
    if (previous !== undefined) {
      (w.previous ??= new Map()).set(name, previous.id);
      w.host.routeContainer(previous.id, w);
    }
    for (const c of rest) await runtime.removeContainer(c.id);
  }
  const phase = w.pod.status?.phase;
  const terminal = phase === 'Succeeded' || phase === 'Failed';
  if (!terminal) {
    // The status says running but the runtime has no such container any more (it lost it while
    // the kubelet was away: a rebooted node, a wiped runtime, another process's runtime): the
    // vanished-running-container rule (§B.3) — lastState ContainerStatusUnknown, exit 137.
    const status = w.pod.status;
    for (const c of [...(status?.initContainerStatuses ?? []), ...(status?.containerStatuses ?? [])]) {
      if (c.state?.running !== undefined && !byName.has(c.name)) w.dispatch({ type: 'ContainerLost', at: w.host.clock.now(), container: c.name });
    }
  }
  const sandboxReady = w.pod.status?.conditions?.some((c) => c.type === 'PodReadyToStartContainers' && c.status === 'True') === true;
  if (!terminal && sandboxReady && current?.state !== 'ready') w.dispatch({ type: 'SandboxDied', at: w.host.clock.now() });
  const running = [...byName.values()].some((list) => list[0]?.state === 'running');
  if (terminal && !running) {
    w.terminated = true;
    w.prober?.close();
  }
}

/**
 * Removes what pods that no longer exist left on the runtime (`live` holds the uids that do): their
 * sandboxes (with the sandboxes, the runtime removes their containers and volumes), then any
 * container of theirs whose sandbox is already gone — what a kubelet that stopped halfway
 * through a deletion (or `close()`, which hands its work over) leaves behind. Keeps going past a
 * failure and rejects with the first one at the end.
 */
export async function removeOrphans(runtime: ContainerRuntime, inventory: RuntimeInventory, live: (uid: string) => boolean): Promise<void> {
  let first: unknown;
  const attempt = async (fn: () => Promise<void>): Promise<void> => {
    try {
      await fn();
    } catch (e) {
      first ??= e;
    }
  };
  for (const [uid, sandboxes] of inventory.sandboxes) {
    if (live(uid)) continue;
    for (const sb of sandboxes) await attempt(() => runtime.removePodSandbox(sb.id));
  }
  for (const [uid, containers] of inventory.containers) {
    if (live(uid)) continue;
    const sandboxes = new Set((inventory.sandboxes.get(uid) ?? []).map((sb) => sb.id));
    for (const c of containers) if (!sandboxes.has(c.sandboxId)) await attempt(() => runtime.removeContainer(c.id));
  }
  if (first !== undefined) throw first;
}
