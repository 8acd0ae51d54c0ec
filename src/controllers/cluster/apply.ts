import { PodkitError } from '../../errors.js';
import { applyDefaults } from '../../model/defaults.js';
import { forbidden, invalid } from '../../model/field-error.js';
import type { KubeObject, ObjectMeta, Pod, PodSpec, Toleration } from '../../model/index.js';
import { parseManifests } from '../../model/manifest.js';
import type { ObjectStore, StoreKind, StoreObject } from '../../store/object-store.js';
import { deepEqual } from '../../store/object-utils.js';
import { invalidObjectError } from '../../store/validate.js';

/** What `apply` takes: manifest text (YAML or JSON, multi-document), one object, or a list. */
export type ApplyInput = string | KubeObject | readonly KubeObject[];

/** Options of {@link applyObjects}. */
export interface ApplyOptions {
  /** The file name manifest errors cite (`file:line:col`). */
  readonly filename?: string;
}

/** The message of upstream `ValidatePodUpdate` for a forbidden pod spec change. */
export const POD_UPDATE_FORBIDDEN =
  'pod updates may not change fields other than `spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)';

/** One write `apply` decided on. */
type Write = { readonly op: 'create'; readonly obj: KubeObject } | { readonly op: 'update'; readonly obj: KubeObject };

/**
 * Creates or updates objects like `kubectl apply`, without its three-way merge:
 * - an object that does not exist is created (its `status` is dropped, as the API server does);
 * - an existing one gets the manifest's `spec`, `labels` and `annotations` (replaced wholesale;
 *   `ownerReferences` and `finalizers` only when the manifest sets them); status, uid,
 *   creationTimestamp and other server fields stay; an unchanged manifest writes nothing;
 * - pods keep their `spec.nodeName` and their tolerations (the manifest can only add some), and
 *   only container images and `activeDeadlineSeconds` may change (`Forbidden` otherwise, as
 *   upstream); `spec.selector` of ReplicaSets, DaemonSets and Jobs is immutable.
 *
 * Every object is checked before anything is written, so a rejected apply changes nothing.
 * Objects need a `metadata.name` (`generateName` is rejected, as kubectl does). Returns the
 * stored objects in input order.
 *
 * Differs from kubectl: fields set by other writers inside `spec` are overwritten, not merged
 * (there is no last-applied-configuration annotation).
 *
 * @example
 * ```ts
 * import { applyObjects } from 'podkit';
 * applyObjects(store, 'apiVersion: apps/v1\nkind: ReplicaSet\n...');
 * ```
 */
export function applyObjects(store: ObjectStore, input: ApplyInput, options: ApplyOptions = {}): StoreObject[] {
  const objects: readonly KubeObject[] =
    typeof input === 'string'
      ? parseManifests(input, options.filename === undefined ? {} : { filename: options.filename })
      : Array.isArray(input)
        ? (input as readonly KubeObject[])
        : [input as KubeObject];
  const writes = objects.map((obj) => planWrite(store, obj));
  return writes.map((w) => (w.op === 'create' ? store.create(w.obj) : store.update(w.obj)));
}

function planWrite(store: ObjectStore, input: KubeObject): Write {
  const name = input.metadata.name ?? '';
  if (name === '') {
    throw new PodkitError('invalid_argument', `apply: ${input.kind} needs metadata.name (generateName works with create only, as with kubectl apply).`, {
      details: { kind: input.kind, field: 'metadata.name' },
    });
  }
  const live = store.tryGet(input.kind as StoreKind, name, input.metadata.namespace) as KubeObject | undefined;
  if (live === undefined) {
    const { status: _status, ...rest } = input as KubeObject & { status?: unknown };
    return { op: 'create', obj: rest as KubeObject };
  }
  const manifest = applyDefaults(input);
  const metadata = mergeMetadata(live.metadata, manifest.metadata);
  let spec: unknown = manifest.spec;
  if (live.kind === 'Pod') spec = podSpecUpdate(live, manifest as Pod);
  if (live.kind === 'ReplicaSet' || live.kind === 'DaemonSet' || live.kind === 'Job') {
    const before = (live.spec as { selector?: unknown }).selector;
    const after = (spec as { selector?: unknown }).selector;
    // Jobs generate their selector: a manifest without one keeps it.
    if (after === undefined && live.kind === 'Job') spec = { ...(spec as object), selector: before };
    else if (!deepEqual(before, after)) {
      throw invalidObjectError(live.kind, name, [invalid('spec.selector', after, 'field is immutable')]);
    }
  }
  return { op: 'update', obj: { ...live, metadata, spec } as KubeObject };
}

/** The live metadata with the manifest's labels and annotations (and ownerReferences/finalizers if given). */
function mergeMetadata(live: ObjectMeta, manifest: ObjectMeta): ObjectMeta {
  const { labels: _l, annotations: _a, ...rest } = live;
  return {
    ...rest,
    ...(manifest.labels === undefined ? {} : { labels: manifest.labels }),
    ...(manifest.annotations === undefined ? {} : { annotations: manifest.annotations }),
    ...(manifest.ownerReferences === undefined ? {} : { ownerReferences: manifest.ownerReferences }),
    ...(manifest.finalizers === undefined ? {} : { finalizers: manifest.finalizers }),
  };
}

function unionTolerations(live: readonly Toleration[] | undefined, added: readonly Toleration[] | undefined): Toleration[] | undefined {
  const out = [...(live ?? [])];
  for (const t of added ?? []) if (!out.some((o) => deepEqual(o, t))) out.push(t);
  return out.length === 0 ? undefined : out;
}

/**
 * The pod spec after applying `manifest` to `live` (upstream `ValidatePodUpdate`): the scheduler's
 * nodeName and the admitted tolerations stay, the manifest may add tolerations and change images
 * and activeDeadlineSeconds; anything else is Forbidden.
 */
function podSpecUpdate(live: Pod, manifest: Pod): PodSpec {
  const m = manifest.spec;
  const tolerations = unionTolerations(live.spec.tolerations, m.tolerations);
  const desired: PodSpec = {
    ...m,
    ...(live.spec.nodeName === undefined ? {} : { nodeName: live.spec.nodeName }),
    ...(tolerations === undefined ? {} : { tolerations }),
  };
  if (tolerations === undefined) delete (desired as { tolerations?: unknown }).tolerations;
  // Compare with the mutable fields taken from the live pod.
  const comparable: PodSpec = {
    ...desired,
    containers: desired.containers.map((c, i) => ({ ...c, image: live.spec.containers[i]?.image ?? c.image })),
    ...(desired.initContainers === undefined
      ? {}
      : { initContainers: desired.initContainers.map((c, i) => ({ ...c, image: live.spec.initContainers?.[i]?.image ?? c.image })) }),
  };
  delete (comparable as { activeDeadlineSeconds?: unknown }).activeDeadlineSeconds;
  const liveComparable: PodSpec = { ...live.spec };
  delete (liveComparable as { activeDeadlineSeconds?: unknown }).activeDeadlineSeconds;
  if (!deepEqual(comparable, liveComparable)) {
    throw invalidObjectError('Pod', live.metadata.name ?? '', [forbidden('spec', POD_UPDATE_FORBIDDEN)]);
  }
  return desired;
}
