// podkit/testing's public surface.
export { newPod } from './fixtures.js';
export type { NewPodOptions } from './fixtures.js';
// Unknown fixture options throw (for builders of your own, too).
export { rejectUnknownOptions } from './fixture-options.js';

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
// Deployment (apps/v1)
export { newDeployment } from './fixtures-deployment.js';
export type { NewDeploymentOptions } from './fixtures-deployment.js';
// StatefulSet (apps/v1)
export { newStatefulSet } from './fixtures-stateful-set.js';
export type { NewStatefulSetOptions } from './fixtures-stateful-set.js';
// CronJob (batch/v1)
export { newCronJob } from './fixtures-cron-job.js';
export type { NewCronJobOptions } from './fixtures-cron-job.js';
export { createTestCluster } from './test-cluster.js';
export type { TestCluster, TestClusterOptions, TestNode, TimelineEntry } from './test-cluster.js';
export { withStoreFaults } from './store-faults.js';
export { createMemoryJournal } from '../store/memory-journal.js';
export type { MemoryJournal, MemoryJournalOptions } from '../store/memory-journal.js';
export type { StoreFaults } from './store-faults.js';

// The property-based tests of controllers (checkControllerInvariants, invariants, random
// actions) need fast-check, an optional peer: they are in `podkit/testing/fast-check`, so that
// this entry point loads without any optional peer installed.
