import type { OwnerReference, Pod, PodTemplateSpec } from '../model/index.js';
import { nameIsDNSSubdomain } from '../model/names.js';

/** What {@link expandTemplate} needs to know about the owning controller. */
export interface TemplateOwner {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: {
    readonly name?: string | undefined;
    readonly uid?: string | undefined;
    readonly namespace?: string | undefined;
  };
}

/** Extra inputs of {@link expandTemplate}. */
export interface ExpandTemplateContext {
  /** Namespace of the new pod; defaults to the owner's namespace, then `default`. */
  readonly namespace?: string;
}

/**
 * The `generateName` a controller uses for its pods (upstream `getPodsPrefix`): `<owner>-`, or
 * `<owner>` when the dashed form is not a valid name prefix. A prefix is validated with its
 * trailing dash masked, as the API server does.
 */
export function podNamePrefix(ownerName: string): string {
  const prefix = `${ownerName}-`;
  return nameIsDNSSubdomain(prefix, true).length === 0 ? prefix : ownerName;
}

/**
 * The controller reference an owner puts on its pods (§K.2):
 * `{ apiVersion, kind, name, uid, controller: true, blockOwnerDeletion: true }`.
 */
export function controllerRefFor(owner: TemplateOwner): OwnerReference {
  return {
    apiVersion: owner.apiVersion,
    kind: owner.kind,
    name: owner.metadata.name ?? '',
    uid: owner.metadata.uid ?? '',
    controller: true,
    blockOwnerDeletion: true,
  };
}

/**
 * A new pod from a template, with cookie-cutter semantics (§K.1, upstream `GetPodFromTemplate`):
 * copies the template's labels, annotations and finalizers, deep-copies the spec, sets
 * `ownerReferences` to the owner's controller reference, the namespace, and
 * `generateName: "<owner>-"`. It sets no `name`, `uid` or status: the store assigns them on
 * create. Pure; never shares structure with the template.
 *
 * It does not add controller-specific labels (Job and DaemonSet planners add theirs).
 *
 * @example
 * ```ts
 * import { expandTemplate } from 'podkit/planners';
 * const pod = expandTemplate(rs.spec.template, rs);
 * // pod.metadata.generateName === 'web-', pod.metadata.ownerReferences[0].controller === true
 * ```
 */
export function expandTemplate(template: PodTemplateSpec, owner: TemplateOwner, ctx: ExpandTemplateContext = {}): Pod {
  const meta = template.metadata ?? {};
  const namespace = ctx.namespace ?? owner.metadata.namespace ?? 'default';
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      namespace,
      generateName: podNamePrefix(owner.metadata.name ?? ''),
      ...(meta.labels === undefined ? {} : { labels: { ...meta.labels } }),
      ...(meta.annotations === undefined ? {} : { annotations: { ...meta.annotations } }),
      ...(meta.finalizers === undefined ? {} : { finalizers: [...meta.finalizers] }),
      ownerReferences: [controllerRefFor(owner)],
    },
    spec: structuredClone(template.spec),
  };
}
