// Builders for Job planner tests (restating upstream job_controller_test.go's newJob / buildPod).
import type { Job, JobSpec, JobStatus, Pod, PodPhase } from 'podkit';
import { JOB_COMPLETION_INDEX_ANNOTATION, JOB_INDEX_FAILURE_COUNT_ANNOTATION, JOB_TRACKING_FINALIZER } from 'podkit/model';

export const T0 = Date.UTC(2024, 0, 1, 12, 0, 0);
export const ts = (ms: number): string => new Date(ms).toISOString().replace('.000Z', 'Z');

export interface JobOptions {
  readonly parallelism?: number;
  readonly completions?: number | null;
  readonly backoffLimit?: number;
  readonly indexed?: boolean;
  readonly spec?: Partial<JobSpec>;
  readonly status?: JobStatus;
  readonly restartPolicy?: 'Never' | 'OnFailure';
  readonly name?: string;
  readonly deletionTimestamp?: string;
}

/** A Job `foobar` in `default` with uid `job-uid`, selector `job=foobar`, like upstream's newJob. */
export function newJob(o: JobOptions = {}): Job {
  const name = o.name ?? 'foobar';
  const completions = o.completions === null ? undefined : (o.completions ?? 5);
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: {
      name,
      namespace: 'default',
      uid: 'job-uid',
      creationTimestamp: ts(T0 - 3600_000),
      ...(o.deletionTimestamp === undefined ? {} : { deletionTimestamp: o.deletionTimestamp }),
    },
    spec: {
      parallelism: o.parallelism ?? 2,
      ...(completions === undefined ? {} : { completions }),
      backoffLimit: o.backoffLimit ?? 6,
      manualSelector: true,
      selector: { matchLabels: { job: name } },
      completionMode: o.indexed === true ? 'Indexed' : 'NonIndexed',
      template: {
        metadata: { labels: { job: name } },
        spec: { restartPolicy: o.restartPolicy ?? 'Never', containers: [{ name: 'main', image: 'busybox' }] },
      },
      ...o.spec,
    },
    ...(o.status === undefined ? {} : { status: o.status }),
  };
}

export interface PodOptions {
  readonly phase?: PodPhase;
  readonly index?: number | string;
  readonly ready?: boolean;
  readonly finalizer?: boolean;
  readonly deleted?: string;
  readonly failureCount?: string;
  readonly nodeName?: string;
  readonly created?: number;
  readonly exitCode?: number;
  readonly finishedAt?: number;
  readonly restartCount?: number;
  readonly conditions?: NonNullable<Pod['status']>['conditions'];
}

let counter = 0;

/** A pod owned by the Job (controllerRef), labelled for its selector, with the tracking finalizer by default. */
export function jobPod(job: Job, name: string, o: PodOptions = {}): Pod {
  counter++;
  const annotations: Record<string, string> = {};
  if (o.index !== undefined) annotations[JOB_COMPLETION_INDEX_ANNOTATION] = String(o.index);
  if (o.failureCount !== undefined) annotations[JOB_INDEX_FAILURE_COUNT_ANNOTATION] = o.failureCount;
  const phase = o.phase ?? 'Running';
  const conditions = o.conditions ?? (o.ready === true ? [{ type: 'Ready', status: 'True' as const, lastTransitionTime: ts(T0 - 60_000) }] : []);
  const terminated =
    o.exitCode !== undefined || o.finishedAt !== undefined
      ? { terminated: { exitCode: o.exitCode ?? (phase === 'Succeeded' ? 0 : 1), ...(o.finishedAt === undefined ? {} : { finishedAt: ts(o.finishedAt) }) } }
      : undefined;
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name,
      namespace: 'default',
      uid: `uid-${name}`,
      labels: { job: job.metadata.name ?? '' },
      annotations,
      creationTimestamp: ts(o.created ?? T0 - 600_000 + counter * 1000),
      ownerReferences: [{ apiVersion: 'batch/v1', kind: 'Job', name: job.metadata.name ?? '', uid: job.metadata.uid ?? '', controller: true, blockOwnerDeletion: true }],
      ...(o.finalizer === false ? {} : { finalizers: [JOB_TRACKING_FINALIZER] }),
      ...(o.deleted === undefined ? {} : { deletionTimestamp: o.deleted }),
    },
    spec: { containers: [{ name: 'main', image: 'busybox' }], restartPolicy: 'Never', ...(o.nodeName === undefined ? {} : { nodeName: o.nodeName }) },
    status: {
      phase,
      conditions,
      containerStatuses: [
        {
          name: 'main',
          ready: o.ready === true,
          restartCount: o.restartCount ?? 0,
          image: 'busybox',
          imageID: '',
          ...(terminated === undefined ? {} : { state: terminated }),
        },
      ],
    },
  };
}

/** `n` pods of the given phase named `<prefix>-<i>`. */
export function pods(job: Job, prefix: string, n: number, o: PodOptions = {}): Pod[] {
  return Array.from({ length: n }, (_, i) => jobPod(job, `${prefix}-${i}`, o));
}
