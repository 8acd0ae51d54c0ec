import {
  createCluster,
  defaultTolerationSecondsAdmission,
  MemoryStore,
  type Cluster,
  type ClusterOptions,
  type NodeOptions,
  type ObjectStore,
  type Pod,
  type ReplicaSet,
  type StoreObject,
} from 'podkit';
import { Observable } from 'rxjs';
import { FakeRuntime, VirtualClock } from 'podkit/testing';

/** A cluster on a VirtualClock with FakeRuntime nodes named node-1, node-2, ... */
export function newCluster(nodeCount = 2, options: Omit<ClusterOptions, 'nodes'> & { nodes?: readonly Partial<NodeOptions>[] } = {}) {
  const clock = (options.clock as VirtualClock | undefined) ?? new VirtualClock();
  const runtimes: FakeRuntime[] = [];
  const nodes: NodeOptions[] = Array.from({ length: nodeCount }, (_, i) => {
    const runtime = new FakeRuntime({ clock });
    runtimes.push(runtime);
    return { name: `node-${i + 1}`, runtime, ...options.nodes?.[i] };
  });
  const { nodes: _overrides, ...rest } = options;
  const cluster = createCluster({ ...rest, clock, nodes });
  return { clock, cluster, runtimes };
}

/** A ReplicaSet manifest object running `pause` containers (or `command`). */
export function replicaSet(name: string, replicas: number, extra: { command?: string[]; labels?: Record<string, string>; minReadySeconds?: number; spec?: Partial<Pod['spec']> } = {}): ReplicaSet {
  const labels = extra.labels ?? { app: name };
  return {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: { name, namespace: 'default' },
    spec: {
      replicas,
      ...(extra.minReadySeconds === undefined ? {} : { minReadySeconds: extra.minReadySeconds }),
      selector: { matchLabels: labels },
      template: {
        metadata: { labels },
        spec: { containers: [{ name: 'app', image: 'busybox:1.36', ...(extra.command === undefined ? {} : { command: extra.command }) }], ...extra.spec },
      },
    },
  };
}

export function podsOf(cluster: Cluster, app: string): readonly Pod[] {
  return cluster.list('Pod', { labelSelector: { matchLabels: { app } } });
}

export function running(cluster: Cluster, app: string): Pod[] {
  return podsOf(cluster, app).filter((p) => p.status?.phase === 'Running' && p.metadata.deletionTimestamp === undefined);
}

export function ready(cluster: Cluster, app: string): Pod[] {
  return running(cluster, app).filter((p) => p.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True'));
}

/** Hooks of {@link interceptedStore}: each gets the call's argument and the real store (controller-runtime's interceptor.Funcs). */
export interface StoreInterceptors {
  create?: (obj: StoreObject, next: ObjectStore) => StoreObject;
  updateStatus?: (obj: StoreObject, next: ObjectStore) => StoreObject;
  /** Delivers watch events of these kinds this many ms late (an informer cache lagging behind writes). */
  watchLag?: { kinds: readonly string[]; ms: number };
}

/** A MemoryStore (cluster defaults) whose writes can be intercepted for fault injection. */
export function interceptedStore(clock: VirtualClock, hooks: StoreInterceptors): ObjectStore {
  const inner = new MemoryStore({ clock, admission: [defaultTolerationSecondsAdmission] });
  return {
    get resourceVersion() {
      return inner.resourceVersion;
    },
    create: <T extends StoreObject>(obj: T) => (hooks.create ? hooks.create(obj, inner) : inner.create(obj)) as T,
    get: (kind, name, namespace) => inner.get(kind, name, namespace),
    tryGet: (kind, name, namespace) => inner.tryGet(kind, name, namespace),
    list: (kind, options) => inner.list(kind, options),
    update: (obj) => inner.update(obj),
    updateStatus: <T extends StoreObject>(obj: T) => (hooks.updateStatus ? hooks.updateStatus(obj, inner) : inner.updateStatus(obj)) as T,
    patch: (kind, name, patch, options) => inner.patch(kind, name, patch, options),
    delete: (kind, name, options) => inner.delete(kind, name, options),
    watch: (kind, options) => {
      const lag = hooks.watchLag;
      if (lag === undefined || !lag.kinds.includes(kind)) return inner.watch(kind, options);
      return new Observable((sub) => {
        const s = inner.watch(kind, options).subscribe((e) => clock.setTimeout(() => sub.next(e), lag.ms));
        return () => s.unsubscribe();
      });
    },
  };
}
