/**
 * The floor for C1 / C2 / M1: the same pods a ReplicaSet creates, with the same status
 * transitions (scheduled → sandbox → started → ready) applied with immer directly, kept in a
 * Map, and the ReplicaSet status counted once. No store, watch, queue, scheduler or kubelet.
 */
import { produce } from 'immer';
import type { Pod, PodCondition } from '../../src/index.js';

const AT = '2024-01-01T00:00:00Z';

function condition(type: string): PodCondition {
  return { type, status: 'True', lastProbeTime: null, lastTransitionTime: AT } as PodCondition;
}

/** A pod as the ReplicaSet controller creates it from its template. */
export function templatePod(rs: string, i: number): Pod {
  const name = `${rs}-${i.toString(36).padStart(5, '0')}`;
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name,
      generateName: `${rs}-`,
      namespace: 'default',
      uid: `uid-${name}`,
      resourceVersion: String(i + 1),
      creationTimestamp: AT,
      labels: { app: rs },
      ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: rs, uid: `uid-${rs}`, controller: true, blockOwnerDeletion: true }],
    },
    spec: {
      containers: [{ name: 'app', image: 'busybox:1.36', imagePullPolicy: 'IfNotPresent', terminationMessagePath: '/dev/termination-log', terminationMessagePolicy: 'File' }],
      restartPolicy: 'Always',
      terminationGracePeriodSeconds: 30,
      dnsPolicy: 'ClusterFirst',
      schedulerName: 'default-scheduler',
      enableServiceLinks: true,
      preemptionPolicy: 'PreemptLowerPriority',
      priority: 0,
      tolerations: [
        { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
        { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
      ],
    },
    status: { phase: 'Pending', qosClass: 'BestEffort' },
  } as Pod;
}

/** Creates n pods and brings each to Running + Ready with immer; returns the map and the ready count. */
export function floorScaleUp(rs: string, n: number, podsPerNode: number): { pods: Map<string, Pod>; ready: number } {
  const pods = new Map<string, Pod>();
  for (let i = 0; i < n; i++) {
    const p = templatePod(rs, i);
    pods.set(p.metadata.name ?? '', p);
  }
  let i = 0;
  for (const [name, p0] of pods) {
    const node = `node-${Math.floor(i++ / podsPerNode) + 1}`;
    const p1 = produce(p0, (d) => {
      d.spec.nodeName = node;
      (d.status ??= {}).conditions = [condition('PodScheduled')];
    });
    const p2 = produce(p1, (d) => {
      const s = (d.status ??= {});
      s.hostIP = '10.0.0.2';
      s.podIP = `10.244.${i >> 8}.${i & 255}`;
      s.podIPs = [{ ip: s.podIP }];
      s.startTime = AT;
      s.conditions?.push(condition('PodReadyToStartContainers'), condition('Initialized'));
      s.containerStatuses = [{ name: 'app', image: 'busybox:1.36', imageID: '', ready: false, restartCount: 0, started: false, state: { waiting: { reason: 'ContainerCreating' } } }];
    });
    const p3 = produce(p2, (d) => {
      const s = d.status ?? {};
      s.phase = 'Running';
      const c = s.containerStatuses?.[0];
      if (c !== undefined) {
        c.containerID = `fake://${name}`;
        c.state = { running: { startedAt: AT } };
        c.ready = true;
        c.started = true;
      }
      s.conditions?.push(condition('ContainersReady'), condition('Ready'));
    });
    pods.set(name, p3);
  }
  let ready = 0;
  for (const p of pods.values()) if (p.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') === true) ready++;
  return { pods, ready };
}

/** Deletes every pod from the map (the floor of C2). */
export function floorScaleDown(pods: Map<string, Pod>): number {
  let n = 0;
  for (const name of [...pods.keys()]) if (pods.delete(name)) n++;
  return n;
}
