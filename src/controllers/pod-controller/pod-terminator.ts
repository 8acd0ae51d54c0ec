/**
 * The kill path of the kubelet (`killContainer`, `killPodWithSyncResult`, k8s-semantics §F):
 * `Killing` event, preStop hook bounded by the grace period, stop signal with the remaining grace
 * (never under 2 s), sidecars last in reverse order, then the sandbox stops and `PodTerminated`
 * is folded in. A deleted pod's runtime objects are then removed.
 */
import type { Clock } from '../../clock/clock.js';
import type { Container } from '../../model/index.js';
import type { KillCause } from '../../reducers/public.js';
import { killGracePeriodSeconds, MINIMUM_GRACE_PERIOD_SECONDS, planTermination, sigkillAt } from '../../reducers/termination.js';
import { hookFailureMessage, runHookAction } from './actions.js';
import { EventMessages, podRef } from './events.js';
import type { PodWorker } from './pod-worker.js';

function specOf(w: PodWorker, name: string): Container | undefined {
  const spec = w.pod.spec;
  return spec.containers.find((x) => x.name === name) ?? spec.initContainers?.find((x) => x.name === name);
}

/** Resolves at `at` (ms) on the clock; `cancel` clears the timer. */
function until(clock: Clock, at: number): { promise: Promise<'timeout'>; cancel(): void } {
  let handle: ReturnType<Clock['setTimeout']> | undefined;
  const promise = new Promise<'timeout'>((resolve) => {
    handle = clock.setTimeout(() => resolve('timeout'), Math.max(0, at - clock.now()));
  });
  return { promise, cancel: () => handle !== undefined && clock.clearTimeout(handle) };
}

/**
 * Runs the container's preStop hook, giving up at `deadline` (ms): a failure records
 * `FailedPreStopHook`, running out of time `UnfinishedPreStopHook`. Never throws.
 */
async function runPreStop(w: PodWorker, name: string, deadline: number, graceSeconds: number): Promise<void> {
  const hook = specOf(w, name)?.lifecycle?.preStop;
  const target = w.target(name);
  if (hook === undefined || target === undefined) return;
  const { clock, events } = w.host;
  const timer = until(clock, deadline);
  const result = await Promise.race([runHookAction(target, hook), timer.promise]);
  timer.cancel();
  if (result === 'timeout') events.warning(w.pod, 'UnfinishedPreStopHook', EventMessages.preStopUnfinished(name, w.pod, graceSeconds), name);
  else if (!result.ok) events.warning(w.pod, 'FailedPreStopHook', hookFailureMessage(hook, name, podRef(w.pod), result), name);
}

/**
 * Kills one container (liveness or startup failure, failed postStart hook): `Killing` with
 * `message`, preStop within the kill grace period (the probe's own grace for a probe kill), then
 * the stop signal with the rest of the grace, at least 2 s. The exit is folded in; the restart is
 * the next sync's decision (§D).
 */
export async function killContainer(w: PodWorker, name: string, id: string, cause: KillCause | 'postStart', message: string): Promise<void> {
  const { clock, events, runtime } = w.host;
  events.normal(w.pod, 'Killing', message, name);
  const grace = killGracePeriodSeconds(w.pod, name, cause === 'postStart' ? 'deletion' : cause);
  const start = clock.now();
  if (grace > 0 && specOf(w, name)?.lifecycle?.preStop !== undefined) await runPreStop(w, name, start + grace * 1000, grace);
  const elapsed = Math.floor((clock.now() - start) / 1000);
  await runtime.stopContainer(id, Math.max(MINIMUM_GRACE_PERIOD_SECONDS, grace - elapsed));
  w.containerChanged(id, false);
  await w.observe();
}

/**
 * Terminates the pod (deletion, deadline, or every container done): each running container gets
 * `Killing`, preStop hooks start at once, regular containers get their stop signal when their hook
 * returns, sidecars only once every regular container and every later sidecar exited (or the grace
 * ran out); each is SIGKILLed at {@link sigkillAt}. A deletion whose containers had to be killed
 * records `ExceededGracePeriod`. Then the sandbox stops and `PodTerminated` makes the phase
 * terminal (§A.6). A deleted pod is then removed from the runtime and forgotten.
 */
export async function terminatePod(w: PodWorker): Promise<void> {
  if (!w.terminated) await stopEverything(w);
  if (w.pod.metadata.deletionTimestamp !== undefined) await finishDeletion(w);
}

async function stopEverything(w: PodWorker): Promise<void> {
  const { clock, events, runtime } = w.host;
  w.prober?.podDeleting();
  const deleting = w.pod.metadata.deletionTimestamp !== undefined;
  const plan = planTermination(w.pod, clock.now());
  if (plan.steps.length > 0) {
    const deadline = until(clock, plan.deadline);
    const dropDeadline = w.onPause(() => deadline.cancel());
    const exits = new Map<string, Promise<void>>();
    let exceeded = false;
    for (const step of plan.steps) {
      const inst = w.instances.get(step.container);
      if (inst === undefined) continue;
      const name = step.container;
      events.normal(w.pod, 'Killing', EventMessages.stopping(name), name);
      const preStop = step.preStop ? runPreStop(w, name, plan.deadline, plan.gracePeriodSeconds) : Promise.resolve();
      const others = step.waitFor.map((n) => exits.get(n)).filter((p): p is Promise<void> => p !== undefined);
      const gate = others.length === 0 ? Promise.resolve() : Promise.race([Promise.all(others), deadline.promise]);
      exits.set(
        name,
        Promise.all([preStop, gate]).then(async () => {
          // Stopped meanwhile: a kill not yet sent is left to the next kubelet (hand-over).
          if (w.paused) return;
          const now = clock.now();
          await runtime.stopContainer(inst.id, (sigkillAt(plan, now) - now) / 1000);
          if (w.paused) return;
          const st = await runtime.containerStatus(inst.id).catch(() => undefined);
          if (st?.signal === 9 || st?.exitCode === 137) exceeded = true;
          w.containerChanged(inst.id, false);
        }),
      );
    }
    const results = await Promise.allSettled(exits.values());
    deadline.cancel();
    dropDeadline();
    if (w.paused) return;
    const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed !== undefined) throw failed.reason;
    if (exceeded && deleting) events.warning(w.pod, 'ExceededGracePeriod', EventMessages.exceededGracePeriod());
  }
  await w.observe();
  if (w.paused) return;
  if (w.sandboxId !== undefined) await runtime.stopPodSandbox(w.sandboxId);
  if (w.paused) return;
  w.dispatch({ type: 'PodTerminated', at: clock.now() });
  w.terminated = true;
  w.prober?.close();
}

/** Removes the deleted pod's sandboxes (and with them its containers) and tells the controller. */
async function finishDeletion(w: PodWorker): Promise<void> {
  if (w.removed || w.paused) return;
  const { runtime } = w.host;
  for (const id of [w.sandboxId, w.oldSandboxId]) {
    if (id !== undefined) await runtime.removePodSandbox(id);
    if (w.paused) return;
  }
  for (const inst of w.instances.values()) w.host.routeContainer(inst.id, undefined);
  for (const id of w.previous?.values() ?? []) w.host.routeContainer(id, undefined);
  for (const id of [w.sandboxId, w.oldSandboxId]) if (id !== undefined) w.host.routeSandbox(id, undefined);
  w.removed = true;
  w.pause();
  w.host.finished(w);
}
