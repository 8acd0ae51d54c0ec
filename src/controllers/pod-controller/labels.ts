/**
 * The labels the PodController puts on the sandboxes and containers it creates, so that it can
 * find them again after a restart (`start()` re-adopts) and so that several controllers can share
 * one runtime. The keys are the kubelet's (`io.kubernetes.pod.uid`, ...) plus the node name.
 */
import type { Labels } from '../../runtime/container-runtime.js';

/** The label keys podkit's PodController sets on runtime objects. */
export const PodLabelKeys = Object.freeze({
  podUid: 'io.kubernetes.pod.uid',
  podName: 'io.kubernetes.pod.name',
  podNamespace: 'io.kubernetes.pod.namespace',
  containerName: 'io.kubernetes.container.name',
  nodeName: 'io.podkit.node-name',
} as const);

/** The identity labels of a pod's sandbox. */
export function sandboxLabels(nodeName: string, uid: string, namespace: string, name: string): Labels {
  return {
    [PodLabelKeys.podUid]: uid,
    [PodLabelKeys.podName]: name,
    [PodLabelKeys.podNamespace]: namespace,
    [PodLabelKeys.nodeName]: nodeName,
  };
}

/**
 * The identity labels of a container of a pod. Built with `Object.assign`: a spread followed by a
 * computed key makes V8 store the object as a dictionary (~320 bytes instead of ~100 per container).
 */
export function containerLabels(sandbox: Labels, containerName: string): Labels {
  return Object.assign({}, sandbox, { [PodLabelKeys.containerName]: containerName });
}

/** The filter that lists every object this node's controller created. */
export function nodeFilter(nodeName: string): Labels {
  return { [PodLabelKeys.nodeName]: nodeName };
}
