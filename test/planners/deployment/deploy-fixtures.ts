// Builders for Deployment planner tests, restating upstream deployment_controller_test.go's
// newDeployment / rs / newRSWithStatus helpers (maxSurge and maxUnavailable default to 0 there).
import { applyDefaults } from 'podkit';
import { DESIRED_REPLICAS_ANNOTATION, MAX_REPLICAS_ANNOTATION, POD_TEMPLATE_HASH_LABEL, REVISION_ANNOTATION } from 'podkit/model';
import type { Deployment, IntOrString, ReplicaSet } from 'podkit';
import { newDeployment } from 'podkit/testing';

export const T0 = Date.UTC(2017, 1, 15, 18, 49, 0);
export const ts = (ms: number): string => new Date(ms).toISOString().replace('.000Z', 'Z');

export interface DeployOptions {
  readonly replicas?: number;
  readonly maxSurge?: IntOrString;
  readonly maxUnavailable?: IntOrString;
  readonly image?: string;
  readonly strategy?: 'RollingUpdate' | 'Recreate';
  readonly paused?: boolean;
  readonly revisionHistoryLimit?: number;
  readonly status?: Deployment['status'];
}

/** A defaulted Deployment `foo` (selector `app: foo`), RollingUpdate maxSurge/maxUnavailable 0 unless given. */
export function deploy(o: DeployOptions = {}): Deployment {
  const strategy = o.strategy === 'Recreate'
    ? { type: 'Recreate' }
    : { type: 'RollingUpdate', rollingUpdate: { maxSurge: o.maxSurge ?? 0, maxUnavailable: o.maxUnavailable ?? 0 } };
  const d = newDeployment({
    name: 'foo',
    replicas: o.replicas ?? 1,
    containers: [{ name: 'app', image: o.image ?? 'app:v2' }],
    metadata: { generation: 1, creationTimestamp: ts(T0 - 3_600_000) },
    spec: {
      strategy,
      ...(o.paused === undefined ? {} : { paused: o.paused }),
      ...(o.revisionHistoryLimit === undefined ? {} : { revisionHistoryLimit: o.revisionHistoryLimit }),
    },
    ...(o.status === undefined ? {} : { status: o.status }),
  });
  return applyDefaults(d);
}

export interface RsOptions {
  readonly replicas: number;
  /** status.replicas (default = replicas). */
  readonly statusReplicas?: number;
  /** status.availableReplicas (default = statusReplicas). */
  readonly available?: number;
  readonly ready?: number;
  /** The image of the template: the Deployment's makes it the new ReplicaSet. */
  readonly image: string;
  /** Seconds after T0 − 1h of its creation (newer ReplicaSets are created later). */
  readonly age?: number;
  readonly revision?: number;
  /** desired-replicas / max-replicas annotations. */
  readonly desired?: number;
  readonly max?: number;
  readonly uid?: string;
}

/** A ReplicaSet owned by `d`, named `foo-<image tag>`, with `d`'s template but the image. */
export function rs(d: Deployment, o: RsOptions): ReplicaSet {
  const hash = `h-${o.image.replace(/[^a-z0-9]/g, '')}`;
  const base = d.spec.template;
  const template = {
    ...base,
    metadata: { ...base.metadata, labels: { ...base.metadata?.labels, [POD_TEMPLATE_HASH_LABEL]: hash } },
    spec: { ...base.spec, containers: base.spec.containers.map((c) => ({ ...c, image: o.image })) },
  };
  const annotations: Record<string, string> = {};
  if (o.revision !== undefined) annotations[REVISION_ANNOTATION] = String(o.revision);
  if (o.desired !== undefined) annotations[DESIRED_REPLICAS_ANNOTATION] = String(o.desired);
  if (o.max !== undefined) annotations[MAX_REPLICAS_ANNOTATION] = String(o.max);
  const statusReplicas = o.statusReplicas ?? o.replicas;
  const name = `foo-${o.image.replace(/[^a-z0-9]/g, '')}`;
  return {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: {
      name,
      namespace: 'default',
      uid: o.uid ?? `uid-${name}`,
      generation: 1,
      creationTimestamp: ts(T0 - 3_600_000 + (o.age ?? 0) * 1000),
      labels: template.metadata.labels,
      annotations,
      ownerReferences: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'foo', uid: d.metadata.uid ?? '', controller: true, blockOwnerDeletion: true }],
    },
    spec: { replicas: o.replicas, minReadySeconds: 0, selector: { matchLabels: { ...d.spec.selector.matchLabels, [POD_TEMPLATE_HASH_LABEL]: hash } }, template },
    status: { replicas: statusReplicas, readyReplicas: o.ready ?? o.available ?? statusReplicas, availableReplicas: o.available ?? statusReplicas, observedGeneration: 1 },
  };
}

/** The size a plan leaves a ReplicaSet at: its update, else its input size. */
export function sizeAfter(plan: { updates: readonly ReplicaSet[]; creates: readonly ReplicaSet[] }, r: ReplicaSet): number | undefined {
  const name = r.metadata.name;
  const u = [...plan.updates, ...plan.creates].find((x) => x.metadata.name === name);
  return (u ?? r).spec.replicas;
}
