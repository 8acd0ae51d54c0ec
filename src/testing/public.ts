// podkit/testing's public surface.
export { newPod } from './fixtures.js';
export type { NewPodOptions } from './fixtures.js';

// Virtual time.
export { VirtualClock } from './virtual-clock.js';
export type { VirtualClockOptions, RunUntilIdleOptions } from './virtual-clock.js';

// The fake container runtime.
export { FakeRuntime } from './fake-runtime/fake-runtime.js';
export type {
  FakeRuntimeOptions,
  FakeLatencies,
  FakeImage,
  FakeImageSpec,
  FakeFault,
  FakeFaultSpec,
  FaultHandle,
  FakeCall,
  FakeProgram,
  FakeProgramContext,
  DefineProgramOptions,
  FakeHttpHandler,
  FakeHttpRequest,
  FakeHttpResponse,
} from './fake-runtime/types.js';

// Fixture builders, the test cluster and store fault injection (the testing toolkit).
export { newReplicaSet, newJob, newDaemonSet, newNode } from './fixtures-workloads.js';
export type { NewWorkloadOptions, NewReplicaSetOptions, NewJobOptions, NewDaemonSetOptions, NewNodeOptions } from './fixtures-workloads.js';
export { createTestCluster } from './test-cluster.js';
export type { TestCluster, TestClusterOptions, TestNode, TimelineEntry } from './test-cluster.js';
export { withStoreFaults } from './store-faults.js';
export type { StoreFaults } from './store-faults.js';

// Property-based invariant checks of controllers (needs fast-check).
export {
  checkControllerInvariants,
  atMostDesiredPlusSurge,
  atMostOnePodPerJobIndex,
  atMostOneDaemonPodPerNode,
  scaleAction,
  crashNextContainerAction,
  deletePodAction,
  nodeOutageAction,
} from './invariants.js';
export type { Invariant, ClusterAction, CheckInvariantsOptions } from './invariants.js';
export {
  deleteNodeAction,
  addNodeAction,
  nodeStopStartAction,
  runtimeOutageAction,
  crashContainerAction,
  gracefulDeletePodAction,
  jobParallelismAction,
  outOfServiceAction,
} from './cluster-actions.js';
export { readyCountsAreReal, returnedNodePodsReady } from './cluster-invariants.js';
export type { ReadyCountsOptions } from './cluster-invariants.js';
