// Applies one `JobPlan` of a normal sync to the store (the imperative half of upstream `syncJob`),
// in the order the plan's TSDoc prescribes.
import type { Job, JobStatus, Pod } from '../../model/index.js';
import { objectKey } from '../../model/pod-utils.js';
import { deletionObserved, lowerExpectations, type ControllerExpectations } from '../../planners/expectations.js';
import { JOB_TRACKING_FINALIZER } from '../../planners/job/job-constants.js';
import type { JobBackoffRecord } from '../../planners/job/backoff.js';
import type { JobPlan } from '../../planners/job/job-plan.js';
import { jobStatusAfterFinalizerRemoval } from '../../planners/job/ttl.js';
import { controllerRefFor } from '../../planners/template.js';
import type { ReconcileContext, Result } from '../controller.js';
import { adoptPod, createPods, deletePod, releasePod, removePodFinalizer } from './pod-writes.js';
import type { StatusEchoFilter } from '../status-echo.js';

/** The per-Job memory of the Job controller shell (upstream's expectations caches and back-off store). */
export interface JobShellState {
  readonly expectations: Map<string, ControllerExpectations>;
  readonly backoff: Map<string, JobBackoffRecord>;
  /** UIDs whose finalizer removal was requested but not yet observed, per Job key. */
  readonly finalizerRemovals: Map<string, Set<string>>;
  /** Recognises the watch echo of the controller's own status writes (optional). */
  readonly echoes?: StatusEchoFilter;
}

function podUid(pod: Pod): string {
  return pod.metadata.uid ?? objectKey(pod);
}

function withActiveLowered(status: JobStatus, by: number): JobStatus {
  return by === 0 ? status : { ...status, active: Math.max(0, (status.active ?? 0) - by) };
}

/** Removes the tracking finalizer from `pods`, recording expected removals; returns the UIDs that failed. */
export function removeTrackingFinalizers(ctx: ReconcileContext, state: JobShellState, key: string, pods: readonly Pod[]): Set<string> {
  const failed = new Set<string>();
  if (pods.length === 0) return failed;
  let expected = state.finalizerRemovals.get(key);
  if (expected === undefined) state.finalizerRemovals.set(key, (expected = new Set()));
  for (const pod of pods) {
    const uid = podUid(pod);
    // Expect first: the store reports the change synchronously, and the watch clears it.
    expected.add(uid);
    const cur = ctx.client.tryGet('Pod', pod.metadata.name ?? '', pod.metadata.namespace);
    const ok = removePodFinalizer(ctx.client, pod, JOB_TRACKING_FINALIZER);
    if (!ok) failed.add(uid);
    // Nothing to observe when the pod was already gone or had no finalizer.
    if (!ok || cur === undefined || !(cur.metadata.finalizers ?? []).includes(JOB_TRACKING_FINALIZER)) expected.delete(uid);
  }
  if (expected.size === 0) state.finalizerRemovals.delete(key);
  return failed;
}

/**
 * Applies a `sync` plan: release/adopt, expectations, deletes or creates, interim status,
 * finalizer removals, status, events, then the requeue or the Job's deletion.
 */
export async function applyJobPlan(ctx: ReconcileContext, state: JobShellState, stored: Job, plan: JobPlan): Promise<Result> {
  const key = plan.key;
  let job = stored;
  const uid = job.metadata.uid ?? '';
  for (const pod of plan.release) releasePod(ctx.client, pod, uid);
  const ref = controllerRefFor(job);
  for (const pod of plan.adopt) adoptPod(ctx.client, pod, ref, JOB_TRACKING_FINALIZER);

  if (plan.expectations !== undefined) state.expectations.set(key, plan.expectations);
  let unmade = 0;
  let failedCreate = false;
  let failedDelete = false;
  const finishing = plan.deletes.length > 0 && !plan.deletes[0]?.removeFinalizerFirst;
  for (const d of plan.deletes) {
    const fin = d.removeFinalizerFirst ? removePodFinalizer(ctx.client, d.pod, JOB_TRACKING_FINALIZER) : true;
    const res = fin ? deletePod(ctx, job, d.pod) : { ok: false, notFound: false };
    if (!res.ok || res.notFound) {
      const exp = deletionObserved(state.expectations.get(key), d.key);
      if (exp !== undefined) state.expectations.set(key, exp);
    }
    if (!res.ok) failedDelete = true;
  }
  if (failedDelete && finishing) return { requeue: true };
  if (plan.creates.length > 0) {
    const res = await createPods(ctx, job, plan.creates);
    unmade = res.unmade;
    failedCreate = res.error !== undefined;
    if (unmade > 0) {
      const exp = lowerExpectations(state.expectations.get(key), unmade, 0);
      if (exp !== undefined) state.expectations.set(key, exp);
    }
  }

  const write = (status: JobStatus): void => {
    const cur = ctx.client.get('Job', job.metadata.name ?? '', job.metadata.namespace);
    job = state.echoes === undefined ? ctx.client.updateStatus({ ...cur, status }) : state.echoes.write(cur, status, () => ctx.client.updateStatus({ ...cur, status }));
  };
  if (plan.writeInterimStatus) write(withActiveLowered(plan.interimStatus, unmade));
  if (plan.backoff === undefined) state.backoff.delete(key);
  else state.backoff.set(key, plan.backoff);

  const failedUids = removeTrackingFinalizers(ctx, state, key, plan.removeFinalizers);
  if (failedUids.size > 0) {
    write(withActiveLowered(jobStatusAfterFinalizerRemoval(plan, failedUids), unmade));
    return { requeue: true };
  }
  if (plan.writeStatus || (unmade > 0 && !plan.writeInterimStatus)) write(withActiveLowered(plan.status, unmade));
  for (const e of plan.events) ctx.event(job, e.type, e.reason, e.message);
  if (failedCreate || failedDelete) return { requeue: true };
  if (plan.deleteJob !== undefined) {
    ctx.client.delete('Job', job.metadata.name ?? '', {
      namespace: job.metadata.namespace,
      propagationPolicy: plan.deleteJob.propagationPolicy,
      preconditions: { uid },
    });
    return {};
  }
  return plan.requeueAfterMs === undefined ? {} : { requeueAfter: Math.max(0, plan.requeueAfterMs) };
}
