// podkit/testing/fast-check's public surface (explicit named exports only): the property-based
// tests of controllers, which build on fast-check (an optional peer dependency).

// The runner and the built-in invariants.
export {
  checkControllerInvariants,
  atMostDesiredPlusSurge,
  atMostOnePodPerJobIndex,
  atMostOneDaemonPodPerNode,
  scaleAction,
  crashNextContainerAction,
  deletePodAction,
  nodeOutageAction,
} from '../invariants.js';
export type { Invariant, ClusterAction, CheckInvariantsOptions } from '../invariants.js';

// Random cluster faults.
export {
  deleteNodeAction,
  addNodeAction,
  nodeStopStartAction,
  runtimeOutageAction,
  crashContainerAction,
  gracefulDeletePodAction,
  jobParallelismAction,
  outOfServiceAction,
} from '../cluster-actions.js';

// Invariants about readiness across node failures.
export { readyCountsAreReal, returnedNodePodsReady } from '../cluster-invariants.js';
export type { ReadyCountsOptions } from '../cluster-invariants.js';
