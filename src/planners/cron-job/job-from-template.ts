// The Job a CronJob creates for a scheduled time: upstream pkg/controller/cronjob/utils.go
// getJobFromTemplate2, getTimeHashInMinutes, and cronjob_controllerv2.go getJobName
// (kubernetes-rules.md §Q.5).
import type { CronJob } from '../../model/cron-job.js';
import { UTC_ZONE, type TimeZone } from '../../model/cron-job-time-zone.js';
import type { Job } from '../../model/index.js';
import { controllerRefFor } from '../template.js';

/** The annotation with the scheduled time, RFC 3339 in the CronJob's time zone (`batchv1.CronJobScheduledTimestampAnnotation`). */
export const CRON_JOB_SCHEDULED_TIMESTAMP_ANNOTATION = 'batch.kubernetes.io/cronjob-scheduled-timestamp';

/**
 * Upstream `getJobName`: `<cronjob>-<scheduled time in minutes since the epoch>`, deterministic
 * so that the same scheduled time can never create two Jobs (the name is the lock).
 *
 * @example
 * ```ts
 * import { cronJobJobName } from 'podkit/planners';
 * cronJobJobName('report', Date.UTC(2024, 0, 1)); // 'report-28401120'
 * ```
 */
export function cronJobJobName(cronJobName: string, scheduledMs: number): string {
  return `${cronJobName}-${Math.trunc(Math.trunc(scheduledMs / 1000) / 60)}`;
}

const pad = (n: number, w = 2): string => String(Math.abs(n)).padStart(w, '0');

/**
 * Go's `t.In(zone).Format(time.RFC3339)`: whole seconds with the zone's offset at that instant,
 * `Z` for a zero offset.
 *
 * @example
 * ```ts
 * import { loadTimeZone, type TimeZone } from 'podkit/model';
 * import { formatRfc3339InZone } from 'podkit/planners';
 * formatRfc3339InZone(Date.UTC(2024, 2, 10, 6, 30), loadTimeZone('America/New_York') as TimeZone); // '2024-03-10T01:30:00-05:00'
 * ```
 */
export function formatRfc3339InZone(ms: number, zone: TimeZone): string {
  const off = zone.offsetAt(ms);
  const d = new Date(Math.floor(ms / 1000) * 1000 + off);
  const y = d.getUTCFullYear();
  const date = `${y < 0 ? '-' : ''}${pad(y, 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
  const time = `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
  if (off === 0) return `${date}T${time}Z`;
  const mins = Math.trunc(Math.abs(off) / 60_000);
  return `${date}T${time}${off < 0 ? '-' : '+'}${pad(Math.trunc(mins / 60))}:${pad(mins % 60)}`;
}

/**
 * Upstream `getJobFromTemplate2`: a Job named {@link cronJobJobName}, in the CronJob's namespace,
 * with the jobTemplate's labels and annotations (copied), the
 * `batch.kubernetes.io/cronjob-scheduled-timestamp` annotation (the scheduled time in `zone`, UTC
 * without `spec.timeZone`), the CronJob as controller owner, and a deep copy of the template's
 * spec. No uid, creation time or status: the store assigns them.
 *
 * @example
 * ```ts
 * import { jobFromCronJobTemplate } from 'podkit/planners';
 * const job = jobFromCronJobTemplate(cronJob, Date.UTC(2024, 0, 1, 3));
 * job.metadata.name; // 'report-28401300'
 * ```
 */
export function jobFromCronJobTemplate(cj: CronJob, scheduledMs: number, zone: TimeZone = UTC_ZONE): Job {
  const jt = cj.spec.jobTemplate;
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: {
      name: cronJobJobName(cj.metadata.name ?? '', scheduledMs),
      namespace: cj.metadata.namespace ?? 'default',
      labels: { ...jt.metadata?.labels },
      annotations: { ...jt.metadata?.annotations, [CRON_JOB_SCHEDULED_TIMESTAMP_ANNOTATION]: formatRfc3339InZone(scheduledMs, zone) },
      ownerReferences: [controllerRefFor(cj)],
    },
    // A deep copy (upstream DeepCopyInto); the spec is plain JSON data, and a JSON round trip is
    // several times cheaper than structuredClone for it.
    spec: JSON.parse(JSON.stringify(jt.spec)) as Job['spec'],
  };
}
