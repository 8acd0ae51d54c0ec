/**
 * Folding what the runtime says about a container into the pod (the kubelet's PLEG →
 * `generateAPIPodStatus`): a start or an exit not yet recorded becomes `ContainerStarted` /
 * `ContainerExited` with the runtime's times, reason and signal; a running container that
 * vanished becomes `ContainerLost`. Facts already recorded are never replayed, so observing
 * twice changes nothing.
 */
import type { RuntimeContainerStatus } from '../../runtime/container-runtime.js';
import { containerStatusOf, type PodWorker } from './pod-worker.js';

/** Folds a runtime container status into the pod: a start and/or an exit not yet recorded. */
export function applyRuntimeStatus(w: PodWorker, name: string, st: RuntimeContainerStatus): void {
  const inst = w.instances.get(name);
  if (inst === undefined || inst.id !== st.id) return;
  const cid = w.containerID(st.id);
  const now = w.host.clock.now();
  const s = containerStatusOf(w.pod, name);
  const recordedExit = s?.containerID === cid && (s.state?.terminated !== undefined || s.lastState?.terminated?.containerID === cid);
  if (st.startedAt !== undefined && st.reason !== 'StartError' && (st.state === 'running' || st.state === 'exited')) {
    inst.started = true;
    const known = s?.containerID === cid && (s.state?.running !== undefined || recordedExit);
    if (!known) {
      w.dispatch({ type: 'ContainerStarted', at: now, container: name, containerID: cid, startedAt: st.startedAt, image: st.image, imageID: st.imageId, attempt: st.attempt });
    }
    if (st.state === 'running') w.prober?.containerStarted(name, cid, st.startedAt);
  }
  if (st.state === 'exited' && !recordedExit) {
    w.dispatch({
      type: 'ContainerExited',
      at: now,
      container: name,
      containerID: cid,
      exitCode: st.exitCode ?? 0,
      ...(st.reason === undefined ? {} : { reason: st.reason }),
      ...(st.signal === undefined ? {} : { signal: st.signal }),
      ...(st.message === undefined ? {} : { message: st.message }),
      finishedAt: st.finishedAt ?? now,
    });
  }
  if (st.state === 'exited') w.prober?.containerStopped(name);
}

/** The current instance of `name` is gone from the runtime (§B.3). */
export function containerLost(w: PodWorker, name: string, id: string): void {
  const inst = w.instances.get(name);
  if (inst === undefined || inst.id !== id) return;
  w.instances.delete(name);
  w.host.routeContainer(id, undefined);
  const s = containerStatusOf(w.pod, name);
  if (s?.containerID === w.containerID(id) && s.state?.running !== undefined) {
    w.dispatch({ type: 'ContainerLost', at: w.host.clock.now(), container: name });
    w.prober?.containerStopped(name);
  }
}

/** True if `st` matches what the pod status says about it (relist uses this to spot missed events). */
export function agreesWith(w: PodWorker, st: RuntimeContainerStatus): boolean {
  const name = w.nameOf(st.id);
  if (name === undefined) return true;
  const s = containerStatusOf(w.pod, name);
  const cid = w.containerID(st.id);
  if (s?.containerID !== cid) return st.state === 'created';
  if (st.state === 'running') return s.state?.running !== undefined;
  if (st.state === 'exited') return s.state?.terminated !== undefined || s.lastState?.terminated?.containerID === cid;
  return s.state?.waiting !== undefined;
}
