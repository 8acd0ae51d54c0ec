// The pod writes the Job and DaemonSet shells share (upstream `RealPodControl` and the
// ownerReference / finalizer patches), on the synchronous ObjectStore port.
import { PodkitError } from '../../errors.js';
import type { OwnerReference, Pod, PodSpec } from '../../model/index.js';
import { runSlowStart, type SlowStartResult } from '../../planners/slow-start.js';
import type { ObjectStore, StoreObject } from '../../store/object-store.js';
import { deepEqual } from '../../store/object-utils.js';
import type { ReconcileContext } from '../controller.js';

/** True iff `e` is a PodkitError with this code. */
export function isErrorCode(e: unknown, code: PodkitError['code']): boolean {
  return e instanceof PodkitError && e.code === code;
}

function currentPod(store: ObjectStore, pod: Pod): Pod | undefined {
  const cur = store.tryGet('Pod', pod.metadata.name ?? '', pod.metadata.namespace);
  if (cur === undefined || cur.metadata.uid !== pod.metadata.uid) return undefined;
  return cur;
}

/**
 * Removes `finalizer` from the pod (upstream `removeTrackingFinalizerPatch`, a JSON patch without
 * a resourceVersion precondition). A pod that is gone, or no longer holds the finalizer, counts as
 * done. Returns false only when the write failed.
 */
export function removePodFinalizer(store: ObjectStore, pod: Pod, finalizer: string): boolean {
  const cur = currentPod(store, pod);
  if (cur === undefined || !(cur.metadata.finalizers ?? []).includes(finalizer)) return true;
  const finalizers = (cur.metadata.finalizers ?? []).filter((f) => f !== finalizer);
  const { finalizers: _old, ...meta } = cur.metadata;
  try {
    store.update({ ...cur, metadata: finalizers.length === 0 ? meta : { ...meta, finalizers } });
    return true;
  } catch (e) {
    if (isErrorCode(e, 'not_found')) return true;
    return false;
  }
}

/**
 * Adopts an orphan (upstream `AdoptPod`): adds the controllerRef (and `finalizer`, if given),
 * only if the pod is still an orphan with the same uid. Not-found pods are skipped.
 */
export function adoptPod(store: ObjectStore, pod: Pod, ref: OwnerReference, finalizer?: string): void {
  const cur = currentPod(store, pod);
  if (cur === undefined || (cur.metadata.ownerReferences ?? []).some((r) => r.controller === true)) return;
  const finalizers = cur.metadata.finalizers ?? [];
  store.update({
    ...cur,
    metadata: {
      ...cur.metadata,
      ownerReferences: [...(cur.metadata.ownerReferences ?? []), ref],
      ...(finalizer === undefined || finalizers.includes(finalizer) ? {} : { finalizers: [...finalizers, finalizer] }),
    },
  });
}

/** Releases a pod (upstream `ReleasePod`): drops the ownerReference to `ownerUid`. Not-found pods are skipped. */
export function releasePod(store: ObjectStore, pod: Pod, ownerUid: string): void {
  const cur = currentPod(store, pod);
  if (cur === undefined) return;
  const refs = (cur.metadata.ownerReferences ?? []).filter((r) => r.uid !== ownerUid);
  const { ownerReferences: _old, ...meta } = cur.metadata;
  store.update({ ...cur, metadata: refs.length === 0 ? meta : { ...meta, ownerReferences: refs } });
}

/**
 * Deletes a pod (upstream `DeletePod`) and records `SuccessfulDelete` on the owner, or
 * `FailedDelete` when the write fails. Returns `ok` (deleted or already gone) and the error.
 */
export function deletePod(ctx: ReconcileContext, owner: StoreObject, pod: Pod): { ok: boolean; notFound: boolean; error?: unknown } {
  try {
    ctx.client.delete('Pod', pod.metadata.name ?? '', {
      namespace: pod.metadata.namespace,
      ...(pod.metadata.uid === undefined ? {} : { preconditions: { uid: pod.metadata.uid } }),
    });
    ctx.event(owner, 'Normal', 'SuccessfulDelete', `Deleted pod: ${pod.metadata.name ?? ''}`);
    return { ok: true, notFound: false };
  } catch (e) {
    if (isErrorCode(e, 'not_found') || isErrorCode(e, 'conflict')) return { ok: true, notFound: true };
    ctx.event(owner, 'Warning', 'FailedDelete', `Error deleting: ${e instanceof Error ? e.message : String(e)}`);
    return { ok: false, notFound: false, error: e };
  }
}

/**
 * The pod to create from an owner's template, with the owner's stored template spec shared when
 * the planner's (deep-copied) spec equals it: the store validated that very object when it stored
 * the owner, so it reuses it instead of parsing the spec again (the trusted write path,
 * src/store/validated.ts). A spec the planner changed (a DaemonSet's node affinity, a StatefulSet's
 * hostname) is left as it is and parsed in full. `templateSpec` is `owner.spec.template.spec` of a
 * stored owner.
 *
 * @example
 * ```ts
 * ctx.client.create(withTemplateSpec(expandTemplate(rs.spec.template, rs), rs.spec.template.spec));
 * ```
 */
export function withTemplateSpec(pod: Pod, templateSpec: PodSpec | undefined): Pod {
  return withStoredSpec(pod, templateSpec);
}

/**
 * `obj` with `spec` replaced by `storedSpec` (a stored owner's template spec) when the two are
 * deep-equal, so the store reuses its validated object instead of parsing the spec (see
 * {@link withTemplateSpec}); `obj` itself otherwise.
 *
 * @example
 * ```ts
 * ctx.client.create(withStoredSpec(jobFromCronJobTemplate(cj, t), cj.spec.jobTemplate.spec));
 * ```
 */
export function withStoredSpec<T extends { readonly spec: unknown }>(obj: T, storedSpec: T['spec'] | undefined): T {
  if (storedSpec === undefined || obj.spec === storedSpec || !deepEqual(obj.spec, storedSpec)) return obj;
  return { ...obj, spec: storedSpec };
}

/** The pod-template spec of a stored workload (`spec.template.spec`), if it has one. */
function templateSpecOf(owner: StoreObject): PodSpec | undefined {
  const spec = (owner as { spec?: { template?: { spec?: PodSpec } } }).spec;
  return spec?.template?.spec;
}

/**
 * Creates `pods` in slow-start batches (upstream `slowStartBatch` + `CreatePods`), recording
 * `SuccessfulCreate` / `FailedCreate` on the owner. `unmade` is the number of pods that failed or
 * were never attempted (the shell lowers its expectations by it).
 */
export async function createPods(
  ctx: ReconcileContext,
  owner: StoreObject,
  pods: readonly Pod[],
): Promise<SlowStartResult & { readonly unmade: number }> {
  const templateSpec = templateSpecOf(owner);
  const result = await runSlowStart(pods.length, (i) => {
    try {
      const made = ctx.client.create(withTemplateSpec(pods[i] as Pod, templateSpec));
      ctx.event(owner, 'Normal', 'SuccessfulCreate', `Created pod: ${made.metadata.name ?? ''}`);
    } catch (e) {
      ctx.event(owner, 'Warning', 'FailedCreate', `Error creating: ${e instanceof Error ? e.message : String(e)}`);
      throw e;
    }
  });
  return { ...result, unmade: pods.length - result.successes };
}
