/**
 * The start path of the kubelet (`SyncPod` → `createPodSandbox`, `EnsureImageExists`,
 * `startContainer`): sandbox, image per pull policy with pull back-off, env, create, start,
 * postStart hook — with the kubelet's events and waiting reasons at each failure.
 */
import { PodkitError } from '../../errors.js';
import { defaultPullPolicy } from '../../model/image-ref.js';
import type { Container } from '../../model/index.js';
import { advanceBackOff, imagePullBackOffPolicy, isInBackOffSinceUpdate } from '../../reducers/backoff.js';
import type { PlannedStart } from '../../reducers/public.js';
import { isRuntimeError } from '../../runtime/runtime-error.js';
import { hookFailureMessage, runHookAction } from './actions.js';
import { resolveEnv, type ResolvedEnvVar } from './env.js';
import { EventMessages, podRef } from './events.js';
import { killContainer } from './pod-terminator.js';
import type { PodWorker } from './pod-worker.js';
import { containerConfig, podSandboxConfig } from './sandbox-config.js';

/** How soon a sync retries after a failed pull (so `ErrImagePull` turns into `ImagePullBackOff`). */
const PULL_FAILURE_RESYNC_MS = 1_000;

function messageOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

function specOf(w: PodWorker, name: string): Container {
  const spec = w.pod.spec;
  const c = spec.containers.find((x) => x.name === name) ?? spec.initContainers?.find((x) => x.name === name);
  if (c === undefined) throw new PodkitError('internal', `container ${JSON.stringify(name)} is not in the spec of pod ${w.key}`);
  return c;
}

/**
 * Creates the pod sandbox (attempt 0, or the next attempt after the previous one died: its
 * containers are stopped first, `SandboxChanged`). Throws (after a `FailedCreatePodSandBox` event)
 * when the runtime fails.
 */
export async function ensureSandbox(w: PodWorker): Promise<void> {
  const { runtime, events, clock, nodeName, hostIP } = w.host;
  const old = w.sandboxId;
  if (old !== undefined) {
    events.normal(w.pod, 'SandboxChanged', EventMessages.sandboxChanged());
    await runtime.stopPodSandbox(old);
    for (const inst of w.instances.values()) w.containerChanged(inst.id, false);
    await w.observe();
    if (w.oldSandboxId !== undefined) {
      await runtime.removePodSandbox(w.oldSandboxId);
      w.host.routeSandbox(w.oldSandboxId, undefined);
    }
    w.oldSandboxId = old;
    w.sandboxId = undefined;
  }
  const attempt = w.sandboxAttempt + 1;
  let id: string;
  try {
    // The kubelet's network is ready only once the runtime has the node's podCIDR.
    await w.host.runtimeConfigured();
    id = await runtime.runPodSandbox(podSandboxConfig(w.pod, nodeName, attempt, w.labels));
  } catch (e) {
    if (!isRuntimeError(e, 'unavailable')) events.warning(w.pod, 'FailedCreatePodSandBox', EventMessages.sandboxFailed(messageOf(e)));
    throw e;
  }
  w.sandboxAttempt = attempt;
  w.sandboxId = id;
  w.host.routeSandbox(id, w);
  const st = await runtime.podSandboxStatus(id);
  w.dispatch({ type: 'SandboxCreated', at: clock.now(), ...(st.ip === undefined ? {} : { podIP: st.ip }), hostIP });
}

/**
 * Makes the container's image present per its pull policy (`EnsureImageExists`): `IfNotPresent` /
 * `Never` use a present image (`Pulled`: already present); `Never` without it is
 * `ErrImageNeverPull`; otherwise `Pulling` then `Pulled` — or `Failed` + `ErrImagePull`, and within
 * the pull back-off (10 s doubling to 300 s, keyed by pod uid and image) `BackOff` +
 * `ImagePullBackOff` without pulling. Returns false if the image is not there.
 */
async function ensureImage(w: PodWorker, c: Container): Promise<boolean> {
  const { runtime, events, clock } = w.host;
  const image = c.image ?? '';
  const policy = c.imagePullPolicy ?? defaultPullPolicy(image);
  const name = c.name;
  if (policy !== 'Always') {
    if ((await runtime.imageStatus(image)) !== undefined) {
      events.normal(w.pod, 'Pulled', EventMessages.alreadyPresent(image), name);
      return true;
    }
    if (policy === 'Never') {
      const message = EventMessages.neverPull(image);
      w.dispatch({ type: 'ImagePullFailed', at: clock.now(), container: name, reason: 'ErrImageNeverPull', message });
      events.warning(w.pod, 'ErrImageNeverPull', message, name);
      events.warning(w.pod, 'Failed', EventMessages.error('ErrImageNeverPull'), name);
      w.wake(clock.now() + 10_000);
      return false;
    }
  }
  const key = `${w.pod.metadata.uid ?? ''}_${image}`;
  const now = clock.now();
  if (isInBackOffSinceUpdate(w.pullBackOff, key, now, imagePullBackOffPolicy)) {
    w.dispatch({ type: 'ImagePullBackOff', at: now, container: name });
    events.normal(w.pod, 'BackOff', EventMessages.pullBackOff(image), name);
    events.warning(w.pod, 'Failed', EventMessages.error('ImagePullBackOff'), name);
    const entry = w.pullBackOff[key]!;
    w.wake(entry.lastUpdate + entry.delayMs);
    return false;
  }
  // ImagePulling / ImagePulled change no status of an admitted pod (§B.2): events only.
  events.normal(w.pod, 'Pulling', EventMessages.pulling(image), name);
  let imageId: string;
  try {
    imageId = (await runtime.ensureImage(image, { pullPolicy: policy })).imageId;
  } catch (e) {
    if (isRuntimeError(e, 'unavailable')) throw e;
    const at = clock.now();
    w.pullBackOff = advanceBackOff(w.pullBackOff, key, at, at, imagePullBackOffPolicy);
    w.dispatch({ type: 'ImagePullFailed', at, container: name, reason: 'ErrImagePull', message: messageOf(e) });
    events.warning(w.pod, 'Failed', EventMessages.pullFailed(image, messageOf(e)), name);
    events.warning(w.pod, 'Failed', EventMessages.error('ErrImagePull'), name);
    w.wake(at + PULL_FAILURE_RESYNC_MS);
    return false;
  }
  const info = await runtime.imageStatus(image);
  events.normal(w.pod, 'Pulled', EventMessages.pulled(image, clock.now() - now, info?.sizeBytes ?? 0), name);
  return imageId !== '';
}

