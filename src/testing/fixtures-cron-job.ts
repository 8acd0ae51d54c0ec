// The CronJob fixture builder (docs/reference/kubernetes-rules.md §Q).
import type { CronJob } from '../model/cron-job.js';
import type { Container, Pod } from '../model/index.js';
import { rejectUnknownOptions } from './fixture-options.js';
import { WORKLOAD_OPTIONS, workloadMeta, workloadTemplate, type NewWorkloadOptions } from './fixtures-workloads.js';

/** Overrides for {@link newCronJob}; the same names as `newReplicaSet`'s where they apply. */
export interface NewCronJobOptions extends Omit<NewWorkloadOptions, 'metadata'> {
  /** Default `* * * * *` (every minute). */
  readonly schedule?: string;
  /** `spec.timeZone` (IANA name); unset by default. */
  readonly timeZone?: string;
  /** `spec.concurrencyPolicy`; unset (Allow once defaulted) by default. */
  readonly concurrencyPolicy?: 'Allow' | 'Forbid' | 'Replace';
  /** `spec.suspend`; unset (false once defaulted) by default. */
  readonly suspend?: boolean;
  /** `spec.startingDeadlineSeconds`; unset by default. */
  readonly startingDeadlineSeconds?: number;
  /** Labels of the Jobs (jobTemplate metadata); default `{ app: <name> }`. */
  readonly selectorLabels?: Record<string, string>;
  /** The Job pod template's containers; default one `app` container running `busybox:1.36`. */
  readonly containers?: Container[];
  /** Merged over the Job template's pod spec (restartPolicy `Never` by default). */
  readonly podSpec?: Partial<Pod['spec']>;
  /** Merged over the default metadata (set `creationTimestamp` for the planner). */
  readonly metadata?: Partial<CronJob['metadata']>;
  /** Merged over the spec (after the options above). */
  readonly spec?: Partial<CronJob['spec']>;
  readonly status?: CronJob['status'];
}

const ACCEPTED = [...WORKLOAD_OPTIONS, 'schedule', 'timeZone', 'concurrencyPolicy', 'suspend', 'startingDeadlineSeconds', 'spec', 'status'] as const;

/**
 * Builds a valid batch/v1 CronJob for tests: every minute, a Job template of one busybox
 * container with restartPolicy Never, the Jobs labelled `app: <name>`, in namespace `default`,
 * without the API defaults (concurrencyPolicy, suspend, history limits; `applyDefaults` or the
 * store adds them). Unknown options throw `invalid_argument`.
 *
 * @example
 * ```ts
 * import { newCronJob } from 'podkit/testing';
 * const cj = newCronJob({ name: 'report', schedule: '0 3 * * *', concurrencyPolicy: 'Forbid' });
 * ```
 */
export function newCronJob(options: NewCronJobOptions = {}): CronJob {
  rejectUnknownOptions('newCronJob', options, ACCEPTED);
  const metadata = workloadMeta(options, 'cron');
  const labels = options.selectorLabels ?? { app: metadata.name ?? 'cron' };
  return {
    apiVersion: 'batch/v1',
    kind: 'CronJob',
    metadata,
    spec: {
      schedule: options.schedule ?? '* * * * *',
      ...(options.timeZone === undefined ? {} : { timeZone: options.timeZone }),
      ...(options.concurrencyPolicy === undefined ? {} : { concurrencyPolicy: options.concurrencyPolicy }),
      ...(options.suspend === undefined ? {} : { suspend: options.suspend }),
      ...(options.startingDeadlineSeconds === undefined ? {} : { startingDeadlineSeconds: options.startingDeadlineSeconds }),
      jobTemplate: { metadata: { labels: { ...labels } }, spec: { template: workloadTemplate(options, labels, 'Never') } },
      ...options.spec,
    },
    ...(options.status === undefined ? {} : { status: options.status }),
  };
}
