// API-server defaulting of batch/v1 CronJobs (pkg/apis/batch/v1 defaults.go SetDefaults_CronJob;
// the generated SetObjectDefaults_CronJob adds the pod-template defaults of the jobTemplate).
// kubernetes-rules.md §Q.2. Copy-on-write like defaults-workloads.ts.
import type { CronJob } from './cron-job.js';
import { defaultPodTemplate } from './defaults-pod.js';

/**
 * CronJob: namespace `default`; `concurrencyPolicy` Allow, `suspend` false,
 * `successfulJobsHistoryLimit` 3, `failedJobsHistoryLimit` 1; the jobTemplate's pod template gets
 * the pod-spec defaults. The jobTemplate's Job fields (completions, backoffLimit, ...) are not
 * defaulted here: as upstream, the Job the controller creates gets them when it is created.
 *
 * @example
 * ```ts
 * import { applyDefaults } from 'podkit';
 * const cj = applyDefaults({ apiVersion: 'batch/v1', kind: 'CronJob', metadata: { name: 'nightly' },
 *   spec: { schedule: '@daily', jobTemplate: { spec: { template: { spec: { restartPolicy: 'Never',
 *   containers: [{ name: 'c', image: 'busybox:1.36' }] } } } } } });
 * cj.spec.successfulJobsHistoryLimit; // 3
 * ```
 */
export function defaultCronJob(cj: CronJob): CronJob {
  const ns = cj.metadata.namespace;
  const metadata = ns !== undefined && ns !== '' ? cj.metadata : { ...cj.metadata, namespace: 'default' };
  const spec = cj.spec;
  const jt = spec.jobTemplate;
  const template = defaultPodTemplate(jt.spec.template);
  if (
    metadata === cj.metadata && template === jt.spec.template && spec.concurrencyPolicy !== undefined && spec.concurrencyPolicy !== '' && spec.suspend !== undefined &&
    spec.successfulJobsHistoryLimit !== undefined && spec.failedJobsHistoryLimit !== undefined
  ) {
    return cj;
  }
  return {
    ...cj,
    metadata,
    spec: {
      ...spec,
      concurrencyPolicy: spec.concurrencyPolicy === undefined || spec.concurrencyPolicy === '' ? 'Allow' : spec.concurrencyPolicy,
      suspend: spec.suspend ?? false,
      successfulJobsHistoryLimit: spec.successfulJobsHistoryLimit ?? 3,
      failedJobsHistoryLimit: spec.failedJobsHistoryLimit ?? 1,
      jobTemplate: template === jt.spec.template ? jt : { ...jt, spec: { ...jt.spec, template } },
    },
  };
}