/** A waiting reason for a container that could not be created, with the kubelet's `Failed` event. */
function createFailed(w: PodWorker, name: string, reason: 'CreateContainerConfigError' | 'CreateContainerError', message: string): false {
  const { clock, events } = w.host;
  w.dispatch({ type: 'ContainerWaiting', at: clock.now(), container: name, reason, message });
  events.warning(w.pod, 'Failed', EventMessages.error(message), name);
  w.wake(clock.now() + 10_000);
  return false;
}

/** Creates the container instance (reusing one created earlier whose start failed for lack of a runtime). */
async function createInstance(w: PodWorker, c: Container, s: PlannedStart, env: readonly ResolvedEnvVar[]): Promise<string | false> {
  const { runtime, events } = w.host;
  const current = w.instances.get(c.name);
  if (current !== undefined && !current.started && current.attempt === s.attempt) return current.id;
  let id: string;
  try {
    id = await runtime.createContainer(w.sandboxId!, containerConfig(c, s.attempt, env, w.labels));
  } catch (e) {
    if (isRuntimeError(e, 'unavailable')) throw e;
    return createFailed(w, c.name, 'CreateContainerError', messageOf(e));
  }
  if (current !== undefined) {
    // Keep one dead instance (for `logs --previous`); an instance that never started is dropped.
    const drop = current.started ? w.previous?.get(c.name) : current.id;
    if (current.started) (w.previous ??= new Map()).set(c.name, current.id);
    if (drop !== undefined) {
      w.host.routeContainer(drop, undefined);
      await runtime.removeContainer(drop);
    }
  }
  w.instances.set(c.name, { id, attempt: s.attempt, started: false });
  w.host.routeContainer(id, w);
  events.normal(w.pod, 'Created', EventMessages.created(c.name), c.name);
  return id;
}

/**
 * Starts one planned container: image, env, create, start, then its postStart hook (the sync waits
 * for it, so the next container starts only after it returned; a failed hook kills the container).
 * Returns true if the container is running.
 */
export async function startContainer(w: PodWorker, s: PlannedStart): Promise<boolean> {
  const { runtime, events, clock, nodeName, hostIP, allocatable } = w.host;
  const c = specOf(w, s.container);
  if (!(await ensureImage(w, c))) return false;
  let env: ResolvedEnvVar[];
  try {
    env = resolveEnv(c, { pod: w.pod, nodeName, podIP: w.pod.status?.podIP, hostIP, nodeAllocatable: allocatable });
  } catch (e) {
    return createFailed(w, c.name, 'CreateContainerConfigError', messageOf(e));
  }
  const id = await createInstance(w, c, s, env);
  if (id === false) return false;
  w.starting = id;
  try {
    await runtime.startContainer(id);
  } catch (e) {
    w.starting = undefined;
    // Only now does the created-but-not-started instance show (`waiting: {}`); a start that
    // succeeds goes straight to running, as the kubelet reports it after its sync.
    w.dispatch({ type: 'ContainerCreated', at: clock.now(), container: c.name, containerID: w.containerID(id), attempt: s.attempt });
    if (isRuntimeError(e, 'unavailable')) throw e;
    events.warning(w.pod, 'Failed', EventMessages.error(messageOf(e)), c.name);
    w.containerChanged(id, false);
    await w.observe();
    return false;
  }
  w.starting = undefined;
  events.normal(w.pod, 'Started', EventMessages.started(c.name), c.name);
  w.containerChanged(id, false);
  await w.observe();
  const hook = c.lifecycle?.postStart;
  if (hook === undefined) return true;
  const target = w.target(c.name);
  if (target === undefined) return false;
  const result = await runHookAction(target, hook);
  if (result.ok) return true;
  events.warning(w.pod, 'FailedPostStartHook', hookFailureMessage(hook, c.name, podRef(w.pod), result), c.name);
  await killContainer(w, c.name, id, 'postStart', 'FailedPostStartHook');
  return false;
}
